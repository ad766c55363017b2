// Seed 002's "Customer imposed restrictions" row for locks ("Setting resource lock prevents nodepool
// from scaling down", Azure/AKS#3291): a Delete lock on the cluster's node resource group, put in the
// lock book as `az lock create --lock-type CanNotDelete --resource-group MC_...` would.
import { badRequest, RECONCILE, type Scenario } from "../../scenario.js";
import { decideLockPut, emptyBook, findLock, lockBookKey, withLock, type LockBook } from "./domain/locks.js";

export const SCENARIO_LOCK_NAME = "node-resource-group-lock";

const nodeResourceGroupLocked: Scenario = {
  name: "node-resource-group-locked",
  scope: "cluster",
  rank: 100,
  seed: { section: "Common causes", symptom: "Setting resource lock prevents nodepool from scaling down", cause: "Customer imposed restrictions" },
  sets: `a CanNotDelete lock '${SCENARIO_LOCK_NAME}' on the cluster's node resource group (MC_...)`,
  sees: { where: "a scale-down, a node pool or cluster delete, or an upgrade's node replacement fails where AKS removes a VM there; the pool (or cluster) is Failed", code: "ResourceGroupLocked" },
  remedy: [
    `az lock delete --name ${SCENARIO_LOCK_NAME} --resource-group <node resource group>   (az lock list --resource-group <node resource group> shows it)`,
    `retry the scale (az aks nodepool scale ...), or az aks nodepool update -g <rg> --cluster-name <cluster> -n <pool>, or ${RECONCILE}`,
  ],
  apply(read, t) {
    const cluster = t.cluster!;
    // The node resource group is where the pools' scale sets are.
    const group = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\//i.exec(cluster.pools[0]?.scaleSet ?? "")?.[1];
    if (!group) return badRequest(`'node-resource-group-locked' needs a node resource group: managed cluster '${cluster.name}' has no agent pool.`);
    const key = lockBookKey(t.subscriptionId);
    const book = read.get<LockBook>("meta", key) ?? emptyBook(t.subscriptionId);
    const existing = findLock(book, group, SCENARIO_LOCK_NAME);
    const notes = "aksemu scenario node-resource-group-locked (Azure/AKS#3291)";
    const lock = decideLockPut({ scope: group, name: SCENARIO_LOCK_NAME, body: { properties: { level: "CanNotDelete", notes } }, existing: existing && { ...existing, owners: [] }, callerAppId: "" });
    if ("refused" in lock || "badContent" in lock) throw new Error("the scenario's lock body is valid");
    return { change: { meta: [[key, withLock(book, lock)]] }, applied: { lock: lock.id, level: lock.level, nodeResourceGroup: group.split("/")[4]! } };
  },
};

export const LOCK_SCENARIOS: readonly Scenario[] = [nodeResourceGroupLocked];
