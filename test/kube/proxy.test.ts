// Proxy mode: get-credentials through the CONNECT proxy (Host management.azure.com) gives a
// kubeconfig whose server is the cluster's own name (https://{fqdn}:443), as real AKS's; the real
// kubectl reaches it through HTTPS_PROXY, with a leaf for that name issued by the kubeconfig's CA.
// A stopped cluster's API server is unreachable; started again, it answers.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connect as tlsConnect } from "node:tls";
import { finish, header, mcPath, putGroup, q, createCluster } from "../http/helpers.js";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { KUBECTL, run } from "./helpers.js";

let emu: Emulator;
let dir: string;
before(async () => {
  emu = await startEmulator({ config: { proxyPort: 0 } });
  dir = mkdtempSync(join(tmpdir(), "aksemu-kube-proxy-"));
  assert.equal((await putGroup(emu, "rg-p")).status, 201);
  await createCluster(emu, "rg-p", "viaproxy");
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A POST to management.azure.com through the proxy's CONNECT tunnel, as az does it. */
function throughProxy(method: string, path: string, token: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const connect = httpRequest({ host: "127.0.0.1", port: emu.proxyPort!, method: "CONNECT", path: "management.azure.com:443", agent: false });
    connect.on("connect", (res, socket) => {
      if (res.statusCode !== 200) return reject(new Error(`CONNECT ${res.statusCode}`));
      const tls = tlsConnect({ socket, servername: "management.azure.com", ca: emu.ca });
      const req = httpsRequest({ host: "management.azure.com", path, method, headers: { authorization: `Bearer ${token}`, "content-length": "0" }, createConnection: () => tls }, (r) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => resolve({ status: r.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      });
      req.on("error", reject);
      req.end();
    });
    connect.on("error", reject);
    connect.end();
  });
}

const kubectl = (args: string[]) =>
  run(KUBECTL, args, { PATH: process.env["PATH"] ?? "", HOME: dir, KUBECONFIG: join(dir, "config"), HTTPS_PROXY: `http://127.0.0.1:${emu.proxyPort!}`, NO_PROXY: "" });

test("get-credentials through the proxy names the API server's FQDN; kubectl reaches it through HTTPS_PROXY", async () => {
  const res = await throughProxy("POST", q(`${mcPath("rg-p", "viaproxy")}/listClusterAdminCredential`), await emu.token());
  assert.equal(res.status, 200);
  const text = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
  const fqdn = (await emu.request("GET", q(mcPath("rg-p", "viaproxy")))).json.properties.fqdn as string;
  assert.match(text, new RegExp(`^ {4}server: https://${fqdn.toLowerCase().replace(/\./g, "\\.")}:443$`, "m"));
  writeFileSync(join(dir, "config"), text, { mode: 0o600 });
  const nodes = await kubectl(["get", "nodes", "-o", "name"]);
  assert.equal(nodes.code, 0, nodes.stderr);
  assert.match(nodes.stdout, /^node\/aks-nodepool1-\d{8}-vmss000000\n/);
  const created = await kubectl(["create", "namespace", "through-proxy"]);
  assert.equal(created.stdout, "namespace/through-proxy created\n", created.stderr);
});

test("a stopped cluster's API server is unreachable; started again, it answers", async () => {
  const stop = await emu.request("POST", q(`${mcPath("rg-p", "viaproxy")}/stop`));
  assert.equal(stop.status, 202, JSON.stringify(stop.json));
  assert.equal((await finish(emu, String(header(stop, "azure-asyncoperation")))).status, "Succeeded");
  const fqdn = ((await emu.request("GET", q(mcPath("rg-p", "viaproxy")))).json.properties.fqdn as string).toLowerCase();
  const down = await kubectl(["get", "ns"]);
  assert.equal(down.code, 1);
  assert.equal(down.stderr, `Unable to connect to the server: dial tcp: lookup ${fqdn}: no such host\n`);
  // The direct form answers as an apiserver that cannot serve: 503.
  const direct = await emu.request("GET", `/_aksemu/kubernetes/${fqdn}/api/v1/namespaces`, { auth: "x" });
  assert.equal(direct.status, 503);
  assert.deepEqual(direct.json, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server is currently unable to handle the request", reason: "ServiceUnavailable", code: 503 });
  const start = await emu.request("POST", q(`${mcPath("rg-p", "viaproxy")}/start`));
  assert.equal((await finish(emu, String(header(start, "azure-asyncoperation")))).status, "Succeeded");
  const up = await kubectl(["get", "ns", "through-proxy", "-o", "name"]);
  assert.equal(up.stdout, "namespace/through-proxy\n", up.stderr);
});
