// Issue 11, "Drains honour PDBs", through the official SDKs on a manual clock: scale-in and upgrade
// drain their nodes through the Eviction API; a PDB that allows no disruption fails the operation
// with AKS's UpgradeFailed text (ERROR-TEXTS.md §8) once the pool's drainTimeoutInMinutes has passed
// in virtual time, the node left cordoned and the upgrader's Drain events recorded; seed 002's
// remedy (remove the PDB or lower it, reconcile, re-add) succeeds; a pool delete with
// ignore-pod-disruption-budget deletes the pods without asking their PDB. Pods are bound to nodes
// at create and marked Running/Ready through /status, as a kubectl user could.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { advance, clusterBody, createCluster, mcPath, putGroup, q } from "../http/helpers.js";
import { startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { FAST, sdkClients } from "../support/sdk.js";

const RG = "rg-drain";
const MC = "drain1";
let emu: Emulator;
let sdk: ReturnType<typeof sdkClients>;
let base: string;
let token: string;

const kube = (method: string, path: string, body?: unknown, type = "application/json"): Promise<HttpResult> =>
  emu.request(method, `${base}${path}`, { ...(body !== undefined ? { rawBody: JSON.stringify(body), headers: { "content-type": type } } : {}), auth: token });

async function ok(method: string, path: string, body?: unknown, type?: string): Promise<any> {
  const res = await kube(method, path, body, type);
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
  return res.json;
}

async function nodesOf(pool: string): Promise<string[]> {
  return (await ok("GET", `/api/v1/nodes?labelSelector=agentpool%3D${pool}`)).items.map((n: any) => n.metadata.name).sort();
}

/** A pod bound to `node` and Running/Ready, as a user would make one with kubectl (create, then /status). */
async function runningPod(name: string, node: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): Promise<void> {
  await ok("POST", "/api/v1/namespaces/default/pods", { apiVersion: "v1", kind: "Pod", metadata: { name, labels, ...extra }, spec: { nodeName: node, containers: [{ name: "c", image: "nginx" }] } });
  const pod = await ok("GET", `/api/v1/namespaces/default/pods/${name}`);
  pod.status = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
  await ok("PUT", `/api/v1/namespaces/default/pods/${name}/status`, pod);
}

const pdb = (minAvailable: number) => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web-pdb" }, spec: { minAvailable, selector: { matchLabels: { app: "web" } } } });

const drainText = (node: string, pod: string) =>
  `Drain node ${node} failed when evicting pod ${pod} failed with Too Many Requests error. This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. Original error: Cannot evict pod as it would violate the pod's disruption budget.. PDB debug info: default/${pod} blocked by pdb web-pdb with 0 unready pods.`;

/** The GA SDK's poller: "The long-running operation has failed. <code>. <message>". */
const failed = (message: string) => `The long-running operation has failed. UpgradeFailed. ${message}`;

const podGone = async (name: string) => assert.equal((await kube("GET", `/api/v1/namespaces/default/pods/${name}`)).status, 404, `${name} should be gone`);
const podThere = async (name: string) => assert.equal((await kube("GET", `/api/v1/namespaces/default/pods/${name}`)).status, 200, `${name} should stay`);

async function poolState(pool: string): Promise<string> {
  return (await sdk.client.agentPools.get(RG, MC, pool)).provisioningState ?? "";
}

before(async () => {
  emu = await startEmulator();
  sdk = sdkClients(emu);
  assert.equal((await putGroup(emu, RG)).status, 201);
  await createCluster(emu, RG, MC, clusterBody({ properties: { kubernetesVersion: "1.33", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }] } }));
  const res = await emu.request("POST", q(`${mcPath(RG, MC)}/listClusterUserCredential`));
  const text = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
  base = new URL(/^\s+server: (\S+)$/m.exec(text)![1]!).pathname;
  token = /^\s+token: (\S+)$/m.exec(text)![1]!;
  const created = await sdk.client.agentPools.beginCreateOrUpdate(RG, MC, "userpool", { count: 3, vmSize: "Standard_DS2_v2", mode: "User", orchestratorVersion: "1.32" }, FAST);
  await advance(emu, "PT5M");
  assert.equal((await created.pollUntilDone()).provisioningState, "Succeeded");
});
after(() => emu?.close());

