// Microsoft.ContainerService/managedClusters: thin adapters around the domain.
import { checkConditions } from "../../../arm/conditions.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { groupKey } from "../../../arm/ids.js";
import { lroHeaders } from "../../../arm/lro.js";
import { LOCATIONS, normalizeLocation } from "../../../arm/locations.js";
import { checkTags } from "../../../arm/tags.js";
import type { ProviderDeps } from "../../provider.js";
import { decideClusterDelete, decidePatchTags, decideRotateCertificates, decideStartStop, type ActionInput } from "../domain/actions.js";
import { decideClusterPut } from "../domain/cluster-put.js";
import type { AksOperation, ClusterRecord, Json } from "../domain/records.js";
import { validateClusterName, validatePoolName } from "../domain/validation.js";
import { checkPoolTags } from "../domain/node-settings.js";
import { getCluster, getPools, loadWorld } from "../repository.js";
import { flavorForApiVersion, sanitizeManagedCluster, sanitizeTags } from "../schema/sanitize.js";
import { renderCluster } from "../wire/render.js";
import { commitDecision } from "./commit.js";
import { requireProfileSubnets } from "./subnets.js";
import { clusterLinks, requireLinkedAccess } from "./linked-access.js";
import { requirePrivateZoneAccess } from "./private-dns-access.js";
import { actionInput, actorOf, clusterPath, requireCapacityReservationGroup, requireCluster, requireDependencies, requireGroup } from "./lookups.js";
import { aksPage, sanitized, unwrap, unwrapTags } from "./wire-errors.js";

// ARM checks a tracked resource's tags before AKS sees the request (arm/tags.ts).

function renderClusterWithPools(deps: Pick<ProviderDeps, "store">, c: ClusterRecord): Json {
  return renderCluster(c, getPools(deps.store, c.id.toLowerCase()));
}

