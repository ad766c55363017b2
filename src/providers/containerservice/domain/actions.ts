// Start, stop, delete, tags and abort: each decides the next world and its operation, or refuses.
import { abortOperation, preemptOperation } from "../../../engine/operations.js";
import { refuse, type AksRefusal } from "../errors.js";
import { admitClusterAction, admitPoolAction } from "./admission.js";
import type { ClusterWorld } from "./apply-step.js";
import { markTargets, newOperation, poolsOf, PREEMPTED_BY_DELETE } from "./lifecycle.js";
import { clusterDnsSpec, withDnsDelete } from "./private-cluster.js";
import { deleteClusterPlan, deletePoolSteps, nodeHostOf, patchTagsPlan, reconcilePoolSteps, removeNodesSteps, rotateCertificatesSteps, startClusterPlan, stopClusterPlan } from "./plans.js";
import type { AksOperation, AksStep, ClusterRecord, OperationType, PoolRecord, PowerState, ProvisioningVerb } from "./records.js";
import { formatElapsed, rfc3339Seconds } from "./time-format.js";
import { isSystemPool } from "./validation.js";

export type ActionInput = {
  key: string;
  world: ClusterWorld & { cluster: ClusterRecord };
  active: readonly AksOperation[];
  now: number;
  newId: () => string;
};

/** The next world, the operations to write, and the one the caller polls (absent for abort). */
/** A decision about one cluster: the world it leaves, the operations it writes, the one the caller polls. */
export type ActionDecision = { world: ClusterWorld; operations: readonly AksOperation[]; operation?: AksOperation };

function operationFor(input: ActionInput, o: { type: OperationType; verb: ProvisioningVerb; steps: AksStep[]; poolName?: string; touched?: string[]; result: AksOperation["result"] }): AksOperation {
  return newOperation({ ...o, id: input.newId(), cluster: input.world.cluster, clusterKey: input.key, now: input.now });
}

const preemptByDelete = (op: AksOperation, at: number) => preemptOperation(op, PREEMPTED_BY_DELETE, at);

export function decideStartStop(input: ActionInput, kind: "start" | "stop"): ActionDecision | AksRefusal {
  const { world, now } = input;
  const refusal = admitClusterAction({ cluster: world.cluster, active: input.active, now }, { kind });
  if (refusal) return refusal;
  const pools = poolsOf(world);
  const op = operationFor(input, {
    type: kind === "start" ? "StartManagedCluster" : "StopManagedCluster",
    verb: kind === "start" ? "Starting" : "Stopping",
    steps: kind === "start" ? startClusterPlan(nodeHostOf(world.cluster), pools) : stopClusterPlan(nodeHostOf(world.cluster), pools),
    touched: pools.map((p) => p.name),
    result: "noContent",
  });
  // powerState is the goal state from the moment the operation is accepted: seed 000 prints
  // "Provisioning State(Starting) and Power State(Running)" for a cluster that is starting.
  const power: PowerState = kind === "start" ? "Running" : "Stopped";
  const stamped: ClusterRecord = { ...world.cluster, powerState: power, ...(kind === "start" ? { lastStartAt: now } : { lastStopAt: now }) };
  const goal = new Map([...world.pools].map(([k, p]) => [k, p ? { ...p, powerState: power } : p] as const));
  return { world: markTargets({ cluster: stamped, pools: goal }, op, op.verb), operations: [op], operation: op };
}

export function decidePatchTags(input: ActionInput, tags: Record<string, string> | undefined): ActionDecision | AksRefusal {
  const { world, now } = input;
  const refusal = admitClusterAction({ cluster: world.cluster, active: input.active, now }, { kind: "update", verb: "Updating" });
  if (refusal) return refusal;
  const op = operationFor(input, { type: "PatchManagedCluster", verb: "Updating", steps: patchTagsPlan(), result: "resource" });
  const envelope = { ...world.cluster.envelope };
  if (tags === undefined) delete envelope["tags"];
  else envelope["tags"] = tags;
  return { world: markTargets({ ...world, cluster: { ...world.cluster, envelope } }, op, "Updating"), operations: [op], operation: op };
}

