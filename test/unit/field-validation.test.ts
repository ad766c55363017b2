// Every field rule AKS (and ARM, for tags) applies to a managed cluster and its pools, as tables:
// formats and ranges, the autoscaler's bounds, VM sizes and zones in the location, and each
// property a PUT may not change once the resource exists (a re-sent, unchanged value is no change).
// Texts are literal here (ERROR-TEXTS.md and the issues each catalog entry cites).
import assert from "node:assert/strict";
import { test } from "node:test";
import { errorFactory, type ApiError } from "../../src/arm/api-error.js";
import { checkTags, TAG_ERRORS, type TagRefusal } from "../../src/arm/tags.js";
import { decideClusterPut } from "../../src/providers/containerservice/domain/cluster-put.js";
import { decidePoolPut } from "../../src/providers/containerservice/domain/pool-put.js";
import type { Json, PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import { validateClusterFields, validateCount, validatePool, withoutDefaultMarkers } from "../../src/providers/containerservice/domain/validation.js";
import { defaultOsSku } from "../../src/providers/containerservice/domain/os-sku.js";
import { checkPoolTags } from "../../src/providers/containerservice/domain/node-settings.js";
import type { AksRefusal } from "../../src/providers/containerservice/errors.js";
import { decideGroupPut } from "../../src/providers/resources/domain/groups.js";
import { cluster, KEY, pool, T0 } from "./support/records.js";
import { rendered } from "./support/refusals.js";
import { decided, ids, world } from "./support/world.js";

const NAMING = "Please see https://aka.ms/aks-naming-rules for more details.";
const invalid = (target: string) => ({ status: 400, code: "InvalidParameter", message: `The value of parameter ${target} is invalid. ${NAMING}`, target });
const changing = (target: string) => ({ status: 400, code: "PropertyChangeNotAllowed", message: `Changing property '${target}' is not allowed.`, target });
const COUNT_TAIL = "If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.";

type Wire = { status: number; code: string; message: string | RegExp; target?: string | undefined };

function assertWire(result: unknown, expected: Wire, render: (r: never) => ApiError = rendered as (r: never) => ApiError): void {
  assert.ok(typeof result === "object" && result !== null && "refused" in result, `expected a refusal, got ${JSON.stringify(result)?.slice(0, 200)}`);
  const err = render(result as never);
  assert.equal(err.status, expected.status);
  assert.equal(err.code, expected.code);
  if (typeof expected.message === "string") assert.equal(err.message, expected.message);
  else assert.match(err.message, expected.message);
  assert.equal(err.target, expected.target);
}

// ---------------------------------------------------------------------------------------------
// dnsPrefix: 1-54 letters, digits and hyphens, alphanumeric at both ends.

const DNS_OK = ["a", "7", "ab", "my-cluster-1", "A--b", "x".repeat(54)];
const DNS_BAD = ["", "-a", "a-", "dns prefix", "a\u0000", "a.b", "a_b", "😀", "dns😀", "x".repeat(55), "d".repeat(100_000)];

for (const v of DNS_OK) {
  test(`dnsPrefix ${JSON.stringify(v.slice(0, 20))} (${v.length} chars) is valid at creation`, () => {
    assert.equal(validateClusterFields({ dnsPrefix: v }), undefined);
  });
}
for (const v of DNS_BAD) {
  test(`dnsPrefix ${JSON.stringify(v.slice(0, 20))} (${v.length} chars) is refused, at creation and on an existing cluster`, () => {
    assertWire(validateClusterFields({ dnsPrefix: v }), invalid("dnsPrefix"));
    assertWire(validateClusterFields({ dnsPrefix: v }, { dnsPrefix: "c1" }), invalid("dnsPrefix"));
  });
}
test("dnsPrefix that is not a string is refused", () => {
  assertWire(validateClusterFields({ dnsPrefix: 42 }), invalid("dnsPrefix"));
});

// dnsPrefix or fqdnSubdomain at creation, not both (mirrored text: no real AKS body was found).
const bothNames: Wire = { status: 400, code: "InvalidParameter", message: `The value of parameter fqdnSubdomain is invalid. Error details: dnsPrefix and fqdnSubdomain cannot be used at same time.. ${NAMING}`, target: "fqdnSubdomain" };
const creationNames: [string, Json, Wire | undefined][] = [
  ["dnsPrefix only", { dnsPrefix: "dns1" }, undefined],
  ["fqdnSubdomain only", { fqdnSubdomain: "sub1" }, undefined],
  ["neither (az's default prefix is generated)", {}, undefined],
  ["both", { dnsPrefix: "dns1", fqdnSubdomain: "sub1" }, bothNames],
  ["both, with a bad dnsPrefix (named for its format first)", { dnsPrefix: "dns prefix", fqdnSubdomain: "sub1" }, invalid("dnsPrefix")],
];
for (const [name, given, expected] of creationNames) {
  test(`cluster creation: ${name}${expected ? " is refused" : " is accepted"}`, () => {
    const r = validateClusterFields(given);
    if (expected) assertWire(r, expected);
    else assert.equal(r, undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// Cluster properties fixed at creation. `stored` is the cluster's spec (defaults applied).

const STORED_CLUSTER: Json = { dnsPrefix: "dnsprefix1", fqdnSubdomain: "sub1", nodeResourceGroup: "MC_rg_c1_eastus", enableRBAC: true, networkProfile: { networkPlugin: "kubenet" } };
const KUBENET: Json = { networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"], serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" } };
const OVERLAY: Json = { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] } };

type ClusterCase = { name: string; given: Json; stored?: Json; refused?: Wire };
const clusterFixed: ClusterCase[] = [
  { name: "dnsPrefix changes", given: { dnsPrefix: "other" }, refused: changing("dnsPrefix") },
  { name: "dnsPrefix re-sent", given: { dnsPrefix: "dnsprefix1" } },
  { name: "dnsPrefix re-sent in another case (DNS names have none)", given: { dnsPrefix: "DNSPrefix1" } },
  { name: "fqdnSubdomain changes", given: { fqdnSubdomain: "sub2" }, refused: changing("fqdnSubdomain") },
  { name: "fqdnSubdomain re-sent", given: { fqdnSubdomain: "sub1" } },
  { name: "nodeResourceGroup changes", given: { nodeResourceGroup: "MC_other" }, refused: changing("nodeResourceGroup") },
  { name: "nodeResourceGroup re-sent in another case (group names have none)", given: { nodeResourceGroup: "mc_RG_c1_eastus" } },
  { name: "enableRBAC turned off", given: { enableRBAC: false }, refused: changing("enableRBAC") },
  { name: "enableRBAC re-sent", given: { enableRBAC: true } },
  { name: "enableRBAC false on a cluster that never named it (default true)", given: { enableRBAC: false }, stored: { dnsPrefix: "d" }, refused: changing("enableRBAC") },
  { name: "networkPlugin kubenet to azure (node subnet)", given: { networkProfile: { networkPlugin: "azure" } }, refused: changing("networkProfile.networkPlugin") },
  { name: "networkPlugin kubenet to none", given: { networkProfile: { networkPlugin: "none" } }, refused: changing("networkProfile.networkPlugin") },
  { name: "networkPlugin kubenet to Azure CNI Overlay (AKS's documented migration)", given: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" } } },
  { name: "networkPlugin azure to kubenet", given: { networkProfile: { networkPlugin: "kubenet" } }, stored: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" } }, refused: changing("networkProfile.networkPlugin") },
  { name: "networkPlugin re-sent", given: { networkProfile: { networkPlugin: "Kubenet" } } },
  { name: "networkProfile without networkPlugin", given: { networkProfile: { networkPolicy: "calico" } } },
  { name: "serviceCidr changes", given: { networkProfile: { serviceCidr: "10.1.0.0/16" } }, stored: { networkProfile: { networkPlugin: "kubenet", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" } }, refused: changing("networkProfile.serviceCidr") },
  { name: "dnsServiceIP changes", given: { networkProfile: { dnsServiceIP: "10.0.0.11" } }, stored: { networkProfile: { networkPlugin: "kubenet", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" } }, refused: changing("networkProfile.dnsServiceIP") },
  { name: "serviceCidr and dnsServiceIP re-sent", given: { networkProfile: { serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" } }, stored: { networkProfile: { networkPlugin: "kubenet", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" } } },
  { name: "serviceCidrs changes", given: { networkProfile: { serviceCidrs: ["10.1.0.0/16"] } }, stored: { networkProfile: { networkPlugin: "kubenet", serviceCidrs: ["10.0.0.0/16"] } }, refused: changing("networkProfile.serviceCidrs") },
  { name: "podCidr changes on a kubenet cluster", given: { networkProfile: { podCidr: "10.245.0.0/16" } }, stored: KUBENET, refused: changing("networkProfile.podCidr") },
  { name: "podCidr changes on an overlay cluster", given: { networkProfile: { podCidr: "192.168.0.0/16" } }, stored: OVERLAY, refused: changing("networkProfile.podCidr") },
  { name: "podCidrs changes on an overlay cluster", given: { networkProfile: { podCidrs: ["192.168.0.0/16"] } }, stored: OVERLAY, refused: changing("networkProfile.podCidrs") },
  { name: "podCidr re-sent", given: { networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] } }, stored: KUBENET },
  { name: "kubenet to overlay keeping the pod CIDR (AKS's migration)", given: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" } }, stored: KUBENET },
  { name: "kubenet to overlay with a new pod CIDR (AKS's migration)", given: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16"] } }, stored: KUBENET },
  { name: "a new pod CIDR without the migration's networkPluginMode", given: { networkProfile: { networkPlugin: "azure", podCidr: "192.168.0.0/16" } }, stored: KUBENET, refused: changing("networkProfile.networkPlugin") },
  { name: "Azure CNI node subnet to overlay with a pod CIDR (AKS's migration)", given: { networkProfile: { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" } }, stored: { networkProfile: { networkPlugin: "azure", podCidr: "10.244.0.0/16" } } },
  { name: "overlay back to node subnet (the migration is one way)", given: { networkProfile: { networkPluginMode: "none" } }, stored: OVERLAY, refused: changing("networkProfile.networkPluginMode") },
  { name: "networkPluginMode overlay on a kubenet cluster without the plugin change", given: { networkProfile: { networkPluginMode: "overlay" } }, stored: KUBENET, refused: changing("networkProfile.networkPluginMode") },
  { name: "the migration does not free the service network", given: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", serviceCidr: "10.1.0.0/16" } }, stored: KUBENET, refused: changing("networkProfile.serviceCidr") },
  { name: "dnsPrefix added to a cluster created with fqdnSubdomain (Azure/terraform-azurerm-avm-res-containerservice-managedcluster#166)", given: { dnsPrefix: "dns1", fqdnSubdomain: "sub1" }, stored: { fqdnSubdomain: "sub1" }, refused: changing("dnsPrefix") },
  { name: "fqdnSubdomain added to a cluster created with dnsPrefix", given: { fqdnSubdomain: "sub1" }, stored: { dnsPrefix: "dns1" }, refused: changing("fqdnSubdomain") },
  { name: "nothing named", given: {} },
];
for (const c of clusterFixed) {
  test(`cluster field: ${c.name}${c.refused ? " is refused" : " is accepted"}`, () => {
    const r = validateClusterFields(c.given, c.stored ?? STORED_CLUSTER);
    if (c.refused) assertWire(r, c.refused);
    else assert.equal(r, undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// Pool formats and ranges (new pools: no `stored`). `spec` is what would be stored.

const baseSpec = (over: Json = {}): Json => ({ count: 3, vmSize: "Standard_DS2_v2", osDiskSizeGB: 128, osDiskType: "Managed", kubeletDiskType: "OS", maxPods: 110, type: "VirtualMachineScaleSets", osType: "Linux", mode: "User", enableAutoScaling: false, ...over });
const newPool = (over: Json, name = "pool1") => validatePool({ name, location: "eastus", given: over, spec: baseSpec(over) });

const VM_LIST = /^The requested VM size (.*) is not available in the current region\. The sizes available in the current region are: (Standard_[A-Za-z0-9_]+,)+Standard_[A-Za-z0-9_]+\. Find out more on the available VM sizes in each region at <https:\/\/aka\.ms\/azureregions>\.$/;
const vmRefused = (shown: string): Wire => ({ status: 400, code: "InvalidParameter", message: new RegExp(`^The requested VM size ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not available in the current region\\. `), target: "vmSize" });

type PoolCase = { name: string; over: Json; pool?: string; refused?: Wire };
const poolFormats: PoolCase[] = [
  // maxPods: 10-250 for every network plugin; a System pool needs at least 30.
  { name: "maxPods -5", over: { maxPods: -5 }, refused: invalid("agentPoolProfile.maxPods") },
  { name: "maxPods 0", over: { maxPods: 0 }, refused: invalid("agentPoolProfile.maxPods") },
  { name: "maxPods 9", over: { maxPods: 9 }, refused: invalid("agentPoolProfile.maxPods") },
  { name: "maxPods 10", over: { maxPods: 10 } },
  { name: "maxPods 250", over: { maxPods: 250 } },
  { name: "maxPods 251", over: { maxPods: 251 }, refused: invalid("agentPoolProfile.maxPods") },
  { name: "maxPods 29 on a System pool", over: { maxPods: 29, mode: "System" }, refused: invalid("agentPoolProfile.maxPods") },
  { name: "maxPods 30 on a System pool", over: { maxPods: 30, mode: "System" } },
  // osDiskSizeGB: 30-2048.
  { name: "osDiskSizeGB 29", over: { osDiskSizeGB: 29 }, refused: { status: 400, code: "InvalidParameter", message: "The OSDiskSize for Agent pool1 cannot be less than 30GB or larger than 2048GB.", target: undefined } },
  { name: "osDiskSizeGB 30", over: { osDiskSizeGB: 30 } },
  { name: "osDiskSizeGB 2048", over: { osDiskSizeGB: 2048 } },
  { name: "osDiskSizeGB 2049", over: { osDiskSizeGB: 2049 }, refused: { status: 400, code: "InvalidParameter", message: "The OSDiskSize for Agent pool1 cannot be less than 30GB or larger than 2048GB.", target: undefined } },
  // VM sizes offered in the location (case-insensitive, as Azure matches them).
  { name: "vmSize Standard_DS2_v2 (the default)", over: { vmSize: "Standard_DS2_v2" } },
  { name: "vmSize Standard_DS1_v2 (the REST spec's examples)", over: { vmSize: "Standard_DS1_v2" } },
  { name: "vmSize standard_d4s_v5 (case-insensitive)", over: { vmSize: "standard_d4s_v5" } },
  { name: "vmSize Standard_E8ds_v5", over: { vmSize: "Standard_E8ds_v5" } },
  { name: "vmSize Standard_F16s_v2", over: { vmSize: "Standard_F16s_v2" } },
  { name: "vmSize Standard_B2ms", over: { vmSize: "Standard_B2ms" } },
  { name: "vmSize with a NUL at the end", over: { vmSize: "Standard_DS2_v2\u0000" }, refused: vmRefused("Standard_DS2_v2\u0000") },
  { name: "vmSize unknown", over: { vmSize: "Standard_Imaginary_v9" }, refused: vmRefused("Standard_Imaginary_v9") },
  { name: "vmSize empty", over: { vmSize: "" }, refused: vmRefused("") },
  { name: "vmSize of 100 000 control characters (shown cut to 64)", over: { vmSize: "\u0001".repeat(100_000) }, refused: vmRefused(`${"\u0001".repeat(61)}...`) },
  // Zones: eastus offers 1, 2 and 3 for most sizes (per location and size: vm-placement.test.ts).
  { name: "availabilityZones 1,2,3", over: { availabilityZones: ["1", "2", "3"] } },
  { name: "availabilityZones 4", over: { availabilityZones: ["1", "4"] }, refused: { status: 400, code: "AvailabilityZoneNotSupported", message: "The zone(s) '4' for resource 'pool1' is not supported. The supported zones for location 'eastus' are '1,2,3'", target: "agentPoolProfile.availabilityZones" } },
  { name: "availabilityZones with a NUL", over: { availabilityZones: ["\u0000"] }, refused: { status: 400, code: "AvailabilityZoneNotSupported", message: "The zone(s) '\u0000' for resource 'pool1' is not supported. The supported zones for location 'eastus' are '1,2,3'", target: "agentPoolProfile.availabilityZones" } },
  // Windows pools: names of at most 6 characters, never System.
  { name: "a Windows pool named win1", over: { osType: "Windows" }, pool: "win1" },
  { name: "a Windows pool named windows7", over: { osType: "Windows" }, pool: "windows7", refused: invalid("agentPoolProfile.name") },
  { name: "a Windows System pool", over: { osType: "Windows", mode: "System" }, pool: "win1", refused: invalid("agentPoolProfile.osType") },
  // The autoscaler's bounds.
  { name: "autoscaler without minCount", over: { enableAutoScaling: true, maxCount: 5 }, refused: { status: 400, code: "InvalidParameter", message: "Required parameter agentPoolProfile.minCount is missing (null).", target: "agentPoolProfile.minCount" } },
  { name: "autoscaler without maxCount", over: { enableAutoScaling: true, minCount: 1 }, refused: { status: 400, code: "InvalidParameter", message: "Required parameter agentPoolProfile.maxCount is missing (null).", target: "agentPoolProfile.maxCount" } },
  { name: "autoscaler minCount -1", over: { enableAutoScaling: true, minCount: -1, maxCount: 5 }, refused: invalid("agentPoolProfile.minCount") },
  { name: "autoscaler minCount 0 on a User pool", over: { enableAutoScaling: true, minCount: 0, maxCount: 5 } },
  { name: "autoscaler minCount 0 on a System pool", over: { enableAutoScaling: true, minCount: 0, maxCount: 5, mode: "System" }, refused: invalid("agentPoolProfile.minCount") },
  { name: "autoscaler maxCount 0", over: { enableAutoScaling: true, minCount: 0, maxCount: 0 }, refused: invalid("agentPoolProfile.maxCount") },
  { name: "autoscaler maxCount 1001", over: { enableAutoScaling: true, minCount: 1, maxCount: 1001 }, refused: invalid("agentPoolProfile.maxCount") },
  { name: "autoscaler minCount above maxCount", over: { enableAutoScaling: true, minCount: 6, maxCount: 5 }, refused: invalid("agentPoolProfile.minCount") },
  { name: "autoscaler 1-1000", over: { enableAutoScaling: true, minCount: 1, maxCount: 1000 } },
  { name: "minCount/maxCount without the autoscaler are not checked", over: { minCount: 9, maxCount: 2 } },
];
for (const c of poolFormats) {
  test(`pool field: ${c.name}${c.refused ? " is refused" : " is accepted"}`, () => {
    const r = newPool(c.over, c.pool);
    if (c.refused) assertWire(r, c.refused);
    else assert.equal(r, undefined);
  });
}

test("the VM size text lists every size offered, comma-separated, including the default", () => {
  const err = rendered(newPool({ vmSize: "Standard_Nope" }) as AksRefusal);
  assert.match(err.message, VM_LIST);
  const list = err.message.split("are: ")[1]!.split(". Find out more")[0]!.split(",");
  for (const s of ["Standard_DS2_v2", "Standard_DS1_v2", "Standard_D4s_v3", "Standard_D4s_v5"]) assert.ok(list.includes(s), s);
  assert.equal(new Set(list).size, list.length, "no size twice");
});

// Counts, with and without the autoscaler.
type CountCase = { name: string; spec: Json; created?: boolean; count?: number; refused?: Wire };
const countCases: CountCase[] = [
  { name: "count absent: 1", spec: {}, count: 1 },
  { name: "count 0 on a User pool", spec: { count: 0 }, count: 0 },
  { name: "count 0 on a System pool", spec: { count: 0, mode: "System" }, refused: { status: 400, code: "InvalidParameter", message: `agentPoolProfile.count was 0. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. ${COUNT_TAIL}` } },
  { name: "count 1001", spec: { count: 1001 }, refused: { status: 400, code: "InvalidParameter", message: `agentPoolProfile.count was 1001. It must be greater or equal to minCount:0 and less than or equal to maxCount:1000. ${COUNT_TAIL}` } },
  { name: "autoscaler, count absent: minCount", spec: { enableAutoScaling: true, minCount: 2, maxCount: 5 }, count: 2 },
  { name: "autoscaler, count within bounds", spec: { enableAutoScaling: true, minCount: 2, maxCount: 5, count: 5 }, count: 5 },
  { name: "autoscaler, count below minCount at creation", spec: { enableAutoScaling: true, minCount: 2, maxCount: 5, count: 1 }, refused: { status: 400, code: "InvalidParameter", message: `agentPoolProfile.count was 1. It must be greater or equal to minCount:2 and less than or equal to maxCount:5. ${COUNT_TAIL}` } },
  { name: "autoscaler, count above maxCount at creation", spec: { enableAutoScaling: true, minCount: 2, maxCount: 5, count: 6 }, refused: { status: 400, code: "InvalidParameter", message: `agentPoolProfile.count was 6. It must be greater or equal to minCount:2 and less than or equal to maxCount:5. ${COUNT_TAIL}` } },
  // AKS's autoscaler enforces the minimum on an existing pool (Azure/AKS release 2021-07-22).
  { name: "autoscaler, minCount raised above an existing pool's count: scaled up to minCount", spec: { enableAutoScaling: true, minCount: 4, maxCount: 5, count: 3 }, created: false, count: 4 },
  { name: "autoscaler turned on for an existing pool below minCount: scaled up to minCount", spec: { enableAutoScaling: true, minCount: 2, maxCount: 5, count: 0 }, created: false, count: 2 },
  { name: "autoscaler, an existing pool within its bounds keeps its count", spec: { enableAutoScaling: true, minCount: 1, maxCount: 5, count: 3 }, created: false, count: 3 },
  { name: "autoscaler, maxCount lowered below an existing pool's count: left alone (the autoscaler scales it in)", spec: { enableAutoScaling: true, minCount: 1, maxCount: 2, count: 3 }, created: false, count: 3 },
];
for (const c of countCases) {
  test(`pool count: ${c.name}`, () => {
    const r = validateCount(c.spec, "agentPoolProfile.count", { created: c.created ?? true });
    if (c.refused) assertWire(r, { ...c.refused, target: undefined });
    else assert.equal(r, c.count);
  });
}

// ---------------------------------------------------------------------------------------------
// Pool properties fixed at creation: each one, changed (refused, target agentPoolProfile.<p>) and
// re-sent as stored (accepted, also in another case where AKS ignores case).

const STORED_POOL: Json = {
  ...baseSpec(),
  vnetSubnetID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes",
  podSubnetID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods",
  availabilityZones: ["1", "2", "3"],
  enableNodePublicIP: false,
  nodePublicIPPrefixID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPPrefixes/p",
  scaleSetPriority: "Spot",
  scaleSetEvictionPolicy: "Delete",
  enableEncryptionAtHost: false,
  enableUltraSSD: false,
  gpuInstanceProfile: "MIG1g",
};
const FIXED: [string, unknown, unknown][] = [
  // property, a changed value, the stored value in another spelling
  ["vmSize", "Standard_D4s_v5", "standard_ds2_v2"],
  ["osType", "Windows", "linux"],
  ["osDiskSizeGB", 256, 128],
  ["osDiskType", "Ephemeral", "managed"],
  ["kubeletDiskType", "Temporary", "os"],
  ["maxPods", 30, 110],
  ["vnetSubnetID", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/other", "/subscriptions/S/resourcegroups/RG/providers/microsoft.network/virtualNetworks/v/subnets/nodes"],
  ["podSubnetID", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/other", "/SUBSCRIPTIONS/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods"],
  ["availabilityZones", ["1"], ["3", "1", "2"]],
  ["enableNodePublicIP", true, false],
  ["nodePublicIPPrefixID", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPPrefixes/q", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPPrefixes/P"],
  ["scaleSetPriority", "Regular", "spot"],
  ["scaleSetEvictionPolicy", "Deallocate", "delete"],
  ["enableEncryptionAtHost", true, false],
  ["enableUltraSSD", true, false],
  ["gpuInstanceProfile", "MIG7g", "mig1g"],
  ["type", "AvailabilitySet", "virtualMachineScaleSets"],
];
const existingPool = (given: Json) => validatePool({ name: "pool1", location: "eastus", given, spec: { ...STORED_POOL, ...given }, stored: STORED_POOL });

for (const [p, changed, same] of FIXED) {
  test(`pool fixed property ${p}: a change is refused`, () => {
    assertWire(existingPool({ [p]: changed }), changing(`agentPoolProfile.${p}`));
  });
  test(`pool fixed property ${p}: the stored value re-sent is accepted`, () => {
    assert.equal(existingPool({ [p]: STORED_POOL[p] }), undefined);
    assert.equal(existingPool({ [p]: same }), undefined);
  });
}
test("pool fixed properties: the whole stored model re-sent is accepted", () => {
  assert.equal(existingPool({ ...STORED_POOL }), undefined);
});
test("pool fixed properties: left out is unchanged", () => {
  assert.equal(existingPool({ count: 5 }), undefined);
});
test("pool fixed properties: defaults stand for absent stored values (Regular priority, no zones, no public IP)", () => {
  const stored = baseSpec();
  const r = validatePool({ name: "pool1", location: "eastus", given: { scaleSetPriority: "Regular", availabilityZones: [], enableNodePublicIP: false, enableUltraSSD: false }, spec: stored, stored });
  assert.equal(r, undefined);
});
test("pool fixed properties: a changed value with a bad format is named for its format first", () => {
  assertWire(existingPool({ vmSize: "Standard_DS2_v2\u0000" }), vmRefused("Standard_DS2_v2\u0000"));
  assertWire(existingPool({ maxPods: -5 }), invalid("agentPoolProfile.maxPods"));
});
test("pool mutable properties change freely (count, mode, labels, taints, osSKU, FIPS)", () => {
  assert.equal(existingPool({ count: 7, mode: "System", nodeLabels: { a: "b" }, nodeTaints: ["k=v:NoSchedule"], osSKU: "AzureLinux", enableFIPS: true }), undefined);
});

// ---------------------------------------------------------------------------------------------
// Through the decisions: the hostile client's requests, and full PUTs of the current model.

const NOW = T0 + 90_000;
const storedPool = (name: string, over: Json = {}): PoolRecord => pool(name, { spec: { ...baseSpec({ mode: name === "nodepool1" ? "System" : "User", orchestratorVersion: "1.32.7", upgradeSettings: { maxSurge: "10%" } }), ...over } });

function poolPut(name: string, properties: Json, pools: PoolRecord[] = [storedPool("nodepool1"), storedPool("userpool", { count: 2 })]) {
  const c = cluster({ spec: { kubernetesVersion: "1.32.7", dnsPrefix: "dnsprefix1", networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" } } });
  const existing = pools.find((p) => p.name === name);
  return decidePoolPut({
    world: world(c, ...pools),
    clusterKey: KEY,
    poolName: name,
    poolId: `${c.id}/agentPools/${name}`,
    body: { properties },
    existing,
    active: [],
    now: NOW,
    actorId: "actor-1",
    actorType: "User",
    newId: ids("op"),
    vmssDigits: "87654321",
  });
}

const hostilePool: [string, string, Json, Wire][] = [
  ["maxPods -5 on an existing pool", "userpool", { maxPods: -5 }, invalid("agentPoolProfile.maxPods")],
  ["maxPods -5 on a new pool", "newpool", { maxPods: -5 }, invalid("agentPoolProfile.maxPods")],
  ["osType Windows on a Linux pool", "userpool", { osType: "Windows" }, changing("agentPoolProfile.osType")],
  ["vmSize with a NUL on a new pool", "newpool", { vmSize: "Standard_DS2_v2\u0000" }, vmRefused("Standard_DS2_v2\u0000")],
  ["vmSize of 100 KB of \\u0001 on a new pool", "newpool", { vmSize: "\u0001".repeat(100_000) }, vmRefused(`${"\u0001".repeat(61)}...`)],
  ["vmSize changed on an existing pool", "userpool", { vmSize: "Standard_D4s_v5" }, changing("agentPoolProfile.vmSize")],
];
for (const [name, poolName, properties, expected] of hostilePool) {
  test(`pool PUT: ${name} is refused`, () => assertWire(poolPut(poolName, properties), expected));
}

test("pool PUT: the pool's current model re-sent (as az and the SDKs do) is accepted", () => {
  const up = storedPool("userpool", { count: 2 });
  const d = decided(poolPut("userpool", { ...up.spec, vmSize: "standard_ds2_v2", osDiskSizeGB: 0 }));
  assert.equal(d.pool.spec["vmSize"], "standard_ds2_v2");
  assert.equal(d.pool.spec["osDiskSizeGB"], 128, "osDiskSizeGB 0 asks for the default: the stored size stays");
});
test("pool PUT: a new autoscaled pool without a count starts at its minCount", () => {
  const d = decided(poolPut("newpool", { enableAutoScaling: true, minCount: 2, maxCount: 4 }));
  assert.equal(d.pool.spec["count"], 2);
  assert.equal(d.operation.steps.filter((s) => s.action.type === "addNode").length, 2);
});
test("pool PUT: osDiskSizeGB 0 on a new pool is the default size", () => {
  assert.equal(decided(poolPut("newpool", { osDiskSizeGB: 0 })).pool.spec["osDiskSizeGB"], 128);
});

const IDS = { subscriptionId: "s", resourceGroup: "rg", name: "c1", id: cluster().id, key: KEY };
function clusterPut(properties: Json, existing = true, envelope: Json = {}) {
  const pools = [storedPool("nodepool1")];
  const c = cluster({ spec: { kubernetesVersion: "1.32.7", dnsPrefix: "dnsprefix1", enableRBAC: true, nodeResourceGroup: "MC_rg_c1_eastus", networkProfile: { networkPlugin: "kubenet" } } });
  return decideClusterPut({
    ids: IDS,
    location: "eastus",
    body: { location: "eastus", ...envelope, properties },
    existing: existing ? c : undefined,
    pools: existing ? pools : [],
    active: [],
    now: NOW,
    actor: { id: "actor-1", type: "User", tenantId: "tenant-1" },
    newId: ids("gen"),
  });
}
const profile = (over: Json = {}) => ({ name: "nodepool1", ...baseSpec({ mode: "System" }), ...over });

const hostileCluster: [string, Json, boolean, Wire][] = [
  ["dnsPrefix of 100 KB on an existing cluster", { dnsPrefix: "d".repeat(100_000), agentPoolProfiles: [profile()] }, true, invalid("dnsPrefix")],
  ["dnsPrefix 'dns prefix' on an existing cluster", { dnsPrefix: "dns prefix", agentPoolProfiles: [profile()] }, true, invalid("dnsPrefix")],
  ["dnsPrefix 'a\\u0000' on an existing cluster", { dnsPrefix: "a\u0000", agentPoolProfiles: [profile()] }, true, invalid("dnsPrefix")],
  ["dnsPrefix with an emoji on a new cluster", { dnsPrefix: "c😀", agentPoolProfiles: [profile()] }, false, invalid("dnsPrefix")],
  ["a valid but different dnsPrefix on an existing cluster", { dnsPrefix: "other", agentPoolProfiles: [profile()] }, true, changing("dnsPrefix")],
  ["networkPlugin azure on a kubenet cluster", { networkProfile: { networkPlugin: "azure" }, agentPoolProfiles: [profile()] }, true, changing("networkProfile.networkPlugin")],
  ["a pool's vmSize changed through the cluster", { agentPoolProfiles: [profile({ vmSize: "Standard_D8s_v5" })] }, true, changing("agentPoolProfile.vmSize")],
  ["a pool's maxPods -5 through the cluster", { agentPoolProfiles: [profile({ maxPods: -5 })] }, true, invalid("agentPoolProfile.maxPods")],
  ["a new pool with an unknown vmSize through the cluster", { agentPoolProfiles: [profile(), { name: "extra", vmSize: "Standard_X" }] }, true, vmRefused("Standard_X")],
];
for (const [name, properties, existing, expected] of hostileCluster) {
  test(`cluster PUT: ${name} is refused`, () => assertWire(clusterPut(properties, existing), expected));
}

test("cluster PUT: the cluster's current model re-sent is accepted and changes nothing fixed", () => {
  const d = decided(clusterPut({ kubernetesVersion: "1.32.7", dnsPrefix: "DNSPREFIX1", enableRBAC: true, nodeResourceGroup: "MC_rg_c1_eastus", networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [profile()] }));
  assert.equal(d.world.cluster.spec["dnsPrefix"], "dnsprefix1", "the stored prefix stays");
});
test("cluster PUT: a profile that leaves out fixed properties keeps the pool's (no silent VM size change)", () => {
  const d = decided(clusterPut({ agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }] }));
  const p = d.world.pools.get("nodepool1")!;
  assert.deepEqual([p.spec["vmSize"], p.spec["maxPods"], p.spec["osDiskSizeGB"]], ["Standard_DS2_v2", 110, 128]);
});
test("cluster PUT: a profile that leaves out osSKU keeps the pool's (AzureLinux is not reset to Ubuntu)", () => {
  const pools = [storedPool("nodepool1", { osSKU: "AzureLinux", enableFIPS: true })];
  const d = decided(decideClusterPut({ ids: IDS, location: "eastus", body: { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }] } }, existing: cluster({ spec: { kubernetesVersion: "1.32.7", dnsPrefix: "dnsprefix1" } }), pools, active: [], now: NOW, actor: { id: "actor-1", type: "User", tenantId: "tenant-1" }, newId: ids("gen") }));
  const p = d.world.pools.get("nodepool1")!;
  assert.deepEqual([p.spec["osSKU"], p.spec["enableFIPS"]], ["AzureLinux", true]);
});
test("cluster PUT: a networkProfile without networkPlugin keeps kubenet (new pools get kubenet's 110 pods)", () => {
  const d = decided(clusterPut({ networkProfile: { networkPolicy: "calico" }, agentPoolProfiles: [profile(), { name: "extra", count: 1 }] }));
  assert.equal((d.world.cluster.spec["networkProfile"] as Json)["networkPlugin"], "kubenet");
  assert.equal(d.world.pools.get("extra")!.spec["maxPods"], 110);
});
test("cluster PUT: kubenet to Azure CNI Overlay is accepted", () => {
  const d = decided(clusterPut({ networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" }, agentPoolProfiles: [profile()] }));
  assert.equal((d.world.cluster.spec["networkProfile"] as Json)["networkPlugin"], "azure");
});

// ---------------------------------------------------------------------------------------------
// ARM's tag limits (resource groups and clusters alike): 50 tags, names 1-512 characters without
// < > % & \ ? / or control characters, values up to 256 characters.

const { error: tagError } = errorFactory(TAG_ERRORS);
const renderTag = (r: TagRefusal) => tagError(r.refused, ...([r.params] as [never]));
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
const tagWire = (code: string, message: string): Wire => ({ status: 400, code, message, target: undefined });

const tagCases: [string, Record<string, string> | undefined, Wire | undefined][] = [
  ["no tags", undefined, undefined],
  ["empty map", {}, undefined],
  ["50 tags", many(50), undefined],
  ["51 tags", many(51), tagWire("InvalidTags", "Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'.")],
  ["an empty name", { "": "v" }, tagWire("InvalidTagName", "The tag name must be non-null, non-empty and non-whitespace only. Please provide an actual value.")],
  ["a whitespace name", { "  ": "v" }, tagWire("InvalidTagName", "The tag name must be non-null, non-empty and non-whitespace only. Please provide an actual value.")],
  ...["<", ">", "%", "&", "\\", "?", "/", "\u0000", "\u0007", "\u007f", "\u0085"].map(
    (ch): [string, Record<string, string>, Wire] => [`a name with ${JSON.stringify(ch)}`, { ok: "1", [`a${ch}b`]: "v" }, tagWire("InvalidTagNameCharacters", `The tag names 'a${ch}b' have reserved characters '<,>,%,&,\\,?,/' or control characters.`)],
  ),
  ["two bad names, both listed", { "a/b": "1", "c<d": "2" }, tagWire("InvalidTagNameCharacters", "The tag names 'a/b, c<d' have reserved characters '<,>,%,&,\\,?,/' or control characters.")],
  ["names with . - _ : = + @ and spaces", { "kubernetes.io-x_y:z=+@ w": "v", "Cost Center": "1" }, undefined],
  ["a 512-character name", { ["n".repeat(512)]: "v" }, undefined],
  ["a 513-character name", { ["n".repeat(513)]: "v" }, tagWire("InvalidTagName", `Tag key too large. Following tag name '${"n".repeat(513)}' exceeded the maximum length. Maximum allowed length for tag name - '512' characters.`)],
  ["a 256-character value", { k: "v".repeat(256) }, undefined],
  ["a 257-character value", { k: "v".repeat(257) }, tagWire("InvalidTagValueLength", `Tag value too large. Following tag value '${"v".repeat(257)}' exceeded the maximum length. Maximum allowed length for tag value - '256' characters.`)],
  ["an empty value", { k: "" }, undefined],
];
for (const [name, tags, expected] of tagCases) {
  test(`tags: ${name}${expected ? " is refused" : " is accepted"}`, () => {
    const r = checkTags(tags);
    if (!expected) return assert.equal(r, undefined);
    assertWire(r, { ...expected, status: 400 }, renderTag as (r: never) => ApiError);
    assert.equal(renderTag(r!).envelope, "gateway");
  });
}

test("resource group PUT: tags over ARM's limits are refused, within them stored", () => {
  const put = (tags: Record<string, string>) => decideGroupPut({ sub: "s", name: "rg1", location: "eastus", tags, managedBy: undefined, existing: undefined });
  const refused = put(many(51));
  assert.ok("refused" in refused && refused.refused === "tooManyTags");
  const refusedChars = put({ "a%b": "1" });
  assert.ok("refused" in refusedChars && refusedChars.refused === "tagNameCharacters");
  const ok = put(many(50));
  assert.ok(!("refused" in ok) && Object.keys(ok.tags ?? {}).length === 50);
});

// ---------------------------------------------------------------------------------------------
// Node labels: Kubernetes' syntax (Azure/AKS#1538's text) and AKS's reserved kubernetes.azure.com
// prefix (ams0/aks-nvme-ssd-provisioner#5's text), both code BadRequest without a target; and
// Kubernetes' own namespaces (Azure/AKS#4613's text), BadRequest with target 'key=value'.

const labelSyntax = (key: string, value: string): Wire => ({ status: 400, code: "BadRequest", message: `Node label '${key}: ${value}' does not meet syntax and character specifications. Please see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/ for more details.`, target: undefined });
const labelReserved = (key: string): Wire => ({ status: 400, code: "BadRequest", message: `Invalid node label key ${key}. The 'kubernetes.azure.com' prefix is preserved by aks system labels`, target: undefined });
// Real (Azure/AKS#4613, #2866): target 'key=value'.
const labelNamespace = (target: string): Wire => ({ status: 400, code: "BadRequest", message: "For Kubernetes version greater than or equal to 1.16, node label keys in the 'kubernetes.io' or 'k8s.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io). For more information, please check https://aka.ms/aks-node-labels-116.", target });

const labelCases: { name: string; labels: Record<string, string>; over?: Json; refused?: Wire }[] = [
  { name: "a plain key and value", labels: { app: "web" } },
  { name: "a DNS prefix, dots, dashes and underscores", labels: { "example.com/my-app_v1.2": "a-b_c.d" } },
  { name: "an empty value", labels: { "example.company.com/label-name": "" } },
  { name: "a 63-character name and value", labels: { ["n".repeat(63)]: "v".repeat(63) } },
  { name: "a 253-character prefix", labels: { [`${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(61)}.${"d".repeat(67)}/x`]: "v" } },
  { name: "node.kubernetes.io/ prefix", labels: { "node.kubernetes.io/lifecycle": "spot" } },
  { name: "a 64-character name", labels: { ["n".repeat(64)]: "v" }, refused: labelSyntax("n".repeat(64), "v") },
  { name: "a 64-character value", labels: { k: "v".repeat(64) }, refused: labelSyntax("k", "v".repeat(64)) },
  { name: "a 254-character prefix", labels: { [`${"a".repeat(250)}.com/x`]: "v" }, refused: labelSyntax(`${"a".repeat(61)}...`, "v") },
  { name: "a value starting with '_'", labels: { k: "_codafication" }, refused: labelSyntax("k", "_codafication") },
  { name: "a value with a space", labels: { k: "a b" }, refused: labelSyntax("k", "a b") },
  { name: "a key ending with '-'", labels: { "app-": "1" }, refused: labelSyntax("app-", "1") },
  { name: "an empty key", labels: { "": "1" }, refused: labelSyntax("", "1") },
  { name: "an empty name after the prefix", labels: { "example.com/": "1" }, refused: labelSyntax("example.com/", "1") },
  { name: "two slashes", labels: { "a/b/c": "1" }, refused: labelSyntax("a/b/c", "1") },
  { name: "an upper-case prefix", labels: { "Example.com/x": "1" }, refused: labelSyntax("Example.com/x", "1") },
  { name: "a NUL in the value", labels: { k: "a\u0000" }, refused: labelSyntax("k", "a\u0000") },
  { name: "the reserved prefix", labels: { "kubernetes.azure.com/aks-local-ssd": "true" }, refused: labelReserved("kubernetes.azure.com/aks-local-ssd") },
  { name: "the reserved prefix, AKS's mode label", labels: { "kubernetes.azure.com/mode": "user" }, refused: labelReserved("kubernetes.azure.com/mode") },
  { name: "the Spot label on a Regular pool", labels: { "kubernetes.azure.com/scalesetpriority": "spot" }, refused: labelReserved("kubernetes.azure.com/scalesetpriority") },
  { name: "the Spot label on a Spot pool (AKS adds it and accepts it back)", labels: { "kubernetes.azure.com/scalesetpriority": "spot" }, over: { scaleSetPriority: "Spot" } },
  { name: "a subdomain of the reserved prefix is not the prefix", labels: { "x.kubernetes.azure.com/a": "1" } },
  // Kubernetes' namespaces: only kubelet's two (and their subdomains) are a pool's to set.
  { name: "node-restriction.kubernetes.io/ (Azure/AKS#2866)", labels: { "node-restriction.kubernetes.io/mvis": "true" }, refused: labelNamespace("node-restriction.kubernetes.io/mvis=true") },
  { name: "node-role.kubernetes.io/ with an empty value (terraform-provider-azurerm#18567)", labels: { nodepool: "defaultnodepool", "node-role.kubernetes.io/eos": "" }, refused: labelNamespace("node-role.kubernetes.io/eos=") },
  { name: "kubernetes.io/os (an AKS system label)", labels: { "kubernetes.io/os": "linux" }, refused: labelNamespace("kubernetes.io/os=linux") },
  { name: "topology.kubernetes.io/zone", labels: { "topology.kubernetes.io/zone": "1" }, refused: labelNamespace("topology.kubernetes.io/zone=1") },
  { name: "k8s.io/", labels: { "k8s.io/x": "1" }, refused: labelNamespace("k8s.io/x=1") },
  { name: "a subdomain of k8s.io", labels: { "example.k8s.io/x": "1" }, refused: labelNamespace("example.k8s.io/x=1") },
  { name: "kubelet.kubernetes.io/", labels: { "kubelet.kubernetes.io/role": "web" } },
  { name: "a subdomain of node.kubernetes.io", labels: { "team.node.kubernetes.io/x": "1" } },
  { name: "a domain merely ending in kubernetes.io", labels: { "mykubernetes.io/x": "1" } },
  { name: "a key named kubernetes.io, without a prefix", labels: { "kubernetes.io": "1" } },
];
for (const c of labelCases) {
  test(`nodeLabels: ${c.name}${c.refused ? " is refused" : " is accepted"}`, () => {
    const r = newPool({ nodeLabels: c.labels, ...c.over });
    if (c.refused) assertWire(r, c.refused);
    else assert.equal(r, undefined);
  });
}
test("nodeLabels: a null value is the empty value, judged as such", () => {
  const put = (nodeLabels: Json) => validatePool({ name: "pool1", location: "eastus", given: withoutDefaultMarkers({ nodeLabels }), spec: baseSpec(withoutDefaultMarkers({ nodeLabels })) });
  assert.deepEqual(withoutDefaultMarkers({ nodeLabels: { a: null, b: "x" } }), { nodeLabels: { a: "", b: "x" } });
  assert.equal(put({ a: null }), undefined);
  assertWire(put({ "node-role.kubernetes.io/x": null }), labelNamespace("node-role.kubernetes.io/x="));
  assertWire(put({ "kubernetes.azure.com/x": null }), labelReserved("kubernetes.azure.com/x"));
});
test("nodeLabels: a label stored before is not judged again, a new one is", () => {
  const stored = { ...STORED_POOL, nodeLabels: { "kubernetes.azure.com/legacy": "1", app: "web" } };
  const put = (nodeLabels: Json) => validatePool({ name: "pool1", location: "eastus", given: { nodeLabels }, spec: { ...stored, nodeLabels }, stored });
  assert.equal(put({ "kubernetes.azure.com/legacy": "1", app: "api" }), undefined);
  assertWire(put({ "kubernetes.azure.com/legacy": "2" }), labelReserved("kubernetes.azure.com/legacy"));
  assertWire(put({ app: "web", bad: "a b" }), labelSyntax("bad", "a b"));
});

// ---------------------------------------------------------------------------------------------
// Node taints: key=value:Effect or key:Effect, Kubernetes' key and value syntax, effect NoSchedule,
// PreferNoSchedule or NoExecute. Mirrored text (no real AKS body was found).

const taintRefused = (taint: string): Wire => ({ status: 400, code: "InvalidParameter", message: `The value of parameter agentPoolProfile.nodeTaints is invalid: invalid taint spec: '${taint}'. Please see https://aka.ms/node-taints for more details.`, target: "agentPoolProfile.nodeTaints" });
const TAINTS_OK = ["CriticalAddonsOnly=true:NoSchedule", "sku=gpu:NoSchedule", "dedicated:PreferNoSchedule", "example.com/role=db:NoExecute", "k=:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"];
const TAINTS_BAD = ["sku=gpu", "sku", "sku=gpu:NoScheduleX", "sku=gpu:noschedule", "sku=gpu:", ":NoSchedule", "=gpu:NoSchedule", "a=b=c:NoSchedule", "a=b:NoSchedule:NoExecute", "k=a b:NoSchedule", "k=_x:NoSchedule", `${"k".repeat(64)}=v:NoSchedule`, `k=${"v".repeat(64)}:NoSchedule`, "", "a/b/c=d:NoSchedule"];
for (const t of TAINTS_OK) {
  test(`nodeTaints ${JSON.stringify(t)} is accepted (also on a System pool)`, () => {
    assert.equal(newPool({ nodeTaints: [t] }), undefined);
    assert.equal(newPool({ nodeTaints: [t], mode: "System" }), undefined);
  });
}
for (const t of TAINTS_BAD) {
  test(`nodeTaints ${JSON.stringify(t.slice(0, 30))} is refused, target agentPoolProfile.nodeTaints`, () => {
    assertWire(newPool({ nodeTaints: ["ok=1:NoSchedule", t] }), taintRefused(t.length > 64 ? `${t.slice(0, 61)}...` : t));
  });
}
// Unique by key and effect (Kubernetes' rule; mirrored text, Azure/AKS#1412's input).
const taintDuplicate = (taint: string): Wire => ({ status: 400, code: "InvalidParameter", message: `The value of parameter agentPoolProfile.nodeTaints is invalid: taints must be unique by key and effect pair: '${taint}'. Please see https://aka.ms/node-taints for more details.`, target: "agentPoolProfile.nodeTaints" });
const taintSets: [string, string[], Wire | undefined][] = [
  ["one key, two values, one effect (Azure/AKS#1412)", ["app=app1:NoSchedule", "app=app2:NoSchedule"], taintDuplicate("app=app2:NoSchedule")],
  ["the same taint twice", ["k=v:NoExecute", "k=v:NoExecute"], taintDuplicate("k=v:NoExecute")],
  ["one key with and without a value, one effect", ["k:NoSchedule", "k=v:NoSchedule"], taintDuplicate("k=v:NoSchedule")],
  ["one key, two effects", ["k=v:NoSchedule", "k=v:NoExecute"], undefined],
  ["two keys, one effect", ["a=v:NoSchedule", "b=v:NoSchedule"], undefined],
  ["a malformed taint before a duplicate is named for its syntax", ["k=v:NoSchedule", "k=v:NoSchedule", "bad"], taintRefused("bad")],
];
for (const [name, nodeTaints, expected] of taintSets) {
  test(`nodeTaints: ${name}${expected ? " is refused" : " is accepted"}`, () => {
    const r = newPool({ nodeTaints });
    if (expected) assertWire(r, expected);
    else assert.equal(r, undefined);
  });
}
test("nodeTaints: a taint stored before is not judged again, a new one is", () => {
  const stored = { ...STORED_POOL, nodeTaints: ["legacy"] };
  const put = (nodeTaints: string[]) => validatePool({ name: "pool1", location: "eastus", given: { nodeTaints }, spec: { ...stored, nodeTaints }, stored });
  assert.equal(put(["legacy", "k=v:NoSchedule"]), undefined);
  assertWire(put(["legacy", "other"]), taintRefused("other"));
});

// ---------------------------------------------------------------------------------------------
// System pools need at least 2 vCPUs and 4 GiB (real text, MicrosoftDocs/azure-dev-docs#216).

const skuTooLow = (pool = "pool1"): Wire => ({ status: 400, code: "SystemPoolSkuTooLow", message: `System node pool must use VM sku with more than 2 cores and 4GB memory. Nodepool name: ${pool}.`, target: undefined });
const SYSTEM_SKUS: [string, boolean][] = [
  ["Standard_DS1_v2", false], ["Standard_D1_v2", false], ["Standard_B1s", false], ["Standard_B1ms", false], ["Standard_F1s", false], ["standard_ds1_v2", false],
  ["Standard_DS2_v2", true], ["Standard_B2s", true], ["Standard_B2ls_v2", true], ["Standard_F2s", true], ["Standard_F2s_v2", true], ["Standard_D2s_v5", true],
];
for (const [vmSize, ok] of SYSTEM_SKUS) {
  test(`a new System pool of ${vmSize} is ${ok ? "accepted" : "refused (SystemPoolSkuTooLow)"}; a User pool of it is accepted`, () => {
    const r = newPool({ vmSize, mode: "System" });
    if (ok) assert.equal(r, undefined);
    else assertWire(r, skuTooLow());
    assert.equal(newPool({ vmSize, mode: "User" }), undefined);
  });
}
test("a User pool of Standard_DS1_v2 turned System is refused; an existing System pool re-sent is not judged", () => {
  const stored = { ...STORED_POOL, vmSize: "Standard_DS1_v2", mode: "User" };
  assertWire(validatePool({ name: "pool1", location: "eastus", given: { mode: "System" }, spec: { ...stored, mode: "System" }, stored }), skuTooLow());
  const system = { ...stored, mode: "System" };
  assert.equal(validatePool({ name: "pool1", location: "eastus", given: { ...system }, spec: system, stored: system }), undefined);
});
test("an unknown VM size on a System pool is named for its size, not its capacity", () => {
  assertWire(newPool({ vmSize: "Standard_B1ls", mode: "System" }), vmRefused("Standard_B1ls"));
});

// ---------------------------------------------------------------------------------------------
// A pool's own tags (properties.tags): ARM's tag rules and texts, a null value included.

const poolTagCases: [string, Json, Wire | undefined][] = [
  ["no properties.tags", {}, undefined],
  ["string values", { tags: { env: "dev", "Cost Center": "1" } }, undefined],
  ["a null value", { tags: { env: null } }, tagWire("InvalidRequestContent", "The request content was invalid and could not be deserialized: 'tags must be an object whose values are strings.'.")],
  ["51 tags", { tags: many(51) }, tagWire("InvalidTags", "Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'.")],
  ["a name with '/'", { tags: { "k8s.io/x": "1" } }, tagWire("InvalidTagNameCharacters", "The tag names 'k8s.io/x' have reserved characters '<,>,%,&,\\,?,/' or control characters.")],
  ["a 257-character value", { tags: { k: "v".repeat(257) } }, tagWire("InvalidTagValueLength", `Tag value too large. Following tag value '${"v".repeat(257)}' exceeded the maximum length. Maximum allowed length for tag value - '256' characters.`)],
];
for (const [name, properties, expected] of poolTagCases) {
  test(`pool tags: ${name}${expected ? " is refused" : " is accepted"}`, () => {
    const r = checkPoolTags(properties);
    if (!expected) return assert.equal(r, undefined);
    assertWire(r, expected, renderTag as (r: never) => ApiError);
  });
}

// ---------------------------------------------------------------------------------------------
// osSKU fits osType (real form, Azure/azure-cli#24966); the default follows osType and version.

const badSku = (sku: string): Wire => ({ status: 400, code: "InvalidOSSKU", message: `OSSKU='${sku}' is invalid, details: Unrecognized OSSKU`, target: undefined });
const skuCases: [string, Json, Wire | undefined][] = [
  ["Windows2022 on Windows", { osType: "Windows", osSKU: "Windows2022" }, undefined],
  ["Windows2019 on Windows", { osType: "Windows", osSKU: "Windows2019" }, undefined],
  ["Windows2025 on Windows", { osType: "Windows", osSKU: "Windows2025" }, undefined],
  ["Ubuntu on Windows", { osType: "Windows", osSKU: "Ubuntu" }, badSku("Ubuntu")],
  ["AzureLinux on Windows", { osType: "Windows", osSKU: "AzureLinux" }, badSku("AzureLinux")],
  ["Windows2019 on Linux (Azure/azure-cli#24966)", { osSKU: "Windows2019" }, badSku("Windows2019")],
  ["Windows2022 on Linux", { osType: "Linux", osSKU: "Windows2022" }, badSku("Windows2022")],
  ["Ubuntu on Linux", { osSKU: "Ubuntu" }, undefined],
  ["ubuntu2404 on Linux (case-insensitive)", { osSKU: "ubuntu2404" }, undefined],
  ["AzureLinux on Linux", { osSKU: "AzureLinux" }, undefined],
  ["an unknown SKU", { osSKU: "Plan9" }, badSku("Plan9")],
];
for (const [name, over, expected] of skuCases) {
  test(`osSKU: ${name}${expected ? " is refused" : " is accepted"}`, () => {
    const r = newPool(over, "win1");
    if (expected) assertWire(r, expected);
    else assert.equal(r, undefined);
  });
}
test("osSKU: every Linux SKU of the REST spec is accepted on Linux", () => {
  for (const osSKU of ["AzureLinux3", "CBLMariner", "Mariner", "AzureContainerLinux", "Ubuntu2204", "Ubuntu2604"]) assert.equal(newPool({ osSKU }), undefined, osSKU);
});
test("osSKU: a stored value re-sent is not judged again; a change is", () => {
  const stored = { ...STORED_POOL, osType: "Windows", osSKU: "Ubuntu" };
  const put = (given: Json) => validatePool({ name: "win1", location: "eastus", given, spec: { ...stored, ...given }, stored });
  assert.equal(put({ osSKU: "ubuntu" }), undefined);
  assert.equal(put({ osSKU: "Windows2022" }), undefined);
  assertWire(put({ osSKU: "AzureLinux" }), badSku("AzureLinux"));
});
test("osSKU: a change of osType is named for osType, not for its SKU", () => {
  assertWire(existingPool({ osType: "Windows" }), changing("agentPoolProfile.osType"));
});
test("osSKU default: Ubuntu on Linux; on Windows, Windows2019 up to Kubernetes 1.24 and Windows2022 from 1.25 (REST spec)", () => {
  assert.equal(defaultOsSku({}, "1.33.3"), "Ubuntu");
  assert.equal(defaultOsSku({ osType: "Linux" }, "1.24"), "Ubuntu");
  assert.equal(defaultOsSku({ osType: "Windows" }, "1.24.9"), "Windows2019");
  assert.equal(defaultOsSku({ osType: "windows" }, "1.25"), "Windows2022");
  assert.equal(defaultOsSku({ osType: "Windows" }, "1.33.3"), "Windows2022");
});
test("pool PUT: a new Windows pool without osSKU gets Windows2022, a Linux one Ubuntu", () => {
  assert.equal(decided(poolPut("win1", { osType: "Windows", count: 1 })).pool.spec["osSKU"], "Windows2022");
  assert.equal(decided(poolPut("newpool", { count: 1 })).pool.spec["osSKU"], "Ubuntu");
});
test("pool PUT: Ubuntu on a new Windows pool is refused", () => {
  assertWire(poolPut("win1", { osType: "Windows", osSKU: "Ubuntu", count: 1 }), badSku("Ubuntu"));
});
