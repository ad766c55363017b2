// Azure RBAC's pure rules: ARM's action patterns, scopes, the list filters, and the refusals of a
// role assignment's PUT, as tables.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decideAssignmentPut, selectAssignments, type AssignmentRequest, type AssignmentWorld } from "../../src/providers/authorization/rbac/domain/assignments.js";
import { builtInRole, decideDefinitionDelete, decideDefinitionPut, selectDefinitions } from "../../src/providers/authorization/rbac/domain/definitions.js";
import { parseAssignmentFilter, parseDefinitionFilter } from "../../src/providers/authorization/rbac/domain/filters.js";
import { compileBlocks, permits } from "../../src/providers/authorization/rbac/domain/permissions.js";
import { covers, definitionNameOf, normalScope, type RoleAssignmentRecord } from "../../src/providers/authorization/rbac/domain/records.js";

const SUB = "/subscriptions/00000000-0000-4000-8000-00000000a55e";
const RG = `${SUB}/resourceGroups/rg1`;
const MC = `${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const SP = "11111111-2222-3333-4444-555555555555";

const grant = (scope: string, actions: string[], notActions: string[] = []) => ({ scope: normalScope(scope), blocks: compileBlocks([{ actions, notActions, dataActions: [], notDataActions: [] }]) });

test("action patterns: '*' spans any characters, '/' included; matching ignores case; notActions subtract within their block only", () => {
  const rows: [string[], string[], string, boolean][] = [
    [["*"], [], "Microsoft.ContainerService/managedClusters/write", true],
    [["*/read"], [], "Microsoft.ContainerService/managedClusters/agentPools/read", true],
    [["*/read"], [], "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", false],
    [["Microsoft.Authorization/*/read"], [], "Microsoft.Authorization/roleAssignments/read", true],
    [["Microsoft.Authorization/*/read"], [], "Microsoft.Authorization/roleAssignments/write", false],
    [["Microsoft.ContainerService/managedClusters/*"], [], "microsoft.containerservice/MANAGEDCLUSTERS/agentPools/write", true],
    [["Microsoft.ContainerService/managedClusters/*"], [], "Microsoft.ContainerService/managedClustersnapshots/read", false],
    [["Microsoft.Resources/subscriptions/resourceGroups/read"], [], "Microsoft.Resources/subscriptions/resourcegroups/read", true],
    [["Microsoft.ContainerService/managedClusters/runcommand/action"], [], "Microsoft.ContainerService/managedClusters/runCommand/action", true],
    [["*"], ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"], "Microsoft.Authorization/roleAssignments/write", false],
    [["*"], ["Microsoft.Authorization/*/Write"], "Microsoft.Authorization/locks/read", true],
    [["Microsoft.Network/virtualNetworks/subnets/join/action"], [], "Microsoft.Network/virtualNetworks/subnets/join/action", true],
    [["a.b/c"], [], "aXb/c", false], // "." is literal, not a regex wildcard
  ];
  for (const [actions, notActions, action, expected] of rows) assert.equal(permits([grant(SUB, actions, notActions)], action, normalScope(MC)), expected, `${actions} - ${notActions} on ${action}`);
  // A notAction of one role does not take away what another role grants.
  assert.equal(permits([grant(SUB, ["*"], ["Microsoft.Authorization/*/Write"]), grant(RG, ["Microsoft.Authorization/*"])], "Microsoft.Authorization/roleAssignments/write", normalScope(MC)), true);
});

test("scopes: an assignment applies at its scope and below, never above or beside; '/' covers all", () => {
  const g = [grant(RG, ["*"])];
  assert.equal(permits(g, "x/read", normalScope(MC)), true);
  assert.equal(permits(g, "x/read", normalScope(RG.toUpperCase())), true);
  assert.equal(permits(g, "x/read", normalScope(`${RG}/`)), true);
  assert.equal(permits(g, "x/read", normalScope(SUB)), false);
  assert.equal(permits(g, "x/read", normalScope(`${SUB}/resourceGroups/rg10`)), false, "rg1 is not a prefix scope of rg10");
  assert.equal(covers("/", normalScope(MC)), true);
  assert.equal(definitionNameOf(`${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`), READER);
  assert.equal(definitionNameOf(`/providers/microsoft.authorization/roledefinitions/${READER}/`), READER);
  assert.equal(definitionNameOf("Reader"), undefined);
});

test("list filters: what ARM accepts, and UnsupportedQuery for the rest", () => {
  assert.deepEqual(parseAssignmentFilter(null), { atScope: false });
  assert.deepEqual(parseAssignmentFilter("atScope()"), { atScope: true });
  assert.deepEqual(parseAssignmentFilter(`principalId eq '${SP}'`), { atScope: false, principalId: SP });
  assert.deepEqual(parseAssignmentFilter(`assignedTo('${SP}')`), { atScope: false, principalId: SP });
  assert.deepEqual(parseAssignmentFilter(`atScope() and assignedTo('${SP}')`), { atScope: true, principalId: SP });
  assert.deepEqual(parseAssignmentFilter(`principalId eq '${SP}' and roleDefinitionId eq 'x'`), { refused: "assignmentFilterUnsupported", params: { filter: `principalId eq '${SP}' and roleDefinitionId eq 'x'` } });
  assert.deepEqual(parseDefinitionFilter("roleName eq 'It''s mine'"), { roleName: "It's mine" });
  assert.deepEqual(parseDefinitionFilter("type eq 'builtinrole'"), { roleType: "BuiltInRole" });
  assert.deepEqual(parseDefinitionFilter("name eq 'x'"), { refused: "definitionFilterUnsupported", params: { filter: "name eq 'x'" } });
});

const assignment = (scope: string, name: string, principalId = SP, role = READER): RoleAssignmentRecord => ({
  kind: "roleAssignment", id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope, subscriptionId: "s", roleDefinitionName: role, principalId, principalType: "ServicePrincipal", createdOn: 0, updatedOn: 0, createdBy: "c", updatedBy: "c",
});

test("lists: at, above and below the scope; atScope() drops those below; a principal filter keeps its own", () => {
  const all = [assignment(SUB, "a1"), assignment(RG, "a2", "99999999-2222-3333-4444-555555555555"), assignment(MC, "a3"), assignment(`${SUB}/resourceGroups/rg2`, "a4")];
  const names = (xs: RoleAssignmentRecord[]) => xs.map((a) => a.name).sort();
  assert.deepEqual(names(selectAssignments(all, RG, { atScope: false })), ["a1", "a2", "a3"]);
  assert.deepEqual(names(selectAssignments(all, RG, { atScope: true })), ["a1", "a2"]);
  assert.deepEqual(names(selectAssignments(all, RG, { atScope: false, principalId: SP.toUpperCase() })), ["a1", "a3"]);
  assert.deepEqual(names(selectAssignments(all, SUB, { atScope: false })), ["a1", "a2", "a3", "a4"]);
});

const request = (over: Partial<AssignmentRequest> = {}): AssignmentRequest => ({
  scope: RG, name: "aaaaaaaa-0000-4000-8000-000000000001", subscriptionId: "s", roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: SP, caller: "owner", tenantId: "t", now: 1000, ...over,
});
const world = (over: Partial<AssignmentWorld> = {}): AssignmentWorld => ({ existing: undefined, elsewhere: undefined, atScope: [], role: builtInRole, principalKind: (id) => (id === SP ? "ServicePrincipal" : undefined), ...over });

test("a role assignment's PUT: each of ARM's refusals, in ARM's order", () => {
  const refused = (req: Partial<AssignmentRequest>, w: Partial<AssignmentWorld> = {}) => {
    const d = decideAssignmentPut(request(req), world(w));
    return "refused" in d ? d.refused : "created";
  };
  assert.equal(refused({ name: "my-assignment" }), "invalidAssignmentName");
  assert.equal(refused({ principalId: "" }), "missingPrincipalId");
  assert.equal(refused({ principalId: "User" }), "invalidPrincipalId");
  assert.equal(refused({ roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/00000000-1111-2222-3333-444444444444` }), "roleDefinitionNotFound");
  assert.equal(refused({ roleDefinitionId: "Reader" }), "roleDefinitionNotFound");
  assert.equal(refused({ principalId: "99999999-2222-3333-4444-555555555555" }), "principalNotFound");
  assert.equal(refused({ principalId: "99999999-2222-3333-4444-555555555555", principalType: "ServicePrincipal" }), "created", "principalType given: no directory lookup");
  assert.equal(refused({ principalType: "User" }), "unmatchedPrincipalType");
  assert.equal(refused({}, { elsewhere: assignment(SUB, request().name) }), "hashConflict");
  assert.equal(refused({}, { existing: assignment(RG, request().name, "99999999-2222-3333-4444-555555555555") }), "assignmentUpdateNotPermitted");
  assert.equal(refused({}, { atScope: [assignment(RG, "other")] }), "assignmentExists");
  assert.equal(refused({}, { atScope: [assignment(RG, "other", SP, CONTRIBUTOR)] }), "created", "another role at the same scope is another assignment");
});

