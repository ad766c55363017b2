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

// --- the hardening issue's remaining rules ---

const K8S_NAMESPACE_TEXT = "For Kubernetes version greater than or equal to 1.16, node label keys in the 'kubernetes.io' or 'k8s.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io). For more information, please check https://aka.ms/aks-node-labels-116.";

test("a node label in Kubernetes' namespace (node-role.kubernetes.io/...): 400 BadRequest with AKS's text, target 'key=value'; no pool", async () => {
  assertAksError(await putPool("rolepool", { count: 1, nodeLabels: { "node-role.kubernetes.io/control-plane": "NoSchedule" } }), 400, "BadRequest", K8S_NAMESPACE_TEXT, "node-role.kubernetes.io/control-plane=NoSchedule");
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "rolepool"))), 404);
  assertAksError(await putPool("userpool", { nodeLabels: { "kubernetes.io/os": "linux" } }), 400, "BadRequest", K8S_NAMESPACE_TEXT, "kubernetes.io/os=linux");
  assert.equal((await getPool("userpool")).nodeLabels, undefined);
});

test("a null node label value is stored and shown as the empty value; in a reserved namespace it is refused as 'key='", async () => {
  assertAksError(await putPool("userpool", { nodeLabels: { "node-role.kubernetes.io/eos": null } }), 400, "BadRequest", K8S_NAMESPACE_TEXT, "node-role.kubernetes.io/eos=");
  const res = await putPool("nullpool", { count: 1, nodeLabels: { tier: null, "node.kubernetes.io/lifecycle": "spot" } });
  assertStatus(res, 201);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  assert.deepEqual((await getPool("nullpool")).nodeLabels, { tier: "", "node.kubernetes.io/lifecycle": "spot" });
});

test("two taints with one key and effect (Azure/AKS#1412's input): 400 InvalidParameter, target agentPoolProfile.nodeTaints; the pool keeps its taints", async () => {
  const text = "The value of parameter agentPoolProfile.nodeTaints is invalid: taints must be unique by key and effect pair: 'app=app2:NoSchedule'. Please see https://aka.ms/node-taints for more details.";
  assertAksError(await putPool("userpool", { nodeTaints: ["app=app1:NoSchedule", "app=app2:NoSchedule"] }), 400, "InvalidParameter", text, "agentPoolProfile.nodeTaints");
  assert.equal((await getPool("userpool")).nodeTaints, undefined);
});

test("networkProfile.podCidr changed on an existing cluster: 400 PropertyChangeNotAllowed, target networkProfile.podCidr; the cluster keeps it", async () => {
  assertAksError(await putCluster({ networkProfile: { podCidr: "192.168.0.0/16" } }), 400, "PropertyChangeNotAllowed", "Changing property 'networkProfile.podCidr' is not allowed.", "networkProfile.podCidr");
  const network = (await emu.request("GET", q(mcPath("rg1", "c1")))).json.properties.networkProfile;
  assert.deepEqual([network.podCidr, network.podCidrs], ["10.244.0.0/16", ["10.244.0.0/16"]]);
});

test("kubenet to Azure CNI Overlay with a new pod CIDR is accepted (AKS's documented migration); back to kubenet is refused", async () => {
  const body = (networkProfile: Record<string, unknown>) => clusterBody({ properties: { dnsPrefix: "kube1", networkProfile } });
  await createCluster(emu, "rg1", "kube1", body({ networkPlugin: "kubenet" }));
  const res = await emu.request("PUT", q(mcPath("rg1", "kube1")), { body: body({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }) });
  assertStatus(res, 200);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  const network = (await emu.request("GET", q(mcPath("rg1", "kube1")))).json.properties.networkProfile;
  assert.deepEqual([network.networkPlugin, network.networkPluginMode, network.podCidr, network.serviceCidr], ["azure", "overlay", "192.168.0.0/16", "10.0.0.0/16"]);
  assertAksError(await emu.request("PUT", q(mcPath("rg1", "kube1")), { body: body({ networkPlugin: "kubenet" }) }), 400, "PropertyChangeNotAllowed", "Changing property 'networkProfile.networkPlugin' is not allowed.", "networkProfile.networkPlugin");
});

test("dnsPrefix and fqdnSubdomain together on a new cluster: 400 InvalidParameter, target fqdnSubdomain; no cluster", async () => {
  const text = "The value of parameter fqdnSubdomain is invalid. Error details: dnsPrefix and fqdnSubdomain cannot be used at same time.. Please see https://aka.ms/aks-naming-rules for more details.";
  assertAksError(await emu.request("PUT", q(mcPath("rg1", "both1")), { body: clusterBody({ properties: { dnsPrefix: "both1", fqdnSubdomain: "sub1" } }) }), 400, "InvalidParameter", text, "fqdnSubdomain");
  assertStatus(await emu.request("GET", q(mcPath("rg1", "both1"))), 404);
});

test("fqdnSubdomain cannot change, nor can a dnsPrefix be added to a cluster created with it: 400 PropertyChangeNotAllowed", async () => {
  const { dnsPrefix: _none, ...rest } = clusterBody().properties;
  const body = (extra: Record<string, unknown>) => ({ location: "eastus", properties: { ...rest, ...extra } });
  const created = await createCluster(emu, "rg1", "sub1", body({ fqdnSubdomain: "sub1" }));
  assert.deepEqual([created.properties.fqdnSubdomain, created.properties.dnsPrefix], ["sub1", undefined]);
  assertAksError(await emu.request("PUT", q(mcPath("rg1", "sub1")), { body: body({ fqdnSubdomain: "sub2" }) }), 400, "PropertyChangeNotAllowed", "Changing property 'fqdnSubdomain' is not allowed.", "fqdnSubdomain");
  assertAksError(await emu.request("PUT", q(mcPath("rg1", "sub1")), { body: body({ fqdnSubdomain: "sub1", dnsPrefix: "sub1" }) }), 400, "PropertyChangeNotAllowed", "Changing property 'dnsPrefix' is not allowed.", "dnsPrefix");
  assert.equal((await emu.request("GET", q(mcPath("rg1", "sub1")))).json.properties.fqdnSubdomain, "sub1");
});

