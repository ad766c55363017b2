// Microsoft.Resources: subscriptions and resource groups. Deleting a group deletes its clusters,
// as one long-running operation.
import { LOCATIONS, normalizeLocation } from "../../arm/api-versions.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { loadWorld, saveWorld } from "../containerservice/repository.js";
import { groupKey, subscriptionKey } from "../containerservice/domain/keys.js";
import { markTargets, poolsOf, preemptByDelete } from "../containerservice/domain/lifecycle.js";
import { deleteClusterPlan } from "../containerservice/domain/plans.js";
import type { ClusterRecord, OperationRecord, ResourceGroupRecord } from "../containerservice/domain/records.js";
import type { AksDeps } from "../containerservice/handlers/deps.js";

const GROUP_NAME = /^[-\w._()]{1,90}$/;

export function renderGroup(g: ResourceGroupRecord) {
  return {
    id: g.id,
    name: g.name,
    type: "Microsoft.Resources/resourceGroups",
    location: g.location,
    ...(g.tags ? { tags: g.tags } : {}),
    ...(g.managedBy ? { managedBy: g.managedBy } : {}),
    properties: { provisioningState: g.provisioningState },
  };
}

export function resourceGroupHandlers(deps: AksDeps & { subscriptions: () => { id: string; tenantId: string; displayName: string }[] }) {
  const { store, engine } = deps;
  const params = (ctx: RequestContext) => ({ sub: ctx.params["subscriptionId"]!, rg: ctx.params["resourceGroupName"]! });
  const find = (ctx: RequestContext) => {
    const { sub, rg } = params(ctx);
    const g = store.get<ResourceGroupRecord>("resources", groupKey(sub, rg));
    if (!g) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
    return g;
  };

  const put = (ctx: RequestContext): Reply => {
    const { sub, rg } = params(ctx);
    if (!GROUP_NAME.test(rg) || rg.endsWith(".")) throw apiError("invalidResourceGroupName", { name: rg });
    const body = ctx.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw apiError("invalidJson", { detail: "Expected a JSON object." });
    const b = body as Record<string, unknown>;
    if (typeof b["location"] !== "string" || b["location"].trim() === "") throw apiError("locationRequired");
    const location = normalizeLocation(b["location"]);
    if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailableForResourceGroup", { location: b["location"], locations: LOCATIONS });
    const tags = b["tags"];
    if (tags !== undefined && (typeof tags !== "object" || tags === null || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== "string"))) {
      throw apiError("invalidRequestContent", { message: "The request content was invalid and could not be deserialized: 'tags must be an object whose values are strings.'." });
    }
    const key = groupKey(sub, rg);
    const existing = store.get<ResourceGroupRecord>("resources", key);
    if (existing?.deletion) throw apiError("resourceGroupBeingDeleted", { resourceGroup: existing.name });
    if (existing && existing.location !== location) throw apiError("invalidResourceGroupLocation", { resourceGroup: existing.name, existing: existing.location, requested: location });
    const record: ResourceGroupRecord = {
      kind: "resourceGroup",
      id: existing?.id ?? `/subscriptions/${sub}/resourceGroups/${rg}`,
      subscriptionId: sub,
      name: existing?.name ?? rg,
      location,
      ...(tags ? { tags: tags as Record<string, string> } : {}),
      ...(typeof b["managedBy"] === "string" ? { managedBy: b["managedBy"] } : {}),
      provisioningState: "Succeeded",
    };
    store.transaction((tx) => tx.put("resources", key, record));
    return { status: existing ? 200 : 201, body: renderGroup(record) };
  };

  const get = (ctx: RequestContext): Reply => ({ status: 200, body: renderGroup(find(ctx)) });

  const head = (ctx: RequestContext): Reply => {
    const { sub, rg } = params(ctx);
    return { status: store.get("resources", groupKey(sub, rg)) ? 204 : 404 };
  };

  const list = (ctx: RequestContext): Reply => {
    const groups = store.group<ResourceGroupRecord>("resources", subscriptionKey(params(ctx).sub)).filter((g) => g.kind === "resourceGroup");
    return { status: 200, body: { value: groups.sort((a, b) => a.name.localeCompare(b.name)).map(renderGroup) } };
  };

  const remove = (ctx: RequestContext): Reply => {
    const group = find(ctx);
    const gKey = groupKey(group.subscriptionId, group.name);
    const existingOp = engine.activeOperations(gKey).find((op) => op.operationType === "DeleteResourceGroup");
    const opId = existingOp?.id ?? deps.newId();
    if (!existingOp) {
      const clusters = store.group<ClusterRecord>("resources", gKey).filter((c) => c.kind === "managedCluster");
      engine.transact((tx, ops) => {
        const steps = [];
        for (const cluster of clusters) {
          const key = cluster.id.toLowerCase();
          const before = loadWorld(store, key);
          const pools = poolsOf(before);
          for (const running of engine.activeOperations(key)) ops.put(preemptByDelete(running, ctx.now));
          const marker: OperationRecord = { id: opId, subscriptionId: group.subscriptionId, location: cluster.location, operationType: "DeleteResourceGroup", verb: "Deleting", touchedPools: pools.map((p) => p.name), status: "InProgress", startTime: ctx.now, steps: [], stepIndex: 0, stepStartedAt: ctx.now, result: "noContent" };
          const after = markTargets({ ...before, cluster: { ...cluster, deletion: { operationId: opId, startedAt: ctx.now } } }, marker, "Deleting");
          saveWorld(tx, key, before, after, deps.newEtag);
          steps.push(...deleteClusterPlan(key, pools));
        }
        steps.push({ name: `Deleting resource group ${group.name}`, durationMs: 5000, action: { type: "deleteResourceGroup" as const, groupKey: gKey } });
        tx.put("resources", gKey, { ...group, provisioningState: "Deleting", deletion: { operationId: opId, startedAt: ctx.now } });
        ops.put({ id: opId, subscriptionId: group.subscriptionId, location: group.location, groupKey: gKey, operationType: "DeleteResourceGroup", verb: "Deleting", touchedPools: [], status: "InProgress", startTime: ctx.now, steps, stepIndex: 0, stepStartedAt: ctx.now, result: "noContent" });
      });
    }
    const v = encodeURIComponent(ctx.apiVersion);
    return { status: 202, headers: { Location: `${ctx.origin}/subscriptions/${group.subscriptionId}/operationresults/${opId}?api-version=${v}`, "Retry-After": "1" } };
  };

  /** ARM's generic operationresults for group deletion: 202 while running, 200 when done. */
  const operationResult = (ctx: RequestContext): Reply => {
    const op = store.get<OperationRecord>("operations", ctx.params["operationId"]!);
    if (!op) throw apiError("childNotFound", { what: `Operation '${ctx.params["operationId"]}' was not found.` });
    if (op.status === "InProgress") return { status: 202, headers: { Location: `${ctx.origin}${ctx.path}?api-version=${encodeURIComponent(ctx.apiVersion)}`, "Retry-After": "1" } };
    return { status: 200 };
  };

  const subscriptions = (): Reply => ({ status: 200, body: { value: deps.subscriptions().map(renderSubscription) } });
  const subscription = (ctx: RequestContext): Reply => {
    const s = deps.subscriptions().find((x) => x.id.toLowerCase() === ctx.params["subscriptionId"]!.toLowerCase());
    if (!s) throw apiError("subscriptionNotFound", { subscriptionId: ctx.params["subscriptionId"]! });
    return { status: 200, body: renderSubscription(s) };
  };

  return { put, get, head, list, remove, operationResult, subscriptions, subscription };
}

function renderSubscription(s: { id: string; tenantId: string; displayName: string }) {
  return {
    id: `/subscriptions/${s.id}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}
