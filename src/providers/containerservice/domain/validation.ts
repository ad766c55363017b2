// Field rules AKS checks before it looks at state: names, formats and ranges, counts and the
// autoscaler, VM sizes and zones, versions; and the properties a PUT may not change once created.
import { isObject } from "../../../arm/json.js";
import { refuse, type AksRefusal } from "../errors.js";
import type { Json } from "./records.js";
import { availableUpgrades, checkUpgrade, minorOf, resolveVersion } from "./versions.js";
import { meetsSystemPoolFloor } from "./vm-sizes.js";
import { checkEphemeralOsDisk, checkVmSize, checkZones } from "./vm-placement.js";
import { flag, num, set, text, type Same } from "./compare.js";
import { validateNodeLabels, validateNodeTaints, withEmptyNullLabels } from "./node-settings.js";
import { validateNetworkChange } from "./network-profile.js";
import { validateOsSku } from "./os-sku.js";
import { checkAvailabilitySetPool } from "./availability-set-pools.js";
import { isAvailabilitySetPool } from "./node-resources.js";

// The rule: 1-63 characters, letters, digits, '-' and '_', starting with a letter or digit.
const CLUSTER_NAME = /^[a-zA-Z0-9][-_a-zA-Z0-9]{0,62}$/;
// REST spec: agentPoolName ^[a-z][a-z0-9]{0,11}$.
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

export function validateClusterName(name: string): AksRefusal | undefined {
  return CLUSTER_NAME.test(name) ? undefined : refuse("invalidParameterValue", { target: "name" });
}

export function validatePoolName(name: string): AksRefusal | undefined {
  return POOL_NAME.test(name) ? undefined : refuse("invalidParameterValue", { target: "agentPoolProfile.name" });
}

export const isSystemPool = (spec: Json) => String(spec["mode"] ?? "User").toLowerCase() === "system";
const isWindows = (spec: Json) => String(spec["osType"] ?? "Linux").toLowerCase() === "windows";

const MAX_NODES = 1000;

/**
 * The pool's node count: 0-1000 (1-1000 for a System pool); with the autoscaler on, a new pool's
 * count must lie within its minCount and maxCount (and defaults to minCount). An existing pool
 * below its minCount (minCount raised, or the autoscaler turned on) is scaled up to it: AKS's
 * autoscaler enforces the minimum (Azure/AKS release 2021-07-22, "changing the minimum count value
 * from the AKS API"). Above maxCount it is left alone, as the autoscaler leaves it.
 */
export function validateCount(spec: Json, path: string, opts: { created: boolean } = { created: true }): number | AksRefusal {
  const autoscale = spec["enableAutoScaling"] === true;
  const count = spec["count"] === undefined ? (autoscale && spec["minCount"] !== undefined ? Number(spec["minCount"]) : 1) : Number(spec["count"]);
  // A System pool, and an AvailabilitySet pool (AKS's text names "The nodepool is a VMAS pool"), keep one node at least.
  const min = isSystemPool(spec) || isAvailabilitySetPool({ spec }) ? 1 : 0;
  if (!Number.isInteger(count) || count < min || count > MAX_NODES) return refuse("invalidNodeCount", { path, count, min, max: MAX_NODES });
  if (!autoscale) return count;
  const [lo, hi] = [Number(spec["minCount"]), Number(spec["maxCount"])];
  if (!opts.created) return Math.max(count, lo);
  if (count < lo || count > hi) return refuse("invalidNodeCount", { path, count, min: lo, max: hi });
  return count;
}

/**
 * The cluster autoscaler's bounds, when it is on: minCount and maxCount are required, within the
 * pool's count range (0 or 1 to 1000; maxCount at least 1) and minCount <= maxCount.
 */
export function validateAutoscaler(spec: Json): AksRefusal | undefined {
  if (spec["enableAutoScaling"] !== true) return undefined;
  for (const p of ["minCount", "maxCount"]) if (spec[p] === undefined) return refuse("requiredParameterMissing", { target: `agentPoolProfile.${p}` });
  const [lo, hi] = [Number(spec["minCount"]), Number(spec["maxCount"])];
  const floor = isSystemPool(spec) ? 1 : 0;
  if (lo < floor || lo > MAX_NODES) return refuse("invalidParameterValue", { target: "agentPoolProfile.minCount" });
  if (hi < Math.max(floor, 1) || hi > MAX_NODES) return refuse("invalidParameterValue", { target: "agentPoolProfile.maxCount" });
  if (lo > hi) return refuse("invalidParameterValue", { target: "agentPoolProfile.minCount" });
  return undefined;
}

// --- formats and ranges ---

// 1-54 letters, digits and hyphens, starting and ending with a letter or digit (AKS's portal rule,
// MicrosoftDocs/azure-docs#47952; hashicorp/terraform-provider-azurerm#20813).
const DNS_PREFIX = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;

