// The aksemu command as a user runs it: `env` prints what tools need, `start` (the bundled bin,
// dist/aksemu.cjs, as `npm start` runs it; rebuilt here when a source is newer) serves and stops
// cleanly on SIGTERM; `exec` runs a command against a fresh emulator; `snapshot` and `reset` act
// on a running one.
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_IDENTITY } from "../../src/config/config.js";
import { startEmulator, SUB, TLS_DIR } from "../support/emulator.js";

/** The bin users start (scripts/bundle.mjs), rebuilt first when any source is newer than it. */
function bundledBin(): string[] {
  const bin = join(process.cwd(), "dist", "aksemu.cjs");
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (!existsSync(bin) || statSync(bin).mtimeMs < newest(join(process.cwd(), "src"))) {
    const built = spawnSync(process.execPath, [join(process.cwd(), "scripts", "bundle.mjs")], { encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
  }
  return [bin];
}

test("aksemu env prints shell exports and --json, honouring --port and --data-dir", () => {
  const CLI = bundledBin();
  const dir = mkdtempSync(join(tmpdir(), "aksemu-cli-"));
  try {
    const json = spawnSync(process.execPath, [...CLI, "env", "--json", "--data-dir", dir, "--port", "9443"], { encoding: "utf8" });
    assert.equal(json.status, 0, json.stderr);
    const vars = JSON.parse(json.stdout) as Record<string, string>;
    assert.deepEqual(vars, {
      AKSEMU_ENDPOINT: "https://127.0.0.1:9443",
      AKSEMU_CA: join(dir, "tls", "ca.crt"),
      AZURE_TENANT_ID: DEFAULT_IDENTITY.tenantId,
      AZURE_CLIENT_ID: DEFAULT_IDENTITY.clientId,
      AZURE_CLIENT_SECRET: DEFAULT_IDENTITY.clientSecret,
      AZURE_SUBSCRIPTION_ID: DEFAULT_IDENTITY.subscriptionId,
      AZURE_AUTHORITY_HOST: "https://127.0.0.1:9443",
      NODE_EXTRA_CA_CERTS: join(dir, "tls", "ca.crt"),
    });
    assert.match(readFileSync(vars["NODE_EXTRA_CA_CERTS"]!, "utf8"), /BEGIN CERTIFICATE/);
    const shell = spawnSync(process.execPath, [...CLI, "env", "--data-dir", dir], { encoding: "utf8", env: { ...process.env, AKSEMU_PORT: "9555" } });
    assert.equal(shell.status, 0, shell.stderr);
    assert.match(shell.stdout, /^export AKSEMU_ENDPOINT='https:\/\/127\.0\.0\.1:9555'$/m);
    assert.match(shell.stdout, /^export NODE_EXTRA_CA_CERTS='.*ca\.crt'$/m);
    // Proxy mode: clients that keep Azure's default endpoints go through HTTPS_PROXY and trust the CA.
    const proxy = spawnSync(process.execPath, [...CLI, "env", "--proxy", "--json", "--data-dir", dir, "--port", "9443", "--proxy-port", "9444"], { encoding: "utf8" });
    assert.equal(proxy.status, 0, proxy.stderr);
    const pv = JSON.parse(proxy.stdout) as Record<string, string>;
    const ca = join(dir, "tls", "ca.crt");
    assert.deepEqual(
      [pv["HTTPS_PROXY"], pv["NO_PROXY"], pv["REQUESTS_CA_BUNDLE"], pv["SSL_CERT_FILE"], pv["NODE_EXTRA_CA_CERTS"], pv["AKSEMU_ENDPOINT"], pv["AZURE_AUTHORITY_HOST"], pv["ARM_CLIENT_ID"]],
      ["http://127.0.0.1:9444", "localhost,127.0.0.1,::1", ca, ca, ca, "https://127.0.0.1:9443", undefined, DEFAULT_IDENTITY.clientId],
    );
    const bad = spawnSync(process.execPath, [...CLI, "start", "--clock", "sometimes"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--clock must be realtime, manual or instant/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("aksemu start (the bundled bin) prints the endpoint and identity, serves HTTPS, and exits 0 on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-cli-"));
  const bin = bundledBin();
  // The launcher rewrites V8's code cache only when V8 rejects it: unchanged, the bundle ran through it.
  const cache = join(process.cwd(), "dist", "aksemu-main.cjs.cache");
  const cacheBefore = readFileSync(cache);
  const child = spawn(process.execPath, [...bin, "start", "--data-dir", dir, "--port", "0", "--proxy-port", "0", "--clock", "manual"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes("client secret")) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    for (const expected of [DEFAULT_IDENTITY.subscriptionId, DEFAULT_IDENTITY.tenantId, DEFAULT_IDENTITY.clientId, DEFAULT_IDENTITY.clientSecret, join(dir, "tls", "ca.crt")]) {
      assert.ok(out.includes(expected), `start output mentions ${expected}`);
    }
    const ca = readFileSync(join(dir, "tls", "ca.crt"), "utf8");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/${DEFAULT_IDENTITY.tenantId}/v2.0/.well-known/openid-configuration`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 200);
    // The portal it names is served there.
    assert.ok(out.includes(`portal            ${url}/`), out);
    const portal = await new Promise<{ status: number; type: string }>((resolve, reject) => {
      const req = request(`${url}/`, { ca }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]) });
      });
      req.on("error", reject);
      req.end();
    });
    assert.deepEqual([portal.status, portal.type.split(";")[0]], [200, "text/html"]);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exit, 0);
    assert.ok(readFileSync(cache).equals(cacheBefore), "V8 accepted the code cache (the launcher rewrites one it rejects)");
  } finally {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

test("aksemu exec -- <command>: the command sees the emulator through aksemu env's variables; its exit code is exec's", async () => {
  // The child asks the emulator's health endpoint, trusting its CA through NODE_EXTRA_CA_CERTS, and exits 3.
  const script = 'const https=require("node:https");https.get(process.env.AKSEMU_ENDPOINT+"/_aksemu/health",(r)=>{let b="";r.on("data",(c)=>b+=c);r.on("end",()=>{process.stdout.write(r.statusCode+" "+JSON.parse(b).store);process.exit(3)})}).on("error",(e)=>{console.error(e.message);process.exit(9)})';
  const BIN = bundledBin();
  const run = spawnSync(process.execPath, [...BIN, "exec", "--tls-dir", TLS_DIR, "--", process.execPath, "-e", script], { encoding: "utf8", env: { ...process.env, NODE_EXTRA_CA_CERTS: "" } });
  assert.equal(run.status, 3, run.stderr);
  assert.equal(run.stdout, "200 memory");
  const missing = spawnSync(process.execPath, [...BIN, "exec", "--tls-dir", TLS_DIR, "--", "no-such-command-aksemu"], { encoding: "utf8" });
  assert.equal(missing.status, 127);
  assert.match(missing.stderr, /aksemu exec: cannot run no-such-command-aksemu/);
  const none = spawnSync(process.execPath, [...BIN, "exec"], { encoding: "utf8" });
  assert.equal(none.status, 2);
});

test("aksemu snapshot and aksemu reset act on a running emulator", async () => {
  const emu = await startEmulator();
  const BIN = bundledBin();
  // Not spawnSync: the emulator runs in this process and must answer while the command runs.
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [...BIN, ...args, "--port", String(emu.port), "--tls-dir", TLS_DIR], { encoding: "utf8" }, (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  try {
    await emu.createGroup("rg-cli");
    const saved = await cli("snapshot", "save", "g");
    assert.equal(saved.status, 0, saved.stderr);
    assert.equal(saved.stdout, "saved g\n");
    assert.match((await cli("snapshot", "list")).stdout, /^g\t\d{4}-\d\d-\d\dT[\d:.]+Z\t\d+ documents\t\d+ bytes\n$/);
    const file = join(mkdtempSync(join(tmpdir(), "aksemu-cli-")), "g.json");
    assert.equal((await cli("snapshot", "export", "g", file)).status, 0);
    assert.equal(JSON.parse(readFileSync(file, "utf8")).format, 1);
    assert.equal((await cli("snapshot", "import", "g2", file)).stdout, `imported ${file} as g2\n`);
    const reset = await cli("reset");
    assert.equal(reset.status, 0, reset.stderr);
    assert.equal(reset.stdout, "reset: all\n");
    assert.equal((await emu.request("GET", `/subscriptions/${SUB}/resourceGroups/rg-cli?api-version=2021-04-01`)).status, 404);
    assert.equal((await cli("snapshot", "restore", "g2")).stdout, "restored g2\n");
    assert.equal((await emu.request("GET", `/subscriptions/${SUB}/resourceGroups/rg-cli?api-version=2021-04-01`)).status, 200);
    const unknown = await cli("snapshot", "restore", "nope");
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, "aksemu: No snapshot named 'nope'.\n");
  } finally {
    await emu.close();
  }
  const down = spawnSync(process.execPath, [...BIN, "reset", "--port", "1", "--tls-dir", TLS_DIR], { encoding: "utf8" });
  assert.equal(down.status, 1);
  assert.match(down.stderr, /no emulator is listening there/);
});

test("--record writes every exchange with secrets redacted; aksemu replay re-sends it with no difference, and reports one it finds", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-rec-"));
  const file = join(dir, "session.jsonl");
  const emu = await startEmulator({ config: { record: file } });
  try {
    await emu.createGroup("rg-rec");
    const mc = `/subscriptions/${SUB}/resourceGroups/rg-rec/providers/Microsoft.ContainerService/managedClusters/c1?api-version=2025-10-01`;
    const put = await emu.request("PUT", mc, { body: { location: "eastus", properties: { dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } } });
    assert.equal(put.status, 201, put.text);
    const poll = String(put.headers["azure-asyncoperation"]);
    for (let i = 0; i < 20 && (await emu.request("GET", poll)).json.status === "InProgress"; i++) assert.equal((await emu.advance("PT1M")).status, 200);
    assert.equal((await emu.request("GET", mc)).json.properties.provisioningState, "Succeeded");
    const stopped = (await emu.request("DELETE", "/_aksemu/recording")).json;
    assert.equal(stopped.recording, false);
    assert.equal(stopped.file, null);
  } finally {
    await emu.close();
  }
  const text = readFileSync(file, "utf8");
  const [header, ...lines] = text.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(header.recording, 1);
  assert.ok(lines.length >= 6, `${lines.length} exchanges`);
  assert.ok(!text.includes(DEFAULT_IDENTITY.clientSecret), "the client secret is redacted");
  assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(text), "no token is recorded");
  assert.ok(lines.some((e) => e.request.method === "PUT" && e.response.status === 201));
  const BIN = bundledBin();
  const replayed = spawnSync(process.execPath, [...BIN, "replay", file, "--tls-dir", TLS_DIR], { encoding: "utf8" });
  assert.equal(replayed.status, 0, replayed.stdout + replayed.stderr);
  assert.match(replayed.stdout, /^replayed \d+ exchanges: no differences\n$/);
  // The same recording with one answer changed: replay names it.
  const put = lines.find((e) => e.request.method === "PUT" && e.request.url.includes("managedClusters"))!;
  const tampered = [header, ...lines.map((e) => (e.n === put.n ? { ...e, response: { ...e.response, status: 200 } } : e))].map((l) => JSON.stringify(l)).join("\n");
  writeFileSync(join(dir, "tampered.jsonl"), tampered);
  const found = spawnSync(process.execPath, [...BIN, "replay", join(dir, "tampered.jsonl"), "--tls-dir", TLS_DIR], { encoding: "utf8" });
  assert.equal(found.status, 1, found.stderr);
  assert.match(found.stdout, new RegExp(`^#${put.n} PUT /subscriptions/.*/managedClusters/c1\\?api-version=2025-10-01: status 200 → 201$`, "m"));
  writeFileSync(join(dir, "future.jsonl"), [JSON.stringify({ ...header, recording: 2 }), ...lines.map((l) => JSON.stringify(l))].join("\n"));
  const future = spawnSync(process.execPath, [...BIN, "replay", join(dir, "future.jsonl"), "--tls-dir", TLS_DIR], { encoding: "utf8" });
  assert.equal(future.status, 2);
  assert.match(future.stderr, /a recording of format 2, and this aksemu reads format 1: nothing was replayed/);
  rmSync(dir, { recursive: true, force: true });
});
