// The `aksemu` bin (`npm start`), built for cold start (issue 12):
//   dist/aksemu-main.cjs        src/cli/aksemu.ts and its ~400 modules in one file (esbuild), which
//                               Node loads in about a third of the time the module graph takes;
//   dist/aksemu.cjs             the launcher (src/cli/launcher.ts) that runs it through V8's code cache;
//   dist/aksemu-main.cjs.cache  that cache, written by one warm start here (a token and a GET served).
// CommonJS because Node 20 can hand V8 a code cache only for a script, not for an ES module.
// better-sqlite3's JavaScript is inside; its addon is loaded by path from node_modules
// (store/sqlite-persistence.ts).
// Built from the TypeScript sources, so it never lags behind a stale dist; part of `npm run build`
// and `prepare`.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
// Both are CommonJS; modules that find files next to themselves (the launcher, run command's sandbox)
// see their output file's own URL.
const MODULE_URL = 'const __aksemuModuleUrl = require("node:url").pathToFileURL(__filename).href;';
const common = { bundle: true, platform: "node", target: "node20", logLevel: "warning", format: "cjs", define: { "import.meta.url": "__aksemuModuleUrl" } };

for (const old of ["aksemu-main.cjs.cache", "aksemu.mjs", "aksemu.mjs.map"]) rmSync(join(dist, old), { force: true });
// The bundle is CommonJS's module function itself (what Module.wrap would make of it): the launcher
// hands the file to V8 as read, with no copy of a megabyte string to wrap it (about 4 ms of a cold start).
// Strict, as the ES modules it was built from (esbuild's own "use strict" comes after the banner: no directive).
await build({
  ...common,
  entryPoints: [join(root, "src", "cli", "aksemu.ts")],
  outfile: join(dist, "aksemu-main.cjs"),
  banner: { js: `(function (exports, require, module, __filename, __dirname) { "use strict"; ${MODULE_URL}` },
  footer: { js: "})" },
  sourcemap: "linked",
  minifyWhitespace: true,
});
// ASCII (esbuild escapes any other character), so the launcher reads it as latin1: a one-byte string
// without UTF-8 decoding (about 4 ms of a cold start).
if (!readFileSync(join(dist, "aksemu-main.cjs")).every((b) => b < 0x80)) throw new Error("dist/aksemu-main.cjs is not ASCII: the launcher reads it as latin1");
await build({
  ...common,
  entryPoints: [join(root, "src", "cli", "launcher.ts")],
  outfile: join(dist, "aksemu.cjs"),
  banner: { js: `#!/usr/bin/env node\n"use strict";\n${MODULE_URL}` },
});
await warmCodeCache();

/** One `aksemu start` on a data dir (the default) that serves a token and a GET: the cache it writes at exit covers the store and serving. */
async function warmCodeCache() {
  const scratch = mkdtempSync(join(tmpdir(), "aksemu-bundle-"));
  const child = spawn(process.execPath, [join(dist, "aksemu.cjs"), "start", "--data-dir", join(scratch, "data"), "--port", "0", "--proxy-port", "0", "--tls-dir", join(scratch, "tls"), "--json"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Its stderr (the shutdown line) is shown only if the warm start fails.
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const ready = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve(JSON.parse(line));
      });
      void exited.then((code) => reject(new Error(`aksemu start exited (${code}) before it was ready: ${stderr}`)));
    });
    const ca = readFileSync(join(scratch, "tls", "ca.crt"));
    const form = `grant_type=client_credentials&client_id=${ready.clientId}&client_secret=${ready.clientSecret}&scope=https%3A%2F%2Fmanagement.azure.com%2F.default`;
    const token = JSON.parse(await call(`${ready.endpoint}/${ready.tenantId}/oauth2/v2.0/token`, ca, "POST", form, { "content-type": "application/x-www-form-urlencoded" })).access_token;
    await call(`${ready.endpoint}/subscriptions/${ready.subscriptionId}/resourcegroups?api-version=2021-04-01`, ca, "GET", undefined, { authorization: `Bearer ${token}` });
  } finally {
    child.kill("SIGINT");
    await exited;
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!existsSync(join(dist, "aksemu-main.cjs.cache"))) throw new Error("the warm start wrote no code cache");
}

function call(url, ca, method, body, headers) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => (res.statusCode < 300 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`${method} ${url}: ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}
