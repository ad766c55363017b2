// Microsoft.Resources over HTTP: subscriptions, resource groups, and ARM's generic operationresults
// (a group delete is one long-running operation that deletes what the group holds).
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { groupKey, subscriptionKey } from "../../arm/ids.js";
import { isObject } from "../../arm/json.js";
import { LOCATIONS, normalizeLocation } from "../../arm/locations.js";
import { isActive, type OperationRecord } from "../../engine/operations.js";
import type { Change } from "../../engine/step-runner.js";
import type { ProviderDeps, Subscription } from "../provider.js";
import { decideGroupPut, groupDeleteOperation, isTagMap, validateGroupName } from "./domain/groups.js";
import { RESOURCES_ERRORS } from "./errors.js";
import type { ResourceGroupRecord } from "./public.js";

const { error: resourcesError, unwrap } = errorFactory(RESOURCES_ERRORS);

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

function renderSubscription(s: Subscription) {
  return {
    id: `/subscriptions/${s.id}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

export function resourceHandlers(deps: ProviderDeps) {
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
    const key = groupKey(sub, rg);
    const existing = store.get<ResourceGroupRecord>("resources", key);
    unwrap(validateGroupName(rg));
    if (!isObject(ctx.body)) throw apiError("invalidJson", { detail: "Expected a JSON object." });
    const b = ctx.body;
    if (typeof b["location"] !== "string" || b["location"].trim() === "") throw apiError("locationRequired");
    const location = normalizeLocation(b["location"]);
    if (!LOCATIONS.includes(location)) throw resourcesError("locationNotAvailableForResourceGroup", { location: b["location"], locations: LOCATIONS });
    if (b["tags"] !== undefined && !isTagMap(b["tags"])) {
      throw resourcesError("tagValueNotString");
    }
    if (existing?.deletion) throw apiError("resourceGroupBeingDeleted", { resourceGroup: existing.name });
    const record = unwrap(decideGroupPut({ sub, name: rg, location, tags: b["tags"], managedBy: b["managedBy"], existing }));
    engine.commit({ resources: [[key, record]] });
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

  /** Every provider deletes what it has in the group (their cascades), then the group goes. */
  const remove = (ctx: RequestContext): Reply => {
    const group = find(ctx);
    const key = group.id.toLowerCase();
    const inFlight = engine.activeOperations(key).find((op) => op.operationType === "DeleteResourceGroup");
    const opId = inFlight?.id ?? deps.newId();
    if (!inFlight) {
      const resources: NonNullable<Change["resources"]>[number][] = [];
      const operations: NonNullable<Change["operations"]>[number][] = [];
      const steps = [];
      for (const cascade of deps.groupCascades) {
        const share = cascade({ read: store, groupKey: key, operationId: opId, now: ctx.now, active: engine.activeOperations });
        resources.push(...(share.change.resources ?? []));
        operations.push(...(share.change.operations ?? []));
        steps.push(...share.steps);
      }
      resources.push([key, { ...group, provisioningState: "Deleting", deletion: { operationId: opId, startedAt: ctx.now } }]);
      operations.push(groupDeleteOperation({ group, key, id: opId, now: ctx.now, steps }));
      engine.commit({ resources, operations });
    }
    const v = encodeURIComponent(ctx.apiVersion);
    return { status: 202, headers: { Location: `${ctx.origin}/subscriptions/${group.subscriptionId}/operationresults/${opId}?api-version=${v}`, "Retry-After": "1" } };
  };

  /** ARM's generic operationresults for group deletion: 202 while running, 200 when done. */
  const operationResult = (ctx: RequestContext): Reply => {
    const id = ctx.params["operationId"]!;
    const op = store.get<OperationRecord>("operations", id);
    if (!op) throw resourcesError("operationNotFound", { operationId: id });
    if (isActive(op)) return { status: 202, headers: { Location: `${ctx.origin}${ctx.path}?api-version=${encodeURIComponent(ctx.apiVersion)}`, "Retry-After": "1" } };
    if (op.status === "Succeeded") return { status: 200 };
    // ARM answers a failed deletion with its error, as a conflict.
    return { status: 409, body: { error: op.error ?? { code: op.status, message: `The operation ended with status ${op.status}.` } } };
  };

  /** ARM lists the subscriptions of the caller's tenant that its role assignments reach (RBAC, when kept). */
  const subscriptions = (ctx: RequestContext): Reply => {
    const tenant = ctx.principal.tenantId.toLowerCase();
    const visible = (s: Subscription) => deps.access?.allows(ctx.principal, "Microsoft.Resources/subscriptions/read", `/subscriptions/${s.id}`) ?? true;
    return { status: 200, body: { value: deps.subscriptions().filter((s) => s.tenantId.toLowerCase() === tenant && visible(s)).map(renderSubscription) } };
  };
  const subscription = (ctx: RequestContext): Reply => {
    const s = deps.subscriptions().find((x) => x.id.toLowerCase() === ctx.params["subscriptionId"]!.toLowerCase());
    if (!s) throw apiError("subscriptionNotFound", { subscriptionId: ctx.params["subscriptionId"]! });
    return { status: 200, body: renderSubscription(s) };
  };

  return { put, get, head, list, remove, operationResult, subscriptions, subscription };
}
