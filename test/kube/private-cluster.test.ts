// A private cluster's Kubernetes API is not reachable from outside its vnet, as against real AKS:
// the real kubectl through proxy mode (HTTPS_PROXY) with the kubeconfig's server at the private
// FQDN gets "no such host" (the name resolves only in the cluster's private DNS zone, as a stopped
// cluster's does not resolve); the direct form finds the connection closed without an answer.
// Run command (seed 003: the way in to a private cluster) works: its kubectl runs inside the
// cluster's network with a token the emulator minted for it, and that token alone is let through.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { clusterBody, createCluster, header, mcPath, putGroup, q } from "../http/helpers.js";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { KUBECTL, run } from "./helpers.js";

// client-go retries the closed connection until kubectl's deadline; which of its two words for the
// deadline it prints depends on whether the rate limiter's next wait would cross it or it already has.
const REFUSED_AT_DEADLINE = /^error: client rate limiter Wait returned an error: (context deadline exceeded|rate: Wait\(n=1\) would exceed context deadline) - error from a previous attempt: EOF$/;

let emu: Emulator;
let dir: string;
let fqdn: string;
let kubeconfig: string;
before(async () => {
  emu = await startEmulator({ config: { proxyPort: 0 } });
  dir = mkdtempSync(join(tmpdir(), "aksemu-kube-private-"));
  assert.equal((await putGroup(emu, "rg-priv")).status, 201);
  const got = await createCluster(emu, "rg-priv", "private1", clusterBody({ properties: { apiServerAccessProfile: { enablePrivateCluster: true } } }));
  fqdn = got.properties.privateFQDN;
  const res = await emu.request("POST", q(`${mcPath("rg-priv", "private1")}/listClusterUserCredential`));
  kubeconfig = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** kubectl get nodes; the last line of stderr is kubectl's verdict (discovery logs its attempts before it). */
const kubectl = (config: string, proxy: boolean, timeout = "10s") => {
  const path = join(dir, proxy ? "proxied" : "direct");
  writeFileSync(path, config);
  return run(KUBECTL, ["get", "nodes", `--request-timeout=${timeout}`], { PATH: process.env["PATH"] ?? "", HOME: dir, KUBECONFIG: path, ...(proxy ? { HTTPS_PROXY: `http://127.0.0.1:${emu.proxyPort!}`, NO_PROXY: "" } : {}) });
};

test("through proxy mode the private FQDN does not resolve: kubectl says no such host", async () => {
  // The kubeconfig as get-credentials gives it through proxy mode: the server is https://{privateFQDN}:443.
  const proxied = kubeconfig.replace(/server: \S+/, `server: https://${fqdn}:443`);
  const res = await kubectl(proxied, true);
  assert.equal(res.code, 1);
  assert.equal(res.stderr.trimEnd().split("\n").pop(), `Unable to connect to the server: dial tcp: lookup ${fqdn}: no such host`);
});

test("the direct form closes the connection without an answer, as a connection to the private endpoint from outside fails", async () => {
  assert.match(kubeconfig, new RegExp(`server: https://\\S+/_aksemu/kubernetes/${fqdn.replace(/\./g, "\\.")}\\n`));
  // client-go retries a connection that ends without an answer until its deadline: a short one.
  const res = await kubectl(kubeconfig, false, "1s");
  assert.equal(res.code, 1);
  assert.match(res.stderr.trimEnd().split("\n").pop()!, REFUSED_AT_DEADLINE);
});

test("run command works on the private cluster: kubectl get nodes lists its nodes in logs; kubectl from outside still fails", async () => {
  const MC = mcPath("rg-priv", "private1");
  const answer = emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get nodes -o name" } });
  // The pod is scheduled and started in virtual time: move the manual clock until the POST answers.
  let settled = false;
  void answer.then(() => (settled = true));
  for (let i = 0; i < 20 && !settled; i++) {
    assert.equal((await emu.advance("PT1S")).status, 200);
    await new Promise((r) => setTimeout(r, 30));
  }
  const res = await answer;
  assert.equal(res.status, 202, res.text);
  const location = String(header(res, "location"));
  let done = await emu.request("GET", location);
  for (let i = 0; i < 400 && done.status === 202; i++) {
    await new Promise((r) => setTimeout(r, 25));
    done = await emu.request("GET", location);
  }
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.properties.provisioningState, "Succeeded");
  assert.equal(done.json.properties.exitCode, 0, done.json.properties.logs);
  const nodes = await emu.request("GET", q(`${mcPath("rg-priv", "private1")}/agentPools/nodepool1`));
  assert.equal(nodes.status, 200, nodes.text);
  const lines = String(done.json.properties.logs).trimEnd().split("\n");
  assert.equal(lines.length, nodes.json.properties.count);
  for (const l of lines) assert.match(l, /^node\/aks-nodepool1-\d{8}-vmss\d{6}$/);
  // The admin kubeconfig from outside is still refused (the connection closes), as the user one is.
  const admin = await emu.request("POST", q(`${MC}/listClusterAdminCredential`));
  const res2 = await kubectl(Buffer.from(admin.json.kubeconfigs[0].value, "base64").toString("utf8"), false, "1s");
  assert.equal(res2.code, 1);
  assert.match(res2.stderr.trimEnd().split("\n").pop()!, REFUSED_AT_DEADLINE);
});
