// azl monitor activity-log list|show: the activity log as az 2.45's monitor module reads it
// (custom.py list_activity_log: the $filter it builds, its 6h --offset, its 50 --max-events) and
// prints it (the SDK's EventData model as a dict: every attribute, null when absent; times as
// Python's isoformat). One difference: without --start-time and --end-time, az ends the window at
// the wall clock's now; azl asks the emulator for its virtual now, so events of an instant or fast
// clock are found (a fallback to the wall clock when the emulator does not say).
import { systemNow } from "../../../clock/clock.js"; // the window's end when the emulator gives no time
import { CliError } from "../errors.js";
import type { Args, CommandContext, CommandSpec, GroupSpec } from "../spec.js";
import type { ListPage } from "../wire.js";
import { str } from "./shared.js";

export const MONITOR_GROUPS: GroupSpec[] = [
  { path: ["monitor"], summary: "Manage the Azure Monitor Service." },
  { path: ["monitor", "activity-log"], summary: "Manage activity logs." },
];

/** az's profile reads activity logs with this api-version (azure.cli.core.profiles, MGMT_MONITOR). */
const ACTIVITY_LOG_API = "2015-04-01";

type Json = Record<string, unknown>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** az's --offset (monitor/actions.py get_period_type): `##d##h##m##s` shorthand, or an ISO 8601 period. */
export function parsePeriod(text: string): number | undefined {
  const m = /^(p)?(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)d)?(t)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.toLowerCase());
  if (!m || text === "") return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  // In the shorthand a lone "m" is minutes; in an ISO period (P...T...) the first is months.
  const months = m[1] && m[5] ? n(3) : 0;
  const minutes = m[1] && m[5] ? n(7) : n(7) || n(3);
  return n(2) * 365 * DAY + months * 30 * DAY + n(4) * DAY + n(6) * HOUR + minutes * 60_000 + n(8) * 1000;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A --start-time/--end-time as az's datetime type reads it (no zone: the local one), in ms. */
export function parseTime(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = Number(`${m[7] ?? ""}000`.slice(0, 3));
  if (m[8] === undefined) {
    const local = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
    return Number.isNaN(local) ? undefined : local;
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (m[8].toUpperCase() === "Z") return utc;
  const digits = m[8].replace(/[^\d]/g, "");
  return utc - (m[8].startsWith("-") ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Python's isoformat of an aware UTC datetime: microseconds only when there are some. */
export function pythonIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, frac: string) => (frac === "000" ? "+00:00" : `.${frac}000+00:00`));
}

/** An EventData time as az prints it (msrest keeps 6 of ARM's 7 fractional digits; isoformat drops a zero fraction). */
function azTime(v: unknown): unknown {
  if (typeof v !== "string") return v ?? null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/i.exec(v);
  if (!m) return v;
  const micro = `${m[2] ?? ""}000000`.slice(0, 6);
  const zone = m[3] === undefined || m[3].toUpperCase() === "Z" ? "+00:00" : m[3];
  return `${m[1]}${Number(micro) === 0 ? "" : `.${micro}`}${zone}`;
}

const model = (v: unknown, fields: readonly string[]): Json | null => {
  if (!v || typeof v !== "object") return null;
  const o = v as Json;
  const out: Json = Object.fromEntries(fields.map((f) => [f, o[f] ?? null]));
  for (const [k, val] of Object.entries(o)) if (!(k in out)) out[k] = val;
  return out;
};
const localizable = (v: unknown) => model(v, ["localizedValue", "value"]);

const EVENT_FIELDS = [
  "authorization", "caller", "category", "claims", "correlationId", "description", "eventDataId", "eventName", "eventTimestamp", "httpRequest", "id", "level",
  "operationId", "operationName", "properties", "resourceGroupName", "resourceId", "resourceProviderName", "resourceType", "status", "subStatus", "submissionTimestamp", "subscriptionId", "tenantId",
];
const LOCALIZABLE = new Set(["category", "eventName", "operationName", "resourceProviderName", "resourceType", "status", "subStatus"]);

