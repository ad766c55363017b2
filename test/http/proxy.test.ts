// Proxy mode as clients with default endpoints meet it: CONNECT tunnels to the hosts aksemu emulates
// get TLS with a leaf for that name and the same application; everything else is refused at once.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as netConnect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadConfig } from "../../src/config/config.js";
import { createApp, type App } from "../../src/server/app.js";
import { CLIENT_ID, CLIENT_SECRET, SUB, TENANT, TLS_DIR } from "../support/emulator.js";

let app: App;
let proxyPort: number;
const logs: string[] = [];
const ca = readFileSync(join(TLS_DIR, "ca.crt"), "utf8");

before(async () => {
  const config = loadConfig([], {}, { host: "127.0.0.1", port: 0, proxyPort: 0, clock: "manual", inMemory: true, dataDir: join(tmpdir(), "aksemu-unused"), tlsDir: TLS_DIR });
  app = await createApp(config, { log: (line) => logs.push(line) });
  proxyPort = (await app.listen()).proxyPort!;
});
after(() => app.close());

/** A CONNECT through the proxy: the status line and, when it is 200, the raw tunnel. */
function tunnel(target: string): Promise<{ status: number; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: target, agent: false });
    req.on("connect", (res, socket, head: Buffer) => {
      if (res.statusCode === 200) return resolve({ status: 200, body: "", socket });
      const chunks: Buffer[] = [head];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), socket }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** An HTTPS request through a tunnel to `host`, verifying the certificate against the emulator's CA. */