export function clusterHandlers(deps: ProviderDeps) {
  const { store, engine, clock } = deps;

  const get = (ctx: RequestContext): Reply => ({ status: 200, body: renderClusterWithPools(deps, requireCluster(store, clusterPath(ctx))) });

  const put = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    // ARM's linked access checks come before AKS sees the request (handlers/linked-access.ts).
    requireLinkedAccess(deps, ctx, "Microsoft.ContainerService/managedClusters/write", clusterLinks((ctx.body as { properties?: unknown } | undefined)?.properties));
    const group = requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: true });
    unwrap(validateClusterName(path.name));
    // AKS's own naming text wins over the schema's pattern message for pool names.
    const rawProfiles = (ctx.body as { properties?: { agentPoolProfiles?: unknown } } | undefined)?.properties?.agentPoolProfiles;
    if (Array.isArray(rawProfiles)) for (const p of rawProfiles) if (typeof p?.name === "string") unwrap(validatePoolName(p.name));
    const body = sanitized(sanitizeManagedCluster(ctx.body, { flavor: flavorForApiVersion(ctx.apiVersion) }));
    unwrapTags(checkTags(body["tags"] as Record<string, string> | undefined));
    const profiles = (body["properties"] as { agentPoolProfiles?: unknown } | undefined)?.agentPoolProfiles;
    if (Array.isArray(profiles)) for (const p of profiles) unwrapTags(checkPoolTags(p));
    if (typeof body["location"] !== "string" || body["location"].trim() === "") throw apiError("locationRequired");
    const location = normalizeLocation(body["location"]);
    if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailable", { location: String(body["location"]), type: "Microsoft.ContainerService/managedClusters", locations: LOCATIONS });
    const before = loadWorld(store, path.key);
    const existing = before.cluster;
    checkConditions(ctx, existing?.eTag, { allowIfNoneMatch: true });
    if (existing && existing.location !== location) {
      throw apiError("invalidResourceLocation", { name: existing.name, existing: existing.location, requested: location, resourceGroup: group.name });
    }
    // A PUT creates or reconciles the pools' scale sets: Compute and Network must be registered.
    requireDependencies(deps, ctx, path.subscriptionId);
    if (Array.isArray(profiles)) for (const p of profiles) requireCapacityReservationGroup(store, p, "agentPoolProfile.capacityReservationGroupID", location);
    // The subnets its pools join must exist (SubnetNotFound).
    requireProfileSubnets(store, profiles);
    const decision = unwrap(
      decideClusterPut({
        ids: { ...path, resourceGroup: existing?.resourceGroup ?? path.resourceGroup },
        location,
        body,
        existing,
        pools: getPools(store, path.key),
        active: engine.activeOperations(path.key) as AksOperation[],
        now: ctx.now,
        actor: actorOf(ctx),
        newId: deps.newId,
      }),
    );
    // A custom private DNS zone: the cluster's identity must be able to use it (private-dns-access.ts).
    requirePrivateZoneAccess(deps, ctx, decision.world.cluster);
    commitDecision(deps, path.key, before, decision);
    return { status: decision.created ? 201 : 200, headers: lroHeaders(ctx, clock, decision.operation, "put"), body: renderClusterWithPools(deps, getCluster(store, path.key)!) };
  };

  /** An action on the cluster: decided by the domain, committed, answered 202 with both LRO headers. */
  const act = (decide: (input: ActionInput) => ReturnType<typeof decideStartStop>, opts: { conditional?: boolean; startsNodes?: boolean } = {}) => (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const input = actionInput(deps, ctx, path);
    if (opts.conditional) checkConditions(ctx, input.world.cluster.eTag, { allowIfNoneMatch: false });
    if (opts.startsNodes) requireDependencies(deps, ctx, path.subscriptionId);
    const decision = unwrap(decide(input));
    commitDecision(deps, path.key, input.world, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const patch = (ctx: RequestContext): Reply => {
    const { tags } = sanitized(sanitizeTags(ctx.body));
    unwrapTags(checkTags(tags));
    return act((input) => decidePatchTags(input, tags), { conditional: true })(ctx);
  };

  const remove = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    requireGroup(store, path.subscriptionId, path.resourceGroup, { forWrite: false });
    const existing = getCluster(store, path.key);
    checkConditions(ctx, existing?.eTag, { allowIfNoneMatch: false });
    if (!existing) return { status: 204 };
    return act((input) => decideClusterDelete(input))(ctx);
  };

  const CLUSTER_SEGMENT = "/providers/microsoft.containerservice/managedclusters/";
  // A list's keys sorted once per store revision: paging through 10,000 clusters sorted them all
  // again for every page of 100 (issue 12: a page under 20 ms). Keys are the ids in lower case, so
  // the order is by id, case-insensitively, compared as code units (a collator's compare made the
  // first page of 10,000 clusters take 60 ms); a page reads only its own clusters (after a restart,
  // documents are read from disk when first asked for).
  const sortedLists = new Map<string, { revision: number; keys: string[] }>();
  const listIn = (ctx: RequestContext, listKey: string): Reply => {
    const revision = store.revision();
    let list = sortedLists.get(listKey);
    if (list?.revision !== revision) {
      // A resource group's list holds all its resources: only managed clusters' keys are kept.
      const isCluster = (k: string) => {
        const at = k.lastIndexOf(CLUSTER_SEGMENT);
        return at > 0 && k.indexOf("/", at + CLUSTER_SEGMENT.length) === -1;
      };
      const keys = store.groupKeys("resources", listKey).filter(isCluster).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (sortedLists.size >= 64) sortedLists.clear();
      sortedLists.set(listKey, (list = { revision, keys }));
    }
    return aksPage(ctx, list.keys, (key) => renderClusterWithPools(deps, store.get<ClusterRecord>("resources", key)!));
  };

  const listByGroup = (ctx: RequestContext): Reply => {
    const sub = ctx.params["subscriptionId"]!;
    const rg = ctx.params["resourceGroupName"]!;
    requireGroup(store, sub, rg, { forWrite: false });
    return listIn(ctx, groupKey(sub, rg));
  };

  // The subscription's clusters from the type's own list (arm/ids.ts typeListKey), not by walking every
  // resource of every group (node resource groups included).
  const listBySubscription = (ctx: RequestContext): Reply => listIn(ctx, `/subscriptions/${ctx.params["subscriptionId"]!}/providers/microsoft.containerservice/managedclusters`.toLowerCase());

  return {
    get,
    put,
    patch,
    remove,
    start: act((input) => decideStartStop(input, "start"), { startsNodes: true }),
    stop: act((input) => decideStartStop(input, "stop")),
    rotateCertificates: act((input) => decideRotateCertificates(input)),
    listByGroup,
    listBySubscription,
  };
}