/** What az prints for one EventData: the 2015-04-01 model's attributes (null when absent), and whatever else the service sent. */
export function eventView(e: unknown): unknown {
  if (!e || typeof e !== "object") return e;
  const o = e as Json;
  const out: Json = {};
  for (const f of EVENT_FIELDS) {
    const v = o[f];
    if (f === "authorization") out[f] = model(v, ["action", "role", "scope"]);
    else if (f === "httpRequest") out[f] = model(v, ["clientIpAddress", "clientRequestId", "method", "uri"]);
    else if (f === "eventTimestamp" || f === "submissionTimestamp") out[f] = azTime(v);
    else if (LOCALIZABLE.has(f)) out[f] = localizable(v);
    else out[f] = v ?? null;
  }
  for (const [k, v] of Object.entries(o)) if (!(k in out)) out[k] = v;
  // az's global result transform (core/commands/transform.py) adds the group of an id under a resource group.
  const parts = typeof out["id"] === "string" ? out["id"].split("/") : [];
  if (parts[3]?.toLowerCase() === "resourcegroups" && parts.length > 8 && !Object.keys(out).some((k) => k.toLowerCase() === "resourcegroup")) out["resourceGroup"] = parts[4];
  return out;
}

/** The emulator's virtual now (GET /_aksemu/clock); the wall clock when it does not answer. */
export async function emulatorNow(ctx: CommandContext): Promise<number> {
  try {
    const res = await ctx.client().call<{ now?: string }>("GET", "/_aksemu/clock", { allowStatus: [401, 403, 404] });
    const t = res.status === 200 && typeof res.body?.now === "string" ? Date.parse(res.body.now) : NaN;
    if (Number.isFinite(t)) return t;
  } catch {
    // not the emulator's control API: az's own default, the wall clock
  }
  return systemNow();
}

/** az's _build_activity_log_odata_filter: the time range, the first of correlation/group/resource/namespace given (an empty one is skipped), then caller and status. */
async function activityFilter(ctx: CommandContext, args: Args): Promise<string> {
  const offsetText = str(args, "offset") ?? "6h";
  const offset = parsePeriod(offsetText);
  if (offset === undefined) throw new CliError("usage", `argument --offset: invalid period_type value: '${offsetText}'`);
  const time = (name: "start-time" | "end-time") => {
    const text = str(args, name);
    if (text === undefined) return undefined;
    const t = parseTime(text);
    if (t === undefined) throw new CliError("client", `Unable to parse: '${text}'. Expected format: ${name === "start-time" ? "Start time of the query." : "End time of the query. Defaults to the current time."} Format: date (yyyy-mm-dd) time (hh:mm:ss.xxxxx) timezone (+/-hh:mm)`);
    return t;
  };
  let start = time("start-time");
  let end = time("end-time");
  if (start === undefined && end === undefined) end = await emulatorNow(ctx);
  if (start === undefined) start = end! - offset;
  else if (end === undefined) end = start + offset;
  let filter = `eventTimestamp ge ${pythonIso(start)} and eventTimestamp le ${pythonIso(end!)}`;
  const eq = (label: string, value: string) => (filter += ` and ${label} eq '${value}'`);
  const scope = (
    [
      ["correlation-id", "correlationId"],
      ["resource-group", "resourceGroupName"],
      ["resource-id", "resourceId"],
      ["namespace", "resourceProvider"],
    ] as const
  ).find(([name]) => str(args, name));
  if (scope) eq(scope[1], str(args, scope[0])!);
  const caller = str(args, "caller");
  if (caller) eq("caller", caller);
  const status = str(args, "status");
  if (status) eq("status", status);
  return filter;
}

/** Pages of the activity log until `max` events (az reads pages lazily, up to --max-events). */
async function listEvents(ctx: CommandContext, filter: string, select: string | undefined, max: number): Promise<unknown[]> {
  const q = new URLSearchParams({ "api-version": ACTIVITY_LOG_API, $filter: filter, ...(select ? { $select: select } : {}) });
  const out: unknown[] = [];
  for (let url: string | undefined = `/subscriptions/${ctx.subscription()}/providers/Microsoft.Insights/eventtypes/management/values?${q.toString()}`; url && out.length < max; ) {
    const page: ListPage<unknown> = (await ctx.client().call<ListPage<unknown>>("GET", url)).body;
    out.push(...page.value.slice(0, max - out.length));
    url = page.nextLink;
  }
  return out;
}