test("a role assignment's PUT: the record (principal type from the directory, role by GUID), and an update keeps its creation", () => {
  const d = decideAssignmentPut(request({ description: "ci" }), world());
  assert.ok(!("refused" in d));
  assert.equal(d.created, true);
  assert.deepEqual({ ...d.record }, {
    kind: "roleAssignment", id: `${RG}/providers/Microsoft.Authorization/roleAssignments/${request().name}`, name: request().name, scope: RG, subscriptionId: "s", roleDefinitionName: READER,
    principalId: SP, principalType: "ServicePrincipal", description: "ci", createdOn: 1000, updatedOn: 1000, createdBy: "owner", updatedBy: "owner",
  });
  const again = decideAssignmentPut(request({ now: 2000, caller: "other", roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}` }), world({ existing: d.record }));
  assert.ok(!("refused" in again));
  assert.equal(again.created, false);
  assert.deepEqual([again.record.roleDefinitionName, again.record.createdOn, again.record.createdBy, again.record.updatedOn, again.record.updatedBy], [CONTRIBUTOR, 1000, "owner", 2000, "other"]);
});

test("custom roles: built-ins are read-only, names unique, assignments block a delete; lists filter by name and type", () => {
  const put = (name: string, roleName: string, custom = [] as ReturnType<typeof selectDefinitions>, existing?: ReturnType<typeof builtInRole>) =>
    decideDefinitionPut({ name, roleName, description: "", permissions: [], assignableScopes: [SUB], caller: "c", now: 1 }, { existing, custom });
  assert.deepEqual(put(READER, "Mine"), { refused: "builtInRoleReadOnly", params: { name: READER } });
  assert.deepEqual(put("aaaaaaaa-0000-4000-8000-000000000009", "reader"), { refused: "roleNameExists", params: {} });
  const made = put("aaaaaaaa-0000-4000-8000-000000000009", "Cluster Operator");
  assert.ok(!("refused" in made));
  assert.deepEqual(put("aaaaaaaa-0000-4000-8000-00000000000a", "Owner", [made.record], made.record), { refused: "roleNameTaken", params: {} });
  assert.deepEqual(decideDefinitionDelete(made.record.name, [assignment(RG, "x", SP, made.record.name)]), { refused: "roleHasAssignments", params: {} });
  assert.equal(decideDefinitionDelete(made.record.name, []), undefined);
  assert.deepEqual(selectDefinitions([made.record], RG, { roleName: "cluster operator" }).map((r) => r.roleName), ["Cluster Operator"]);
  assert.deepEqual(selectDefinitions([made.record], "/subscriptions/another", {}).some((r) => r.roleType === "CustomRole"), false);
  assert.equal(selectDefinitions([made.record], RG, { roleType: "BuiltInRole" }).length, 11);
});
