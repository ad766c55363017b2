// The $filter grammars of the RBAC lists, pure: what ARM accepts, and a refusal for the rest.
// Role assignments: `atScope()`, `principalId eq '{id}'`, `assignedTo('{id}')` (a principal's own
// assignments: aksemu has no groups to expand), and `atScope() and assignedTo('{id}')`, the one
// combination ARM takes. Role definitions: `roleName eq '{name}'`, `type eq 'BuiltInRole|CustomRole'`.
import { refuse, type RbacRefusal } from "../errors.js";
import type { RoleType } from "./records.js";

export type AssignmentFilter = { atScope: boolean; principalId?: string };
export type DefinitionFilter = { roleName?: string; roleType?: RoleType };

const quoted = "'((?:[^']|'')*)'";
const unquote = (s: string) => s.replace(/''/g, "'");

export function parseAssignmentFilter(raw: string | null): AssignmentFilter | RbacRefusal {
  const text = (raw ?? "").trim();
  if (text === "") return { atScope: false };
  if (/^atScope\(\)$/i.test(text)) return { atScope: true };
  let m = new RegExp(`^principalId\\s+eq\\s+${quoted}$`, "i").exec(text) ?? new RegExp(`^assignedTo\\(${quoted}\\)$`, "i").exec(text);
  if (m) return { atScope: false, principalId: unquote(m[1]!) };
  m = new RegExp(`^atScope\\(\\)\\s+and\\s+assignedTo\\(${quoted}\\)$`, "i").exec(text);
  if (m) return { atScope: true, principalId: unquote(m[1]!) };
  return refuse("assignmentFilterUnsupported", { filter: text });
}

export function parseDefinitionFilter(raw: string | null): DefinitionFilter | RbacRefusal {
  const text = (raw ?? "").trim();
  if (text === "") return {};
  let m = new RegExp(`^roleName\\s+eq\\s+${quoted}$`, "i").exec(text);
  if (m) return { roleName: unquote(m[1]!) };
  m = /^type\s+eq\s+'(BuiltInRole|CustomRole)'$/i.exec(text);
  if (m) return { roleType: m[1]!.toLowerCase() === "builtinrole" ? "BuiltInRole" : "CustomRole" };
  return refuse("definitionFilterUnsupported", { filter: text });
}