export function validateDnsPrefix(value: unknown): AksRefusal | undefined {
  return typeof value === "string" && DNS_PREFIX.test(value) ? undefined : refuse("invalidParameterValue", { target: "dnsPrefix" });
}

/**
 * maxPods: 10-250 whatever the network plugin (AKS's documented range for kubenet, Azure CNI node
 * subnet, pod subnet and overlay alike; only the defaults differ: 110, 30, 250). A System pool must
 * hold at least 30 pods (AKS docs, "Manage system node pools").
 */
export const MAX_PODS = { min: 10, max: 250, systemMin: 30 } as const;

/** osDiskSizeGB: 30-2048 GB; 0 means "the default size" and is not a size. */
export const OS_DISK_GB = { min: 30, max: 2048 } as const;

// --- properties fixed at creation ---


/**
 * What a node pool cannot change after creation (AKS: "You can't change the VM size of a node pool
 * after you create it", the OS disk, the subnet, zones, spot settings, ...). osSKU, enableFIPS,
 * mode, count, labels, taints and versions can change.
 */
const POOL_FIXED: readonly [string, Same][] = [
  ["vmSize", text()],
  ["osType", text("Linux")],
  ["osDiskSizeGB", num],
  ["osDiskType", text("Managed")],
  ["kubeletDiskType", text("OS")],
  ["maxPods", num],
  ["vnetSubnetID", text()],
  ["podSubnetID", text()],
  ["availabilityZones", set],
  ["enableNodePublicIP", flag],
  ["nodePublicIPPrefixID", text()],
  ["scaleSetPriority", text("Regular")],
  ["scaleSetEvictionPolicy", text("Delete")],
  ["enableEncryptionAtHost", flag],
  ["enableUltraSSD", flag],
  ["gpuInstanceProfile", text()],
  ["type", text("VirtualMachineScaleSets")],
  // Stable AKS associates a group at creation only (Azure/AKS#5436: associating one with an existing pool is a preview feature).
  ["capacityReservationGroupID", text()],
];
export const POOL_FIXED_PROPERTIES: readonly string[] = POOL_FIXED.map(([p]) => p);

/**
 * Values AKS reads as something else: osDiskSizeGB 0 asks for the default size (as if absent); a
 * null node label value is the empty value.
 */
export function withoutDefaultMarkers(properties: Json): Json {
  const labels = withEmptyNullLabels(properties["nodeLabels"]);
  if (properties["osDiskSizeGB"] !== 0 && labels === properties["nodeLabels"]) return properties;
  const out = { ...properties };
  if (labels !== undefined) out["nodeLabels"] = labels;
  if (out["osDiskSizeGB"] === 0) delete out["osDiskSizeGB"];
  return out;
}

/**
 * A pool's own rules, for a new pool (`stored` absent) or a PUT of an existing one. `given` is what
 * the request names, `spec` the pool as it would be stored (defaults applied). Re-sending a stored
 * value (a full PUT of the current model) is no change; a fixed property that changes is refused
 * after its format (a garbage value is named for what it is).
 */
export function validatePool(input: { name: string; location: string; given: Json; spec: Json; stored?: Json }): AksRefusal | undefined {
  const { given, spec, stored } = input;
  const same = new Map(POOL_FIXED);
  const changed = (p: string) => !stored || (given[p] !== undefined && !same.get(p)!(given[p], stored[p]));
  // What an AvailabilitySet pool cannot have is named before the checks of those properties (a
  // pool that would change its type is refused for that, below).
  const vmas = stored && changed("type") ? undefined : checkAvailabilitySetPool(spec);
  if (vmas) return vmas;

  if (changed("vmSize")) {
    const size = checkVmSize(input.location, String(spec["vmSize"]));
    if (size) return size;
  }
  if (changed("maxPods")) {
    const maxPods = Number(spec["maxPods"]);
    if (!Number.isInteger(maxPods) || maxPods < MAX_PODS.min || maxPods > MAX_PODS.max) return refuse("invalidParameterValue", { target: "agentPoolProfile.maxPods" });
  }
  if (changed("osDiskSizeGB")) {
    const gb = Number(spec["osDiskSizeGB"]);
    if (!Number.isInteger(gb) || gb < OS_DISK_GB.min || gb > OS_DISK_GB.max) return refuse("osDiskSizeOutOfRange", { pool: input.name });
  }
  if (changed("availabilityZones")) {
    const zones = checkZones(input.name, input.location, spec);
    if (zones) return zones;
  }
  // The OS disk is fixed at creation: a change of it is refused as such below.
  if (!stored) {
    const disk = checkEphemeralOsDisk(spec);
    if (disk) return disk;
  }
  if (stored) {
    const fixed = POOL_FIXED_PROPERTIES.find((p) => changed(p));
    if (fixed) return refuse("propertyChangeNotAllowed", { target: `agentPoolProfile.${fixed}` });
  }
  const osSku = validateOsSku(given, spec, stored);
  if (osSku) return osSku;

  const labels = validateNodeLabels(given["nodeLabels"], stored?.["nodeLabels"], spec);
  if (labels) return labels;
  const taints = validateNodeTaints(given["nodeTaints"], stored?.["nodeTaints"]);
  if (taints) return taints;

  // System pools need at least 2 vCPUs and 4 GiB: judged when the pool is created or becomes System.
  if (isSystemPool(spec) && (!stored || !isSystemPool(stored)) && !meetsSystemPoolFloor(String(spec["vmSize"]))) {
    return refuse("systemPoolSkuTooLow", { pool: input.name });
  }
  // Windows pools: names of at most 6 characters, never System (AKS docs, "Manage system node pools").
  if (isWindows(spec) && input.name.length > 6) return refuse("invalidParameterValue", { target: "agentPoolProfile.name" });
  if (isWindows(spec) && isSystemPool(spec)) return refuse("invalidParameterValue", { target: "agentPoolProfile.osType" });
  if (isSystemPool(spec) && Number(spec["maxPods"]) < MAX_PODS.systemMin) return refuse("invalidParameterValue", { target: "agentPoolProfile.maxPods" });
  return validateAutoscaler(spec);
}