test("scale-in: a PDB that allows no disruption fails with UpgradeFailed after the default 30 minutes; the node stays cordoned, with the upgrader's events", { timeout: 30_000 }, async () => {
  const nodes = await nodesOf("userpool");
  const victim = nodes[2]!; // scale-in removes the newest node
  await runningPod("web-0", victim, { app: "web" });
  await runningPod("free-0", victim, { app: "free" });
  await runningPod("ds-0", victim, { app: "ds" }, { ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "ds", uid: "00000000-0000-0000-0000-0000000000d5", controller: true }] });
  await ok("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", pdb(1));

  const poller = await sdk.client.agentPools.beginCreateOrUpdate(RG, MC, "userpool", { count: 2 }, FAST);
  await advance(emu, "PT1M");
  // The first round: the node is cordoned, the free pod evicted, the DaemonSet's pod left, the PDB's pod blocked.
  const node = await ok("GET", `/api/v1/nodes/${victim}`);
  assert.equal(node.spec.unschedulable, true);
  await podGone("free-0");
  await podThere("ds-0");
  await podThere("web-0");
  // Blocked evictions are retried in virtual time until the timeout (30 minutes by default).
  await advance(emu, "PT28M");
  assert.equal(await poolState("userpool"), "Scaling");
  await advance(emu, "PT2M");
  const err: any = await poller.pollUntilDone().then(() => assert.fail("the scale-in should fail"), (e) => e);
  assert.equal(err.message, failed(drainText(victim, "web-0")));
  assert.equal(await poolState("userpool"), "Failed");
  assert.equal((await ok("GET", `/api/v1/nodes/${victim}`)).spec.unschedulable, true, "AKS leaves the node cordoned");
  await podThere("web-0");

  const events = (await ok("GET", "/api/v1/namespaces/default/events")).items.filter((e: any) => e.reason === "Drain" && e.involvedObject.name === victim);
  const draining = events.find((e: any) => e.type === "Normal");
  const blocked = events.find((e: any) => e.type === "Warning");
  assert.equal(draining.message, `Draining node: ${victim}`);
  assert.equal(draining.source.component, "upgrader");
  assert.deepEqual([draining.involvedObject.kind, draining.metadata.namespace], ["Node", "default"]);
  assert.equal(blocked.message, "Eviction blocked by Too Many Requests (usually a pdb): web-0");
  assert.equal(blocked.source.component, "upgrader");
  assert.ok(blocked.count > 100, `retried every 10 s for 30 minutes: count ${blocked.count}`);
});

test("seed 002's remedy: remove the PDB, reconcile the pool, it succeeds; the PDB can be added again", { timeout: 30_000 }, async () => {
  const victim = (await nodesOf("userpool"))[2]!;
  await ok("DELETE", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb");
  const poller = await sdk.client.agentPools.beginCreateOrUpdate(RG, MC, "userpool", { count: 2 }, FAST);
  await advance(emu, "PT2M");
  const pool = await poller.pollUntilDone();
  assert.deepEqual([pool.provisioningState, pool.count], ["Succeeded", 2]);
  await podGone("web-0");
  assert.equal((await nodesOf("userpool")).length, 2);
  assert.equal((await kube("GET", `/api/v1/nodes/${victim}`)).status, 404);
  assert.equal((await kube("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", pdb(1))).status, 201);
});

test("upgrade: drainTimeoutInMinutes 5 fails the upgrade after 5 minutes; lowering minAvailable and reconciling finishes it", { timeout: 30_000 }, async () => {
  const [first] = await nodesOf("userpool");
  await runningPod("web-1", first!, { app: "web" });
  const poller = await sdk.client.agentPools.beginCreateOrUpdate(RG, MC, "userpool", { orchestratorVersion: "1.33", upgradeSettings: { maxSurge: "1", drainTimeoutInMinutes: 5 } }, FAST);
  await advance(emu, "PT5M");
  assert.equal(await poolState("userpool"), "Upgrading");
  await advance(emu, "PT5M");
  const err: any = await poller.pollUntilDone().then(() => assert.fail("the upgrade should fail"), (e) => e);
  assert.equal(err.message, failed(drainText(first!, "web-1")));
  assert.equal(await poolState("userpool"), "Failed");
  assert.equal((await ok("GET", `/api/v1/nodes/${first}`)).spec.unschedulable, true);

  await ok("PATCH", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb", { spec: { minAvailable: 0 } }, "application/merge-patch+json");
  const again = await sdk.client.agentPools.beginCreateOrUpdate(RG, MC, "userpool", { orchestratorVersion: "1.33" }, FAST);
  await advance(emu, "PT10M");
  const pool = await again.pollUntilDone();
  assert.deepEqual([pool.provisioningState, pool.currentOrchestratorVersion], ["Succeeded", "1.33.3"]);
  await podGone("web-1");
  assert.notEqual((await ok("GET", `/api/v1/nodes/${first}`)).spec.unschedulable, true, "the upgrade uncordons the node it reimaged");
  await ok("PATCH", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb", { spec: { minAvailable: 1 } }, "application/merge-patch+json");
});

test("pool delete: the PDB blocks it (UpgradeFailed); with ignore-pod-disruption-budget=true the pods are deleted without eviction", { timeout: 30_000 }, async () => {
  const created = await sdk.client.agentPools.beginCreateOrUpdate(RG, MC, "tmppool", { count: 1, vmSize: "Standard_DS2_v2", mode: "User", orchestratorVersion: "1.33", upgradeSettings: { drainTimeoutInMinutes: 1 } }, FAST);
  await advance(emu, "PT3M");
  await created.pollUntilDone();
  const [node] = await nodesOf("tmppool");
  await runningPod("web-2", node!, { app: "web" });

  const blocked = await sdk.client.agentPools.beginDelete(RG, MC, "tmppool", FAST);
  await advance(emu, "PT2M");
  const err: any = await blocked.pollUntilDone().then(() => assert.fail("the delete should fail"), (e) => e);
  assert.equal(err.message, failed(drainText(node!, "web-2")));
  await podThere("web-2");

  const forced = await sdk.preview.agentPools.beginDelete(RG, MC, "tmppool", { ...FAST, ignorePodDisruptionBudget: true });
  await advance(emu, "PT2M");
  await forced.pollUntilDone();
  await podGone("web-2");
  assert.deepEqual(await nodesOf("tmppool"), []);
  await assert.rejects(sdk.client.agentPools.get(RG, MC, "tmppool"), (e: any) => e.statusCode === 404);
});
