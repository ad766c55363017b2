// Lookups, errors and the commit of decisions, shared by the AKS handlers.
import { apiError, errorFactory } from "../../../arm/error-catalog.js";
import type { RequestContext, Reply } from "../../../arm/http.js";
import { groupKey } from "../../../arm/ids.js";
import { page } from "../../../arm/paging.js";
import type { Reader } from "../../../store/store.js";
import type { ProviderDeps } from "../../provider.js";
import type { ResourceGroupRecord } from "../../resources/public.js";
import type { ClusterWorld } from "../domain/apply-step.js";
import { clusterKey } from "../domain/keys.js";
import type { ActionDecision } from "../domain/actions.js";
import type { ClusterRecord } from "../domain/records.js";
import { AKS_ERRORS } from "../errors.js";
import { clusterOperations, getCluster, worldChange } from "../repository.js";
import type { SanitizeResult } from "../schema/sanitize.js";

export const { error: aksError, unwrap } = errorFactory(AKS_ERRORS);

export const HISTORY_LIMIT = 50;

export type ClusterPath = { subscriptionId: string; resourceGroup: string; name: string; key: string; id: string };

export function clusterPath(ctx: RequestContext): ClusterPath {
  const sub = ctx.params["subscriptionId"]!;
  const rg = ctx.params["resourceGroupName"]!;
  const name = ctx.params["resourceName"]!;
  return {
    subscriptionId: sub,
    resourceGroup: rg,
    name,
    key: clusterKey(sub, rg, name),
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  };
}

export function requireGroup(store: Reader, sub: string, rg: string, opts: { forWrite: boolean }): ResourceGroupRecord {
  const group = store.get<ResourceGroupRecord>("resources", groupKey(sub, rg));
  if (!group) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
  if (opts.forWrite && group.deletion) throw apiError("resourceGroupBeingDeleted", { resourceGroup: group.name });
  return group;
}

export function requireCluster(store: Reader, path: ClusterPath): ClusterRecord {
  requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: false });
  const cluster = getCluster(store, path.key);
  if (!cluster) throw apiError("resourceNotFound", { type: "Microsoft.ContainerService/managedClusters", name: path.name, resourceGroup: path.resourceGroup });
  return cluster;
}

export const operationNotFound = (id: string) => aksError("childNotFound", { what: `Operation '${id}' was not found.` });

export const poolNotFound = (poolName: string, clusterName: string) => aksError("childNotFound", { what: `Agent pool '${poolName}' of managed cluster '${clusterName}' was not found.` });

/** The 50 newest operations of a cluster stay, as in AKS's operation status API: the ids of the rest. */
function pruned(store: Reader, key: string, added: number): string[] {
  const all = clusterOperations(store, key).sort((a, b) => b.startTime - a.startTime);
  return all.slice(Math.max(0, HISTORY_LIMIT - added)).filter((old) => old.status !== "InProgress" && old.status !== "Canceling").map((old) => old.id);
}

/** Commits a decision in one transaction: the records that changed, its operations, history pruning. */
export function commitDecision(deps: Pick<ProviderDeps, "engine" | "store">, key: string, before: ClusterWorld, decision: ActionDecision): void {
  if (decision.operations.length === 0) return; // e.g. a repeated delete: the one in flight answers
  deps.engine.commit({
    resources: worldChange(key, before, decision.world),
    operations: decision.operations,
    forget: decision.operation ? pruned(deps.store, key, 1) : [],
  });
}

export function actorOf(ctx: RequestContext): { id: string; type: "Application"; tenantId: string } {
  return { id: ctx.principal.clientId, type: "Application", tenantId: ctx.principal.tenantId };
}

/** A sanitizer's verdict as the AKS RP words it. */
export function sanitized<T>(result: SanitizeResult<T>): T {
  if (result.ok) return result.value;
  if (result.issue.code === "InvalidRequestContent") throw apiError("invalidRequestContent", { message: result.issue.message });
  throw aksError("invalidParameter", { message: result.issue.message, target: result.issue.target });
}

/** ARM paging with AKS's text for a $skipToken it did not issue. */
export function aksPage<T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown): Reply {
  return page(ctx, items, render, (raw) => aksError("invalidParameter", { message: `The value of parameter $skipToken is invalid: '${raw}'.`, target: "$skipToken" }));
}
