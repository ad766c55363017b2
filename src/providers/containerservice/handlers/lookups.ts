// Finding what a request names (group, cluster, pool) and what a decision about it needs.
import { apiError } from "../../../arm/error-catalog.js";
import type { RequestContext } from "../../../arm/http.js";
import type { Reader } from "../../../store/store.js";
import type { ProviderDeps } from "../../provider.js";
import type { ActionInput } from "../domain/actions.js";
import { isObject } from "../../../arm/json.js";
import { admitDependencies } from "../domain/admission.js";
import { checkCapacityReservationGroup } from "../domain/availability-set-pools.js";
import { clusterKey } from "../domain/keys.js";
import type { AksOperation, ClusterRecord } from "../domain/records.js";
import { getCluster, loadWorld } from "../repository.js";
import { aksError, unwrap } from "./wire-errors.js";
import { requireGroup } from "../../groups.js";

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

export { requireGroup };

export function requireCluster(store: Reader, path: ClusterPath): ClusterRecord {
  requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: false });
  const cluster = getCluster(store, path.key);
  if (!cluster) throw apiError("resourceNotFound", { type: "Microsoft.ContainerService/managedClusters", name: path.name, resourceGroup: path.resourceGroup });
  return cluster;
}

export const operationNotFound = (id: string) => aksError("childNotFound", { what: `Operation '${id}' was not found.` });

export const poolNotFound = (poolName: string, clusterName: string) => aksError("childNotFound", { what: `Agent pool '${poolName}' of managed cluster '${clusterName}' was not found.` });

/** What a decision about an existing cluster reads: its world and its running operations. */
export function actionInput(deps: Pick<ProviderDeps, "store" | "engine" | "newId">, ctx: RequestContext, path: ClusterPath): ActionInput {
  const cluster = requireCluster(deps.store, path);
  const world = { ...loadWorld(deps.store, path.key), cluster };
  return { key: path.key, world, active: deps.engine.activeOperations(path.key) as AksOperation[], now: ctx.now, newId: deps.newId };
}

export function actorOf(ctx: RequestContext): { id: string; type: "Application"; tenantId: string } {
  return { id: ctx.principal.clientId, type: "Application", tenantId: ctx.principal.tenantId };
}

/**
 * Refuses a pool's capacityReservationGroupID that names no capacity reservation group, or one in
 * another region than the cluster's. The group is Compute's: read as ARM's generic view of the
 * document at its id (its `location`), so no Compute code is imported.
 */
export function requireCapacityReservationGroup(store: Reader, properties: unknown, target: string, clusterLocation: string): void {
  const id = isObject(properties) ? properties["capacityReservationGroupID"] : undefined;
  const doc = typeof id === "string" ? store.get<{ location?: unknown }>("resources", id.toLowerCase()) : undefined;
  const found = doc && typeof doc.location === "string" ? { location: doc.location } : undefined;
  const refusal = checkCapacityReservationGroup({ id, target, clusterLocation, found });
  if (refusal) unwrap(refusal);
}

/** Refuses a write that would create, scale or start nodes while Compute or Network is unregistered. */
export function requireDependencies(deps: Pick<ProviderDeps, "registered">, ctx: RequestContext, subscriptionId: string): void {
  const refusal = admitDependencies(subscriptionId, (ns) => deps.registered(subscriptionId, ns, ctx.now));
  if (refusal) unwrap(refusal);
}
