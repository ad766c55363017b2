// Operation lifecycle: start, finish, abort and preemption, as pure functions over a ClusterWorld.
import type { ClusterWorld } from "./apply-step.js";
import { cancelSteps } from "./plans.js";
import type { ClusterRecord, OperationError, OperationRecord, OperationType, PoolRecord, ProvisioningState, ProvisioningVerb, Step } from "./records.js";

/** A new, running operation on a cluster (or one of its pools). */
export function newOperation(o: {
  id: string;
  cluster: Pick<ClusterRecord, "subscriptionId" | "location" | "id">;
  clusterKey: string;
  type: OperationType;
  verb: ProvisioningVerb;
  steps: Step[];
  now: number;
  poolName?: string;
  touched?: string[];
  result: OperationRecord["result"];
}): OperationRecord {
  return {
    id: o.id,
    subscriptionId: o.cluster.subscriptionId,
    location: o.cluster.location,
    clusterKey: o.clusterKey,
    clusterId: o.cluster.id,
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
// No real text for an aborted operation's error was found; the code follows ARM's "Canceled" status.
export const OPERATION_CANCELED = (id: string): OperationError => ({
  code: "OperationCanceled",
  message: `The operation ${id} was canceled by an abort request (POST .../abort). The resource is left as the operation found it: no rollback is performed.`,
});

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
export function markTargets(world: ClusterWorld, op: OperationRecord, state: ProvisioningState): ClusterWorld {
  let next = world;
  if (op.poolName === undefined && next.cluster) next = { ...next, cluster: { ...next.cluster, provisioningState: state } };
  const pools = op.poolName !== undefined ? [op.poolName] : op.touchedPools;
  return setPoolState(next, pools, state);
}

export function percentComplete(op: OperationRecord, now: number): number {
  if (op.status === "Succeeded") return 100;
  const total = op.steps.reduce((sum, st) => sum + st.durationMs, 0);
  if (total === 0) return 0;
  const done = op.steps.slice(0, op.stepIndex).reduce((sum, st) => sum + st.durationMs, 0);
  const current = op.steps[op.stepIndex];
  const partial = current && (op.status === "InProgress" || op.status === "Canceling") ? Math.min(current.durationMs, Math.max(0, now - op.stepStartedAt)) : 0;
  return Math.min(99, Math.floor(((done + partial) / total) * 100));
}

/** The operation ran its last step. */
export function finishOperation(world: ClusterWorld, op: OperationRecord, at: number): { world: ClusterWorld; op: OperationRecord } {
  if (op.status === "Canceling") {
    return { world: markTargets(world, op, "Canceled"), op: { ...op, status: "Canceled", endTime: at, error: OPERATION_CANCELED(op.id) } };
  }
  return { world: markTargets(world, op, "Succeeded"), op: { ...op, status: "Succeeded", endTime: at } };
}

/**
 * Abort stops the plan at the step it was in (no rollback): the step in progress is dropped, a
 * short wind-down follows, and the resource shows Canceling until the operation is Canceled.
 */
export function abortOperation(world: ClusterWorld, op: OperationRecord, at: number): { world: ClusterWorld; op: OperationRecord } {
  const steps = [...op.steps.slice(0, op.stepIndex), ...cancelSteps()];
  return { world: markTargets(world, op, "Canceling"), op: { ...op, status: "Canceling", steps, stepStartedAt: at } };
}

/** A delete preempts the operations running on what it deletes. */
export function preemptByDelete(op: OperationRecord, at: number): OperationRecord {
  return { ...op, status: "Failed", endTime: at, error: PREEMPTED_BY_DELETE };
}

export function poolsOf(world: ClusterWorld): PoolRecord[] {
  return [...world.pools.values()].filter((p): p is PoolRecord => p !== undefined);
}