/** Deleting preempts whatever runs on the cluster; a repeated delete returns the delete in flight. */
export function decideClusterDelete(input: ActionInput): ActionDecision | AksRefusal {
  const { world, now } = input;
  const inFlight = input.active.find((op) => op.operationType === "DeleteManagedCluster");
  if (world.cluster.deletion && inFlight) return { world, operations: [], operation: inFlight };
  const pools = poolsOf(world);
  const op = operationFor(input, { type: "DeleteManagedCluster", verb: "Deleting", steps: withDnsDelete(deleteClusterPlan(nodeHostOf(world.cluster), input.key, pools), clusterDnsSpec(world.cluster, nodeHostOf(world.cluster), pools)), touched: pools.map((p) => p.name), result: "noContent" });
  const preempted = input.active.map((a) => preemptByDelete(a, now));
  const cluster = { ...world.cluster, deletion: { operationId: op.id, startedAt: now } };
  return { world: markTargets({ ...world, cluster }, op, "Deleting"), operations: [...preempted, op], operation: op };
}

export function decidePoolDelete(input: ActionInput & { pool: PoolRecord; ignoreBudget?: boolean }): ActionDecision | AksRefusal {
  const { world, pool, now } = input;
  const refusal = admitPoolAction({ cluster: world.cluster, pool, poolName: pool.name, active: input.active, now }, { kind: "delete" });
  if (refusal) return refusal;
  const inFlight = input.active.find((op) => op.operationType === "DeleteAgentPool" && op.poolName?.toLowerCase() === pool.name.toLowerCase());
  if (pool.deletion && inFlight) return { world, operations: [], operation: inFlight };
  if (isSystemPool(pool.spec) && !poolsOf(world).some((p) => p.name !== pool.name && isSystemPool(p.spec) && !p.deletion)) {
    return refuse("cannotDeleteLastSystemPool", { pool: pool.name });
  }
  const op = operationFor(input, { type: "DeleteAgentPool", verb: "Deleting", steps: deletePoolSteps(nodeHostOf(world.cluster), pool, { ignoreBudget: input.ignoreBudget === true }), poolName: pool.name, result: "noContent" });
  const preempted = input.active.filter((a) => a.poolName?.toLowerCase() === pool.name.toLowerCase()).map((a) => preemptByDelete(a, now));
  const pools = new Map(world.pools);
  pools.set(pool.name.toLowerCase(), { ...pool, provisioningState: "Deleting", deletion: { operationId: op.id, startedAt: now } });
  return { world: { ...world, pools }, operations: [...preempted, op], operation: op };
}

/**
 * Abort the running operation(s): on the cluster, everything running on it; on a pool, that
 * pool's operation. Nothing running (or already finished) is a 409, as the REST doc says.
 */
export function decideAbort(input: ActionInput & { poolName?: string }): ActionDecision | AksRefusal {
  const { now } = input;
  const target = input.poolName ?? input.world.cluster.name;
  const candidates = input.active.filter((op) => input.poolName === undefined || op.poolName?.toLowerCase() === input.poolName.toLowerCase());
  if (candidates.length === 0) return refuse("nothingToAbort", { resource: target });
  const deleting = candidates.find((op) => op.operationType === "DeleteManagedCluster" || op.operationType === "DeleteAgentPool");
  if (deleting) {
    const since = input.poolName ? input.world.pools.get(input.poolName.toLowerCase())?.deletion?.startedAt : input.world.cluster.deletion?.startedAt;
    return refuse("deletionIssued", { operation: "Canceling", name: target, startedAt: rfc3339Seconds(since ?? deleting.startTime), elapsed: formatElapsed(now - (since ?? deleting.startTime)) });
  }
  const running = candidates.filter((op) => op.status === "InProgress");
  if (running.length === 0) return refuse("alreadyAborting", { resource: target, operationId: candidates[0]!.id });
  let world: ClusterWorld = input.world;
  const operations: AksOperation[] = [];
  for (const op of running) {
    world = markTargets(world, op, "Canceling");
    operations.push(abortOperation(op, now));
  }
  return { world, operations };
}


