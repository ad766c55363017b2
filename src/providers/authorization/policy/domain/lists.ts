// Policy's list operations: the $filter forms the spec documents, and which records a list at a
// scope returns (ARM: those that apply to the scope, from it and its ancestors, and those inside it;
// atScope() drops the ones inside, atExactScope() keeps the scope's own).
import { isUnder } from "./enforce.js";

export type ListFilter = {
  scope?: "atScope" | "atExactScope";
  excludeExpired?: boolean;
  policyDefinitionId?: string;
  policyAssignmentId?: string;
  policyType?: string;
  category?: string;
};

export type FilterKind = "atScope" | "atExactScope" | "excludeExpired" | "policyDefinitionId" | "policyAssignmentId" | "policyType" | "category";

const FORMS: { kind: FilterKind; re: RegExp; text: string }[] = [
  { kind: "atScope", re: /^atScope\(\)$/i, text: "atScope()" },
  { kind: "atExactScope", re: /^atExactScope\(\)$/i, text: "atExactScope()" },
  { kind: "excludeExpired", re: /^excludeExpired\(\)$/i, text: "excludeExpired()" },
  { kind: "policyDefinitionId", re: /^policyDefinitionId\s+eq\s+'(.*)'$/i, text: "policyDefinitionId eq '{id}'" },
  { kind: "policyAssignmentId", re: /^policyAssignmentId\s+eq\s+'(.*)'$/i, text: "policyAssignmentId eq '{id}'" },
  { kind: "policyType", re: /^policyType\s+eq\s+'(.*)'$/i, text: "policyType eq '{value}'" },
  { kind: "category", re: /^category\s+eq\s+'(.*)'$/i, text: "category eq '{value}'" },
];

/** Parses `raw` ("a and b"), accepting only `allowed` forms; `{ unsupported }` lists those it accepts. */
export function parseListFilter(raw: string | null, allowed: readonly FilterKind[]): ListFilter | { unsupported: string } {
  const out: ListFilter = {};
  if (raw === null || raw.trim() === "") return out;
  for (const clause of raw.trim().split(/\s+and\s+/i)) {
    const form = FORMS.find((f) => allowed.includes(f.kind) && f.re.test(clause.trim()));
    if (!form) return { unsupported: FORMS.filter((f) => allowed.includes(f.kind)).map((f) => f.text).join(", ") };
    const value = form.re.exec(clause.trim())![1];
    if (form.kind === "atScope" || form.kind === "atExactScope") out.scope = form.kind;
    else if (form.kind === "excludeExpired") out.excludeExpired = true;
    else out[form.kind] = value!;
  }
  return out;
}

/** Whether a record at `recordScope` is listed at `listScope` under `filter`'s scope form. */
export function listedAt(recordScope: string, listScope: string, filter: ListFilter): boolean {
  if (filter.scope === "atExactScope") return recordScope.toLowerCase().replace(/\/+$/, "") === listScope.toLowerCase().replace(/\/+$/, "");
  const applies = isUnder(listScope, recordScope);
  return filter.scope === "atScope" ? applies : applies || isUnder(recordScope, listScope);
}
