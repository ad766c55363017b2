// Admission: may a new operation start now? Every seed 000 text comes from here.
// Pure: the caller passes the records, the active operations and the time.
import { refuse, type AksRefusal } from "../errors.js";
import type { AksOperation, ClusterRecord, PoolRecord, ProvisioningVerb } from "./records.js";
import { formatElapsed, rfc3339Seconds } from "./time-format.js";

export type ClusterAction = { kind: "update"; verb: ProvisioningVerb } | { kind: "start" } | { kind: "stop" } | { kind: "delete" };
export type PoolAction = { kind: "update"; verb: ProvisioningVerb } | { kind: "delete" };

type Context = { cluster: ClusterRecord; active: readonly AksOperation[]; now: number };

const since = (startedAt: number, now: number) => ({ startedAt: rfc3339Seconds(startedAt), elapsed: formatElapsed(now - startedAt) });

const actionVerb = (a: ClusterAction | PoolAction): ProvisioningVerb =>
  a.kind === "update" ? a.verb : a.kind === "start" ? "Starting" : a.kind === "stop" ? "Stopping" : "Deleting";

/** Names an operation the way AKS's conflict messages do: "Updating", or "nodepool1 - Updating". */
export function operationLabel(op: AksOperation): string {
  return op.poolName ? `${op.poolName} - ${op.verb}` : op.verb;
}

/** Returns the refusal that forbids the action, or undefined when it may start. */
export function admitClusterAction(ctx: Context, action: ClusterAction): AksRefusal | undefined {
  const { cluster, active, now } = ctx;
  if (action.kind === "delete") return undefined; // deletion preempts whatever runs (AKSOperationPreemptedByDelete)
  if (cluster.deletion) {
    return refuse("deletionIssued", { operation: actionVerb(action), name: cluster.name, ...since(cluster.deletion.startedAt, now) });
  }
  const clusterOp = active.find((op) => op.poolName === undefined);
  const poolOp = active.find((op) => op.poolName !== undefined);
  if (action.kind === "start" || action.kind === "stop") {
    const verb = action.kind === "start" ? "starting" : "stopping";
    if (clusterOp) {
      return refuse("powerActionNotAllowed", { provisioningState: cluster.provisioningState, powerState: cluster.powerState, action: verb, ...since(clusterOp.startTime, now) });
    }
    if (poolOp) return refuse("clusterOperationBlockedByAgentPool", { operation: poolOp.verb, pool: poolOp.poolName! });
    if (action.kind === "stop" && cluster.powerState === "Stopped") {
      return refuse("stopOnStoppedCluster", since(cluster.lastStopAt ?? cluster.systemData.lastModifiedAt, now));
    }
    if (action.kind === "start" && cluster.powerState === "Running") {
      return refuse("startOnRunningCluster", since(cluster.lastStartAt ?? cluster.systemData.createdAt, now));
    }
    return undefined;
  }
  if (clusterOp) return refuse("anotherOperationInProgress", { operation: operationLabel(clusterOp) });
  if (poolOp) return refuse("clusterOperationBlockedByAgentPool", { operation: poolOp.verb, pool: poolOp.poolName! });
  if (cluster.powerState === "Stopped") return refuse("clusterStopped", { subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup });
  return undefined;
}

export function admitPoolAction(ctx: Context & { pool: PoolRecord | undefined; poolName: string }, action: PoolAction): AksRefusal | undefined {
  const { cluster, pool, poolName, active, now } = ctx;
  const verb = actionVerb(action);
  if (cluster.deletion) return refuse("deletionIssued", { operation: verb, name: cluster.name, ...since(cluster.deletion.startedAt, now) });
  if (pool?.deletion) {
    if (action.kind === "delete") return undefined; // a repeated delete is allowed
    return refuse("deletionIssued", { operation: verb, name: pool.name, ...since(pool.deletion.startedAt, now) });
  }
  const clusterOp = active.find((op) => op.poolName === undefined);
  if (clusterOp) return refuse("anotherOperationInProgress", { operation: operationLabel(clusterOp) });
  if (action.kind === "delete") return undefined; // deleting a pool preempts the pool's own operation
  const samePool = active.find((op) => op.poolName?.toLowerCase() === poolName.toLowerCase());
  if (samePool) return refuse("anotherAgentPoolOperationInProgress", { operation: operationLabel(samePool) });
  if (cluster.powerState === "Stopped") return refuse("clusterStopped", { subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup });
  return undefined;
}

/** The namespaces AKS's node work goes through: a pool's scale set (Compute), its network (Network). */
export const NODE_DEPENDENCIES = ["Microsoft.Compute", "Microsoft.Network"] as const;

/**
 * A write that creates, scales or starts nodes needs the dependencies registered (seed 002's
 * SubscriptionNotRegistered row): the first one `registered` says is not, refused.
 */
export function admitDependencies(subscriptionId: string, registered: (namespace: string) => boolean): AksRefusal | undefined {
  const missing = NODE_DEPENDENCIES.find((ns) => !registered(ns));
  if (missing === "Microsoft.Compute") return refuse("computeNotRegistered");
  if (missing === "Microsoft.Network") return refuse("networkNotRegistered", { subscriptionId });
  return undefined;
}
