// Server-side defaults AKS fills in when the caller leaves a property out.
import { isObject, type Json } from "../../../arm/json.js";
import { defaultOsSku } from "./os-sku.js";
import { ephemeralFits } from "./vm-size-disks.js";

const DEFAULT_VM_SIZE = "Standard_DS2_v2";
const DEFAULT_OS_DISK_GB = 128;

/**
 * The REST spec: osDiskType "defaults to 'Ephemeral' if the VM supports it and has a cache disk
 * larger than the requested OSDiskSizeGB. Otherwise, defaults to 'Managed'." (The default
 * Standard_DS2_v2, 86 GiB of cache, stays Managed with the default 128 GB disk.)
 */
export function defaultOsDiskType(spec: Json): "Ephemeral" | "Managed" {
  const gb = typeof spec["osDiskSizeGB"] === "number" ? spec["osDiskSizeGB"] : DEFAULT_OS_DISK_GB;
  return ephemeralFits(String(spec["vmSize"] ?? DEFAULT_VM_SIZE), gb) ? "Ephemeral" : "Managed";
}

export function clusterSpecDefaults(spec: Json, ids: { name: string; resourceGroup: string; subscriptionId: string; location: string }, previous?: Json): Json {
  const previousNetwork = isObject(previous?.["networkProfile"]) ? previous["networkProfile"] : {};
  const givenNetwork = isObject(spec["networkProfile"]) ? spec["networkProfile"] : {};
  // What a networkProfile leaves out keeps the cluster's value (most of it cannot change anyway).
  const named: Json = { ...previousNetwork, ...givenNetwork };
  const plugin = String(named["networkPlugin"] ?? "azure");
  // A new cluster that names no plugin gets Azure CNI Overlay; `networkPlugin: azure` without a
  // mode is Azure CNI on the node subnet (pods take the subnet's addresses: no pod CIDR).
  const overlayDefault = plugin === "azure" && named["networkPluginMode"] === undefined && !previous && givenNetwork["networkPlugin"] === undefined;
  const overlay = overlayDefault || String(named["networkPluginMode"] ?? "").toLowerCase() === "overlay";
  const podCidr = plugin === "kubenet" || (plugin === "azure" && overlay) ? "10.244.0.0/16" : undefined;
  const network: Json = {
    networkPlugin: plugin,
    ...(overlayDefault ? { networkPluginMode: "overlay" } : {}),
    networkPolicy: "none",
    loadBalancerSku: "standard",
    outboundType: "loadBalancer",
    ...(podCidr ? { podCidr, podCidrs: [podCidr] } : {}),
    serviceCidr: "10.0.0.0/16",
    serviceCidrs: ["10.0.0.0/16"],
    dnsServiceIP: "10.0.0.10",
    ipFamilies: ["IPv4"],
    ...named,
    // A single CIDR given anew (the overlay migration's pod CIDR) replaces its list.
    ...(givenNetwork["podCidr"] !== undefined && givenNetwork["podCidrs"] === undefined ? { podCidrs: [givenNetwork["podCidr"]] } : {}),
    ...(givenNetwork["serviceCidr"] !== undefined && givenNetwork["serviceCidrs"] === undefined ? { serviceCidrs: [givenNetwork["serviceCidr"]] } : {}),
  };
  // az's default dnsPrefix (first 10 characters of the name, 16 of the group, 6 of the
  // subscription), unless the cluster uses fqdnSubdomain instead (az then sends no dnsPrefix).
  const fqdnSubdomain = previous ? previous["fqdnSubdomain"] : spec["fqdnSubdomain"];
  const dnsPrefix = previous
    ? previous["dnsPrefix"]
    : (spec["dnsPrefix"] ?? (fqdnSubdomain === undefined ? `${ids.name.slice(0, 10)}-${ids.resourceGroup.slice(0, 16)}-${ids.subscriptionId.slice(0, 6)}`.replace(/[^a-zA-Z0-9-]/g, "") : undefined));
  return {
    enableRBAC: true,
    supportPlan: "KubernetesOfficial",
    disableLocalAccounts: false,
    ...spec,
    ...(dnsPrefix !== undefined ? { dnsPrefix } : {}),
    // nodeResourceGroup can only be chosen at creation.
    nodeResourceGroup: previous?.["nodeResourceGroup"] ?? spec["nodeResourceGroup"] ?? `MC_${ids.resourceGroup}_${ids.name}_${ids.location}`,
    networkProfile: network,
  };
}

/**
 * `classicCni`: Azure CNI on the node subnet, whose default maxPods is 30 (AKS's documented
 * defaults: kubenet 110, Azure CNI 30, CNI Overlay 250).
 */
export function poolSpecDefaults(spec: Json, opts: { mode: string; orchestratorVersion: string; kubenet: boolean; classicCni?: boolean }): Json {
  const upgrade = isObject(spec["upgradeSettings"]) ? spec["upgradeSettings"] : {};
  return {
    // With the autoscaler on, a pool without a count starts at its minCount.
    count: spec["enableAutoScaling"] === true && typeof spec["minCount"] === "number" ? spec["minCount"] : 1,
    vmSize: DEFAULT_VM_SIZE,
    osDiskSizeGB: DEFAULT_OS_DISK_GB,
    osDiskType: defaultOsDiskType(spec),
    kubeletDiskType: "OS",
    maxPods: opts.kubenet ? 110 : opts.classicCni ? 30 : 250,
    type: "VirtualMachineScaleSets",
    enableAutoScaling: false,
    scaleDownMode: "Delete",
    osType: "Linux",
    osSKU: defaultOsSku(spec, opts.orchestratorVersion),
    enableNodePublicIP: false,
    enableEncryptionAtHost: false,
    enableUltraSSD: false,
    enableFIPS: false,
    ...spec,
    mode: opts.mode,
    orchestratorVersion: opts.orchestratorVersion,
    upgradeSettings: { maxSurge: "10%", maxUnavailable: "0", ...upgrade },
  };
}