/** What a cluster cannot change after creation, with AKS's path for each. */
const CLUSTER_FIXED: readonly [string, Same][] = [
  ["dnsPrefix", text()],
  ["fqdnSubdomain", text()],
  ["nodeResourceGroup", text()],
  ["enableRBAC", (a, b) => Boolean(a) === Boolean(b ?? true)],
];

/**
 * A cluster PUT's own fields: dnsPrefix's format (when it is new or changes); at creation, dnsPrefix
 * or fqdnSubdomain, not both (the REST spec: fqdnSubdomain is a private cluster's alternative);
 * then what it may not change, the network profile included (network-profile.ts).
 */
export function validateClusterFields(given: Json, stored?: Json): AksRefusal | undefined {
  const dnsPrefix = given["dnsPrefix"];
  if (dnsPrefix !== undefined && !(stored && text()(dnsPrefix, stored["dnsPrefix"]))) {
    const bad = validateDnsPrefix(dnsPrefix);
    if (bad) return bad;
  }
  if (!stored) return dnsPrefix !== undefined && given["fqdnSubdomain"] !== undefined ? refuse("dnsPrefixWithFqdnSubdomain", { target: "fqdnSubdomain" }) : undefined;
  for (const [p, same] of CLUSTER_FIXED) if (given[p] !== undefined && !same(given[p], stored[p])) return refuse("propertyChangeNotAllowed", { target: p });
  return validateNetworkChange(isObject(given["networkProfile"]) ? given["networkProfile"] : {}, isObject(stored["networkProfile"]) ? stored["networkProfile"] : {});
}

/** Resolves a requested control plane version; unknown or unsupported ones are refused. */
export function resolveClusterVersion(requested: string, clusterName: string): string | AksRefusal {
  return resolveVersion(requested) ?? refuse("k8sVersionNotSupported", { name: clusterName, version: requested });
}

export function resolvePoolVersion(requested: string): string | AksRefusal {
  return resolveVersion(requested) ?? refuse("agentPoolK8sVersionNotSupported", { version: requested });
}

export function checkVersionChange(from: string, to: string): AksRefusal | undefined {
  const check = checkUpgrade(from, to);
  if (check.ok) return undefined;
  return refuse(check.reason === "downgrade" ? "downgradeNotAllowed" : "upgradeSkipsMinor", { from, to, available: availableUpgrades(from) });
}

/** Node pools may trail the control plane by up to three minors, never lead it. */
export function checkPoolSkew(poolVersion: string, controlPlane: string): AksRefusal | undefined {
  if (minorOf(poolVersion) > minorOf(controlPlane) || (minorOf(poolVersion) === minorOf(controlPlane) && poolVersion > controlPlane && poolVersion.length >= controlPlane.length)) {
    if (resolveVersion(poolVersion) !== controlPlane && minorOf(poolVersion) >= minorOf(controlPlane)) return refuse("poolVersionAboveControlPlane", { pool: poolVersion, control: controlPlane });
  }
  if (minorOf(controlPlane) - minorOf(poolVersion) > 3) {
    return refuse("nodePoolVersionIncompatible", { pool: poolVersion, control: controlPlane, poolMinor: minorOf(poolVersion), controlMinor: minorOf(controlPlane) });
  }
  return undefined;
}
