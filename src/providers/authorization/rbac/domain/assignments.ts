// Role assignments, pure: ARM's rules for creating one (RoleAssignments_Create) and which ones a
// list at a scope returns (RoleAssignments_ListForScope and its subscription / group twins).
import { refuse, type RbacRefusal } from "../errors.js";
import type { AssignmentFilter } from "./filters.js";
import { assignmentId, covers, definitionNameOf, normalScope, type RoleAssignmentRecord, type RoleDefinitionRecord } from "./records.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AssignmentRequest = {
  /** The scope in the caller's casing, no trailing slash. */
  scope: string;
  name: string;
  subscriptionId: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  /** The caller's object id (createdBy/updatedBy). */
  caller: string;
  tenantId: string;
  now: number;
};

/** What the decision reads of the world. */
export type AssignmentWorld = {
  /** The assignment of this name at this scope, if any. */
  existing: RoleAssignmentRecord | undefined;
  /** An assignment of this name at another scope (names are unique across scopes). */
  elsewhere: RoleAssignmentRecord | undefined;
  /** The assignments at exactly this scope. */
  atScope: readonly RoleAssignmentRecord[];
  role: (name: string) => RoleDefinitionRecord | undefined;
  /** The principal type the directory knows for an object id ("ServicePrincipal"), undefined when it knows none. */
  principalKind: (objectId: string) => string | undefined;
};

export type AssignmentDecision = { record: RoleAssignmentRecord; created: boolean };

/**
 * A PUT of a role assignment. ARM checks the name, the principal id, the role, the principal in the
 * directory (skipped when principalType is given: the replication-delay escape hatch ARM's own text
 * recommends), then uniqueness: a name is one assignment anywhere, and one principal holds one role
 * once per scope. An existing assignment may change its role, description and condition only.
 */
export function decideAssignmentPut(req: AssignmentRequest, world: AssignmentWorld): AssignmentDecision | RbacRefusal {
  if (!GUID.test(req.name)) return refuse("invalidAssignmentName", { name: req.name });
  const principalId = req.principalId.trim();
  if (principalId === "") return refuse("missingPrincipalId");
  if (!GUID.test(principalId)) return refuse("invalidPrincipalId", { principalId });
  const roleName = definitionNameOf(req.roleDefinitionId);
  const role = roleName === undefined ? undefined : world.role(roleName);
  if (!role) return refuse("roleDefinitionNotFound", { name: roleName ?? req.roleDefinitionId });
  const known = world.principalKind(principalId);
  if (req.principalType === undefined && known === undefined) return refuse("principalNotFound", { principalId, tenantId: req.tenantId });
  if (req.principalType !== undefined && known !== undefined && req.principalType.toLowerCase() !== known.toLowerCase()) {
    return refuse("unmatchedPrincipalType", { principalId, actual: known, given: req.principalType });
  }
  if (world.elsewhere) return refuse("hashConflict");
  const existing = world.existing;
  if (existing && existing.principalId.toLowerCase() !== principalId.toLowerCase()) return refuse("assignmentUpdateNotPermitted");
  const duplicate = world.atScope.find((a) => a.name.toLowerCase() !== req.name.toLowerCase() && a.principalId.toLowerCase() === principalId.toLowerCase() && a.roleDefinitionName === role.name.toLowerCase());
  if (duplicate) return refuse("assignmentExists");
  const record: RoleAssignmentRecord = {
    kind: "roleAssignment",
    id: existing?.id ?? assignmentId(req.scope, req.name),
    name: existing?.name ?? req.name,
    scope: existing?.scope ?? req.scope,
    subscriptionId: req.subscriptionId,
    roleDefinitionName: role.name.toLowerCase(),
    principalId: existing?.principalId ?? principalId,
    principalType: req.principalType ?? existing?.principalType ?? known ?? "User",
    ...(req.description !== undefined ? { description: req.description } : {}),
    ...(req.condition !== undefined ? { condition: req.condition, conditionVersion: req.conditionVersion ?? "2.0" } : {}),
    createdOn: existing?.createdOn ?? req.now,
    updatedOn: req.now,
    createdBy: existing?.createdBy ?? req.caller,
    updatedBy: req.caller,
  };
  return { record, created: existing === undefined };
}

/**
 * The assignments a list at `scope` returns: those at, above and below it; `atScope()` keeps those
 * at and above (az then drops the inherited ones unless --include-inherited); a principal filter
 * keeps that principal's. Ordered by id, so pages are stable.
 */
export function selectAssignments(all: readonly RoleAssignmentRecord[], scope: string, filter: AssignmentFilter): RoleAssignmentRecord[] {
  const at = normalScope(scope);
  return all
    .filter((a) => {
      const s = normalScope(a.scope);
      if (!(covers(s, at) || (!filter.atScope && covers(at, s)))) return false;
      return filter.principalId === undefined || a.principalId.toLowerCase() === filter.principalId.toLowerCase();
    })
    .sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
}
