// Policy's condition operators (equals, in, like, exists, ...), as ARM applies them: string
// comparisons ignore case (but match and the ordering operators), a missing field equals nothing
// and is in nothing, so its negations hold. Names as ARM's evaluation details print them.

export const OPERATORS = {
  equals: "Equals",
  notequals: "NotEquals",
  like: "Like",
  notlike: "NotLike",
  match: "Match",
  matchinsensitively: "MatchInsensitively",
  notmatch: "NotMatch",
  notmatchinsensitively: "NotMatchInsensitively",
  contains: "Contains",
  notcontains: "NotContains",
  in: "In",
  notin: "NotIn",
  containskey: "ContainsKey",
  notcontainskey: "NotContainsKey",
  less: "Less",
  lessorequals: "LessOrEquals",
  greater: "Greater",
  greaterorequals: "GreaterOrEquals",
  exists: "Exists",
} as const;

export type OperatorKey = keyof typeof OPERATORS;

export const isOperator = (k: string): k is OperatorKey => Object.hasOwn(OPERATORS, k.toLowerCase());

const isMissing = (v: unknown) => v === undefined || v === null;

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  // ARM compares a boolean or number with its text form too ("true", "3").
  if ((typeof a === "boolean" || typeof a === "number") && typeof b === "string") return String(a).toLowerCase() === b.toLowerCase();
  if ((typeof b === "boolean" || typeof b === "number") && typeof a === "string") return String(b).toLowerCase() === a.toLowerCase();
  return a === b;
}

/** `like`: `*` matches any run of characters; case-insensitive. */
function like(value: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "is");
  return re.test(value);
}

/** `match`: `#` a digit, `?` a letter, `.` any character, anything else itself. */
function match(value: string, pattern: string, insensitive: boolean): boolean {
  const body = [...pattern].map((ch) => (ch === "#" ? "[0-9]" : ch === "?" ? "[a-zA-Z]" : ch === "." ? "." : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`, insensitive ? "is" : "s").test(value);
}

function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "string" && b.trim() !== "" && !Number.isNaN(Number(b))) return a - Number(b);
  return undefined;
}

function compare(value: unknown, target: unknown, holds: (o: number) => boolean): boolean {
  const o = isMissing(value) ? undefined : order(value, target);
  return o !== undefined && holds(o);
}

/** Whether `value` (undefined: the field is missing) satisfies `op` against `target`. */
export function applies(op: OperatorKey, value: unknown, target: unknown): boolean {
  const missing = isMissing(value);
  switch (op) {
    case "equals":
      return !missing && same(value, target);
    case "notequals":
      return missing || !same(value, target);
    case "in":
      return !missing && Array.isArray(target) && target.some((t) => same(value, t));
    case "notin":
      return missing || !Array.isArray(target) || !target.some((t) => same(value, t));
    case "like":
      return typeof value === "string" && like(value, String(target));
    case "notlike":
      return typeof value !== "string" || !like(value, String(target));
    case "match":
      return typeof value === "string" && match(value, String(target), false);
    case "matchinsensitively":
      return typeof value === "string" && match(value, String(target), true);
    case "notmatch":
      return typeof value !== "string" || !match(value, String(target), false);
    case "notmatchinsensitively":
      return typeof value !== "string" || !match(value, String(target), true);
    case "contains":
      if (Array.isArray(value)) return value.some((v) => same(v, target));
      return typeof value === "string" && value.toLowerCase().includes(String(target).toLowerCase());
    case "notcontains":
      if (Array.isArray(value)) return !value.some((v) => same(v, target));
      return typeof value !== "string" || !value.toLowerCase().includes(String(target).toLowerCase());
    case "containskey":
      return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => k.toLowerCase() === String(target).toLowerCase());
    case "notcontainskey":
      return !(typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => k.toLowerCase() === String(target).toLowerCase()));
    case "less":
      return compare(value, target, (o) => o < 0);
    case "lessorequals":
      return compare(value, target, (o) => o <= 0);
    case "greater":
      return compare(value, target, (o) => o > 0);
    case "greaterorequals":
      return compare(value, target, (o) => o >= 0);
    case "exists":
      return (target === true || String(target).toLowerCase() === "true") !== missing;
  }
}
