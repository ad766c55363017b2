// Management locks (Microsoft.Authorization/locks) over literal HTTP: the API at every scope with the
// spec's wire shapes (az 2.45's 2016-09-01 and @azure/arm-locks' 2020-05-01), bad input, ARM's
// enforcement at the front door (ScopeLocked for deletes under CanNotDelete, for writes and POST
// actions under ReadOnly; locks themselves stay manageable), and locks in AKS's node resource group
// failing what AKS removes there (Azure/AKS#3291) until the lock goes and the operation is retried.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertGatewayError, assertStatus, assertWrapped, clusterBody, createCluster, finish, header, mcPath, putToEnd, q, refreshing, rgPath, RG_API, systemPool } from "./helpers.js";

const AZ = "2016-09-01";
const SDK = "2020-05-01";
const L = "/providers/Microsoft.Authorization/locks";
const lockUrl = (scope: string, name: string, api = SDK) => q(`${scope}${L}/${name}`, api);
const listUrl = (scope: string, api = SDK, filter?: string) => q(`${scope}${L}${filter !== undefined ? `?$filter=${encodeURIComponent(filter)}` : ""}`, api);
const SUB_SCOPE = `/subscriptions/${SUB}`;

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await emu.createGroup("rg2");
});
after(() => emu.close());

async function putLock(scope: string, name: string, properties: Record<string, unknown>, api = SDK) {
  return emu.request("PUT", lockUrl(scope, name, api), { body: { properties } });
}
async function lock(scope: string, name: string, level: "CanNotDelete" | "ReadOnly") {
  const res = await putLock(scope, name, { level });
  assert.ok(res.status === 201 || res.status === 200, `${res.status} ${res.text}`);
}
async function unlock(scope: string, name: string) {
  assertStatus(await emu.request("DELETE", lockUrl(scope, name)), 200);
}
const scopeLocked = (scope: string, operation: "delete" | "write", locked: string) =>
  `The scope '${scope}' cannot perform ${operation} operation because following scope(s) are locked: '${locked}'. Please remove the lock and try again.`;

