// ARM's generic resource lists (Resources_List, Resources_ListByResourceGroup): every top-level
// tracked resource in the store, of any provider, with the $filter and $top az resource list sends.
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { groupKey, subscriptionKey } from "../../arm/ids.js";
import { page } from "../../arm/paging.js";
import type { ProviderDeps } from "../provider.js";
import { genericResource, renderGeneric } from "./domain/generic-resources.js";
import { matchesFilter, parseFilter, type Clause } from "./domain/resource-filter.js";
import { RESOURCES_ERRORS } from "./errors.js";
import type { ResourceGroupRecord } from "./public.js";

const { error: resourcesError } = errorFactory(RESOURCES_ERRORS);

export function resourceListHandlers(deps: Pick<ProviderDeps, "store" | "catalog">) {
  const { store } = deps;

  /** az sends `$filter=` (empty) when no filter option is given: that is no filter. */
  const clauses = (ctx: RequestContext): Clause[] => {
    const raw = ctx.query.get("$filter");
    if (raw === null || raw.trim() === "") return [];
    const parsed = parseFilter(raw);
    if (!parsed) throw resourcesError("invalidFilter", { filter: raw });
    return parsed;
  };
  const top = (ctx: RequestContext): number => {
    const raw = ctx.query.get("$top");
    if (raw === null) return Infinity;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw resourcesError("invalidTop", { top: raw });
    return Number(raw);
  };

  /** The top-level resources of the groups given, filtered, in id order. */
  const reply = (ctx: RequestContext, groups: readonly ResourceGroupRecord[]): Reply => {
    const filter = clauses(ctx);
    const limit = top(ctx);
    const found = groups
      .flatMap((g) => store.group<unknown>("resources", g.id.toLowerCase()))
      .flatMap((doc) => {
        const r = genericResource(doc, deps.catalog);
        return r && matchesFilter(r, filter) ? [r] : [];
      })
      .sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1))
      .slice(0, limit);
    return page(ctx, found, renderGeneric, (raw) => resourcesError("invalidSkipToken", { token: raw }));
  };

  const list = (ctx: RequestContext): Reply => {
    const groups = store.group<ResourceGroupRecord>("resources", subscriptionKey(ctx.params["subscriptionId"]!)).filter((g) => g.kind === "resourceGroup");
    return reply(ctx, groups);
  };
  const listByGroup = (ctx: RequestContext): Reply => {
    const rg = ctx.params["resourceGroupName"]!;
    const group = store.get<ResourceGroupRecord>("resources", groupKey(ctx.params["subscriptionId"]!, rg));
    if (!group) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
    return reply(ctx, [group]);
  };

  return { list, listByGroup };
}
