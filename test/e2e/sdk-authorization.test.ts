// RBAC through the official clients: @azure/arm-authorization 9 manages role definitions and
// assignments; a principal from the control API is refused by ARM until a role reaches it, then its
// own @azure/arm-containerservice calls succeed or fail as that role says.
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, SUB, TENANT, type Emulator } from "../support/emulator.js";
import { authorizationFailed, newPrincipal, ROLES } from "../support/rbac.js";
import { credentialFor, FAST } from "../support/sdk.js";

const RG = "rg-sdk-rbac";
const GROUP = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const CLUSTER = `${GROUP}/providers/Microsoft.ContainerService/managedClusters/c1`;
const NAME = "bbbbbbbb-0000-4000-8000-000000000001";

let emu: Emulator;
let auth: AuthorizationManagementClient;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  auth = new AuthorizationManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  const aks = new ContainerServiceClient(credentialFor(emu), SUB, { endpoint: emu.url });
  await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", { location: "eastus", dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }] }, FAST);
});
after(() => emu.close());

const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

test("role definitions: the built-ins by name and id, a custom role created, read and deleted", async () => {
  const [reader] = await all(auth.roleDefinitions.list(`/subscriptions/${SUB}`, { filter: "roleName eq 'Reader'" }));
  assert.equal(reader?.name, ROLES.Reader);
  assert.equal(reader?.roleType, "BuiltInRole");
  assert.deepEqual(reader?.permissions, [{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }]);
  const owner = await auth.roleDefinitions.getById(`/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Owner}`);
  assert.equal(owner.roleName, "Owner");

  const id = "cccccccc-0000-4000-8000-0000000000e2";
  const made = await auth.roleDefinitions.createOrUpdate(`/subscriptions/${SUB}`, id, { roleName: "Cluster starter", description: "Starts and stops clusters", roleType: "CustomRole", permissions: [{ actions: ["Microsoft.ContainerService/managedClusters/start/action", "Microsoft.ContainerService/managedClusters/stop/action"] }], assignableScopes: [`/subscriptions/${SUB}`] });
  assert.equal(made.id, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`);
  assert.equal((await auth.roleDefinitions.get(GROUP, id)).roleName, "Cluster starter");
  await auth.roleDefinitions.delete(`/subscriptions/${SUB}`, id);
  await assert.rejects(auth.roleDefinitions.get(`/subscriptions/${SUB}`, id), (e: any) => e.statusCode === 404 && e.code === "RoleDefinitionDoesNotExist");
});

test("a new principal is refused until a role reaches it; Reader on the group lets it read, not write; the assignment lists and deletes", async () => {
  const sp = await newPrincipal(emu, "sdk reader");
  const credential = new ClientSecretCredential(TENANT, sp.clientId, sp.clientSecret, { authorityHost: emu.url, disableInstanceDiscovery: true });
  const itsAks = new ContainerServiceClient(credential, SUB, { endpoint: emu.url });

  await assert.rejects(itsAks.managedClusters.get(RG, "c1"), (e: any) => {
    assert.equal(e.statusCode, 403);
    assert.equal(e.code, "AuthorizationFailed");
    assert.equal(e.message, authorizationFailed(sp.objectId, "Microsoft.ContainerService/managedClusters/read", CLUSTER));
    return true;
  });

  const created = await auth.roleAssignments.create(GROUP, NAME, { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`, principalId: sp.objectId, principalType: "ServicePrincipal" });
  assert.deepEqual([created.id, created.name, created.scope, created.principalId, created.principalType, created.type], [`${GROUP}/providers/Microsoft.Authorization/roleAssignments/${NAME}`, NAME, GROUP, sp.objectId, "ServicePrincipal", "Microsoft.Authorization/roleAssignments"]);
  assert.ok(created.createdOn instanceof Date);

  assert.equal((await itsAks.managedClusters.get(RG, "c1")).name, "c1");
  assert.deepEqual((await all(itsAks.managedClusters.listByResourceGroup(RG))).map((c) => c.name), ["c1"]);
  await assert.rejects(itsAks.managedClusters.listClusterUserCredentials(RG, "c1"), (e: any) => e.statusCode === 403 && e.message === authorizationFailed(sp.objectId, "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", CLUSTER));
  await assert.rejects(itsAks.managedClusters.beginDelete(RG, "c1"), (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed");
  // Not at the subscription (this SDK's pager reports the status only: "Pagination failed with unexpected statusCode 403").
  await assert.rejects(all(itsAks.managedClusters.list()), (e: any) => e.statusCode === 403);

  const mine = (xs: { principalId?: string; name?: string }[]) => xs.filter((x) => x.principalId === sp.objectId).map((x) => x.name);
  assert.deepEqual(mine(await all(auth.roleAssignments.listForScope(GROUP, { filter: "atScope()" }))), [NAME]);
  assert.deepEqual(mine(await all(auth.roleAssignments.listForResourceGroup(RG))), [NAME]);
  assert.deepEqual(mine(await all(auth.roleAssignments.listForSubscription({ filter: `principalId eq '${sp.objectId}'` }))), [NAME]);
  assert.deepEqual(mine(await all(auth.roleAssignments.listForResource(RG, "Microsoft.ContainerService", "managedClusters", "c1"))), [NAME]);
  assert.equal((await auth.roleAssignments.get(GROUP, NAME)).roleDefinitionId, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`);
  await assert.rejects(
    auth.roleAssignments.create(GROUP, "bbbbbbbb-0000-4000-8000-000000000002", { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`, principalId: sp.objectId }),
    (e: any) => e.statusCode === 409 && e.code === "RoleAssignmentExists",
  );

  const deleted = await auth.roleAssignments.delete(GROUP, NAME);
  assert.equal(deleted.name, NAME);
  await assert.rejects(itsAks.managedClusters.get(RG, "c1"), (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed");
});
