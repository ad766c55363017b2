// RBAC records → the REST shapes of authorization 2022-04-01 (RoleAssignments_Get.json,
// GetRoleDefinitionByName.json): `properties` first, then id, type and name. An assignment names
// its role by the subscription-scoped id (as ARM answers and az compares it); a role read within a
// subscription has the subscription-scoped id, read at the tenant the `/providers/...` one.
import type { Json } from "../../../arm/json.js";
import { ASSIGNMENT_TYPE, DEFINITION_TYPE, definitionId, type RoleAssignmentRecord, type RoleDefinitionRecord } from "./domain/records.js";

/** ARM timestamps with 7 fractional digits ("2020-04-13T06:17:33.1325690Z"). */
export const armTimestamp = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

export function renderAssignment(a: RoleAssignmentRecord): Json {
  const properties: Json = {
    roleDefinitionId: definitionId(a.roleDefinitionName, a.subscriptionId),
    principalId: a.principalId,
    principalType: a.principalType,
    scope: a.scope,
    ...(a.description !== undefined ? { description: a.description } : {}),
    ...(a.condition !== undefined ? { condition: a.condition, conditionVersion: a.conditionVersion ?? "2.0" } : {}),
    createdOn: armTimestamp(a.createdOn),
    updatedOn: armTimestamp(a.updatedOn),
    createdBy: a.createdBy,
    updatedBy: a.updatedBy,
  };
  return { properties, id: a.id, type: ASSIGNMENT_TYPE, name: a.name };
}

export function renderDefinition(d: RoleDefinitionRecord, subscriptionId: string | undefined): Json {
  const properties: Json = {
    roleName: d.roleName,
    type: d.roleType,
    description: d.description,
    assignableScopes: d.assignableScopes,
    permissions: d.permissions,
    ...(d.createdOn !== undefined ? { createdOn: armTimestamp(d.createdOn) } : {}),
    ...(d.updatedOn !== undefined ? { updatedOn: armTimestamp(d.updatedOn) } : {}),
    ...(d.createdBy !== undefined ? { createdBy: d.createdBy } : {}),
    ...(d.updatedBy !== undefined ? { updatedBy: d.updatedBy } : {}),
  };
  return { properties, id: definitionId(d.name, subscriptionId), type: DEFINITION_TYPE, name: d.name };
}
