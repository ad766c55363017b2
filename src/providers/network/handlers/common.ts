// What every Network handler shares: the group a request names, a tracked resource's body
// (location, tags) as ARM checks it, Network's refusals, paging, and starting the one-step
// operation a write answers with (Azure-AsyncOperation on a PUT, both LRO headers on a DELETE).
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject, type Json } from "../../../arm/json.js";
import { LOCATIONS, normalizeLocation } from "../../../arm/locations.js";
import { lroHeaders } from "../../../arm/lro.js";
import { page } from "../../../arm/paging.js";
import { checkTags, TAG_ERRORS } from "../../../arm/tags.js";
import type { Change } from "../../../engine/step-runner.js";
import { requireGroup as groupOf } from "../../groups.js";
import type { ProviderDeps } from "../../provider.js";
import { networkOperation } from "../domain/operations.js";
import { keyOf, NAMESPACE, type NetworkRecord } from "../domain/records.js";
import { NETWORK_ERRORS } from "../errors.js";

export const { error: networkError, unwrap } = errorFactory(NETWORK_ERRORS);
const { error: tagError, unwrap: unwrapTags } = errorFactory(TAG_ERRORS);

export const N = `/providers/${NAMESPACE}`;
export const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;

/** The request's resource group, as stored (its casing): it must exist, and not be being deleted for a write. */
export const requireGroup = (deps: Pick<ProviderDeps, "store">, ctx: RequestContext, opts: { forWrite: boolean }): string => groupOf(deps.store, sub(ctx), ctx.params["resourceGroupName"]!, opts).name;

/** The id a request names, in the caller's casing: /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/{rest}. */
export const idFor = (ctx: RequestContext, rest: string) => `/subscriptions/${sub(ctx)}/resourceGroups/${ctx.params["resourceGroupName"]!}${N}/${rest}`;

/** A tracked resource's PUT body as ARM checks it: an object, a served location (the existing one's), valid tags. */
export function trackedBody(ctx: RequestContext, type: string, existing: { location: string; name: string } | undefined, rg: string): { body: Json; location: string; tags: Record<string, string> } {
  if (!isObject(ctx.body)) throw apiError("invalidJson", { detail: "The request body must be a JSON object." });
  const raw = ctx.body["location"];
  if (typeof raw !== "string" || raw.trim() === "") throw apiError("locationRequired");
  const location = normalizeLocation(raw);
  if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailable", { location: raw, type, locations: LOCATIONS });
  if (existing && existing.location.toLowerCase() !== location) throw apiError("invalidResourceLocation", { name: existing.name, existing: existing.location, requested: location, resourceGroup: rg });
  const tags = ctx.body["tags"];
  if (tags !== undefined && tags !== null) {
    if (!isObject(tags)) throw tagError("tagValueNotString");
    unwrapTags(checkTags(tags));
  }
  return { body: ctx.body, location, tags: isObject(tags) ? (tags as Record<string, string>) : {} };
}

export const networkPage = <T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown): Reply => page(ctx, items, render, (raw) => networkError("networkInvalidSkipToken", { skipToken: raw }));

type Write = { puts?: readonly NetworkRecord[]; deletes?: readonly string[] };

/**
 * Commits a write and the operation that finishes it: a PUT's records go in Updating (the step
 * makes them Succeeded), a DELETE's are marked Deleting (the step removes them).
 */
export function startWrite(deps: Pick<ProviderDeps, "engine" | "newId">, ctx: RequestContext, input: { resourceId: string; location: string; verb: "Updating" | "Deleting"; operationType: string; write: Write; extra?: Change["resources"] }) {
  const puts = input.write.puts ?? [];
  const marked = input.verb === "Deleting" ? puts.map((r) => ({ ...r, provisioningState: "Deleting" as const })) : puts;
  const keys = input.verb === "Deleting" ? [...puts.map((r) => keyOf(r.id)), ...(input.write.deletes ?? [])] : puts.map((r) => keyOf(r.id));
  const op = networkOperation({ id: deps.newId(), resourceId: input.resourceId, key: keyOf(input.resourceId), subscriptionId: sub(ctx), location: input.location, verb: input.verb, operationType: input.operationType, keys, now: ctx.now });
  const deletes = input.verb === "Deleting" ? [] : (input.write.deletes ?? []);
  deps.engine.commit({ resources: [...marked.map((r) => [keyOf(r.id), r] as const), ...deletes.map((k) => [k, undefined] as const), ...(input.extra ?? [])], operations: [op] });
  return op;
}

export function putReply(deps: Pick<ProviderDeps, "clock">, ctx: RequestContext, op: ReturnType<typeof startWrite>, created: boolean, body: unknown): Reply {
  return { status: created ? 201 : 200, headers: lroHeaders(ctx, deps.clock, op, "put"), body };
}

export function deleteReply(deps: Pick<ProviderDeps, "clock">, ctx: RequestContext, op: ReturnType<typeof startWrite>): Reply {
  return { status: 202, headers: lroHeaders(ctx, deps.clock, op, "accepted") };
}
