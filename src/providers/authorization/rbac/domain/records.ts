// Azure RBAC's records, pure: role definitions (built-in and custom), role assignments, and the
// ids ARM gives them. Records live in the store's meta collection (they are not tracked resources:
// no etag, not in the generic resource lists), keyed by kind and lower-cased id.

export const NAMESPACE = "Microsoft.Authorization";
export const ASSIGNMENT_TYPE = `${NAMESPACE}/roleAssignments`;
export const DEFINITION_TYPE = `${NAMESPACE}/roleDefinitions`;

/** One permission block of a role: ARM grants `actions` minus `notActions` of the same block. */
export type Permission = { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] };

/** A built-in role as the generated table holds it (domain/builtin-roles.ts). */
export type BuiltInRole = { name: string; roleName: string; description: string; assignableScopes: string[]; permissions: Permission[] };

export type RoleType = "BuiltInRole" | "CustomRole";

export type RoleDefinitionRecord = BuiltInRole & {
  kind: "roleDefinition";
  roleType: RoleType;
  /** Custom roles only (virtual ms and the object id of the caller). */
  createdOn?: number;
  updatedOn?: number;
  createdBy?: string;
  updatedBy?: string;
};

/** ARM's principal types (RoleAssignmentProperties.principalType). */
export const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"] as const;

export type RoleAssignmentRecord = {
  kind: "roleAssignment";
  /** The assignment's ARM id in the caller's casing: `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`. */
  id: string;
  name: string;
  /** The scope in the caller's casing (`/subscriptions/{s}[/resourceGroups/{rg}[/providers/...]]`). */
  scope: string;
  subscriptionId: string;
  /** The role definition's GUID, lower-case. */
  roleDefinitionName: string;
  principalId: string;
  principalType: string;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  createdOn: number;
  updatedOn: number;
  createdBy: string;
  updatedBy: string;
};

export const assignmentKey = (id: string) => `rbac/assignment/${id.toLowerCase()}`;
export const definitionKey = (name: string) => `rbac/definition/${name.toLowerCase()}`;
/** Set once the default principal's Owner assignment of a subscription was made (a later delete sticks). */
export const seededKey = (subscriptionId: string) => `rbac/seeded/${subscriptionId.toLowerCase()}`;

/**
 * A fresh document at this key marks every RBAC write, whoever makes it (RBAC's routes, a scenario,
 * a resource group's cascade): the guard's in-memory index is rebuilt when it is not the one it saw.
 */
export const RBAC_STAMP_KEY = "rbac/stamp";
export const rbacStamp = (): readonly [string, unknown] => [RBAC_STAMP_KEY, { kind: "rbacStamp" }];

export const assignmentId = (scope: string, name: string) => `${scope}/providers/${ASSIGNMENT_TYPE}/${name}`;

/** A role definition's id as ARM renders it read within a subscription, or at the tenant (`/providers/...`). */
export const definitionId = (name: string, subscriptionId?: string) =>
  subscriptionId === undefined ? `/providers/${DEFINITION_TYPE}/${name}` : `/subscriptions/${subscriptionId}/providers/${DEFINITION_TYPE}/${name}`;

/** The GUID a roleDefinitionId names (`.../roleDefinitions/{guid}`, any scope), or undefined for another shape. */
export function definitionNameOf(roleDefinitionId: string): string | undefined {
  const m = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)\/?$/i.exec(roleDefinitionId.trim());
  return m ? m[1] : undefined;
}

/** A scope, lower-cased without a trailing slash ("/" stays "/"): the form scopes are compared in. */
export function normalScope(scope: string): string {
  const s = scope.toLowerCase().replace(/\/+$/, "");
  return s === "" ? "/" : s;
}

/** Whether an assignment at `outer` applies at `inner` (both normal): the same scope or one above it. */
export function covers(outer: string, inner: string): boolean {
  return outer === "/" || inner === outer || (inner.startsWith(outer) && inner.charCodeAt(outer.length) === 47 /* "/" */);
}
