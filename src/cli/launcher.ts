// The `aksemu` bin (dist/aksemu.cjs; CommonJS, so Node starts it without its ES module loader): runs
// the bundled CLI (dist/aksemu-main.cjs, scripts/bundle.mjs) through V8's code cache
// (dist/aksemu-main.cjs.cache). Node 20 has no compile cache of its own (module.enableCompileCache
// is Node 22), and parsing the 1.1 MB bundle was a quarter of a cold start (issue 12). A cache V8
// rejects (another Node version or flags) only costs the plain parse; a `start` then writes a fresh
// one as it exits, when the folder is writable.
import { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } from "node:fs";
import { Module, createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { generateSigningKeyEarly, needsNewSigningKey } from "../identity/signing-key.js";
import { startConfig } from "./start-config.js";

// A start that will generate a token-signing key begins it now, on libuv's threads, while the main
// thread reads and compiles the bundle below (signing-key.ts); bad arguments are the command's to report.
if (process.argv[2] === "start") {
  try {
    if (needsNewSigningKey(startConfig(process.argv.slice(3)))) generateSigningKeyEarly();
  } catch {
    // reported by `aksemu start` itself
  }
}

/** When a start that found no usable code cache writes one (see below). */
const CACHE_AFTER_MS = 3000;

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, "aksemu-main.cjs");
const cachePath = `${bundle}.cache`;

// The bundle is already a module function and ASCII (scripts/bundle.mjs): latin1 makes it a one-byte
// string that V8 compiles as it is, without UTF-8 decoding or a wrapped copy. Its code cache is then
// read into the same buffer: memory touched for the first time costs a page fault per 4 KiB, about
// 12 µs each on the VMs we measure (bench/page-fault-probe.mjs), and a second buffer was 200 of them.
const bytes = readWhole(bundle);
const source = bytes.toString("latin1");
let cachedData: Buffer | undefined;
try {
  cachedData = readWhole(cachePath, bytes);
} catch {
  cachedData = undefined;
}
const script = new Script(source, { filename: bundle, cachedData });

if (process.argv[2] === "start" && (cachedData === undefined || script.cachedDataRejected === true)) {
  // The cache holds the functions the run has compiled by then: loading, and serving its first
  // requests. Written a few seconds in, or at exit if sooner, not at the end of a long run: by then
  // V8 has flushed the bytecode of functions unused for a while (the start-up's above all). One
  // written at the exit of 15 s under load held 361 KB, not 820, and later starts took 40 ms longer.
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    try {
      const tmp = `${cachePath}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cachePath);
    } catch {
      // A read-only install keeps working without a cache.
    }
  };
  setTimeout(write, CACHE_AFTER_MS).unref();
  process.once("exit", write);
}

const mod = new Module(bundle);
mod.filename = bundle;
const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
run.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, here);

/** The file's bytes, in `reuse` when it is large enough (its contents are then overwritten). */
function readWhole(path: string, reuse?: Buffer): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const buf = reuse && reuse.length >= size ? reuse : Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, buf, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
