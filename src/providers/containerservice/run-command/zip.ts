// The run command's `context`: a base64 zip of the attached files, as az builds it from --file
// (Python's zipfile, stored or deflated entries; a folder's files keep their relative paths).
// Only what a zip must hold for that: no encryption, no zip64, no entry outside the directory.
import { createRequire } from "node:module";
import { normalizePath } from "../domain/command-line.js";

export type ZipEntry = { path: string; data: Buffer };

const MAX_TOTAL = 64 * 1024 * 1024;

// zlib is loaded when a context is first unpacked: required at start-up it cost every cold start 2.5 ms (issue 12).
const lazyRequire = createRequire(import.meta.url);

/** The files of a base64 zip, or why it is not one aksemu can unpack. */
export function readContext(base64: string): ZipEntry[] | { problem: string } {
  const zip = Buffer.from(base64.replace(/\s+/g, ""), "base64");
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) return { problem: "it is not a base64-encoded zip file" };
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  let total = 0;
  try {
    for (let i = 0; i < count; i++) {
      if (zip.readUInt32LE(at) !== 0x02014b50) return { problem: "its central directory is damaged" };
      const flags = zip.readUInt16LE(at + 8);
      const method = zip.readUInt16LE(at + 10);
      const compressed = zip.readUInt32LE(at + 20);
      const nameLen = zip.readUInt16LE(at + 28);
      const extraLen = zip.readUInt16LE(at + 30);
      const commentLen = zip.readUInt16LE(at + 32);
      const local = zip.readUInt32LE(at + 42);
      const name = zip.subarray(at + 46, at + 46 + nameLen).toString("utf8").replace(/\\/g, "/");
      at += 46 + nameLen + extraLen + commentLen;
      if (flags & 1) return { problem: `'${name}' is encrypted` };
      const path = normalizePath(name);
      if (name.startsWith("/") || path === ".." || path.startsWith("../")) return { problem: `'${name}' would be written outside the command's directory` };
      if (name.endsWith("/") || path === "") continue;
      if (zip.readUInt32LE(local) !== 0x04034b50) return { problem: `'${name}' has no local header` };
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + compressed);
      const data = method === 0 ? Buffer.from(raw) : method === 8 ? (lazyRequire("node:zlib") as typeof import("node:zlib")).inflateRawSync(raw, { maxOutputLength: MAX_TOTAL }) : undefined;
      if (!data) return { problem: `'${name}' uses compression method ${method} (only stored and deflated are read)` };
      total += data.length;
      if (total > MAX_TOTAL) return { problem: `its files are larger than ${MAX_TOTAL} bytes` };
      out.push({ path, data });
    }
  } catch (err) {
    return { problem: `it cannot be read (${(err as Error).message})` };
  }
  return out;
}
