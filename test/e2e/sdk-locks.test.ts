// The official locks SDK (@azure/arm-locks 2.1.0, api 2020-05-01, unmodified but for endpoint and
// credential): locks at the subscription, a group, a cluster and an agent pool (the SDK's
// resource-level path with an empty parentResourcePath, and a parent path for the pool); the lists;
// ScopeLocked as the SDK raises it; and a CanNotDelete lock in the node resource group failing an
// AKS scale-down (Azure/AKS#3291) until the lock is deleted.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManagementLockClient, type ManagementLockObject } from "@azure/arm-locks";
import { RestError } from "@azure/core-rest-pipeline";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

let emu: Emulator;
let locks: ManagementLockClient;
const RG = "rg-locks";
const NODE_RG = `MC_${RG}_c1_eastus`;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  locks = new ManagementLockClient(credentialFor(emu), SUB, { endpoint: emu.url });
  await clients(emu).client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", clusterBody({ pools: [{ name: "nodepool1", count: 2 }] }), FAST);
});
after(() => emu.close());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const names = (ls: ManagementLockObject[]) => ls.map((l) => l.name);

test("create, get, list and delete locks at every level; the SDK flattens properties", async () => {
  const sub = await locks.managementLocks.createOrUpdateAtSubscriptionLevel("sub-lock", { level: "CanNotDelete", notes: "subscription" });
  assert.deepEqual({ ...sub }, { level: "CanNotDelete", notes: "subscription", id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/locks/sub-lock`, type: "Microsoft.Authorization/locks", name: "sub-lock" });
  await locks.managementLocks.createOrUpdateAtResourceGroupLevel(RG, "rg-lock", { level: "ReadOnly" });
  const cluster = await locks.managementLocks.createOrUpdateAtResourceLevel(RG, "Microsoft.ContainerService", "", "managedClusters", "c1", "c-lock", { level: "CanNotDelete" });
  assert.equal(cluster.id, `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1/providers/Microsoft.Authorization/locks/c-lock`);
  const pool = await locks.managementLocks.createOrUpdateAtResourceLevel(RG, "Microsoft.ContainerService", "managedClusters/c1", "agentPools", "nodepool1", "pool-lock", { level: "CanNotDelete" });
  assert.equal(pool.id, `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1/agentPools/nodepool1/providers/Microsoft.Authorization/locks/pool-lock`);
  assert.equal((await locks.managementLocks.getAtResourceGroupLevel(RG, "rg-lock")).level, "ReadOnly");
  assert.equal((await locks.managementLocks.getByScope(cluster.id!.split("/providers/Microsoft.Authorization")[0]!, "c-lock")).name, "c-lock");

  assert.deepEqual(names(await collect(locks.managementLocks.listAtSubscriptionLevel())), ["sub-lock", "rg-lock", "c-lock", "pool-lock"]);
  assert.deepEqual(names(await collect(locks.managementLocks.listAtResourceGroupLevel(RG))), ["rg-lock", "c-lock", "pool-lock"]);
  assert.deepEqual(names(await collect(locks.managementLocks.listAtResourceLevel(RG, "Microsoft.ContainerService", "", "managedClusters", "c1"))), ["c-lock", "pool-lock"]);
  const scope = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1/agentPools/nodepool1`;
  assert.deepEqual(names(await collect(locks.managementLocks.listByScope(scope, { filter: "atScope()" }))), ["sub-lock", "rg-lock", "c-lock", "pool-lock"]);

  await locks.managementLocks.deleteAtResourceLevel(RG, "Microsoft.ContainerService", "managedClusters/c1", "agentPools", "nodepool1", "pool-lock");
  await locks.managementLocks.deleteByScope(scope.replace(/\/agentPools\/nodepool1$/, ""), "c-lock");
  await locks.managementLocks.deleteAtResourceGroupLevel(RG, "rg-lock");
  await locks.managementLocks.deleteAtSubscriptionLevel("sub-lock");
  assert.deepEqual(await collect(locks.managementLocks.listAtSubscriptionLevel()), []);
  await assert.rejects(locks.managementLocks.getAtResourceGroupLevel(RG, "rg-lock"), (e: RestError) => e.statusCode === 404 && e.code === "LockNotFound");
});

test("ScopeLocked through the SDKs: a ReadOnly group refuses listClusterUserCredential; a locked node resource group fails a scale-down, then the retry succeeds", async () => {
  const { client } = clients(emu);
  await locks.managementLocks.createOrUpdateAtResourceGroupLevel(RG, "ro", { level: "ReadOnly" });
  await assert.rejects(client.managedClusters.listClusterUserCredentials(RG, "c1"), (e: RestError) => {
    assert.equal(e.statusCode, 409);
    assert.equal(e.code, "ScopeLocked");
    assert.equal(e.message, `The scope '/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1' cannot perform write operation because following scope(s) are locked: '/subscriptions/${SUB}/resourceGroups/${RG}'. Please remove the lock and try again.`);
    return true;
  });
  await locks.managementLocks.deleteAtResourceGroupLevel(RG, "ro");
  assert.equal((await client.managedClusters.listClusterUserCredentials(RG, "c1")).kubeconfigs?.length, 1);

  await locks.managementLocks.createOrUpdateAtResourceGroupLevel(NODE_RG, "mc-lock", { level: "CanNotDelete" });
  await assert.rejects(client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", { count: 1, mode: "System", vmSize: "Standard_DS2_v2" }, FAST), (e: Error) => {
    // The SDK's poller: "The long-running operation has failed. <code>. <message>".
    assert.equal(e.message, `The long-running operation has failed. ResourceGroupLocked. Failed to scale node pool 'nodepool1' in Kubernetes service 'c1'. Error: Resource group '${NODE_RG}' under subscription: '${SUB}' is locked, please remove lock and retry. Please see http://aka.ms/azure-lock-resources`);
    return true;
  });
  assert.equal((await client.agentPools.get(RG, "c1", "nodepool1")).provisioningState, "Failed");
  await locks.managementLocks.deleteAtResourceGroupLevel(NODE_RG, "mc-lock");
  const retried = await client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", { count: 1, mode: "System", vmSize: "Standard_DS2_v2" }, FAST);
  assert.deepEqual([retried.provisioningState, retried.count], ["Succeeded", 1]);
});