describe("the lock API", () => {
  test("PUT at a resource group: 201 with the spec's shape, 200 on update; GET; DELETE 200 then 204; GET after is 404", async () => {
    const scope = rgPath("rg1");
    const created = await putLock(scope, "lock1", { level: "CanNotDelete", notes: "keep it" }, AZ);
    assertStatus(created, 201);
    assert.deepEqual(created.json, { properties: { level: "CanNotDelete", notes: "keep it" }, id: `${scope}${L}/lock1`, type: "Microsoft.Authorization/locks", name: "lock1" });
    assert.deepEqual(Object.keys(created.json), ["properties", "id", "type", "name"]);
    const updated = await putLock(scope, "LOCK1", { level: "readonly" });
    assertStatus(updated, 200);
    assert.deepEqual(updated.json, { properties: { level: "ReadOnly" }, id: `${scope}${L}/lock1`, type: "Microsoft.Authorization/locks", name: "lock1" });
    const got = await emu.request("GET", lockUrl(scope, "lock1", AZ));
    assertStatus(got, 200);
    assert.deepEqual(got.json, updated.json);
    assertStatus(await emu.request("DELETE", lockUrl(scope, "lock1")), 200);
    assertStatus(await emu.request("DELETE", lockUrl(scope, "lock1")), 204);
    assertWrapped(await emu.request("GET", lockUrl(scope, "lock1")), "LockNotFound", "The lock 'lock1' could not be found.");
  });

  test("subscription, group and resource locks: each list holds its scope's locks and those below it; $filter=atScope() those that apply", async () => {
    await createCluster(emu, "rg2", "c1");
    const cluster = mcPath("rg2", "c1");
    await lock(SUB_SCOPE, "sub-lock", "CanNotDelete");
    await lock(rgPath("rg2"), "rg-lock", "CanNotDelete");
    // @azure/arm-locks' resource level: an empty parentResourcePath leaves "//" in the path.
    const res = await emu.request("PUT", q(`${rgPath("rg2")}/providers/Microsoft.ContainerService//managedClusters/c1${L}/c-lock`, SDK), { body: { properties: { level: "CanNotDelete" } } });
    assertStatus(res, 201);
    assert.equal(res.json.id, `${cluster}${L}/c-lock`);
    // A child resource: the agent pool.
    const pool = await putLock(apPath("rg2", "c1", "nodepool1"), "pool-lock", { level: "CanNotDelete", owners: [] });
    assertStatus(pool, 201);
    assert.equal(pool.json.id, `${apPath("rg2", "c1", "nodepool1")}${L}/pool-lock`);
    const names = async (url: string) => {
      const r = await emu.request("GET", url);
      assertStatus(r, 200);
      assert.deepEqual(Object.keys(r.json), ["value"]);
      return (r.json.value as any[]).map((l) => l.name);
    };
    assert.deepEqual(await names(listUrl(SUB_SCOPE, AZ)), ["sub-lock", "rg-lock", "c-lock", "pool-lock"]);
    assert.deepEqual(await names(listUrl(rgPath("rg2"), AZ)), ["rg-lock", "c-lock", "pool-lock"]);
    assert.deepEqual(await names(listUrl(cluster)), ["c-lock", "pool-lock"]);
    assert.deepEqual(await names(listUrl(apPath("rg2", "c1", "nodepool1"))), ["pool-lock"]);
    assert.deepEqual(await names(listUrl(cluster, SDK, "atScope()")), ["sub-lock", "rg-lock", "c-lock"]);
    assert.deepEqual(await names(listUrl(rgPath("rg1"))), []);
    assertWrapped(await emu.request("GET", listUrl(cluster, SDK, "name eq 'x'")), "InvalidFilterInQueryString", "Invalid $filter 'name eq 'x'' specified in the query string: management lock lists take 'atScope()' only.");
    for (const [scope, name] of [[apPath("rg2", "c1", "nodepool1"), "pool-lock"], [cluster, "c-lock"], [rgPath("rg2"), "rg-lock"], [SUB_SCOPE, "sub-lock"]] as const) await unlock(scope, name);
    assert.deepEqual(await names(listUrl(SUB_SCOPE)), []);
  });

  test("bad input: an unknown level, no level, no properties, a body that is no object: 400 InvalidRequestContent; nothing written", async () => {
    const scope = rgPath("rg1");
    assertWrapped(await putLock(scope, "bad", { level: "Forever" }), "InvalidRequestContent", `The request content was invalid and could not be deserialized: 'Error converting value "Forever" to type 'LockLevel'. Path 'properties.level'.'.`);
    assertWrapped(await putLock(scope, "bad", { level: "NotSpecified" }), "InvalidRequestContent", /Error converting value "NotSpecified"/);
    assertWrapped(await putLock(scope, "bad", { notes: "no level" }), "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Required property 'level' not found in JSON. Path 'properties'.'.");
    // The body az would send if it forgot the properties envelope (Azure/azure-sdk-for-net#2542).
    const flat = await emu.request("PUT", lockUrl(scope, "bad"), { body: { level: "CanNotDelete" } });
    assertWrapped(flat, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Required property 'properties' not found in JSON. Path ''.'.");
    assertWrapped(await emu.request("PUT", lockUrl(scope, "bad"), { body: [1] }), "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.");
    assertWrapped(await putLock(scope, "bad", { level: "ReadOnly", notes: 5 }), "InvalidRequestContent", "The request content was invalid and could not be deserialized: ''properties.notes' must be a string.'.");
    assertStatus(await emu.request("GET", lockUrl(scope, "bad")), 404);
  });

  test("a lock needs its scope: a missing group or resource is ARM's 404", async () => {
    assertGatewayError(await putLock(rgPath("nope"), "l", { level: "ReadOnly" }), 404, "ResourceGroupNotFound", "Resource group 'nope' could not be found.");
    assertGatewayError(
      await putLock(`${rgPath("rg1")}/providers/Microsoft.Storage/storageAccounts/sa1`, "l", { level: "ReadOnly" }),
      404,
      "ResourceNotFound",
      "The Resource 'Microsoft.Storage/storageAccounts/sa1' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
    assertGatewayError(await emu.request("GET", lockUrl(rgPath("rg1"), "l", "2019-01-01")), 400, "InvalidApiVersionParameter", /2016-09-01/);
  });

  test("a lock with owners is deleted only by an owner application: 401 UnauthorizedApplicationId", async () => {
    const scope = rgPath("rg1");
    const owner = "ba4bc2bd-843f-4d61-9d33-199178eae34e";
    assertStatus(await putLock(scope, "owned", { level: "CanNotDelete", owners: [{ applicationId: owner }] }), 201);
    const denied = await emu.request("DELETE", lockUrl(scope, "owned"));
    assert.equal(denied.status, 401);
    assertWrapped(denied, "UnauthorizedApplicationId", `The management lock 'owned' is owned by system application(s) '${owner}'. Please see https://aka.ms/arm-lock for detail.`);
    // The emulator's own way out: an owners list the caller is in (the default principal's app id).
    const mine = (await emu.request("GET", lockUrl(scope, "owned"))).json;
    assert.deepEqual(mine.properties.owners, [{ applicationId: owner }]);
  });
});

describe("ARM's enforcement at the front door", () => {
  test("CanNotDelete on a group: the group delete is refused, writes in it go through", async () => {
    await emu.createGroup("rg-cnd");
    await lock(rgPath("rg-cnd"), "nodelete", "CanNotDelete");
    // az sends resourcegroups in lower case: the scope is quoted as the caller spelled it.
    const t0 = Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
    const refused = await emu.request("DELETE", q(`/subscriptions/${SUB}/resourcegroups/rg-cnd`, RG_API));
    assertGatewayError(refused, 409, "ScopeLocked", scopeLocked(`/subscriptions/${SUB}/resourcegroups/rg-cnd`, "delete", rgPath("rg-cnd")));
    // The refused delete is in the activity log: Started, then Failed with the body answered.
    const filter = `eventTimestamp ge '${new Date(t0).toISOString()}' and resourceGroupName eq 'rg-cnd'`;
    const events = (await emu.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`)).json.value as any[];
    const failed = events.find((e) => e.status.value === "Failed");
    assert.equal(failed?.operationName.value, "Microsoft.Resources/subscriptions/resourceGroups/delete", JSON.stringify(events));
    assert.equal(JSON.parse(failed.properties.statusMessage).error.code, "ScopeLocked");
    const tagged = await emu.request("PUT", q(rgPath("rg-cnd"), RG_API), { body: { location: "eastus", tags: { team: "a" } } });
    assertStatus(tagged, 200);
    await unlock(rgPath("rg-cnd"), "nodelete");
    assertStatus(await emu.request("DELETE", q(rgPath("rg-cnd"), RG_API)), 202);
  });

  test("a locked resource inside keeps its group and its parent from being deleted; the resource itself too", async () => {
    await emu.createGroup("rg-in");
    await createCluster(emu, "rg-in", "c2");
    const pool = apPath("rg-in", "c2", "nodepool1");
    await lock(pool, "pool-nodelete", "CanNotDelete");
    assertGatewayError(await emu.request("DELETE", q(rgPath("rg-in"), RG_API)), 409, "ScopeLocked", scopeLocked(rgPath("rg-in"), "delete", pool));
    assertGatewayError(await emu.request("DELETE", q(mcPath("rg-in", "c2"))), 409, "ScopeLocked", scopeLocked(mcPath("rg-in", "c2"), "delete", pool));
    assertGatewayError(await emu.request("DELETE", q(pool)), 409, "ScopeLocked", scopeLocked(pool, "delete", pool));
    // A subscription lock as well: both scopes are named, outermost first.
    await lock(SUB_SCOPE, "sub-nodelete", "CanNotDelete");
    assertGatewayError(await emu.request("DELETE", q(pool)), 409, "ScopeLocked", `The scope '${pool}' cannot perform delete operation because following scope(s) are locked: '${SUB_SCOPE}', '${pool}'. Please remove the lock and try again.`);
    await unlock(SUB_SCOPE, "sub-nodelete");
    await unlock(pool, "pool-nodelete");
  });

  test("ReadOnly on a cluster: PUT, PATCH, DELETE and POST actions (listClusterUserCredential too) are refused as writes; reads work; the lock is still removable", async () => {
    await emu.createGroup("rg-ro");
    await createCluster(emu, "rg-ro", "c3");
    const cluster = mcPath("rg-ro", "c3");
    await lock(cluster, "readonly", "ReadOnly");
    assertGatewayError(await emu.request("PUT", q(cluster), { body: clusterBody() }), 409, "ScopeLocked", scopeLocked(cluster, "write", cluster));
    assertGatewayError(await emu.request("PATCH", q(cluster), { body: { tags: { a: "b" } } }), 409, "ScopeLocked", scopeLocked(cluster, "write", cluster));
    assertGatewayError(await emu.request("POST", q(`${cluster}/listClusterUserCredential`)), 409, "ScopeLocked", scopeLocked(cluster, "write", cluster));
    assertGatewayError(await emu.request("PUT", q(apPath("rg-ro", "c3", "pool2")), { body: { properties: { count: 1 } } }), 409, "ScopeLocked", scopeLocked(apPath("rg-ro", "c3", "pool2"), "write", cluster));
    assertGatewayError(await emu.request("DELETE", q(cluster)), 409, "ScopeLocked", scopeLocked(cluster, "delete", cluster));
    assertStatus(await emu.request("GET", q(cluster)), 200);
    // Locks are not blocked by a lock: another can be added and both removed.
    await lock(cluster, "second", "CanNotDelete");
    await unlock(cluster, "second");
    await unlock(cluster, "readonly");
    assertStatus(await emu.request("POST", q(`${cluster}/listClusterUserCredential`)), 200);
  });

  test("ReadOnly on the subscription: a new group is a refused write", async () => {
    await lock(SUB_SCOPE, "sub-readonly", "ReadOnly");
    assertGatewayError(await emu.request("PUT", q(rgPath("rg-new"), RG_API), { body: { location: "eastus" } }), 409, "ScopeLocked", scopeLocked(rgPath("rg-new"), "write", SUB_SCOPE));
    await unlock(SUB_SCOPE, "sub-readonly");
    assertStatus(await emu.request("PUT", q(rgPath("rg-new"), RG_API), { body: { location: "eastus" } }), 201);
  });
});

describe("locks in AKS's node resource group (Azure/AKS#3291)", () => {
  const RG = "rg-mc";
  const NODE_RG = `MC_${RG}_c4_eastus`;
  const NODE_SCOPE = rgPath(NODE_RG);
  const LOCKED = `Resource group '${NODE_RG}' under subscription: '${SUB}' is locked, please remove lock and retry. Please see http://aka.ms/azure-lock-resources`;

  before(async () => {
    await emu.createGroup(RG);
    await createCluster(emu, RG, "c4", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 })] } }));
    assert.equal((await putToEnd(emu, apPath(RG, "c4", "user1"), { properties: { count: 2, mode: "User", orchestratorVersion: "1.32.7" } })).status, "Succeeded");
  });

  const poolState = async (pool: string) => (await emu.request("GET", q(apPath(RG, "c4", pool)))).json.properties;

  test("a scale-down fails where the VM is deleted: ResourceGroupLocked, the pool Failed; the lock deleted, the retried scale succeeds", async () => {
    await lock(NODE_SCOPE, "mc-lock", "CanNotDelete");
    // Scale-up only writes: it goes through.
    const up = await putToEnd(emu, apPath(RG, "c4", "user1"), { properties: { count: 3, mode: "User", orchestratorVersion: "1.32.7" } });
    assert.equal(up.status, "Succeeded", JSON.stringify(up));
    const down = await putToEnd(emu, apPath(RG, "c4", "user1"), { properties: { count: 1, mode: "User", orchestratorVersion: "1.32.7" } });
    assert.equal(down.status, "Failed");
    assert.equal(down.error.code, "ResourceGroupLocked");
    assert.equal(down.error.message, `Failed to scale node pool 'user1' in Kubernetes service 'c4'. Error: ${LOCKED}`);
    assert.equal(down.error.details[0].code, "ScopeLocked");
    assert.match(down.error.details[0].message, new RegExp(`^The scope '/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-user1-\\d{8}-vmss/virtualmachines/\\d+' cannot perform delete operation because following scope\\(s\\) are locked: '/subscriptions/${SUB}/resourceGroups/${NODE_RG}'\\.`));
    assert.equal((await poolState("user1")).provisioningState, "Failed");
    await unlock(NODE_SCOPE, "mc-lock");
    const retried = await putToEnd(emu, apPath(RG, "c4", "user1"), { properties: { count: 1, mode: "User", orchestratorVersion: "1.32.7" } });
    assert.equal(retried.status, "Succeeded", JSON.stringify(retried));
    const after = await poolState("user1");
    assert.deepEqual([after.provisioningState, after.count], ["Succeeded", 1]);
  });

  test("a lock on one resource in the group (the scale set) is enough: an upgrade's node replacement fails, then recovers", async () => {
    const sets = await emu.request("GET", q(`${NODE_SCOPE}/providers/Microsoft.Compute/virtualMachineScaleSets`, "2024-07-01"));
    const vmss = (sets.json.value as any[]).find((s) => /aks-user1-/.test(s.name)).id as string;
    await lock(vmss, "vmss-lock", "CanNotDelete");
    const upgrade = await putToEnd(emu, apPath(RG, "c4", "user1"), { properties: { count: 1, mode: "User", orchestratorVersion: "1.33.3" } });
    assert.equal(upgrade.status, "Failed");
    assert.equal(upgrade.error.code, "ResourceGroupLocked");
    assert.equal(upgrade.error.message, LOCKED);
    await unlock(vmss, "vmss-lock");
    const again = await putToEnd(emu, apPath(RG, "c4", "user1"), { properties: { count: 1, mode: "User", orchestratorVersion: "1.33.3" } });
    assert.equal(again.status, "Succeeded", JSON.stringify(again));
  });

  test("a pool delete and a cluster delete fail while the node resource group is locked", async () => {
    await lock(NODE_SCOPE, "mc-lock", "CanNotDelete");
    const del = await emu.request("DELETE", q(apPath(RG, "c4", "user1")));
    assertStatus(del, 202);
    const st = await finish(emu, header(del, "azure-asyncoperation")!);
    assert.equal(st.status, "Failed");
    assert.equal(st.error.code, "ResourceGroupLocked");
    assert.equal(st.error.message, LOCKED);
    assert.equal((await poolState("user1")).provisioningState, "Failed");
    const delCluster = await emu.request("DELETE", q(mcPath(RG, "c4")));
    assertStatus(delCluster, 202);
    const cst = await finish(emu, header(delCluster, "azure-asyncoperation")!);
    assert.equal(cst.status, "Failed");
    assert.equal(cst.error.code, "ResourceGroupLocked");
    // The group of the node resource group is refused at ARM's gate.
    assertGatewayError(await emu.request("DELETE", q(NODE_SCOPE, RG_API)), 409, "ScopeLocked", scopeLocked(NODE_SCOPE, "delete", NODE_SCOPE));
    await unlock(NODE_SCOPE, "mc-lock");
    const retried = await emu.request("DELETE", q(mcPath(RG, "c4")));
    assertStatus(retried, 202);
    assert.equal((await finish(emu, header(retried, "azure-asyncoperation")!)).status, "Succeeded");
  });
});

