// Field validation over literal HTTP: what a hostile client sent (issue 7) is refused with AKS's
// status, code, message and target, and nothing is stored; a full PUT of the current model (what
// az and the SDKs send) is still accepted; ARM's tag limits hold for clusters and groups.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertAksError, assertGatewayError, assertStatus, clusterBody, createCluster, finish, header, mcPath, putGroup, q, refreshing, rgPath, RG_API } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await createCluster(emu, "rg1", "c1", clusterBody({ tags: { env: "dev" }, properties: { dnsPrefix: "dns1", agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System" }, { name: "userpool", count: 1, vmSize: "Standard_D4s_v5", mode: "User", maxPods: 50 }] } }));
});
after(() => emu.close());

const NAMING = "Please see https://aka.ms/aks-naming-rules for more details.";
const putCluster = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => emu.request("PUT", q(mcPath("rg1", "c1")), { body: clusterBody({ ...extra, properties: { dnsPrefix: "dns1", agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System" }], ...properties } }) });
const putPool = (pool: string, properties: Record<string, unknown>) => emu.request("PUT", q(apPath("rg1", "c1", pool)), { body: { properties } });
const getPool = async (pool: string) => (await emu.request("GET", q(apPath("rg1", "c1", pool)))).json.properties;

test("dnsPrefix of 100 KB, with a space, a NUL or an emoji on an existing cluster: 400 InvalidParameter, target dnsPrefix", async () => {
  for (const dnsPrefix of ["d".repeat(100_000), "dns prefix", "a\u0000", "dns😀"]) {
    assertAksError(await putCluster({ dnsPrefix }), 400, "InvalidParameter", `The value of parameter dnsPrefix is invalid. ${NAMING}`, "dnsPrefix");
  }
  const got = await emu.request("GET", q(mcPath("rg1", "c1")));
  assert.equal(got.json.properties.dnsPrefix, "dns1");
});

test("a different, valid dnsPrefix on an existing cluster: 400 PropertyChangeNotAllowed (real text), target dnsPrefix", async () => {
  assertAksError(await putCluster({ dnsPrefix: "dns2" }), 400, "PropertyChangeNotAllowed", "Changing property 'dnsPrefix' is not allowed.", "dnsPrefix");
});

test("the network plugin cannot change: 400 PropertyChangeNotAllowed, target networkProfile.networkPlugin", async () => {
  assertAksError(await putCluster({ networkProfile: { networkPlugin: "kubenet" } }), 400, "PropertyChangeNotAllowed", "Changing property 'networkProfile.networkPlugin' is not allowed.", "networkProfile.networkPlugin");
});

test("maxPods -5 on a pool: 400 InvalidParameter, target agentPoolProfile.maxPods; the pool keeps its value", async () => {
  assertAksError(await putPool("userpool", { maxPods: -5 }), 400, "InvalidParameter", `The value of parameter agentPoolProfile.maxPods is invalid. ${NAMING}`, "agentPoolProfile.maxPods");
  assert.equal((await getPool("userpool")).maxPods, 50);
});

test("osType Windows on a Linux pool: 400 PropertyChangeNotAllowed, target agentPoolProfile.osType", async () => {
  assertAksError(await putPool("userpool", { osType: "Windows" }), 400, "PropertyChangeNotAllowed", "Changing property 'agentPoolProfile.osType' is not allowed.", "agentPoolProfile.osType");
  assert.equal((await getPool("userpool")).osType, "Linux");
});

test("vmSize changed on a pool, through the pool and through the cluster: 400 PropertyChangeNotAllowed", async () => {
  assertAksError(await putPool("userpool", { vmSize: "Standard_D8s_v5" }), 400, "PropertyChangeNotAllowed", "Changing property 'agentPoolProfile.vmSize' is not allowed.", "agentPoolProfile.vmSize");
  assertAksError(await putCluster({ agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS3_v2", mode: "System" }] }), 400, "PropertyChangeNotAllowed", "Changing property 'agentPoolProfile.vmSize' is not allowed.", "agentPoolProfile.vmSize");
});

test("vmSize 'Standard_DS2_v2\\u0000' or 100 KB of \\u0001 on a new pool: 400 InvalidParameter, target vmSize, no pool", async () => {
  const tail = / is not available in the current region\. The sizes available in the current region are: Standard_[^ ]*Standard_DS2_v2,[^ ]*\. Find out more on the available VM sizes in each region at <https:\/\/aka\.ms\/azureregions>\.$/;
  const nul = await putPool("newpool", { vmSize: "Standard_DS2_v2\u0000", count: 1 });
  assertAksError(nul, 400, "InvalidParameter", new RegExp(`^The requested VM size Standard_DS2_v2\u0000${tail.source}`), "vmSize");
  const junk = await putPool("newpool", { vmSize: "\u0001".repeat(100_000), count: 1 });
  assertAksError(junk, 400, "InvalidParameter", new RegExp(`^The requested VM size \u0001{61}\\.\\.\\.${tail.source}`), "vmSize");
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "newpool"))), 404);
});

test("the autoscaler without minCount: 400 InvalidParameter 'Required parameter agentPoolProfile.minCount is missing (null).'", async () => {
  assertAksError(await putPool("autopool", { count: 1, enableAutoScaling: true, maxCount: 3 }), 400, "InvalidParameter", "Required parameter agentPoolProfile.minCount is missing (null).", "agentPoolProfile.minCount");
});

test("osDiskSizeGB 10 on a new pool: 400 with AKS's text (no target)", async () => {
  assertAksError(await putPool("diskpool", { count: 1, osDiskSizeGB: 10 }), 400, "InvalidParameter", "The OSDiskSize for Agent diskpool cannot be less than 30GB or larger than 2048GB.", null);
});

test("a full PUT of the current model (GET, then PUT it back) is accepted, for the cluster and for a pool", async () => {
  const cluster = (await emu.request("GET", q(mcPath("rg1", "c1")))).json;
  const res = await emu.request("PUT", q(mcPath("rg1", "c1")), { body: cluster });
  assertStatus(res, 200);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");

  const pool = (await emu.request("GET", q(apPath("rg1", "c1", "userpool")))).json;
  const poolRes = await emu.request("PUT", q(apPath("rg1", "c1", "userpool")), { body: pool });
  assertStatus(poolRes, 200);
  assert.equal((await finish(emu, String(header(poolRes, "azure-asyncoperation")))).status, "Succeeded");
  const after = await getPool("userpool");
  assert.deepEqual([after.vmSize, after.maxPods, after.osType, after.osDiskSizeGB], ["Standard_D4s_v5", 50, "Linux", 128]);
});

test("51 tags on a cluster (PUT and PATCH): ARM's 400 InvalidTags, wrapped, from the gateway", async () => {
  const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "v"]));
  const text = "Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'.";
  assertGatewayError(await putCluster({}, { tags }), 400, "InvalidTags", text);
  assertGatewayError(await emu.request("PATCH", q(mcPath("rg1", "c1")), { body: { tags } }), 400, "InvalidTags", text);
  assert.deepEqual((await emu.request("GET", q(mcPath("rg1", "c1")))).json.tags, { env: "dev" });
});

test("a tag name with '/' on a cluster, and a 257-character tag value on a resource group: ARM's texts", async () => {
  assertGatewayError(await emu.request("PATCH", q(mcPath("rg1", "c1")), { body: { tags: { "k8s.io/x": "1" } } }), 400, "InvalidTagNameCharacters", "The tag names 'k8s.io/x' have reserved characters '<,>,%,&,\\,?,/' or control characters.");
  const long = "v".repeat(257);
  assertGatewayError(await putGroup(emu, "rg2", { location: "eastus", tags: { k: long } }), 400, "InvalidTagValueLength", `Tag value too large. Following tag value '${long}' exceeded the maximum length. Maximum allowed length for tag value - '256' characters.`);
  assertStatus(await emu.request("GET", q(rgPath("rg2"), RG_API)), 404);
});

test("nodeTaints 'sku=gpu' (no effect) on a pool: 400 InvalidParameter, target agentPoolProfile.nodeTaints; the pool keeps its taints", async () => {
  const text = "The value of parameter agentPoolProfile.nodeTaints is invalid: invalid taint spec: 'sku=gpu'. Please see https://aka.ms/node-taints for more details.";
  assertAksError(await putPool("userpool", { nodeTaints: ["sku=gpu"] }), 400, "InvalidParameter", text, "agentPoolProfile.nodeTaints");
  assert.equal((await getPool("userpool")).nodeTaints, undefined);
});

test("nodeLabels in the kubernetes.azure.com prefix or with a bad value, through the pool and the cluster: 400 BadRequest with AKS's texts; no pool", async () => {
  assertAksError(await putPool("lblpool", { count: 1, nodeLabels: { "kubernetes.azure.com/aks-local-ssd": "true" } }), 400, "BadRequest", "Invalid node label key kubernetes.azure.com/aks-local-ssd. The 'kubernetes.azure.com' prefix is preserved by aks system labels", null);
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "lblpool"))), 404);
  assertAksError(await putCluster({ agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System", nodeLabels: { app: "_web" } }] }), 400, "BadRequest", "Node label 'app: _web' does not meet syntax and character specifications. Please see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/ for more details.", null);
});

test("a new System pool of Standard_DS1_v2: 400 SystemPoolSkuTooLow (real text), no pool", async () => {
  assertAksError(await putPool("syspool", { count: 1, vmSize: "Standard_DS1_v2", mode: "System" }), 400, "SystemPoolSkuTooLow", "System node pool must use VM sku with more than 2 cores and 4GB memory. Nodepool name: syspool.", null);
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "syspool"))), 404);
});

