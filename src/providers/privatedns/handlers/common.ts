// What every private DNS handler shares: the group a request names, a tracked body (location
// "global", tags), refusals, paging, and starting the one-step operation a zone or link write
// answers with: 202 with Azure-AsyncOperation (`.../privateDnsOperationStatuses/{id}`), Location
// (`.../privateDnsOperationResults/{id}`) and Retry-After, as the 2020-06-01 examples show.
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import { retryAfter } from "../../../arm/lro.js";
import { page } from "../../../arm/paging.js";
import { checkTags, TAG_ERRORS } from "../../../arm/tags.js";
import type { OperationRecord } from "../../../engine/operations.js";
import type { Change } from "../../../engine/step-runner.js";
import { requireGroup as storedGroup } from "../../groups.js";
import type { ProviderDeps } from "../../provider.js";
import { privateDnsOperation } from "../domain/operations.js";
import { keyOf, NAMESPACE, type PrivateDnsRecord } from "../domain/records.js";
import { PRIVATE_DNS_ERRORS } from "../errors.js";

export const { error: dnsError, unwrap } = errorFactory(PRIVATE_DNS_ERRORS);
const { error: tagError, unwrap: unwrapTags } = errorFactory(TAG_ERRORS);

export const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;

/** The request's resource group, as stored (its casing): it must exist, and not be being deleted for a write. */
export const requireGroup = (deps: Pick<ProviderDeps, "store">, ctx: RequestContext, opts: { forWrite: boolean }): string => storedGroup(deps.store, sub(ctx), ctx.params["resourceGroupName"]!, opts).name;

/** A zone's id as the request names it (caller's casing). */
export const zoneIdFor = (ctx: RequestContext) => `/subscriptions/${sub(ctx)}/resourceGroups/${ctx.params["resourceGroupName"]!}/providers/${NAMESPACE}/privateDnsZones/${ctx.params["privateZoneName"]!}`;

/** A zone or link body as ARM checks it: an object, location "global" (any casing), valid tags. */
export function trackedBody(ctx: RequestContext, type: string, fallbackTags?: Record<string, string>): { tags: Record<string, string> } {
  if (!isObject(ctx.body)) throw apiError("invalidJson", { detail: "The request body must be a JSON object." });
  const raw = ctx.body["location"];
  if (raw !== undefined && (typeof raw !== "string" || raw.trim().toLowerCase() !== "global")) throw apiError("locationNotAvailable", { location: String(raw), type, locations: ["global"] });
  const tags = ctx.body["tags"];
  if (tags !== undefined && tags !== null) {
    if (!isObject(tags)) throw tagError("tagValueNotString");
    unwrapTags(checkTags(tags));
    return { tags: tags as Record<string, string> };
  }
  return { tags: fallbackTags ?? {} };
}

export const dnsPage = <T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown): Reply => {
  const top = ctx.query.get("$top");
  const limited = top !== null && /^\d+$/.test(top) ? items.slice(0, Number(top)) : items;
  return page(ctx, limited, render, (raw) => apiError("invalidJson", { detail: `The $skipToken '${raw}' is invalid.` }));
};

const groupOf = (id: string) => /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)/i.exec(id)![1]!;

export function lroHeaders(deps: Pick<ProviderDeps, "clock">, ctx: RequestContext, op: OperationRecord): Record<string, string> {
  const base = `${ctx.origin}${groupOf(op.resourceId)}/providers/${NAMESPACE}`;
  const q = `?api-version=${encodeURIComponent(ctx.apiVersion)}`;
  return {
    "Azure-AsyncOperation": `${base}/privateDnsOperationStatuses/${op.id}${q}`,
    Location: `${base}/privateDnsOperationResults/${op.id}${q}`,
    "Retry-After": retryAfter(deps.clock, op),
  };
}

/**
 * Commits a write and the operation that finishes it (202): a PUT's records go in Creating or
 * Updating (the step makes them Succeeded), a DELETE's are marked Deleting (the step removes them).
 */
export function startWrite(deps: Pick<ProviderDeps, "engine" | "newId" | "clock">, ctx: RequestContext, input: { resourceId: string; verb: "Updating" | "Deleting"; operationType: string; records: readonly PrivateDnsRecord[]; alsoDeletes?: readonly string[] }): Reply {
  const marked = input.verb === "Deleting" ? input.records.map((r) => ("provisioningState" in r ? { ...r, provisioningState: "Deleting" as const } : r)) : input.records;
  const keys = [...input.records.map((r) => keyOf(r.id)), ...(input.alsoDeletes ?? [])];
  const op = privateDnsOperation({ id: deps.newId(), resourceId: input.resourceId, key: keyOf(input.resourceId), subscriptionId: sub(ctx), verb: input.verb, operationType: input.operationType, keys, now: ctx.now });
  const change: Change = { resources: marked.map((r) => [keyOf(r.id), r] as const), operations: [op] };
  deps.engine.commit(change);
  return { status: 202, headers: lroHeaders(deps, ctx, op) };
}
