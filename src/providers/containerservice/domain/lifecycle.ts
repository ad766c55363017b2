// AKS operations as pure functions over a ClusterWorld: a new operation, the states it sets on
// its cluster and pools, and AKS's preemption text. Finish, abort and fail are the engine's
// (engine/operations.ts), the same for every provider.
import type { OperationError } from "../../../engine/operations.js";
import type { ClusterWorld } from "./apply-step.js";
import { NAMESPACE } from "./keys.js";
import type { AksOperation, AksStep, ClusterRecord, OperationType, PoolRecord, ProvisioningState, ProvisioningVerb } from "./records.js";

/** A new, running operation on a cluster (or one of its pools). */
export function newOperation(o: {
  id: string;
  cluster: Pick<ClusterRecord, "subscriptionId" | "location" | "id">;
  clusterKey: string;
  type: OperationType;
  verb: ProvisioningVerb;
  steps: AksStep[];
  now: number;
  poolName?: string;
  touched?: string[];
  result: AksOperation["result"];
}): AksOperation {
  return {
    id: o.id,
    provider: NAMESPACE,
    parent: o.clusterKey,
    resourceId: o.cluster.id,
    subscriptionId: o.cluster.subscriptionId,
    location: o.cluster.location,
    ...(o.poolName !== undefined ? { poolName: o.poolName } : {}),
    operationType: o.type,
    verb: o.verb,
    touchedPools: o.touched ?? [],
    status: "InProgress",
    startTime: o.now,
    steps: o.steps,
    stepIndex: 0,
    stepStartedAt: o.now,
    result: o.result,
  };
}

// Texts from the AKSOperationPreempted troubleshooting article (ERROR-TEXTS.md §1).
export const PREEMPTED_BY_DELETE: OperationError = { code: "AKSOperationPreemptedByDelete", message: "This operation has been preempted by Deleting operation." };

function setPoolState(world: ClusterWorld, names: readonly string[], state: ProvisioningState): ClusterWorld {
  if (names.length === 0) return world;
  const pools = new Map(world.pools);
  for (const name of names) {
    const p = pools.get(name.toLowerCase());
    if (p) pools.set(name.toLowerCase(), { ...p, provisioningState: state });
  }
  return { ...world, pools };
}

/** Everything an operation sets to its provisioning state: the cluster or one pool, plus touched pools. */
export function markTargets(world: ClusterWorld, op: Pick<AksOperation, "poolName" | "touchedPools">, state: ProvisioningState): ClusterWorld {
  let next = world;
  if (op.poolName === undefined && next.cluster) next = { ...next, cluster: { ...next.cluster, provisioningState: state } };
  const pools = op.poolName !== undefined ? [op.poolName] : op.touchedPools;
  return setPoolState(next, pools, state);
}

/** The provisioning state an ended operation leaves on what it touched. */
export function settledState(status: AksOperation["status"]): ProvisioningState {
  return status === "Succeeded" ? "Succeeded" : status === "Canceled" ? "Canceled" : "Failed";
}

export function poolsOf(world: ClusterWorld): PoolRecord[] {
  return [...world.pools.values()].filter((p): p is PoolRecord => p !== undefined);
}
