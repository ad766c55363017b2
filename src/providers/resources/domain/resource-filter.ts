// The $filter of ARM's generic resource lists, pure: the clauses az resource list sends
// (`resourceGroup`, `name`, `location`, `resourceType` eq '…', `tagname`/`tagvalue` eq '…',
// `startswith(tagname, '…')`) joined by `and`. Anything else is not understood: the caller refuses it.
import { normalizeLocation } from "../../../arm/locations.js";
import type { GenericResource } from "./generic-resources.js";

type Field = "resourcegroup" | "name" | "location" | "resourcetype" | "tagname" | "tagvalue";
export type Clause = { field: Field; op: "eq" | "startswith"; value: string };

const FIELDS: readonly string[] = ["resourcegroup", "name", "location", "resourcetype", "tagname", "tagvalue"];
// An OData string literal doubles its quotes.
const LITERAL = "'((?:[^']|'')*)'";
const EQ = new RegExp(`^\\s*([A-Za-z]+)\\s+eq\\s+${LITERAL}\\s*`, "i");
const STARTSWITH = new RegExp(`^\\s*startswith\\(\\s*tagname\\s*,\\s*${LITERAL}\\s*\\)\\s*`, "i");
const AND = /^and\s+/i;

/** The clauses of `raw`, or undefined when it is not a filter these lists understand. */
export function parseFilter(raw: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  let rest = raw;
  for (;;) {
    const eq = EQ.exec(rest);
    const sw = eq ? null : STARTSWITH.exec(rest);
    if (eq && FIELDS.includes(eq[1]!.toLowerCase())) clauses.push({ field: eq[1]!.toLowerCase() as Field, op: "eq", value: eq[2]!.replace(/''/g, "'") });
    else if (sw) clauses.push({ field: "tagname", op: "startswith", value: sw[1]!.replace(/''/g, "'") });
    else return undefined;
    rest = rest.slice((eq ?? sw)![0].length);
    if (rest === "") return clauses;
    const and = AND.exec(rest);
    if (!and) return undefined;
    rest = rest.slice(and[0].length);
  }
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Whether a resource passes every clause. ARM compares names, types and tag names case-insensitively. */
export function matchesFilter(r: GenericResource & { resourceGroup: string }, clauses: readonly Clause[]): boolean {
  const tags = Object.entries(r.tags ?? {});
  const tagName = clauses.find((c) => c.field === "tagname" && c.op === "eq")?.value;
  return clauses.every((c) => {
    switch (c.field) {
      case "resourcegroup":
        return same(r.resourceGroup, c.value);
      case "name":
        return same(r.name, c.value);
      case "resourcetype":
        return same(r.type, c.value);
      case "location":
        return r.location !== undefined && normalizeLocation(r.location) === normalizeLocation(c.value);
      case "tagname":
        return c.op === "eq" ? tags.some(([k]) => same(k, c.value)) : tags.some(([k]) => k.toLowerCase().startsWith(c.value.toLowerCase()));
      case "tagvalue":
        // With a tag name, the value of that tag; alone, any tag's value.
        return tags.some(([k, v]) => (tagName === undefined || same(k, tagName)) && v === c.value);
    }
  });
}
