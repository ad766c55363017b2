// The `aksemu` bin (dist/aksemu.cjs; CommonJS, so Node starts it without its ES module loader): runs
// the bundled CLI (dist/aksemu-main.cjs, scripts/bundle.mjs) through V8's code cache
// (dist/aksemu-main.cjs.cache). Node 20 has no compile cache of its own (module.enableCompileCache
// is Node 22), and parsing the 1.1 MB bundle was a quarter of a cold start (issue 12). A cache V8
// rejects (another Node version or flags) only costs the plain parse; a `start` then writes a fresh
// one as it exits, when the folder is writable.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
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

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, "aksemu-main.cjs");
const cachePath = `${bundle}.cache`;

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cachePath);
} catch {
  cachedData = undefined;
}
// The bundle is already a module function and ASCII (scripts/bundle.mjs): latin1 reads it into a
// one-byte string that V8 compiles as it is, without UTF-8 decoding or a wrapped copy.
const script = new Script(readFileSync(bundle, "latin1"), { filename: bundle, cachedData });

if (process.argv[2] === "start" && (cachedData === undefined || script.cachedDataRejected === true)) {
  // At exit the cache holds the functions the run compiled too (serving, not only loading).
  process.once("exit", () => {
    try {
      const tmp = `${cachePath}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cachePath);
    } catch {
      // A read-only install keeps working without a cache.
    }
  });
}

const mod = new Module(bundle);
mod.filename = bundle;
const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
run.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, here);