test("a group delete whose cluster's node resource group is locked: accepted (nothing locked in the group), then failed with ScopeLocked; the group stays", async () => {
  await emu.createGroup("rg-cascade");
  await createCluster(emu, "rg-cascade", "c6");
  const node = rgPath("MC_rg-cascade_c6_eastus");
  await lock(node, "mc-lock", "CanNotDelete");
  const del = await emu.request("DELETE", q(rgPath("rg-cascade"), RG_API));
  assertStatus(del, 202);
  let result = await emu.request("GET", header(del, "location")!);
  for (let i = 0; i < 30 && result.status === 202; i++) {
    await emu.advance("PT1M");
    result = await emu.request("GET", header(del, "location")!);
  }
  assert.equal(result.status, 409, result.text);
  assert.equal(result.json.error.code, "ScopeLocked");
  assert.match(result.json.error.message, new RegExp(`following scope\\(s\\) are locked: '${node}'\\.`));
  assertStatus(await emu.request("GET", q(rgPath("rg-cascade"), RG_API)), 200);
  await unlock(node, "mc-lock");
});

test("scenario node-resource-group-locked: a CanNotDelete lock on the node resource group, listed as az lock list shows it; applied twice, one lock", async () => {
  await emu.createGroup("rg-sc");
  await createCluster(emu, "rg-sc", "c5");
  for (let i = 0; i < 2; i++) {
    const res = await emu.request("POST", "/_aksemu/scenarios/node-resource-group-locked", { body: { resourceGroup: "rg-sc", cluster: "c5" } });
    assertStatus(res, 200);
    assert.deepEqual(res.json.applied, { lock: `${rgPath("MC_rg-sc_c5_eastus")}${L}/node-resource-group-lock`, level: "CanNotDelete", nodeResourceGroup: "MC_rg-sc_c5_eastus" });
    assert.equal(res.json.sees.code, "ResourceGroupLocked");
  }
  const list = await emu.request("GET", listUrl(rgPath("MC_rg-sc_c5_eastus"), AZ));
  assert.deepEqual(list.json.value, [
    { properties: { level: "CanNotDelete", notes: "aksemu scenario node-resource-group-locked (Azure/AKS#3291)" }, id: `${rgPath("MC_rg-sc_c5_eastus")}${L}/node-resource-group-lock`, type: "Microsoft.Authorization/locks", name: "node-resource-group-lock" },
  ]);
  const down = await putToEnd(emu, apPath("rg-sc", "c5", "nodepool1"), { properties: { count: 2, mode: "System" } });
  assert.equal(down.error.code, "ResourceGroupLocked");
  assert.equal(down.error.message, `Failed to scale node pool 'nodepool1' in Kubernetes service 'c5'. Error: Resource group 'MC_rg-sc_c5_eastus' under subscription: '${SUB}' is locked, please remove lock and retry. Please see http://aka.ms/azure-lock-resources`);
  await unlock(rgPath("MC_rg-sc_c5_eastus"), "node-resource-group-lock");
  assert.equal((await putToEnd(emu, apPath("rg-sc", "c5", "nodepool1"), { properties: { count: 2, mode: "System" } })).status, "Succeeded");
});
