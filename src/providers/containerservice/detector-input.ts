// A cluster as every provider's detectors read it (providers/detector.ts): its pools with their
// states and the scale set or availability set holding their VMs, the namespaces its writes need,
// its operations, and the window's activity-log events on it and on its node resource group.
import { keyTime, type ActivityEvent } from "../../engine/activity.js";
import type { Reader } from "../../store/store.js";
import type { DetectorCluster, DetectorInput, DetectorOperation } from "../detector.js";
import { NODE_DEPENDENCIES } from "./domain/admission.js";
import { NAMESPACE } from "./domain/keys.js";
import { fleetId, isAvailabilitySetPool, nodeGroupId, nodeHostOf } from "./domain/node-resources.js";
import { monitoringWorkspace } from "./domain/monitoring.js";
import type { ClusterRecord } from "./domain/records.js";
import { clusterOperations, getPools } from "./repository.js";
import { renderCluster, renderPoolProperties } from "./wire/render.js";

const zonesOf = (spec: Record<string, unknown>) => (Array.isArray(spec["availabilityZones"]) ? spec["availabilityZones"].map(String) : []);

/** The cluster's properties as its GET shows them (no secrets), without its pools. */
function clusterProperties(cluster: ClusterRecord): Record<string, unknown> {
  const { agentPoolProfiles: _pools, ...rest } = renderCluster(cluster, [])["properties"] as Record<string, unknown>;
  return rest;
}

export function detectorCluster(read: Reader, key: string, cluster: ClusterRecord): DetectorCluster {
  const host = nodeHostOf(cluster);
  const workspace = monitoringWorkspace(cluster.spec);
  return {
    id: cluster.id,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    name: cluster.name,
    location: cluster.location,
    provisioningState: cluster.provisioningState,
    powerState: cluster.powerState,
    kubernetesVersion: cluster.currentKubernetesVersion,
    nodeResourceGroup: host.nodeResourceGroup,
    pools: getPools(read, key).map((p) => ({
      name: p.name,
      id: p.id,
      provisioningState: p.provisioningState,
      powerState: p.powerState,
      vmSize: String(p.spec["vmSize"] ?? ""),
      count: typeof p.spec["count"] === "number" ? p.spec["count"] : p.nodes.length,
      mode: String(p.spec["mode"] ?? "User"),
      orchestratorVersion: p.currentOrchestratorVersion,
      zones: zonesOf(p.spec),
      vmSetType: isAvailabilitySetPool(p) ? "AvailabilitySet" : "VirtualMachineScaleSets",
      fleet: fleetId(host, p),
      ...(typeof p.spec["vnetSubnetID"] === "string" ? { subnet: p.spec["vnetSubnetID"] } : {}),
      ...(typeof p.spec["podSubnetID"] === "string" ? { podSubnet: p.spec["podSubnetID"] } : {}),
      properties: renderPoolProperties(p),
    })),
    namespaces: [NAMESPACE, ...NODE_DEPENDENCIES],
    ...(workspace !== undefined ? { monitoringWorkspace: workspace } : {}),
    properties: clusterProperties(cluster),
  };
}

/** Whether an id is `scope` or under it (ARM ids compare case-insensitively). */
const within = (id: string, scope: string) => {
  const a = id.toLowerCase();
  const b = scope.toLowerCase();
  return a === b || a.startsWith(`${b}/`);
};

export function detectorInput(read: Reader, key: string, cluster: ClusterRecord, o: { subscription: DetectorInput["subscription"]; window: DetectorInput["window"]; now: number }): DetectorInput {
  const view = detectorCluster(read, key, cluster);
  const operations: DetectorOperation[] = clusterOperations(read, key)
    .map((op) => ({
      id: op.id,
      operationType: op.operationType,
      status: op.status,
      startTime: op.startTime,
      ...(op.endTime !== undefined ? { endTime: op.endTime } : {}),
      ...(op.error ? { error: op.error } : {}),
      ...(op.poolName !== undefined ? { pool: op.poolName } : {}),
      pools: op.touchedPools,
    }))
    .sort((a, b) => b.startTime - a.startTime || (a.id < b.id ? 1 : -1));
  const nodeGroup = nodeGroupId(nodeHostOf(cluster));
  const events = read
    .group<ActivityEvent>("events", cluster.subscriptionId.toLowerCase(), (k) => keyTime(k) >= Math.floor(o.window.start) && keyTime(k) <= o.window.end)
    .filter((e) => e.at >= o.window.start && e.at <= o.window.end && (within(e.resourceId, cluster.id) || within(e.resourceId, nodeGroup)))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { read, subscription: o.subscription, cluster: view, operations, events, window: o.window, now: o.now };
}
