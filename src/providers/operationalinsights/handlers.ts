// Log Analytics workspaces over HTTP (Workspaces_* and SharedKeys_GetSharedKeys): PUT (201 new,
// 200 updated; the spec's LRO finishes at once: provisioningState Succeeded), PATCH, GET, the
// lists by group and subscription (one page, the spec names no nextLink), DELETE (200; 204 when
// there is none; soft unless `force=true`) and the shared keys. Rules are in domain/workspaces.ts.
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { groupKey } from "../../arm/ids.js";
import { isObject } from "../../arm/json.js";
import { LOCATIONS, normalizeLocation } from "../../arm/locations.js";
import { checkTags, TAG_ERRORS } from "../../arm/tags.js";
import type { ProviderDeps } from "../provider.js";
import { decideWorkspace, deletedKey, softDeleted, WORKSPACES, type WorkspaceRecord } from "./domain/workspaces.js";
import { OI_ERRORS } from "./errors.js";
import { getDeleted, getWorkspace, workspacesOfGroup, workspacesOfSubscription } from "./repository.js";
import { renderSharedKeys, renderWorkspace } from "./wire.js";

const { unwrap } = errorFactory(OI_ERRORS);
const { unwrap: unwrapTags } = errorFactory(TAG_ERRORS);

export function workspaceHandlers(deps: ProviderDeps) {
  const { store, engine, newId } = deps;
  const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;
  const requireGroup = (ctx: RequestContext) => {
    const rg = ctx.params["resourceGroupName"]!;
    if (!store.get("resources", groupKey(sub(ctx), rg))) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
    return rg;
  };
  const idOf = (ctx: RequestContext, rg: string) => `/subscriptions/${sub(ctx)}/resourceGroups/${rg}/providers/${WORKSPACES}/${ctx.params["workspaceName"]!}`;
  const workspaceOf = (ctx: RequestContext): WorkspaceRecord => {
    const rg = requireGroup(ctx);
    const w = getWorkspace(store, idOf(ctx, rg).toLowerCase());
    if (!w) throw apiError("resourceNotFound", { type: WORKSPACES, name: ctx.params["workspaceName"]!, resourceGroup: rg });
    return w;
  };
  /** The service's made-up values: a customerId, two 64-byte keys (base64, as Log Analytics prints them), an operation id. */
  const fresh = () => {
    const key = () => Buffer.from(`${newId()}${newId()}${newId()}${newId()}`.replace(/-/g, ""), "hex").toString("base64");
    return { customerId: newId(), sharedKeys: { primary: key(), secondary: key() }, operationId: newId().replace(/-/g, "") };
  };
  const reply = (ctx: RequestContext, key: string, status: number): Reply => ({ status, body: renderWorkspace(getWorkspace(store, key)!, ctx.now) });

  const write = (ctx: RequestContext, patch: boolean): Reply => {
    const rg = requireGroup(ctx);
    const id = idOf(ctx, rg);
    const key = id.toLowerCase();
    const existing = getWorkspace(store, key);
    if (patch && !existing) throw apiError("resourceNotFound", { type: WORKSPACES, name: ctx.params["workspaceName"]!, resourceGroup: rg });
    const made = fresh();
    if (!isObject(ctx.body)) throw apiError("invalidJson", { detail: "The body must be a JSON object: the workspace" });
    unwrapTags(isObject(ctx.body["tags"]) ? checkTags(ctx.body["tags"]) : undefined);
    let location = existing?.location ?? "";
    if (!patch || ctx.body["location"] !== undefined) {
      const raw = ctx.body["location"];
      if (typeof raw !== "string" || raw.trim() === "") throw apiError("locationRequired");
      location = normalizeLocation(raw);
      if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailable", { location: raw, type: WORKSPACES, locations: LOCATIONS });
      if (existing && existing.location !== location) throw apiError("invalidResourceLocation", { name: existing.name, existing: existing.location, requested: location, resourceGroup: rg });
    }
    const parts = { subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["workspaceName"]! };
    const next = unwrap(decideWorkspace({ body: ctx.body, patch, id, parts, location, existing, deleted: getDeleted(store, key), now: ctx.now, fresh: made }));
    engine.commit({ resources: [[key, next]], meta: [[deletedKey(key), undefined]] });
    return reply(ctx, key, existing || patch ? 200 : 201);
  };

  const remove = (ctx: RequestContext): Reply => {
    const rg = requireGroup(ctx);
    const key = idOf(ctx, rg).toLowerCase();
    const w = getWorkspace(store, key);
    const force = (ctx.query.get("force") ?? "").toLowerCase() === "true";
    if (!w) {
      if (force && getDeleted(store, key)) engine.commit({ meta: [[deletedKey(key), undefined]] });
      return { status: 204 };
    }
    engine.commit({ resources: [[key, undefined]], meta: [[deletedKey(key), force ? undefined : softDeleted(w, ctx.now)]] });
    return { status: 200 };
  };

  return {
    put: (ctx: RequestContext) => write(ctx, false),
    patch: (ctx: RequestContext) => write(ctx, true),
    get: (ctx: RequestContext): Reply => ({ status: 200, body: renderWorkspace(workspaceOf(ctx), ctx.now) }),
    remove,
    listByGroup: (ctx: RequestContext): Reply => ({ status: 200, body: { value: workspacesOfGroup(store, sub(ctx), requireGroup(ctx)).map((w) => renderWorkspace(w, ctx.now)) } }),
    list: (ctx: RequestContext): Reply => ({ status: 200, body: { value: workspacesOfSubscription(store, sub(ctx)).map((w) => renderWorkspace(w, ctx.now)) } }),
    sharedKeys: (ctx: RequestContext): Reply => ({ status: 200, body: renderSharedKeys(workspaceOf(ctx)) }),
  };
}
