// ActivityLogs_List: GET {S}/providers/Microsoft.Insights/eventtypes/management/values, the
// subscription's activity log events (written by the engine, engine/activity-log.ts), newest
// first, filtered by $filter, cut by $select, paged with a $skiptoken cursor (the key of the
// next event, so events written between two pages shift nothing).
import { errorFactory } from "../../arm/api-error.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import type { Json } from "../../arm/json.js";
import { PAGE_SIZE } from "../../arm/paging.js";
import { EVENT_KEY, keyTime, type ActivityEvent } from "../../engine/activity.js";
import { RETENTION_MS } from "../../engine/activity-log.js";
import type { ProviderDeps } from "../provider.js";
import { eventData, parseSelect, selected } from "./domain/event-data.js";
import { matchesFilter, parseActivityFilter } from "./domain/filter.js";
import { INSIGHTS_ERRORS } from "./errors.js";

const { error: insightsError, unwrap } = errorFactory(INSIGHTS_ERRORS);

export function activityLogHandlers(deps: Pick<ProviderDeps, "store">) {
  const list = (ctx: RequestContext): Reply => {
    const filter = unwrap(parseActivityFilter(ctx.query.get("$filter") ?? ""));
    const select = parseSelect(ctx.query.get("$select"));
    const token = ctx.query.get("$skiptoken") ?? ctx.query.get("$skipToken");
    if (token !== null && !EVENT_KEY.test(token)) throw insightsError("activitySkipTokenInvalid", { token });
    // Nothing older than ARM's retention is served, whatever the filter asks.
    const window = { ...filter, from: Math.max(filter.from, ctx.now - RETENTION_MS) };
    // Keys start with the event's time (in whole ms): events outside the window are not read (they rest on disk).
    const inWindow = (key: string) => keyTime(key) >= Math.floor(window.from) && (window.to === undefined || keyTime(key) <= window.to) && (token === null || key <= token);
    const found = deps.store
      .group<ActivityEvent>("events", ctx.params["subscriptionId"]!.toLowerCase(), inWindow)
      .filter((e) => matchesFilter(e, window))
      .sort((a, b) => (a.key < b.key ? 1 : -1));
    const body: Json = { value: found.slice(0, PAGE_SIZE).map((e) => selected(eventData(e), select)) };
    const next = found[PAGE_SIZE];
    if (next) {
      const q = new URLSearchParams(ctx.query);
      q.delete("$skipToken");
      q.set("$skiptoken", next.key);
      body["nextLink"] = `${ctx.origin}${ctx.path}?${q.toString()}`;
    }
    return { status: 200, body };
  };
  return { list };
}
