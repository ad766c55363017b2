// Records to wire JSON, the shapes of the REST spec's examples. The same shape serves every
// api-version: properties a version does not define are simply unknown to its clients.
import { percentComplete, type OperationError } from "../../../engine/operations.js";
import { isAvailabilitySetPool } from "../domain/node-resources.js";
import { privateAccessOf, privateFqdn } from "../domain/private-cluster.js";
import { vmssName } from "../domain/plans.js";
import type { AksOperation as OperationRecord, ClusterRecord, Json, NodeRecord, PoolRecord, SystemData } from "../domain/records.js";
import { armTimestamp } from "../domain/time-format.js";
import { derivedIdentityProperties, renderIdentityEnvelope } from "./identities.js";

export const CLUSTER_TYPE = "Microsoft.ContainerService/ManagedClusters";
export const POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";
export const NODE_IMAGE_VERSION = "AKSUbuntu-2204gen2containerd-202611.03.0";

export function renderSystemData(s: SystemData): Json {
  return {
    createdBy: s.createdBy,
    createdByType: s.createdByType,
    createdAt: armTimestamp(s.createdAt),
    lastModifiedBy: s.lastModifiedBy,
    lastModifiedByType: s.lastModifiedByType,
    lastModifiedAt: armTimestamp(s.lastModifiedAt),
  };
}

/** What AKS reports of a pool beside its spec. */
const poolState = (p: PoolRecord): Json => ({
  provisioningState: p.provisioningState,
  powerState: { code: p.powerState },
  currentOrchestratorVersion: p.currentOrchestratorVersion,
  nodeImageVersion: NODE_IMAGE_VERSION,
  eTag: p.eTag,
});

export function renderPoolProperties(p: PoolRecord): Json {
  return { ...p.spec, ...poolState(p) };
}

/** A pool as its cluster's agentPoolProfiles lists it: its name, then its properties (one copy of the spec, not two: list pages render hundreds). */
const renderPoolProfile = (p: PoolRecord): Json => ({ name: p.name, ...p.spec, ...poolState(p) });

export function renderPool(p: PoolRecord): Json {
  return { id: p.id, name: p.name, type: POOL_TYPE, properties: renderPoolProperties(p) };
}

// Secrets the caller sent are stored but never returned, as AKS never returns them (x-ms-secret).
const SECRET_PATHS: readonly (readonly string[])[] = [
  ["servicePrincipalProfile", "secret"],
  ["windowsProfile", "adminPassword"],
  ["aadProfile", "serverAppSecret"],
];

function withoutSecrets(spec: Json): Json {
  let out = spec;
  for (const [parent, key] of SECRET_PATHS) {
    const value = out[parent!];
    if (typeof value === "object" && value !== null && key! in value) {
      const { [key!]: _secret, ...copy } = value as Json;
      out = { ...out, [parent!]: copy };
    }
  }
  return out;
}

export function renderCluster(c: ClusterRecord, pools: readonly PoolRecord[]): Json {
  const region = c.location;
  const dnsPrefix = String(c.spec["dnsPrefix"] ?? c.name);
  const access = privateAccessOf(c.spec);
  const privateName = privateFqdn(c);
  return {
    id: c.id,
    location: c.location,
    name: c.name,
    type: CLUSTER_TYPE,
    ...renderIdentityEnvelope(c.envelope),
    eTag: c.eTag,
    properties: {
      provisioningState: c.provisioningState,
      powerState: { code: c.powerState },
      ...withoutSecrets(c.spec),
      ...derivedIdentityProperties(c),
      currentKubernetesVersion: c.currentKubernetesVersion,
      // A private cluster has its private FQDN, and the public one only with enablePrivateClusterPublicFQDN.
      ...(access && !access.publicFqdn ? {} : { fqdn: `${dnsPrefix}-${c.uid.slice(0, 8)}.hcp.${region}.azmk8s.io` }),
      azurePortalFQDN: `${dnsPrefix}-${c.uid.slice(0, 8)}.portal.hcp.${region}.azmk8s.io`,
      ...(privateName ? { privateFQDN: privateName } : {}),
      maxAgentPools: 100,
      resourceUID: c.uid,
      agentPoolProfiles: pools.map(renderPoolProfile),
    },
    systemData: renderSystemData(c.systemData),
  };
}

/** An operation's error as AKS nests it: the cause (e.g. Compute's) under `details`. */
export function renderOperationError(e: OperationError): Json {
  return { code: e.code, message: e.message, ...(e.details && e.details.length > 0 ? { details: e.details.map(renderOperationError) } : {}) };
}

/** The ARM async-operation status body (Azure-AsyncOperation URL). */
export function renderAsyncStatus(op: OperationRecord, now: number): Json {
  const body: Json = {
    id: `/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}/operations/${op.id}`,
    name: op.id,
    status: op.status,
    percentComplete: percentComplete(op, now),
    startTime: armTimestamp(op.startTime),
  };
  if (op.endTime !== undefined) body["endTime"] = armTimestamp(op.endTime);
  if (op.error) body["error"] = renderOperationError(op.error);
  return body;
}

/** OperationStatusResult of the preview `.../operations` API (OperationStatusResult*.json examples). */
export function renderOperationStatusResult(op: OperationRecord, now: number): Json {
  const base = op.poolName !== undefined ? `${op.resourceId}/agentPools/${op.poolName}` : op.resourceId;
  const body: Json = {
    name: op.id,
    id: `${base}/operations/${op.id}`,
    percentComplete: percentComplete(op, now),
    startTime: armTimestamp(op.startTime),
    status: op.status,
    operationType: op.operationType,
    subOperationType: op.verb,
  };
  if (op.endTime !== undefined) body["endTime"] = armTimestamp(op.endTime);
  if (op.error) body["error"] = renderOperationError(op.error);
  return body;
}

/** Machine (one per node), as MachineGet.json shows. */
export function renderMachine(c: ClusterRecord, p: PoolRecord, n: NodeRecord, index: number): Json {
  const zones = p.spec["availabilityZones"];
  const body: Json = {
    name: n.name,
    type: `${POOL_TYPE}/machines`,
    id: `${p.id}/machines/${n.name}`,
    properties: {
      network: { ipAddresses: [{ family: "IPv4", ip: `10.224.0.${4 + index}` }] },
      // The node's VM: a scale set instance, or an availability set pool's standalone VM.
      resourceId: `/subscriptions/${c.subscriptionId}/resourceGroups/${String(c.spec["nodeResourceGroup"])}/providers/Microsoft.Compute/${isAvailabilitySetPool(p) ? `virtualMachines/${n.name}` : `virtualMachineScaleSets/${vmssName(p)}/virtualMachines/${n.instanceId}`}`,
    },
  };
  if (Array.isArray(zones) && zones.length > 0) body["zones"] = [String(zones[n.instanceId % zones.length])];
  return body;
}
