// The activity log's $filter, pure. ARM allows only an `and` chain of `<name> <op> <value>` that
// starts from a time (the spec: "very restricted ... No other syntax is allowed"):
//   eventTimestamp ge '<t1>' [and eventTimestamp le '<t2>'] [and resourceGroupName eq '<rg>']
//   [and resourceUri eq '<id>'] [and resourceProvider eq '<ns>'] [and correlationId eq '<id>']
// plus what clients send in practice: az's `resourceId eq`, `caller eq` and `status eq` and its
// unquoted times, the portal's and PowerShell's `eventChannels eq 'Admin, Operation'` (accepted,
// it changes nothing here) and `levels eq 'Error,Warning'`.
import { refusalsOf, type Refusal } from "../../../arm/catalog.js";
import type { ActivityEvent } from "../../../engine/activity.js";
import type { INSIGHTS_ERRORS } from "../errors.js";
import { parseTimestamp } from "./timestamps.js";

export type ActivityFilter = {
  from: number;
  to?: number;
  resourceGroupName?: string;
  resourceUri?: string;
  resourceProvider?: string;
  correlationId?: string;
  status?: string;
  caller?: string;
  levels?: readonly string[];
};

export type FilterRefusal = Refusal<typeof INSIGHTS_ERRORS>;
const refuse = refusalsOf<typeof INSIGHTS_ERRORS>();

type Field = "eventTimestamp" | Exclude<keyof ActivityFilter, "from" | "to"> | "eventChannels";
const FIELDS: ReadonlyMap<string, Field> = new Map(
  (["eventTimestamp", "resourceGroupName", "resourceUri", "resourceProvider", "correlationId", "status", "caller", "levels", "eventChannels"] as const).map((f) => [f.toLowerCase(), f]),
);
// az names the resource `resourceId` where the spec says `resourceUri`.
const ALIASES: ReadonlyMap<string, Field> = new Map([["resourceid", "resourceUri"]]);

// A name, an operator, and a quoted literal ('' doubles a quote) or a bare word (az's times; a
// time whose '+' arrived as a space keeps its zone).
const CLAUSE = /^\s*([^\s']+)\s+([A-Za-z]+)\s+('(?:[^']|'')*'|[^\s']+(?: \d{2}:\d{2}(?=\s|$))?)\s*/;
const AND = /^and\s+/i;

const unquote = (v: string) => (v.startsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v);

/** The filter `raw` asks for, or why ARM refuses it. */
export function parseActivityFilter(raw: string): ActivityFilter | FilterRefusal {
  if (raw.trim() === "") return refuse("activityFilterInvalid");
  const clauses: { name: string; op: string; value: string }[] = [];
  for (let rest = raw; ; ) {
    const m = CLAUSE.exec(rest);
    if (!m) return refuse("activityFilterInvalid");
    clauses.push({ name: m[1]!, op: m[2]!.toLowerCase(), value: unquote(m[3]!) });
    rest = rest.slice(m[0].length);
    if (rest === "") break;
    const and = AND.exec(rest);
    if (!and) return refuse("activityFilterInvalid");
    rest = rest.slice(and[0].length);
  }
  let from: number | undefined;
  let to: number | undefined;
  const eq: Partial<Record<Field, string>> = {};
  for (const c of clauses) {
    const field = FIELDS.get(c.name.toLowerCase()) ?? ALIASES.get(c.name.toLowerCase());
    if (!field) return refuse("activityFilterUnsupported", { field: c.name });
    if (field === "eventTimestamp") {
      const t = parseTimestamp(c.value);
      if (t === undefined || (c.op !== "ge" && c.op !== "le")) return refuse("activityFilterInvalid");
      if (c.op === "ge") {
        if (from !== undefined) return refuse("activityFilterInvalid");
        from = t;
      } else {
        if (to !== undefined) return refuse("activityFilterInvalid");
        to = t;
      }
      continue;
    }
    if (c.op !== "eq" || eq[field] !== undefined) return refuse("activityFilterInvalid");
    eq[field] = c.value;
  }
  if (from === undefined) return refuse("activityFilterInvalid");
  const { eventChannels: _channels, levels, ...equal } = eq;
  return {
    from,
    ...(to !== undefined ? { to } : {}),
    ...equal,
    ...(levels !== undefined ? { levels: levels.split(",").map((l) => l.trim()).filter(Boolean) } : {}),
  };
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The resource group an id names (`/subscriptions/{s}/resourceGroups/{rg}/...`), in its casing. */
export const resourceGroupOf = (id: string): string | undefined => /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(id)?.[1];

/** Whether an event passes the filter. Names, ids, statuses and callers compare case-insensitively, as ARM compares them. */
export function matchesFilter(e: ActivityEvent, f: ActivityFilter): boolean {
  if (e.at < f.from || (f.to !== undefined && e.at > f.to)) return false;
  if (f.resourceGroupName !== undefined && !same(resourceGroupOf(e.resourceId), f.resourceGroupName)) return false;
  if (f.resourceUri !== undefined && !same(e.resourceId, f.resourceUri)) return false;
  if (f.resourceProvider !== undefined && !same(e.resourceProvider, f.resourceProvider)) return false;
  if (f.correlationId !== undefined && !same(e.correlationId, f.correlationId)) return false;
  if (f.status !== undefined && !same(e.status, f.status)) return false;
  if (f.caller !== undefined && !same(e.caller, f.caller)) return false;
  if (f.levels !== undefined && !f.levels.some((l) => same(e.level, l))) return false;
  return true;
}
