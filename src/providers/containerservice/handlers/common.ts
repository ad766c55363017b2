// Lookups and checks shared by the AKS handlers.
import { apiError } from "../../../arm/error-catalog.js";
import type { RequestContext } from "../../../arm/http.js";
import type { OperationWriter } from "../../../engine/engine.js";
import type { Store } from "../../../store/store.js";
import { clusterKey, groupKey } from "../domain/keys.js";
import type { ClusterRecord, OperationRecord, ResourceGroupRecord } from "../domain/records.js";
import type { ActionDecision } from "../domain/actions.js";
import type { ClusterWorld } from "../domain/apply-step.js";
import { getCluster, saveWorld } from "../repository.js";
import type { AksDeps } from "./deps.js";

export const HISTORY_LIMIT = 50;

export type ClusterPath = { subscriptionId: string; resourceGroup: string; name: string; key: string; id: string };

export function clusterPath(ctx: RequestContext): ClusterPath {
  const { subscriptionId, resourceGroupName, resourceName } = ctx.params as Record<string, string>;
  const sub = subscriptionId!;
  const rg = resourceGroupName!;
  const name = resourceName!;
  return {
    subscriptionId: sub,
    resourceGroup: rg,
    name,
    key: clusterKey(sub, rg, name),
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  };
}

export function requireGroup(store: Store, sub: string, rg: string, opts: { forWrite: boolean }): ResourceGroupRecord {
  const group = store.get<ResourceGroupRecord>("resources", groupKey(sub, rg));
  if (!group) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
  if (opts.forWrite && group.deletion) throw apiError("resourceGroupBeingDeleted", { resourceGroup: group.name });
  return group;
}

export function requireCluster(store: Store, path: ClusterPath): ClusterRecord {
  requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: false });
  const cluster = getCluster(store, path.key);
  if (!cluster) throw apiError("resourceNotFound", { type: "Microsoft.ContainerService/managedClusters", name: path.name, resourceGroup: path.resourceGroup });
  return cluster;
}

const header = (ctx: RequestContext, name: string): string | undefined => {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const unquote = (s: string) => s.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");

/**
 * If-Match / If-None-Match as the AKS etag doc describes: a mismatch is 412; If-None-Match other
 * than '*' and both headers together are BadRequest.
 */
export function checkConditions(ctx: RequestContext, current: string | undefined, opts: { allowIfNoneMatch: boolean }): void {
  const ifMatch = header(ctx, "if-match");
  const ifNoneMatch = opts.allowIfNoneMatch ? header(ctx, "if-none-match") : undefined;
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw apiError("conditionalHeadersInvalid", { detail: "The request cannot specify both if-match and if-none-match headers." });
  }
  if (ifNoneMatch !== undefined) {
    if (unquote(ifNoneMatch) !== "*") throw apiError("conditionalHeadersInvalid", { detail: `The value of header if-none-match '${ifNoneMatch}' is invalid: only '*' is supported.` });
    if (current !== undefined) throw apiError("preconditionFailedExists");
  }
  if (ifMatch !== undefined) {
    if (current === undefined) throw apiError("preconditionFailedMissing");
    const given = unquote(ifMatch);
    if (given !== "*" && given !== current) throw apiError("preconditionFailed", { given, current });
  }
}

/** Keeps the 50 newest operations of a cluster, as AKS's operation status API does. */
export function pruneHistory(store: Store, ops: OperationWriter, key: string, added: number): void {
  const all = store.group<OperationRecord>("operations", key).sort((a, b) => b.startTime - a.startTime);
  for (const old of all.slice(Math.max(0, HISTORY_LIMIT - added))) {
    if (old.status !== "InProgress" && old.status !== "Canceling") ops.delete(old.id);
  }
}

/** Commits a domain decision: the changed records and its operations, in one transaction. */
export function commitDecision(deps: AksDeps, key: string, before: ClusterWorld, decision: ActionDecision): void {
  if (decision.operations.length === 0) return; // e.g. a repeated delete: the one in flight answers
  deps.engine.transact((tx, ops) => {
    saveWorld(tx, key, before, decision.world, deps.newEtag);
    for (const op of decision.operations) ops.put(op);
    if (decision.operation) pruneHistory(deps.store, ops, key, 1);
  });
}

export function actorOf(ctx: RequestContext): { id: string; type: "Application"; tenantId: string } {
  return { id: ctx.principal.clientId, type: "Application", tenantId: ctx.principal.tenantId };
}
