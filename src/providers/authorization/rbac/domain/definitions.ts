// Role definitions, pure: the built-ins as records, ARM's rules for a custom role's PUT and DELETE,
// and which roles a list at a scope returns (RoleDefinitions_List).
import { refuse, type RbacRefusal } from "../errors.js";
import { BUILTIN_ROLES } from "./builtin-roles.js";
import type { DefinitionFilter } from "./filters.js";
import { covers, normalScope, type Permission, type RoleAssignmentRecord, type RoleDefinitionRecord } from "./records.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const BUILTIN_DEFINITIONS: readonly RoleDefinitionRecord[] = BUILTIN_ROLES.map((r) => ({ ...r, kind: "roleDefinition", roleType: "BuiltInRole" }));
const BUILTIN_BY_NAME = new Map(BUILTIN_DEFINITIONS.map((r) => [r.name.toLowerCase(), r]));

export const builtInRole = (name: string): RoleDefinitionRecord | undefined => BUILTIN_BY_NAME.get(name.toLowerCase());

/** The built-in role named `roleName` (e.g. "Owner"), for the default principal's first assignment. */
export function builtInRoleNamed(roleName: string): RoleDefinitionRecord {
  const r = BUILTIN_DEFINITIONS.find((d) => d.roleName === roleName);
  if (!r) throw new Error(`no built-in role ${roleName}`);
  return r;
}

/**
 * The roles a list at `scope` returns: every built-in (assignable at "/"), and each custom role
 * assignable at, above or below the scope; then the $filter. Built-ins first, each group by name.
 */
export function selectDefinitions(custom: readonly RoleDefinitionRecord[], scope: string | undefined, filter: DefinitionFilter): RoleDefinitionRecord[] {
  const at = scope === undefined ? "/" : normalScope(scope);
  const customs = custom.filter((r) => r.assignableScopes.some((s) => covers(normalScope(s), at) || covers(at, normalScope(s))));
  return [...BUILTIN_DEFINITIONS, ...customs.sort((a, b) => a.roleName.localeCompare(b.roleName))].filter(
    (r) => (filter.roleName === undefined || r.roleName.toLowerCase() === filter.roleName.toLowerCase()) && (filter.roleType === undefined || r.roleType === filter.roleType),
  );
}

export type DefinitionRequest = { name: string; roleName: string; description: string; permissions: Permission[]; assignableScopes: string[]; caller: string; now: number };

/**
 * A custom role's PUT: built-ins are read-only; a role name is unique in the directory (creating
 * one answers "A custom role with the same name already exists...", renaming onto one "A role
 * definition cannot be updated with a name that already exists.").
 */
export function decideDefinitionPut(req: DefinitionRequest, world: { existing: RoleDefinitionRecord | undefined; custom: readonly RoleDefinitionRecord[] }): { record: RoleDefinitionRecord; created: boolean } | RbacRefusal {
  if (builtInRole(req.name)) return refuse("builtInRoleReadOnly", { name: req.name });
  if (!GUID.test(req.name)) return refuse("roleDefinitionNotFound", { name: req.name });
  if (req.roleName.trim() === "") return refuse("invalidRoleDefinition", { detail: "The role definition must have a roleName." });
  if (req.assignableScopes.length === 0) return refuse("invalidRoleDefinition", { detail: "The role definition must have at least one assignable scope." });
  const clash = [...BUILTIN_DEFINITIONS, ...world.custom].find((r) => r.name.toLowerCase() !== req.name.toLowerCase() && r.roleName.toLowerCase() === req.roleName.trim().toLowerCase());
  if (clash) return refuse(world.existing ? "roleNameTaken" : "roleNameExists");
  const record: RoleDefinitionRecord = {
    kind: "roleDefinition",
    name: req.name.toLowerCase(),
    roleName: req.roleName.trim(),
    roleType: "CustomRole",
    description: req.description,
    assignableScopes: req.assignableScopes,
    permissions: req.permissions,
    createdOn: world.existing?.createdOn ?? req.now,
    updatedOn: req.now,
    createdBy: world.existing?.createdBy ?? req.caller,
    updatedBy: req.caller,
  };
  return { record, created: world.existing === undefined };
}

/** A custom role's DELETE: not while an assignment uses it (built-ins never). */
export function decideDefinitionDelete(name: string, assignments: readonly RoleAssignmentRecord[]): RbacRefusal | undefined {
  if (builtInRole(name)) return refuse("builtInRoleReadOnly", { name });
  if (assignments.some((a) => a.roleDefinitionName === name.toLowerCase())) return refuse("roleHasAssignments");
  return undefined;
}
