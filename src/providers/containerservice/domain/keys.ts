// Store keys: ARM ids lower-cased, as ARM compares ids case-insensitively.
import type { ClusterRecord, OperationRecord, PoolRecord, ResourceGroupRecord } from "./records.js";

export const subscriptionKey = (sub: string) => `/subscriptions/${sub}`.toLowerCase();
export const groupKey = (sub: string, rg: string) => `/subscriptions/${sub}/resourcegroups/${rg}`.toLowerCase();
export const clusterKey = (sub: string, rg: string, name: string) =>
  `${groupKey(sub, rg)}/providers/microsoft.containerservice/managedclusters/${name.toLowerCase()}`;
export const poolKey = (clusterKeyValue: string, pool: string) => `${clusterKeyValue}/agentpools/${pool.toLowerCase()}`;

type AnyRecord = ClusterRecord | PoolRecord | ResourceGroupRecord;

/** The parent a resource is listed under. */
export function resourceParent(value: unknown): string | undefined {
  const r = value as AnyRecord;
  switch (r.kind) {
    case "agentPool":
      return r.clusterKey;
    case "managedCluster":
      return groupKey(r.subscriptionId, r.resourceGroup);
    case "resourceGroup":
      return subscriptionKey(r.subscriptionId);
    default:
      return undefined;
  }
}

export function operationParent(value: unknown): string | undefined {
  const op = value as OperationRecord;
  return op.clusterKey ?? op.groupKey;
}
