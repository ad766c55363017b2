// Where a cluster's nodes live: its node resource group (Microsoft.Resources, managedBy the
// cluster) and one virtual machine scale set per agent pool (Microsoft.Compute) whose instances
// are the pool's nodes. AKS names them, plans their changes as steps those providers run (data:
// { provider, target, action }; AKS imports neither at run time), and words their failures as AKS
// reports them.
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";
import type { ComputeAction, ScaleSetModel } from "../../compute/public.js";
import type { GroupAction } from "../../resources/public.js";
import type { ClusterRecord, PoolRecord } from "./records.js";
import { canonicalVmSize } from "./vm-sizes.js";

export const COMPUTE = "Microsoft.Compute";
export const RESOURCES = "Microsoft.Resources";

/** A cluster as its node resources need it. */
export type NodeHost = {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  clusterId: string;
  location: string;
  nodeResourceGroup: string;
  adminUsername: string;
};

export function nodeHostOf(c: Pick<ClusterRecord, "subscriptionId" | "resourceGroup" | "name" | "id" | "location" | "spec">): NodeHost {
  const linux = c.spec["linuxProfile"] as { adminUsername?: unknown } | undefined;
  return {
    subscriptionId: c.subscriptionId,
    resourceGroup: c.resourceGroup,
    clusterName: c.name,
    clusterId: c.id,
    location: c.location,
    nodeResourceGroup: String(c.spec["nodeResourceGroup"] ?? `MC_${c.resourceGroup}_${c.name}_${c.location}`),
    adminUsername: typeof linux?.adminUsername === "string" ? linux.adminUsername : "azureuser",
  };
}

/** The 8 digits of a scale set name (aks-<pool>-<digits>-vmss) or a vnet name: a stable hash (FNV-1a). */
export function vmssDigits(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return String(h % 100000000).padStart(8, "0");
}

export const nodeGroupId = (h: NodeHost) => `/subscriptions/${h.subscriptionId}/resourceGroups/${h.nodeResourceGroup}`;
export const nodeGroupKey = (h: NodeHost) => nodeGroupId(h).toLowerCase();
export const scaleSetId = (h: NodeHost, scaleSetName: string) => `${nodeGroupId(h)}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSetName}`;
/** A node resource group AKS may create and delete: not the cluster's own group. */
export const ownsNodeGroup = (h: NodeHost) => h.nodeResourceGroup.toLowerCase() !== h.resourceGroup.toLowerCase();

// AKS's node images live in its shared image galleries (aksemu's wire shows the same version).
const NODE_IMAGE_VERSION = "202611.03.0";
const GALLERY = "/subscriptions/109a5e88-712a-48ae-9078-9ca8b3c81345/resourceGroups/AKS-Ubuntu/providers/Microsoft.Compute/galleries";

function imageId(spec: PoolRecord["spec"]): string {
  const osType = String(spec["osType"] ?? "Linux");
  const sku = String(spec["osSKU"] ?? "Ubuntu").toLowerCase();
  const image = osType === "Windows" ? "AKSWindows/images/windows-2022-containerd" : sku.startsWith("azurelinux") || sku === "cblmariner" ? "AKSAzureLinux/images/V2gen2" : "AKSUbuntu/images/2204gen2containerd";
  return `${GALLERY}/${image}/versions/${NODE_IMAGE_VERSION}`;
}

/** The scale set of `pool` as AKS asks Compute for it, at orchestrator `version`. */
export function scaleSetModel(h: NodeHost, pool: Pick<PoolRecord, "name" | "spec" | "vmssDigits">, scaleSetName: string, version: string): ScaleSetModel {
  const spec = pool.spec;
  const zones = Array.isArray(spec["availabilityZones"]) && spec["availabilityZones"].length > 0 ? spec["availabilityZones"].map(String) : undefined;
  const userTags = spec["tags"] && typeof spec["tags"] === "object" ? (spec["tags"] as Record<string, string>) : {};
  const vmSize = String(spec["vmSize"] ?? "Standard_DS2_v2");
  const subnet = typeof spec["vnetSubnetID"] === "string" && spec["vnetSubnetID"] !== "" ? spec["vnetSubnetID"] : `${nodeGroupId(h)}/providers/Microsoft.Network/virtualNetworks/aks-vnet-${vmssDigits(h.clusterId.toLowerCase())}/subnets/aks-subnet`;
  return {
    id: scaleSetId(h, scaleSetName),
    location: h.location,
    vmSize: canonicalVmSize(vmSize) ?? vmSize,
    ...(zones ? { zones } : {}),
    // The aks-managed-* tags AKS puts on its scale sets, then the pool's own tags.
    tags: {
      "aks-managed-creationSource": `vmssclient-${scaleSetName}`,
      "aks-managed-orchestrator": `Kubernetes:${version}`,
      "aks-managed-poolName": pool.name,
      "aks-managed-resourceNameSuffix": pool.vmssDigits,
      ...userTags,
    },
    computerNamePrefix: scaleSetName,
    osType: String(spec["osType"] ?? "Linux") === "Windows" ? "Windows" : "Linux",
    osDiskSizeGB: typeof spec["osDiskSizeGB"] === "number" ? spec["osDiskSizeGB"] : 128,
    osDiskType: String(spec["osDiskType"]).toLowerCase() === "ephemeral" ? "Ephemeral" : "Managed",
    priority: String(spec["scaleSetPriority"] ?? "Regular").toLowerCase() === "spot" ? "Spot" : "Regular",
    imageId: imageId(spec),
    adminUsername: h.adminUsername,
    subnetId: subnet,
    // The pool's capacity reservation group: its scale set is associated with it.
    ...(typeof spec["capacityReservationGroupID"] === "string" && spec["capacityReservationGroupID"] !== "" ? { capacityReservationGroupId: spec["capacityReservationGroupID"] } : {}),
  };
}