async function viaProxy(host: string, method: string, path: string, o: { body?: string; headers?: Record<string, string> } = {}) {
  const t = await tunnel(`${host}:443`);
  assert.equal(t.status, 200);
  let tlsSocket: TLSSocket | undefined;
  return new Promise<{ status: number; text: string; json: Record<string, unknown>; cert: X509Certificate }>((resolve, reject) => {
    const req = httpsRequest(
      { host, port: 443, defaultPort: 443, path, method, headers: { ...(o.body !== undefined ? { "content-length": String(Buffer.byteLength(o.body)) } : {}), ...o.headers }, createConnection: () => (tlsSocket = tlsConnect({ socket: t.socket, servername: host, ca })) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const cert = new X509Certificate(tlsSocket!.getPeerCertificate(true).raw);
          tlsSocket!.destroy();
          resolve({ status: res.statusCode ?? 0, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, cert });
        });
      },
    );
    req.on("error", reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

async function tokenVia(host: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "https://management.core.windows.net//.default" });
  const res = await viaProxy(host, "POST", `/${TENANT}/oauth2/v2.0/token`, { body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(res.status, 200, res.text);
  return String(res.json["access_token"]);
}

test("a tunnel to login.microsoftonline.com and management.azure.com: leaves for those names, az's login sequence works", async () => {
  const config = await viaProxy("login.microsoftonline.com", "GET", `/${TENANT}/v2.0/.well-known/openid-configuration`);
  assert.equal(config.status, 200);
  assert.ok(config.cert.checkHost("login.microsoftonline.com"));
  assert.equal(config.json["token_endpoint"], `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
  assert.equal(config.json["issuer"], `https://login.microsoftonline.com/${TENANT}/v2.0`);
  const token = await tokenVia("login.microsoftonline.com");
  const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, string>;
  assert.equal(claims["iss"], `https://login.microsoftonline.com/${TENANT}/v2.0`);
  const subs = await viaProxy("management.azure.com", "GET", "/subscriptions?api-version=2019-11-01", { headers: { authorization: `Bearer ${token}` } });
  assert.equal(subs.status, 200, subs.text);
  assert.ok(subs.cert.checkHost("management.azure.com"));
  assert.equal((subs.json["value"] as { subscriptionId: string }[])[0]!.subscriptionId, SUB);
  // Absolute URLs the emulator writes name the host the client used.
  const put = await viaProxy("management.azure.com", "PUT", `/subscriptions/${SUB}/resourcegroups/rg-proxy?api-version=2022-09-01`, { body: JSON.stringify({ location: "eastus" }), headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  assert.equal(put.status, 201, put.text);
  const del = await viaProxy("management.azure.com", "DELETE", `/subscriptions/${SUB}/resourcegroups/rg-proxy?api-version=2022-09-01`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(del.status, 202, del.text);
});

test("MSAL's instance discovery and the v1 token endpoint answer as login.microsoftonline.com", async () => {
  const discovery = await viaProxy("login.microsoftonline.com", "GET", `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`)}`);
  assert.equal(discovery.status, 200);
  assert.equal(discovery.json["tenant_discovery_endpoint"], `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`);
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, resource: "https://management.core.windows.net/" });
  const v1 = await viaProxy("login.windows.net", "POST", `/${TENANT}/oauth2/token`, { body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(v1.status, 200, v1.text);
  const subs = await viaProxy("management.azure.com", "GET", "/subscriptions?api-version=2022-12-01", { headers: { authorization: `Bearer ${String(v1.json["access_token"])}` } });
  assert.equal(subs.status, 200, subs.text);
});

test("a cluster's API server name no running cluster has does not resolve: 502 with the lookup failure as the reason", async () => {
  // A running cluster's name is tunnelled with a leaf for it: test/kube/proxy.test.ts (real kubectl).
  const host = "c1-rg1-00000000-abcd1234.hcp.eastus.azmk8s.io";
  const res = await new Promise<{ status: number; reason: string }>((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: `${host}:443`, agent: false });
    req.on("connect", (r, socket) => {
      socket.destroy();
      resolve({ status: r.statusCode ?? 0, reason: r.statusMessage ?? "" });
    });
    req.on("error", reject);
    req.end();
  });
  assert.deepEqual(res, { status: 502, reason: `dial tcp: lookup ${host}: no such host` });
  assert.ok(logs.some((l) => l.includes(`refused CONNECT ${host}:443 (no running cluster has this API server name)`)));
});

test("other hosts, other ports, bad targets and plain requests are refused at once with a 403 and a log line", async () => {
  for (const target of ["example.com:443", "dc.services.visualstudio.com:443", "management.azure.com:80", "127.0.0.1:443", "nonsense"]) {
    const started = performance.now();
    const res = await tunnel(target);
    assert.equal(res.status, 403, target);
    assert.match(res.body, /is not a host aksemu emulates/);
    assert.ok(performance.now() - started < 1000, `${target} took ${performance.now() - started} ms`);
    assert.ok(logs.some((l) => l.includes(`refused CONNECT "${target}"`)), target);
  }
  const plain = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: proxyPort, method: "GET", path: "http://management.azure.com/subscriptions", agent: false }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });
  assert.equal(plain.status, 403);
  assert.match(plain.text, /only HTTPS tunnels/);
});

test("a malformed request line gets a 400 and a closed socket; clients that vanish mid-tunnel leave nothing behind", async () => {
  const raw = await new Promise<string>((resolve) => {
    const s = netConnect(proxyPort, "127.0.0.1", () => s.write("NOT A REQUEST\r\n\r\n"));
    let text = "";
    s.on("data", (c: Buffer) => (text += c.toString()));
    s.on("close", () => resolve(text));
  });
  assert.match(raw, /^HTTP\/1\.1 400 Bad Request/);

  // Gone right after the tunnel opens, and gone in the middle of the TLS handshake.
  const idle = await tunnel("management.azure.com:443");
  idle.socket.destroy();
  const mid = await tunnel("management.azure.com:443");
  mid.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
  mid.socket.destroy();
  await new Promise((r) => setTimeout(r, 100));
  const open = await new Promise<number>((resolve, reject) => app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
  assert.equal(open, 0);
  // And the proxy still serves.
  const token = await tokenVia("login.microsoftonline.com");
  assert.ok(token.length > 100);
});