/** POST .../agentPools/{pool}/deleteMachines: those nodes are drained and deleted; count follows. */
export function decideDeleteMachines(input: ActionInput & { pool: PoolRecord; machineNames: readonly string[] }): ActionDecision | AksRefusal {
  const { world, pool, now } = input;
  const refusal = admitPoolAction({ cluster: world.cluster, pool, poolName: pool.name, active: input.active, now }, { kind: "update", verb: "Scaling" });
  if (refusal) return refusal;
  const wanted = new Set(input.machineNames.map((n) => n.toLowerCase()));
  const missing = input.machineNames.filter((n) => !pool.nodes.some((node) => node.name.toLowerCase() === n.toLowerCase()));
  if (input.machineNames.length === 0 || missing.length > 0) {
    return refuse("invalidParameter", {
      message: input.machineNames.length === 0 ? "The value of parameter machineNames is invalid: at least one machine name is required." : `The value of parameter machineNames is invalid: machine(s) ${missing.join(", ")} not found in agent pool ${pool.name}.`,
      target: "machineNames",
    });
  }
  const nodes = pool.nodes.filter((n) => wanted.has(n.name.toLowerCase()));
  const count = pool.nodes.filter((n) => !n.surge).length - nodes.length;
  if (count < (isSystemPool(pool.spec) ? 1 : 0)) return refuse("invalidNodeCount", { path: "agentPoolProfile.count", count, min: 1, max: 1000 });
  const op = operationFor(input, { type: "PutAgentPool", verb: "Scaling", steps: removeNodesSteps(nodeHostOf(world.cluster), pool, nodes), poolName: pool.name, result: "noContent" });
  const pools = new Map(world.pools);
  pools.set(pool.name.toLowerCase(), { ...pool, provisioningState: "Scaling", spec: { ...pool.spec, count } });
  return { world: { ...world, pools }, operations: [op], operation: op };
}

/** POST .../rotateClusterCertificates: control plane first, then every node restarts. */
export function decideRotateCertificates(input: ActionInput): ActionDecision | AksRefusal {
  const { world, now } = input;
  const refusal = admitClusterAction({ cluster: world.cluster, active: input.active, now }, { kind: "update", verb: "Updating" });
  if (refusal) return refusal;
  const pools = poolsOf(world);
  const op = operationFor(input, { type: "PutManagedCluster", verb: "Updating", steps: [...rotateCertificatesSteps(), ...pools.flatMap((p) => reconcilePoolSteps(nodeHostOf(world.cluster), p))], touched: pools.map((p) => p.name), result: "noContent" });
  return { world: markTargets(world, op, "Updating"), operations: [op], operation: op };
}

/**
 * The cluster's resource group is being deleted (operation `operationId`): whatever runs on the
 * cluster is preempted, the cluster and its pools show Deleting, and the group's operation runs
 * the cluster's delete plan.
 */
export function decideDeleteWithGroup(input: { key: string; world: ClusterWorld & { cluster: ClusterRecord }; active: readonly AksOperation[]; operationId: string; now: number }): { world: ClusterWorld; operations: AksOperation[]; steps: AksStep[] } {
  const { world, now } = input;
  const pools = poolsOf(world);
  const cluster = { ...world.cluster, deletion: { operationId: input.operationId, startedAt: now } };
  return {
    world: markTargets({ ...world, cluster }, { touchedPools: pools.map((p) => p.name) }, "Deleting"),
    operations: input.active.map((a) => preemptByDelete(a, now)),
    // A private cluster's DNS goes before its network (private-cluster.ts).
    steps: withDnsDelete(deleteClusterPlan(nodeHostOf(world.cluster), input.key, pools), clusterDnsSpec(world.cluster, nodeHostOf(world.cluster), pools)),
  };
}
