// Microsoft.ContainerService/managedClusters: thin adapters around the domain.
import { LOCATIONS, normalizeLocation } from "../../../arm/api-versions.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { decideClusterDelete, decidePatchTags, decideRotateCertificates, decideStartStop } from "../domain/actions.js";
import { decideClusterPut } from "../domain/cluster-put.js";
import { groupKey, poolKey, subscriptionKey } from "../domain/keys.js";
import type { ClusterRecord, Json, ResourceGroupRecord } from "../domain/records.js";
import { validateClusterName, validatePoolName } from "../domain/validation.js";
import { getPools, loadWorld } from "../repository.js";
import { flavorForApiVersion, sanitizeManagedCluster, sanitizeTags, type SanitizeResult } from "../schema/sanitize.js";
import { renderCluster } from "../wire/render.js";
import { actorOf, checkConditions, clusterPath, commitDecision, pruneHistory, requireCluster, requireGroup, type ClusterPath } from "./common.js";
import type { AksDeps } from "./deps.js";
import { lroHeaders } from "./lro.js";

export function sanitized<T>(result: SanitizeResult<T>): T {
  if (result.ok) return result.value;
  if (result.issue.code === "InvalidRequestContent") throw apiError("invalidRequestContent", { message: result.issue.message });
  throw apiError("invalidParameter", { message: result.issue.message, target: result.issue.target });
}

export function renderClusterWithPools(deps: AksDeps, c: ClusterRecord, key: string): Json {
  return renderCluster(c, getPools(deps.store, key));
}

function actionInput(deps: AksDeps, ctx: RequestContext, path: ClusterPath) {
  const cluster = requireCluster(deps.store, path);
  const world = { ...loadWorld(deps.store, path.key), cluster };
  return { key: path.key, world, active: deps.engine.activeOperations(path.key), now: ctx.now, newId: deps.newId };
}

export function clusterHandlers(deps: AksDeps) {
  const { store, engine, clock } = deps;

  const get = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    return { status: 200, body: renderClusterWithPools(deps, requireCluster(store, path), path.key) };
  };

  const put = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const group = requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: true });
    validateClusterName(path.name);
    // AKS's own naming text wins over the schema's pattern message for pool names.
    const rawProfiles = (ctx.body as { properties?: { agentPoolProfiles?: unknown } } | undefined)?.properties?.agentPoolProfiles;
    if (Array.isArray(rawProfiles)) for (const p of rawProfiles) if (typeof p?.name === "string") validatePoolName(p.name);
    const body = sanitized(sanitizeManagedCluster(ctx.body, { flavor: flavorForApiVersion(ctx.apiVersion) }));
    if (typeof body["location"] !== "string" || body["location"].trim() === "") throw apiError("locationRequired");
    const location = normalizeLocation(body["location"]);
    if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailable", { location: String(body["location"]), type: "Microsoft.ContainerService/managedClusters", locations: LOCATIONS });
    const existing = store.get<ClusterRecord>("resources", path.key);
    checkConditions(ctx, existing?.eTag, { allowIfNoneMatch: true });
    if (existing && existing.location !== location) {
      throw apiError("invalidResourceLocation", { name: existing.name, existing: existing.location, requested: location, resourceGroup: group.name });
    }
    const decision = decideClusterPut({
      ids: { ...path, resourceGroup: existing?.resourceGroup ?? path.resourceGroup },
      location,
      body,
      existing,
      pools: getPools(store, path.key),
      active: engine.activeOperations(path.key),
      now: ctx.now,
      actor: actorOf(ctx),
      newId: deps.newId,
      newEtag: deps.newEtag,
    });
    engine.transact((tx, ops) => {
      tx.put("resources", path.key, decision.cluster);
      for (const pool of decision.pools) tx.put("resources", poolKey(path.key, pool.name), { ...pool, eTag: deps.newEtag() });
      ops.put(decision.operation);
      pruneHistory(store, ops, path.key, 1);
    });
    return { status: decision.created ? 201 : 200, headers: lroHeaders(ctx, clock, decision.operation, "put"), body: renderClusterWithPools(deps, store.get<ClusterRecord>("resources", path.key)!, path.key) };
  };

  const patch = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const body = sanitized(sanitizeTags(ctx.body));
    const input = actionInput(deps, ctx, path);
    checkConditions(ctx, input.world.cluster.eTag, { allowIfNoneMatch: false });
    const decision = decidePatchTags(input, body.tags);
    commitDecision(deps, path.key, input.world, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const remove = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: false });
    const existing = store.get<ClusterRecord>("resources", path.key);
    checkConditions(ctx, existing?.eTag, { allowIfNoneMatch: false });
    if (!existing) return { status: 204 };
    const input = actionInput(deps, ctx, path);
    const decision = decideClusterDelete(input);
    commitDecision(deps, path.key, input.world, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const power = (kind: "start" | "stop") => (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const input = actionInput(deps, ctx, path);
    const decision = decideStartStop(input, kind);
    commitDecision(deps, path.key, input.world, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const rotateCertificates = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const input = actionInput(deps, ctx, path);
    const decision = decideRotateCertificates(input);
    commitDecision(deps, path.key, input.world, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const listIn = (ctx: RequestContext, clusters: ClusterRecord[]): Reply => page(ctx, clusters.sort((a, b) => a.id.localeCompare(b.id)), (c) => renderClusterWithPools(deps, c, c.id.toLowerCase()));

  const listByGroup = (ctx: RequestContext): Reply => {
    const { subscriptionId, resourceGroupName } = ctx.params as Record<string, string>;
    requireGroup(store, subscriptionId!, resourceGroupName!, { forWrite: false });
    return listIn(ctx, store.group<ClusterRecord>("resources", groupKey(subscriptionId!, resourceGroupName!)).filter((r) => r.kind === "managedCluster"));
  };

  const listBySubscription = (ctx: RequestContext): Reply => {
    const { subscriptionId } = ctx.params as Record<string, string>;
    const groups = store.group<ResourceGroupRecord>("resources", subscriptionKey(subscriptionId!));
    const clusters = groups.flatMap((g) => store.group<ClusterRecord>("resources", groupKey(g.subscriptionId, g.name)).filter((r) => r.kind === "managedCluster"));
    return listIn(ctx, clusters);
  };

  return { get, put, patch, remove, start: power("start"), stop: power("stop"), rotateCertificates, listByGroup, listBySubscription };
}

export const PAGE_SIZE = 100;

/** ARM paging: `value` plus a `nextLink` carrying a $skipToken while more remain. */
export function page<T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown): Reply {
  const raw = ctx.query.get("$skipToken") ?? "0";
  const skip = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(skip)) throw apiError("invalidParameter", { message: `The value of parameter $skipToken is invalid: '${raw}'.`, target: "$skipToken" });
  const slice = items.slice(skip, skip + PAGE_SIZE).map(render);
  const body: Json = { value: slice };
  if (skip + PAGE_SIZE < items.length) {
    const q = new URLSearchParams(ctx.query);
    q.set("$skipToken", String(skip + PAGE_SIZE));
    body["nextLink"] = `${ctx.origin}${ctx.path}?${q.toString()}`;
  }
  return { status: 200, body };
}