test("a pool tag with a null value, or 51 pool tags through the cluster: ARM's tag texts; the pool keeps its tags", async () => {
  assertGatewayError(await putPool("userpool", { tags: { env: null } }), 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'tags must be an object whose values are strings.'.");
  const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "v"]));
  assertGatewayError(await putCluster({ agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System", tags }] }), 400, "InvalidTags", "Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'.");
  assert.equal((await getPool("userpool")).tags, undefined);
});

test("a pool with labels, taints and tags is created, and a full PUT of it (GET, then PUT back) is accepted", async () => {
  const created = await putPool("tntpool", { count: 1, vmSize: "Standard_B2s", mode: "System", nodeLabels: { "example.com/role": "db", tier: "" }, nodeTaints: ["CriticalAddonsOnly=true:NoSchedule", "dedicated:NoExecute"], tags: { env: "dev" } });
  assertStatus(created, 201);
  assert.equal((await finish(emu, String(header(created, "azure-asyncoperation")))).status, "Succeeded");
  const pool = (await emu.request("GET", q(apPath("rg1", "c1", "tntpool")))).json;
  const res = await emu.request("PUT", q(apPath("rg1", "c1", "tntpool")), { body: pool });
  assertStatus(res, 200);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  const after = await getPool("tntpool");
  assert.deepEqual([after.nodeLabels, after.nodeTaints, after.tags], [{ "example.com/role": "db", tier: "" }, ["CriticalAddonsOnly=true:NoSchedule", "dedicated:NoExecute"], { env: "dev" }]);
});
