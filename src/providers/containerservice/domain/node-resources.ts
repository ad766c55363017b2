// Where a cluster's nodes live: its node resource group (Microsoft.Resources, managedBy the
// cluster) and, per agent pool (Microsoft.Compute), one virtual machine scale set whose instances
// are the pool's nodes, or for an `AvailabilitySet` pool one availability set with one VM per node. AKS names them, plans their changes as steps those providers run (data:
// { provider, target, action }; AKS imports neither at run time), and words their failures as AKS
// reports them.
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";
import type { ComputeAction, ScaleSetModel } from "../../compute/public.js";
import type { GroupAction } from "../../resources/public.js";
import type { ClusterRecord, Json, PoolRecord } from "./records.js";
import { nodeNetworkOf, type NodeNetwork } from "./node-network-profile.js";
import { POLICY_DENIED, policyDeniedNodeResource } from "./policy-failure.js";
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
  /** What of its networkProfile its nodes' network depends on (node-network.ts). */
  network: NodeNetwork;
  /** The cluster's Kubernetes world (its uid), where drains evict; absent before the cluster exists. */
  kubeWorld?: string;
};

export function nodeHostOf(c: Pick<ClusterRecord, "subscriptionId" | "resourceGroup" | "name" | "id" | "location" | "spec"> & { uid?: string }): NodeHost {
  const linux = c.spec["linuxProfile"] as { adminUsername?: unknown } | undefined;
  return {
    subscriptionId: c.subscriptionId,
    resourceGroup: c.resourceGroup,
    clusterName: c.name,
    clusterId: c.id,
    location: c.location,
    nodeResourceGroup: String(c.spec["nodeResourceGroup"] ?? `MC_${c.resourceGroup}_${c.name}_${c.location}`),
    adminUsername: typeof linux?.adminUsername === "string" ? linux.adminUsername : "azureuser",
    network: nodeNetworkOf(c.spec),
    ...(c.uid !== undefined ? { kubeWorld: c.uid } : {}),
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

/** A pool of `type: "AvailabilitySet"` (az's --vm-set-type AvailabilitySet): an availability set and standalone VMs. */
export const isAvailabilitySetPool = (pool: { spec?: Json }) => String(pool.spec?.["type"] ?? "").toLowerCase() === "availabilityset";

/**
 * The name of what holds a pool's VMs: `aks-<pool>-<digits>-vmss` for a scale set; for an
 * availability set `<pool>-availabilitySet-<digits>` (AgentBaker's primaryAvailabilitySetName, the
 * aks-engine name AKS kept).
 */
export const fleetName = (pool: Pick<PoolRecord, "name" | "vmssDigits"> & { spec?: Json }) =>
  isAvailabilitySetPool(pool) ? `${pool.name}-availabilitySet-${pool.vmssDigits}` : `aks-${pool.name}-${pool.vmssDigits}-vmss`;

/** The ARM id of a pool's scale set or availability set. */
export const fleetId = (h: NodeHost, pool: Pick<PoolRecord, "name" | "vmssDigits"> & { spec?: Json }) =>
  isAvailabilitySetPool(pool) ? `${nodeGroupId(h)}/providers/Microsoft.Compute/availabilitySets/${fleetName(pool)}` : scaleSetId(h, fleetName(pool));

/** An availability set pool's VM (and node) names: aks-<pool>-<digits>-<index>, the index in decimal. */
export const availabilitySetVmPrefix = (pool: Pick<PoolRecord, "name" | "vmssDigits">) => `aks-${pool.name}-${pool.vmssDigits}-`;
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

/** The scale set (or availability set) of `pool` as AKS asks Compute for it, at orchestrator `version`. */
export function scaleSetModel(h: NodeHost, pool: Pick<PoolRecord, "name" | "spec" | "vmssDigits">, scaleSetName: string, version: string): ScaleSetModel {
  const availabilitySet = isAvailabilitySetPool(pool);
  const spec = pool.spec;
  const zones = Array.isArray(spec["availabilityZones"]) && spec["availabilityZones"].length > 0 ? spec["availabilityZones"].map(String) : undefined;
  const userTags = spec["tags"] && typeof spec["tags"] === "object" ? (spec["tags"] as Record<string, string>) : {};
  const vmSize = String(spec["vmSize"] ?? "Standard_DS2_v2");
  const subnet = typeof spec["vnetSubnetID"] === "string" && spec["vnetSubnetID"] !== "" ? spec["vnetSubnetID"] : `${nodeGroupId(h)}/providers/Microsoft.Network/virtualNetworks/aks-vnet-${vmssDigits(h.clusterId.toLowerCase())}/subnets/aks-subnet`;
  return {
    id: availabilitySet ? fleetId(h, pool) : scaleSetId(h, scaleSetName),
    location: h.location,
    vmSize: canonicalVmSize(vmSize) ?? vmSize,
    ...(zones ? { zones } : {}),
    // The aks-managed-* tags AKS puts on its scale sets, then the pool's own tags.
    tags: {
      ...(availabilitySet ? {} : { "aks-managed-creationSource": `vmssclient-${scaleSetName}` }),
      "aks-managed-orchestrator": `Kubernetes:${version}`,
      "aks-managed-poolName": pool.name,
      "aks-managed-resourceNameSuffix": pool.vmssDigits,
      ...userTags,
    },
    computerNamePrefix: availabilitySet ? availabilitySetVmPrefix(pool) : scaleSetName,
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

/** A step Compute runs on a pool's scale set or availability set. */
export const computeStep = (name: string, durationMs: number, h: NodeHost, pool: Pick<PoolRecord, "name" | "vmssDigits"> & { spec?: Json }, action: ComputeAction): Step<ComputeAction> => ({
  name,
  durationMs,
  action,
  provider: COMPUTE,
  target: fleetId(h, pool).toLowerCase(),
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

// Real (Azure/AKS#3291, ERROR-TEXTS.md §7): a lock in the node resource group stops what AKS removes
// there; a scale names the pool and the cluster. The code is AKS's preflight one for a locked node
// resource group (ResourceGroupLocked, Portworx's AKS docs); ARM's ScopeLocked is nested in details.
const GROUP_LOCKED = (group: string, sub: string) => `Resource group '${group}' under subscription: '${sub}' is locked, please remove lock and retry. Please see http://aka.ms/azure-lock-resources`;
/** The pool a Compute step works on, from its scale set or availability set name (AKS's pool names are lower case). */
const poolOfTarget = (target: string) => /\/virtualmachinescalesets\/aks-(.+)-\d{8}-vmss$/i.exec(target)?.[1] ?? /\/availabilitysets\/(.+)-availabilityset-\d{8}$/i.exec(target)?.[1];

function lockedNodeGroup(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const { step, error, op } = failed;
  // ARM's text names the scope it refused ("The scope '<id>' cannot perform ..."), as stored.
  const scope = /^The scope '([^']+)'/.exec(error.message)?.[1] ?? step.target ?? "";
  const where = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)/i.exec(scope);
  const locked = GROUP_LOCKED(where?.[2] ?? scope, where?.[1] ?? op.subscriptionId);
  const pool = (op as { poolName?: string }).poolName ?? poolOfTarget(step.target ?? "");
  const cluster = /\/managedClusters\/([^/]+)/i.exec(op.resourceId)?.[1];
  const message = op.verb === "Scaling" && pool && cluster ? `Failed to scale node pool '${pool}' in Kubernetes service '${cluster}'. Error: ${locked}` : locked;
  return { code: "ResourceGroupLocked", message, details: [{ code: error.code, message: error.message }] };
}

/** Provider.stepFailure for AKS: a failed Compute step as AKS's operation reports it. */
export function nodeStepFailure(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const { step, error } = failed;
  if (error.code === "ScopeLocked") return lockedNodeGroup(failed);
  if (error.code === POLICY_DENIED) return policyDeniedNodeResource(failed);
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