const list: CommandSpec = {
  path: ["monitor", "activity-log", "list"],
  summary: "List and query activity log events.",
  args: [
    { name: "correlation-id", help: "Correlation ID to query." },
    { name: "resource-group", short: "g", help: "Name of resource group. You can configure the default group using `az configure --defaults group=<name>`." },
    { name: "resource-id", help: "ARM ID of a resource." },
    { name: "namespace", help: "Resource provider namespace." },
    { name: "caller", help: "Caller to query for, such as an e-mail address or service principal ID." },
    { name: "status", help: "Status to query for (ex: Failed)" },
    { name: "start-time", help: "Start time of the query. Format: date (yyyy-mm-dd) time (hh:mm:ss.xxxxx) timezone (+/-hh:mm)" },
    { name: "end-time", help: "End time of the query. Defaults to the current time (the emulator's virtual time). Format: date (yyyy-mm-dd) time (hh:mm:ss.xxxxx) timezone (+/-hh:mm)" },
    { name: "offset", help: "Time offset of the query range, in ##d##h format. With --start-time the end is start + offset; with --end-time (the default) the start is end - offset; ignored when both are given.", defaultValue: "6h" },
    { name: "max-events", help: "Maximum number of records to return.", defaultValue: "50" },
    { name: "select", help: "Space-separated list of properties to return (one argument: quote it, or separate with commas)." },
  ],
  examples: [
    { summary: "List all events from July 1st, looking forward one week.", command: "azl monitor activity-log list --start-time 2018-07-01 --offset 7d" },
    { summary: "List events within the past six hours based on a correlation ID.", command: "azl monitor activity-log list --correlation-id b5eac9d2-e829-4c9a-9efb-586d19417c5f" },
    { summary: "List events within the past hour based on resource group.", command: "azl monitor activity-log list -g {ResourceGroup} --offset 1h" },
  ],
  async run(ctx, args) {
    const max = Number(str(args, "max-events"));
    if (!Number.isInteger(max)) throw new CliError("usage", `argument --max-events: invalid int value: '${str(args, "max-events")}'`);
    const select = str(args, "select")?.split(/[\s,]+/).filter(Boolean).join(" , ");
    const events = await listEvents(ctx, await activityFilter(ctx, args), select, max);
    return events.map(eventView);
  },
};

// Not an az command: one event by its id (`.../events/{eventDataId}/ticks/{ticks}`) or its eventDataId.
const show: CommandSpec = {
  path: ["monitor", "activity-log", "show"],
  summary: "Show one activity log event, by its id or its eventDataId (azl only; az has no show).",
  args: [{ name: "id", help: "The event's id (.../events/{eventDataId}/ticks/{ticks}) or its eventDataId.", required: true }],
  async run(ctx, args) {
    const id = str(args, "id")!;
    const full = /^(\/subscriptions\/.+)\/events\/([^/]+)\/ticks\/(\d+)$/i.exec(id);
    const eventDataId = full ? full[2]! : id;
    // From the ticks, the event's own instant; from a bare eventDataId, ARM's 90 days back from now.
    const at = full ? Number((BigInt(full[3]!) - 621_355_968_000_000_000n) / 10_000n) : undefined;
    const filter = at !== undefined ? `eventTimestamp ge ${pythonIso(at)} and eventTimestamp le ${pythonIso(at)} and resourceUri eq '${full![1]}'` : `eventTimestamp ge ${pythonIso((await emulatorNow(ctx)) - 90 * DAY)}`;
    const q = new URLSearchParams({ "api-version": ACTIVITY_LOG_API, $filter: filter });
    for (let url: string | undefined = `/subscriptions/${ctx.subscription()}/providers/Microsoft.Insights/eventtypes/management/values?${q.toString()}`; url; ) {
      const page: ListPage<Json> = (await ctx.client().call<ListPage<Json>>("GET", url)).body;
      const hit = page.value.find((e) => String(e["eventDataId"]).toLowerCase() === eventDataId.toLowerCase());
      if (hit) return eventView(hit);
      url = page.nextLink;
    }
    throw new CliError("missing", `The activity log event '${id}' was not found.`);
  },
};

export const MONITOR_COMMANDS: CommandSpec[] = [list, show];
