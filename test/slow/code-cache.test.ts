// The bin's V8 code cache (src/cli/launcher.ts): a start that finds none (another Node version, a
// cache made under other flags) writes a new one a few seconds in, while it serves, not only at its
// exit: a cache written after a long run lacks the start-up's functions (V8 flushes their bytecode),
// and every later start would compile them again. Slow tier: it waits for the launcher's delay.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Script } from "node:vm";

const ROOT = process.cwd();
const DIST = join(ROOT, "dist");

function ensureBundle(): void {
  if (!existsSync(join(DIST, "aksemu.cjs")) || !existsSync(join(DIST, "aksemu-main.cjs"))) {
    const built = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle.mjs")], { encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
  }
}

test("a start without a usable code cache writes one while it runs, and the next start's V8 accepts it", async () => {
  ensureBundle();
  // A copy of the bin beside dist (so better-sqlite3 still resolves from node_modules), without its cache.
  const bin = mkdtempSync(join(DIST, "code-cache-test-"));
  copyFileSync(join(DIST, "aksemu.cjs"), join(bin, "aksemu.cjs"));
  copyFileSync(join(DIST, "aksemu-main.cjs"), join(bin, "aksemu-main.cjs"));
  const cache = join(bin, "aksemu-main.cjs.cache");
  const child = spawn(process.execPath, [join(bin, "aksemu.cjs"), "start", "--in-memory", "--tls-dir", join(bin, "tls"), "--port", "0", "--proxy-port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let exited = false;
  child.once("exit", () => (exited = true));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("listening on")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.equal(existsSync(cache), false, "no cache yet at listening");
    const deadline = Date.now() + 15_000;
    while (!existsSync(cache) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(cache), "the cache was written within 15 s");
    assert.equal(exited, false, "written while the emulator runs, not at its exit");
    assert.ok(statSync(cache).size > 100_000, `a cache of the start-up's functions (${statSync(cache).size} bytes)`);
    // V8 takes it for the bundle as the launcher compiles it.
    const script = new Script(readFileSync(join(bin, "aksemu-main.cjs")).toString("latin1"), { filename: join(bin, "aksemu-main.cjs"), cachedData: readFileSync(cache) });
    assert.equal(script.cachedDataRejected, false);
  } finally {
    child.kill("SIGKILL");
    rmSync(bin, { recursive: true, force: true });
  }
});
