// Small record factories for pure domain tests.
import type { AksOperation as OperationRecord, ClusterRecord, PoolRecord } from "../../../src/providers/containerservice/domain/records.js";

export const T0 = Date.parse("2024-02-21T13:33:55Z");
export const KEY = "/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/c1";

export function cluster(over: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    kind: "managedCluster",
    id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1",
    subscriptionId: "s",
    resourceGroup: "rg",
    name: "c1",
    location: "eastus",
    envelope: {},
    spec: { kubernetesVersion: "1.32.7" },
    provisioningState: "Succeeded",
    powerState: "Running",
    currentKubernetesVersion: "1.32.7",
    eTag: "e",
    uid: "0123456789abcdef01234567",
    systemData: { createdBy: "a", createdByType: "Application", createdAt: T0 - 86400_000, lastModifiedBy: "a", lastModifiedByType: "Application", lastModifiedAt: T0 - 86400_000 },
    ...over,
  };
}

export function pool(name: string, over: Partial<PoolRecord> = {}): PoolRecord {
  const p: PoolRecord = {
    kind: "agentPool",
    id: `${cluster().id}/agentPools/${name}`,
    clusterKey: KEY,
    name,
    spec: { count: 3, mode: "System", orchestratorVersion: "1.32.7", upgradeSettings: { maxSurge: "10%" } },
    provisioningState: "Succeeded",
    powerState: "Running",
    currentOrchestratorVersion: "1.32.7",
    eTag: "p",
    nodes: [],
    nextInstanceId: 0,
    vmssDigits: "12345678",
    systemData: cluster().systemData,
    ...over,
  };
  if (p.nodes.length === 0 && !over.nodes) {
    const count = Number(p.spec["count"]);
    p.nodes = Array.from({ length: count }, (_, i) => ({ name: `aks-${name}-12345678-vmss00000${i}`, instanceId: i, version: p.currentOrchestratorVersion, state: "Ready" as const, surge: false, createdAt: T0 }));
    p.nextInstanceId = count;
  }
  return p;
}

export function op(over: Partial<OperationRecord> = {}): OperationRecord {
  return {
    id: "op-1",
    subscriptionId: "s",
    location: "eastus",
    provider: "Microsoft.ContainerService",
    parent: KEY,
    resourceId: cluster().id,
    operationType: "PutManagedCluster",
    verb: "Updating",
    touchedPools: [],
    status: "InProgress",
    startTime: T0,
    steps: [{ name: "x", durationMs: 60_000, action: { type: "progress" } }],
    stepIndex: 0,
    stepStartedAt: T0,
    result: "resource",
    ...over,
  };
}
