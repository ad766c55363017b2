// Azure RBAC over raw HTTPS: role definitions (built-in and custom), role assignments at every
// scope with the spec's wire shapes and ARM's refusals, and the gate every ARM call passes
// (deny by default, AuthorizationFailed's exact text, LinkedAuthorizationFailed on AKS writes).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CLIENT_ID, startEmulator, SUB, TENANT, type Emulator, type HttpResult } from "../support/emulator.js";
import { assignRole, AUTH_API, authorizationFailed, newPrincipal, ROLES } from "../support/rbac.js";
import { ARM_TIMESTAMP, assertGatewayError, assertStatus, assertWrapped, clusterBody, header, mcPath, q, rgPath, RG_API } from "./helpers.js";

const DEFAULT_OID = "00000000-0000-4000-8000-0000000000b1";
const AUTH = "providers/Microsoft.Authorization";
const SUB_ID = `/subscriptions/${SUB}`;
const a = (path: string, extra = "") => `${path}?api-version=${AUTH_API}${extra}`;
const roleId = (guid: string) => `${SUB_ID}/${AUTH}/roleDefinitions/${guid}`;
const assignmentPath = (scope: string, name: string) => `${scope}/${AUTH}/roleAssignments/${name}`;
const filter = (f: string) => `&$filter=${encodeURIComponent(f)}`;
const n = (i: number) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, "0")}`;

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg-rbac");
  await emu.createGroup("rg-other");
});
after(() => emu.close());

describe("role definitions", () => {
  test("the built-ins in the REST shape with their real GUIDs; $filter by roleName and by type; at the tenant, ids without a subscription", async () => {
    const reader = await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleDefinitions`, filter("roleName eq 'Reader'")));
    assertStatus(reader, 200);
    assert.deepEqual(reader.json, {
      value: [
        {
          properties: {
            roleName: "Reader",
            type: "BuiltInRole",
            description: "View all resources, but does not allow you to make any changes.",
            assignableScopes: ["/"],
            permissions: [{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }],
          },
          id: `${SUB_ID}/${AUTH}/roleDefinitions/${ROLES.Reader}`,
          type: "Microsoft.Authorization/roleDefinitions",
          name: ROLES.Reader,
        },
      ],
    });
    const builtIns = await emu.request("GET", a(`${rgPath("rg-rbac")}/${AUTH}/roleDefinitions`, filter("type eq 'BuiltInRole'")));
    assert.deepEqual(builtIns.json.value.map((r: any) => r.name).sort(), Object.values(ROLES).sort());
    const aksUser = builtIns.json.value.find((r: any) => r.name === ROLES["Azure Kubernetes Service Cluster User Role"]);
    assert.deepEqual(aksUser.properties.permissions[0].actions, ["Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", "Microsoft.ContainerService/managedClusters/read"]);
    const rbacReader = builtIns.json.value.find((r: any) => r.properties.roleName === "Azure Kubernetes Service RBAC Reader");
    assert.ok(rbacReader.properties.permissions[0].dataActions.includes("Microsoft.ContainerService/managedClusters/pods/read"));

    const tenant = await emu.request("GET", a(`/${AUTH}/roleDefinitions/${ROLES.Owner}`));
    assertStatus(tenant, 200);
    assert.equal(tenant.json.id, `/${AUTH}/roleDefinitions/${ROLES.Owner}`);
    assert.equal(tenant.json.properties.roleName, "Owner");
    const atGroup = await emu.request("GET", a(`${rgPath("rg-rbac")}/${AUTH}/roleDefinitions/${ROLES.Owner}`));
    assert.equal(atGroup.json.id, roleId(ROLES.Owner));

    const missing = await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleDefinitions/00000000-1111-2222-3333-444444444444`));
    assertStatus(missing, 404);
    assertWrapped(missing, "RoleDefinitionDoesNotExist", "The specified role definition with ID '00000000-1111-2222-3333-444444444444' does not exist.");
    const bad = await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleDefinitions`, filter("name eq 'Reader'")));
    assertStatus(bad, 400);
    assertWrapped(bad, "UnsupportedQuery", "The filter 'name eq 'Reader'' is not supported. Supported filters are either roleName eq '{value}' or type eq 'BuiltInRole|CustomRole'.");
  });

  test("custom roles: PUT 201, unique names, assignable, not deletable while assigned; built-ins are read-only", async () => {
    const guid = "cccccccc-0000-4000-8000-000000000001";
    const body = { properties: { roleName: "AKS credentials reader", description: "Reads clusters and their user credentials", type: "CustomRole", permissions: [{ actions: ["Microsoft.ContainerService/managedClusters/read", "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action"], notActions: [] }], assignableScopes: [SUB_ID] } };
    const made = await emu.request("PUT", a(`${SUB_ID}/${AUTH}/roleDefinitions/${guid}`), { body });
    assertStatus(made, 201);
    assert.deepEqual(Object.keys(made.json), ["properties", "id", "type", "name"]);
    assert.deepEqual({ ...made.json.properties, createdOn: undefined, updatedOn: undefined }, {
      roleName: "AKS credentials reader", type: "CustomRole", description: "Reads clusters and their user credentials", assignableScopes: [SUB_ID],
      permissions: [{ actions: body.properties.permissions[0]!.actions, notActions: [], dataActions: [], notDataActions: [] }],
      createdOn: undefined, updatedOn: undefined, createdBy: DEFAULT_OID, updatedBy: DEFAULT_OID,
    });
    assert.match(made.json.properties.createdOn, ARM_TIMESTAMP);
    assert.equal(made.json.id, roleId(guid));

    const twin = await emu.request("PUT", a(`${SUB_ID}/${AUTH}/roleDefinitions/cccccccc-0000-4000-8000-000000000002`), { body });
    assertStatus(twin, 409);
    assertWrapped(twin, "RoleDefinitionWithSameNameExists", "A custom role with the same name already exists in this directory.");
    const customs = await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleDefinitions`, filter("type eq 'CustomRole'")));
    assert.deepEqual(customs.json.value.map((r: any) => r.name), [guid]);

    const sp = await newPrincipal(emu, "custom role holder");
    await emu.request("PUT", a(assignmentPath(SUB_ID, n(90))), { body: { properties: { roleDefinitionId: roleId(guid), principalId: sp.objectId } } });
    const blocked = await emu.request("DELETE", a(`${SUB_ID}/${AUTH}/roleDefinitions/${guid}`));
    assertStatus(blocked, 409);
    assertWrapped(blocked, "RoleDefinitionHasAssignments", "There are existing role assignments referencing role");
    const mc = await emu.request("GET", q(mcPath("rg-rbac", "none")), { auth: sp.token });
    assert.equal(mc.json.error?.code ?? mc.json.code, "ResourceNotFound", "the custom role grants managedClusters/read");
    assertStatus(await emu.request("DELETE", a(assignmentPath(SUB_ID, n(90)))), 200);
    const gone = await emu.request("DELETE", a(`${SUB_ID}/${AUTH}/roleDefinitions/${guid}`));
    assertStatus(gone, 200);
    assert.equal(gone.json.properties.roleName, "AKS credentials reader");
    assertStatus(await emu.request("DELETE", a(`${SUB_ID}/${AUTH}/roleDefinitions/${guid}`)), 204);

    const builtIn = await emu.request("PUT", a(`${SUB_ID}/${AUTH}/roleDefinitions/${ROLES.Reader}`), { body });
    assertStatus(builtIn, 400);
    assertWrapped(builtIn, "RoleDefinitionUpdateNotPermitted", `The built-in role definition '${ROLES.Reader}' is not allowed to be updated or deleted.`);
  });
});

describe("role assignments", () => {
  test("the default principal is Owner of the subscription, and the assignment is listed like any other", async () => {
    const mine = await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleAssignments`, filter(`principalId eq '${DEFAULT_OID}'`)));
    assertStatus(mine, 200);
    assert.equal(mine.json.value.length, 1);
    const [owner] = mine.json.value;
    assert.deepEqual({ ...owner.properties, createdOn: undefined, updatedOn: undefined }, {
      roleDefinitionId: roleId(ROLES.Owner), principalId: DEFAULT_OID, principalType: "ServicePrincipal", scope: SUB_ID,
      createdOn: undefined, updatedOn: undefined, createdBy: DEFAULT_OID, updatedBy: DEFAULT_OID,
    });
    assert.equal(owner.id, `${SUB_ID}/${AUTH}/roleAssignments/${owner.name}`);
    assert.equal(owner.type, "Microsoft.Authorization/roleAssignments");
  });

  test("PUT at a group, a resource and a child resource: 201 with the spec's shape; GET; PUT again 200; lists for the scope, the group, the subscription; DELETE 200 then 204", async () => {
    const sp = await newPrincipal(emu, "scoped");
    await emu.createGroup("rg-assign");
    const rg = rgPath("rg-assign");
    const made = await emu.request("PUT", a(assignmentPath(rg, n(1))), { body: { properties: { roleDefinitionId: roleId(ROLES.Reader), principalId: sp.objectId, principalType: "ServicePrincipal" } } });
    assertStatus(made, 201);
    assert.deepEqual(Object.keys(made.json), ["properties", "id", "type", "name"]);
    assert.deepEqual(Object.keys(made.json.properties), ["roleDefinitionId", "principalId", "principalType", "scope", "createdOn", "updatedOn", "createdBy", "updatedBy"]);
    assert.deepEqual([made.json.id, made.json.name, made.json.properties.scope, made.json.properties.roleDefinitionId], [assignmentPath(rg, n(1)), n(1), rg, roleId(ROLES.Reader)]);
    const got = await emu.request("GET", a(assignmentPath(rg, n(1))));
    assert.deepEqual(got.json, made.json);
    const again = await emu.request("PUT", a(assignmentPath(rg, n(1))), { body: { properties: { roleDefinitionId: `/${AUTH}/roleDefinitions/${ROLES.Reader}`, principalId: sp.objectId, description: "read the group" } } });
    assertStatus(again, 200);
    assert.equal(again.json.properties.description, "read the group");
    assert.equal(again.json.properties.createdOn, made.json.properties.createdOn);

    // A resource scope (the group itself holds no cluster: a missing resource is ARM's ResourceNotFound).
    const cluster = mcPath("rg-assign", "c1");
    const noCluster = await emu.request("PUT", a(assignmentPath(cluster, n(2))), { body: { properties: { roleDefinitionId: roleId(ROLES["Azure Kubernetes Service Cluster User Role"]), principalId: sp.objectId } } });
    assertGatewayError(noCluster, 404, "ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/c1' under resource group 'rg-assign' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    assertStatus(await emu.request("PUT", q(cluster), { body: clusterBody() }), 201);
    assertStatus(await emu.request("PUT", a(assignmentPath(cluster, n(2))), { body: { properties: { roleDefinitionId: roleId(ROLES["Azure Kubernetes Service Cluster User Role"]), principalId: sp.objectId } } }), 201);
    assertStatus(await emu.request("PUT", a(assignmentPath(`${cluster}/agentPools/nodepool1`, n(3))), { body: { properties: { roleDefinitionId: roleId(ROLES.Contributor), principalId: sp.objectId } } }), 201);
    const noGroup = await emu.request("PUT", a(assignmentPath(rgPath("rg-none"), n(4))), { body: { properties: { roleDefinitionId: roleId(ROLES.Reader), principalId: sp.objectId } } });
    assertGatewayError(noGroup, 404, "ResourceGroupNotFound", "Resource group 'rg-none' could not be found.");

    const names = (res: HttpResult) => res.json.value.filter((x: any) => x.properties.principalId === sp.objectId).map((x: any) => x.name).sort();
    assert.deepEqual(names(await emu.request("GET", a(`${rg}/${AUTH}/roleAssignments`))), [n(1), n(2), n(3)]);
    assert.deepEqual(names(await emu.request("GET", a(`${cluster}/${AUTH}/roleAssignments`, filter("atScope()")))), [n(1), n(2)]);
    assert.deepEqual(names(await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleAssignments`, filter(`assignedTo('${sp.objectId}')`)))), [n(1), n(2), n(3)]);
    const atSub = await emu.request("GET", a(`${SUB_ID}/${AUTH}/roleAssignments`, filter("atScope()")));
    assert.deepEqual(atSub.json.value.map((x: any) => x.properties.scope), [SUB_ID]);

    const removed = await emu.request("DELETE", a(assignmentPath(rg, n(1))));
    assertStatus(removed, 200);
    assert.equal(removed.json.name, n(1));
    assertStatus(await emu.request("DELETE", a(assignmentPath(rg, n(1)))), 204);
    const missing = await emu.request("GET", a(assignmentPath(rg, n(1))));
    assertStatus(missing, 404);
    assertWrapped(missing, "RoleAssignmentNotFound", `The role assignment '${n(1)}' is not found.`);
  });

  test("ARM's refusals: a name or principal that is not a GUID, an unknown role or principal, the wrong principal type, duplicates, another principal under a name, a name used elsewhere", async () => {
    const sp = await newPrincipal(emu, "refusals");
    const rg = rgPath("rg-rbac");
    const put = (scope: string, name: string, properties: Record<string, unknown>) => emu.request("PUT", a(assignmentPath(scope, name)), { body: { properties } });
    const reader = { roleDefinitionId: roleId(ROLES.Reader), principalId: sp.objectId };
    const expect = (res: HttpResult, status: number, code: string, message: string) => {
      assertStatus(res, status);
      assertWrapped(res, code, message);
    };
    expect(await put(rg, "my-assignment", reader), 400, "InvalidRoleAssignmentId", "The role assignment ID 'my-assignment' is not valid. The role assignment ID must be a GUID.");
    expect(await emu.request("DELETE", a(assignmentPath(rg, "my-assignment"))), 400, "InvalidRoleAssignmentId", "The role assignment ID 'my-assignment' is not valid. The role assignment ID must be a GUID.");
    expect(await put(rg, n(10), { ...reader, principalId: "User" }), 400, "InvalidPrincipalId", "The Principal ID 'User' is not valid. Principal ID must be a GUID.");
    expect(await put(rg, n(10), { ...reader, principalId: "" }), 400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
    expect(await put(rg, n(10), { ...reader, roleDefinitionId: roleId("00000000-1111-2222-3333-444444444444") }), 404, "RoleDefinitionDoesNotExist", "The specified role definition with ID '00000000-1111-2222-3333-444444444444' does not exist.");
    const stranger = "dddddddd-0000-4000-8000-000000000001";
    expect(await put(rg, n(10), { ...reader, principalId: stranger }), 400, "PrincipalNotFound", `Principal ${stranger} does not exist in the directory ${TENANT}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
    expect(await put(rg, n(10), { ...reader, principalType: "User" }), 400, "UnmatchedPrincipalType", `The PrincipalId '${sp.objectId}' has type 'ServicePrincipal' , which is different from specified PrinciaplType 'User'.`);
    assertStatus(await put(rg, n(10), reader), 201);
    expect(await put(rg, n(11), reader), 409, "RoleAssignmentExists", "The role assignment already exists.");
    expect(await put(rg, n(10), { ...reader, principalId: DEFAULT_OID }), 400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
    expect(await put(rgPath("rg-other"), n(10), reader), 400, "HashConflictOnDifferentRoleAssignmentIds", "A hash conflict was encountered for the role Assignment ID. Please use a new Guid.");
    assertStatus(await put(rgPath("rg-other"), n(12), { ...reader, principalId: stranger, principalType: "Group" }), 201);
    const noRole = await emu.request("PUT", a(assignmentPath(rg, n(13))), { body: { properties: { principalId: sp.objectId } } });
    assertGatewayError(noRole, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Required property 'roleDefinitionId' not found in JSON. Path 'properties'.'.");
    const badFilter = await emu.request("GET", a(`${rg}/${AUTH}/roleAssignments`, filter(`principalId eq '${sp.objectId}' and roleDefinitionId eq 'x'`)));
    expect(badFilter, 400, "UnsupportedQuery", `The filter 'principalId eq '${sp.objectId}' and roleDefinitionId eq 'x'' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`);
  });
});

describe("enforcement", () => {
  test("a new principal is denied everything (403 AuthorizationFailed, the exact text, the gateway's envelope); the control API is not ARM's", async () => {
    const sp = await newPrincipal(emu, "nobody");
    const rg = rgPath("rg-rbac");
    const res = await emu.request("GET", q(rg, RG_API), { auth: sp.token });
    assertGatewayError(res, 403, "AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.Resources/subscriptions/resourceGroups/read", rg));
    const write = await emu.request("PUT", q(mcPath("rg-rbac", "c9")), { auth: sp.token, body: clusterBody() });
    assertGatewayError(write, 403, "AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.ContainerService/managedClusters/write", mcPath("rg-rbac", "c9")));
    const creds = await emu.request("POST", q(`${mcPath("rg-rbac", "c9")}/listClusterUserCredential`), { auth: sp.token, rawBody: "" });
    assertGatewayError(creds, 403, "AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", mcPath("rg-rbac", "c9")));
    // ARM logs the writes and actions it refused (Started, then Failed with the error), as it does every write.
    const log = await emu.request("GET", `${SUB_ID}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(`eventTimestamp ge '2000-01-01T00:00:00Z' and caller eq '${sp.objectId}'`)}`);
    assertStatus(log, 200);
    assert.deepEqual(log.json.value.map((e: any) => [e.operationName.value, e.status.value]).sort(), [
      ["Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", "Failed"], ["Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", "Started"],
      ["Microsoft.ContainerService/managedClusters/write", "Failed"], ["Microsoft.ContainerService/managedClusters/write", "Started"],
    ]);
    assert.match(log.json.value.find((e: any) => e.status.value === "Failed").properties.statusMessage, /"code":"AuthorizationFailed"/);
    // Not even a subscription to see: ARM lists those a principal's roles reach.
    assert.deepEqual((await emu.request("GET", "/subscriptions?api-version=2022-12-01", { auth: sp.token })).json, { value: [] });
    assertStatus(await emu.request("GET", "/_aksemu/clock", { auth: sp.token }), 200);
    assertStatus(await emu.request("GET", "/_aksemu/principals", { auth: sp.token }), 200);
  });

  test("an assignment at a group allows there and below, not beside or above; a Reader cannot write; the subscription becomes visible", async () => {
    const sp = await newPrincipal(emu, "group contributor");
    await assignRole(emu, sp.objectId, "Contributor", rgPath("rg-rbac"));
    assertStatus(await emu.request("GET", q(rgPath("rg-rbac"), RG_API), { auth: sp.token }), 200);
    assertStatus(await emu.request("GET", q(`${rgPath("rg-rbac")}/providers/Microsoft.ContainerService/managedClusters`), { auth: sp.token }), 200);
    const beside = await emu.request("GET", q(rgPath("rg-other"), RG_API), { auth: sp.token });
    assertGatewayError(beside, 403, "AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.Resources/subscriptions/resourceGroups/read", rgPath("rg-other")));
    const above = await emu.request("GET", q(`${SUB_ID}/resourcegroups`, RG_API), { auth: sp.token });
    assertGatewayError(above, 403, "AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.Resources/subscriptions/resourcegroups/read", SUB_ID));
    // Contributor: everything but Microsoft.Authorization's writes and deletes.
    const grant = await emu.request("PUT", a(assignmentPath(rgPath("rg-rbac"), n(20))), { auth: sp.token, body: { properties: { roleDefinitionId: roleId(ROLES.Owner), principalId: sp.objectId } } });
    assertGatewayError(grant, 403, "AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.Authorization/roleAssignments/write", assignmentPath(rgPath("rg-rbac"), n(20))));
    const subs = await emu.request("GET", "/subscriptions?api-version=2022-12-01", { auth: sp.token });
    assert.deepEqual(subs.json.value.map((s: any) => s.subscriptionId), [SUB]);
    assertStatus(await emu.request("GET", `${SUB_ID}?api-version=2022-12-01`, { auth: sp.token }), 200);

    const reader = await newPrincipal(emu, "reader");
    await assignRole(emu, reader.objectId, "Reader");
    assertStatus(await emu.request("GET", q(rgPath("rg-other"), RG_API), { auth: reader.token }), 200);
    const put = await emu.request("PUT", q(rgPath("rg-new"), RG_API), { auth: reader.token, body: { location: "eastus" } });
    assertGatewayError(put, 403, "AuthorizationFailed", authorizationFailed(reader.objectId, "Microsoft.Resources/subscriptions/resourceGroups/write", rgPath("rg-new")));
  });

  test("a group's Contributor creates a cluster and polls its operation (a subscription-level URL, authorized over the cluster)", async () => {
    const sp = await newPrincipal(emu, "cluster maker");
    await emu.createGroup("rg-poll");
    await assignRole(emu, sp.objectId, "Contributor", rgPath("rg-poll"));
    const made = await emu.request("PUT", q(mcPath("rg-poll", "c1")), { auth: sp.token, body: clusterBody() });
    assertStatus(made, 201);
    const status = await emu.request("GET", String(header(made, "azure-asyncoperation")), { auth: sp.token });
    assertStatus(status, 200);
    assert.equal(status.json.status, "InProgress");
    // Another principal's poll of it is judged over the same cluster.
    const other = await newPrincipal(emu, "outsider");
    await assignRole(emu, other.objectId, "Reader", rgPath("rg-other"));
    const url = new URL(String(header(made, "azure-asyncoperation")));
    const denied = await emu.request("GET", `${url.pathname}${url.search}`, { auth: other.token });
    assertGatewayError(denied, 403, "AuthorizationFailed", authorizationFailed(other.objectId, "Microsoft.ContainerService/locations/operations/read", url.pathname));
  });

  test("Microsoft.Authorization is RegistrationFree, as in ARM", async () => {
    const res = await emu.request("GET", `${SUB_ID}/providers/Microsoft.Authorization?api-version=2021-04-01`);
    assertStatus(res, 200);
    assert.equal(res.json.registrationPolicy, "RegistrationFree");
    assert.equal(res.json.registrationState, "Registered");
  });

  test("LinkedAuthorizationFailed: a cluster naming a subnet, or a monitoring workspace, the caller may not use; a pool's subnet too", async () => {
    const sp = await newPrincipal(emu, "linked");
    await emu.createGroup("rg-linked");
    await assignRole(emu, sp.objectId, "Contributor", rgPath("rg-linked"));
    const subnet = `${rgPath("rg-other")}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/nodes`;
    const workspace = `${rgPath("rg-other")}/providers/Microsoft.OperationalInsights/workspaces/ws1`;
    const cluster = mcPath("rg-linked", "c1");
    const linked = (action: string, linkedAction: string, linkedScope: string, scope = cluster) =>
      `The client '${sp.objectId}' with object id '${sp.objectId}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action '${linkedAction}' on the linked scope(s) '${linkedScope}' or the linked scope(s) are invalid.`;
    const withSubnet = clusterBody({ properties: { agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: subnet }] } });
    const res = await emu.request("PUT", q(cluster), { auth: sp.token, body: withSubnet });
    assertGatewayError(res, 403, "LinkedAuthorizationFailed", linked("Microsoft.ContainerService/managedClusters/write", "Microsoft.Network/virtualNetworks/subnets/join/action", subnet));
    const withWorkspace = clusterBody({ properties: { addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace } } } } });
    const oms = await emu.request("PUT", q(cluster), { auth: sp.token, body: withWorkspace });
    assertGatewayError(oms, 403, "LinkedAuthorizationFailed", linked("Microsoft.ContainerService/managedClusters/write", "Microsoft.OperationalInsights/workspaces/sharedkeys/read", workspace));
    const pool = await emu.request("PUT", q(`${cluster}/agentPools/pool2`), { auth: sp.token, body: { properties: { count: 1, vmSize: "Standard_DS2_v2", vnetSubnetID: subnet } } });
    assertGatewayError(pool, 403, "LinkedAuthorizationFailed", linked("Microsoft.ContainerService/managedClusters/agentPools/write", "Microsoft.Network/virtualNetworks/subnets/join/action", subnet, `${cluster}/agentPools/pool2`));
    // With a role on the subnet's group, the linked check passes (what follows is AKS's and Network's to judge).
    await assignRole(emu, sp.objectId, "Contributor", rgPath("rg-other"));
    const allowed = await emu.request("PUT", q(cluster), { auth: sp.token, body: withSubnet });
    assert.notEqual(allowed.json?.error?.code, "LinkedAuthorizationFailed", allowed.text);
    assert.notEqual(allowed.status, 403, allowed.text);
  });
});