test("Windows pools: osSKU defaults to Windows2022; a Linux SKU on Windows or a Windows SKU on Linux is 400 InvalidOSSKU; no pool", async () => {
  assertAksError(await putPool("win2", { count: 1, osType: "Windows", osSKU: "Ubuntu" }), 400, "InvalidOSSKU", "OSSKU='Ubuntu' is invalid, details: Unrecognized OSSKU", null);
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "win2"))), 404);
  assertAksError(await putPool("lin2", { count: 1, osSKU: "Windows2022" }), 400, "InvalidOSSKU", "OSSKU='Windows2022' is invalid, details: Unrecognized OSSKU", null);
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "lin2"))), 404);
  const res = await putPool("win1", { count: 1, osType: "Windows" });
  assertStatus(res, 201);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  assert.deepEqual([(await getPool("win1")).osType, (await getPool("win1")).osSKU], ["Windows", "Windows2022"]);
});

test("minCount raised above an autoscaled pool's count: accepted, and the pool scales up to minCount", async () => {
  const created = await putPool("autoscl", { count: 1, enableAutoScaling: true, minCount: 1, maxCount: 5 });
  assertStatus(created, 201);
  assert.equal((await finish(emu, String(header(created, "azure-asyncoperation")))).status, "Succeeded");
  const res = await putPool("autoscl", { minCount: 3 });
  assertStatus(res, 200);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  const pool = await getPool("autoscl");
  assert.deepEqual([pool.count, pool.minCount, pool.maxCount, pool.enableAutoScaling], [3, 3, 5, true]);
});

// --- VM sizes and zones per location, ephemeral OS disks, osSKU kept through a cluster PUT ---

test("a VM size westcentralus does not offer, and a zone there (it has none): AKS's 400s; no pool, no cluster", async () => {
  await createCluster(emu, "rg1", "wcus1", clusterBody({ location: "westcentralus", properties: { dnsPrefix: "wcus1" } }));
  const pool = (properties: Record<string, unknown>) => emu.request("PUT", q(apPath("rg1", "wcus1", "v6pool")), { body: { properties: { count: 1, ...properties } } });
  const notAllowed = /^The VM size of Standard_D4s_v6 is not allowed in your subscription in location 'westcentralus'\. The available VM sizes are '(standard_[a-z0-9_]+,)+standard_[a-z0-9_]+' For more details, please visit https:\/\/aka\.ms\/aks\/quotas-skus-regions$/;
  assertAksError(await pool({ vmSize: "Standard_D4s_v6" }), 400, "BadRequest", notAllowed, null);
  const zoneText = "The zone(s) '1' for resource 'v6pool' is not supported. The supported zones for location 'westcentralus' are ''";
  assertAksError(await pool({ availabilityZones: ["1"] }), 400, "AvailabilityZoneNotSupported", zoneText, "agentPoolProfile.availabilityZones");
  assertStatus(await emu.request("GET", q(apPath("rg1", "wcus1", "v6pool"))), 404);
  const zonal = clusterBody({ location: "westcentralus", properties: { dnsPrefix: "wcus2", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System", availabilityZones: ["1", "2"] }] } });
  assertAksError(await emu.request("PUT", q(mcPath("rg1", "wcus2")), { body: zonal }), 400, "AvailabilityZoneNotSupported", "The zone(s) '1,2' for resource 'nodepool1' is not supported. The supported zones for location 'westcentralus' are ''", "agentPoolProfile.availabilityZones");
  assertStatus(await emu.request("GET", q(mcPath("rg1", "wcus2"))), 404);
});

test("an ephemeral 128 GB OS disk on Standard_DS2_v2: 400 VMCacheSizeTooSmall (real text), no pool; on Standard_DS3_v2 it is the default", async () => {
  const text = "The virtual machine size Standard_DS2_v2 has a cache size of 92341796864 bytes, but the OS disk requires 137438953472 bytes. Use a VM size with larger cache or disable ephemeral OS.";
  assertAksError(await putPool("ephpool", { count: 1, vmSize: "Standard_DS2_v2", osDiskType: "Ephemeral" }), 400, "VMCacheSizeTooSmall", text, null);
  assertStatus(await emu.request("GET", q(apPath("rg1", "c1", "ephpool"))), 404);
  const res = await putPool("ephpool", { count: 1, vmSize: "Standard_DS3_v2" });
  assertStatus(res, 201);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  assert.deepEqual([(await getPool("ephpool")).osDiskType, (await getPool("ephpool")).osDiskSizeGB], ["Ephemeral", 128]);
});

test("a cluster PUT whose profile leaves out osSKU keeps the pool's AzureLinux", async () => {
  const created = await putPool("azlpool", { count: 1, osSKU: "AzureLinux" });
  assertStatus(created, 201);
  assert.equal((await finish(emu, String(header(created, "azure-asyncoperation")))).status, "Succeeded");
  const res = await putCluster({ agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System" }, { name: "azlpool", count: 1 }] });
  assertStatus(res, 200);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
  assert.equal((await getPool("azlpool")).osSKU, "AzureLinux");
});