/** A step Compute runs on a pool's scale set. */
export const computeStep = (name: string, durationMs: number, h: NodeHost, scaleSetName: string, action: ComputeAction): Step<ComputeAction> => ({
  name,
  durationMs,
  action,
  provider: COMPUTE,
  target: scaleSetId(h, scaleSetName).toLowerCase(),
});

/** The node resource group, created first (or again, by a reconcile): managedBy the cluster, tagged as AKS tags it. */
export function createNodeGroupStep(h: NodeHost, verb: "Creating" | "Reconciling" = "Creating"): Step<GroupAction> {
  return {
    name: `${verb} node resource group ${h.nodeResourceGroup}`,
    durationMs: 5000,
    action: {
      type: "createResourceGroup",
      group: { id: nodeGroupId(h), location: h.location, managedBy: h.clusterId, tags: { "aks-managed-cluster-name": h.clusterName, "aks-managed-cluster-rg": h.resourceGroup } },
    },
    provider: RESOURCES,
    target: nodeGroupKey(h),
  };
}

/** The node resource group goes with the cluster (only while the cluster manages it). */
export function deleteNodeGroupStep(h: NodeHost): Step<GroupAction> {
  return { name: `Deleting node resource group ${h.nodeResourceGroup}`, durationMs: 10_000, action: { type: "deleteResourceGroup", managedBy: h.clusterId }, provider: RESOURCES, target: nodeGroupKey(h) };
}

// --- how AKS reports a failed Compute step (its operation's error, Compute's nested in details) ---

// Real AKS async-operation errors (terraform output, Dec 2025, Azure/terraform quickstart
// TestRecord for 201-aks-clusters-fleet-manager): code QuotaExceeded, message "Create or update
// VMSS <scale set id> failed. <Compute's message>", details [Compute's {code, message}].
const VMSS_FAILED = (id: string, inner: OperationError) => `Create or update VMSS ${id} failed. ${inner.message}`;
// Real (MicrosoftDocs SupportArticles error-code-zonalallocationfailed-allocationfailed.md, quoted
// in ERROR-TEXTS.md §5): AKS's own texts for allocation failures. The Overconstrained form there
// reads "Create or update VMSS failed. <Compute's message>" (no scale set id).
const AKS_ZONAL_ALLOCATION_FAILED =
  "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at https://aka.ms/allocation-guidance. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure. If the error is due to capacity constrain, consider upgrade with maxUnavailable instead of maxSurge, details: aka.ms/aks/maxUnavailable.";
const AKS_ALLOCATION_FAILED =
  "The VM allocation failed due to an internal error. Please retry later or try deploying to a different location. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure.";

const isQuota = (e: OperationError) => e.code === "OperationNotAllowed" && e.message.startsWith("Operation could not be completed as it results in exceeding approved");

/** Provider.stepFailure for AKS: a failed Compute step as AKS's operation reports it. */
export function nodeStepFailure(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const { step, error } = failed;
  if (step.provider !== COMPUTE) return error;
  const action = step.action as ComputeAction;
  const id = action.type === "putScaleSet" ? action.model.id : (step.target ?? "");
  const inner: OperationError = { code: error.code, message: error.message };
  switch (error.code) {
    case "ZonalAllocationFailed":
      return { code: error.code, message: AKS_ZONAL_ALLOCATION_FAILED, details: [inner] };
    case "AllocationFailed":
      return { code: error.code, message: AKS_ALLOCATION_FAILED, details: [inner] };
    case "OverconstrainedAllocationRequest":
    case "OverconstrainedZonalAllocationRequest":
      return { code: error.code, message: `Create or update VMSS failed. ${error.message}`, details: [inner] };
    default:
      return { code: isQuota(error) ? "QuotaExceeded" : error.code, message: VMSS_FAILED(id, inner), details: [inner] };
  }
}