test("the default principal's Owner assignment is made once and is durable: deleting it sticks across a restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-rbac-"));
  try {
    let first = await startEmulator({ dataDir });
    const admin = await newPrincipal(first, "second owner");
    await assignRole(first, admin.objectId, "Owner");
    const owners = await first.request("GET", a(`${SUB_ID}/${AUTH}/roleAssignments`, filter(`principalId eq '${DEFAULT_OID}'`)));
    assert.equal(owners.json.value.length, 1);
    await first.close();

    const second = await startEmulator({ dataDir });
    const again = await second.request("GET", a(`${SUB_ID}/${AUTH}/roleAssignments`, filter(`principalId eq '${DEFAULT_OID}'`)));
    assert.deepEqual(again.json.value.map((x: any) => x.name), owners.json.value.map((x: any) => x.name), "the same assignment, not a second one");
    assertStatus(await second.request("DELETE", a(owners.json.value[0].id)), 200);
    const denied = await second.request("GET", q(`${SUB_ID}/resourcegroups`, RG_API));
    assertGatewayError(denied, 403, "AuthorizationFailed", authorizationFailed(DEFAULT_OID, "Microsoft.Resources/subscriptions/resourcegroups/read", SUB_ID));
    await second.close();

    first = await startEmulator({ dataDir });
    const login = await first.request("POST", `/${TENANT}/oauth2/v2.0/token`, { rawBody: new URLSearchParams({ grant_type: "client_credentials", client_id: admin.clientId, client_secret: admin.clientSecret, scope: "https://management.azure.com/.default" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
    const left = await first.request("GET", a(`${SUB_ID}/${AUTH}/roleAssignments`), { auth: login.json.access_token });
    assert.deepEqual(left.json.value.map((x: any) => x.properties.principalId), [admin.objectId], `${CLIENT_ID}'s Owner assignment stays deleted`);
    await first.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("--loose: a subscription aksemu does not have (only --loose lets one through) is governed by no role", async () => {
  const loose = await startEmulator({ loose: true });
  try {
    const other = "11111111-2222-4333-8444-555555555555";
    const res = await loose.request("GET", `/subscriptions/${other}/resourcegroups?api-version=${RG_API}`);
    assertStatus(res, 200);
    const mine = await loose.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=${RG_API}`);
    assertStatus(mine, 200);
  } finally {
    await loose.close();
  }
});
