// A resource group delete runs every provider's share in one operation. When it fails part-way
// (a fault), each provider settles what its steps targeted: the group stays and is usable again;
// a cluster it did not get to delete is Failed with its deletion still issued (delete again).
import assert from "node:assert/strict";
import { test } from "node:test";
import { resourceListings } from "../../src/arm/ids.js";
import { createClock } from "../../src/clock/clock.js";
import { createEngine } from "../../src/engine/engine.js";
import { operationGroups, type OperationRecord } from "../../src/engine/operations.js";
import { poolKey } from "../../src/providers/containerservice/domain/keys.js";
import type { ClusterRecord, PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import { deleteClustersOfGroup } from "../../src/providers/containerservice/group-cascade.js";
import { providerRunners } from "./support/runners.js";
import { groupDeleteOperation } from "../../src/providers/resources/domain/groups.js";
import type { ResourceGroupRecord } from "../../src/providers/resources/public.js";
import { createStore } from "../../src/store/store.js";
import { cluster, KEY, pool, T0 } from "./support/records.js";

const GROUP = "/subscriptions/s/resourcegroups/rg";
const group: ResourceGroupRecord = { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", subscriptionId: "s", name: "rg", location: "eastus", provisioningState: "Succeeded" };

function run(failAt: string | undefined) {
  const store = createStore(null, { groupOf: { resources: (k) => resourceListings(k), operations: (_k, v) => operationGroups(v as OperationRecord) }, newEtag: () => "e" });
  const clock = createClock({ mode: "manual", speed: 0, startAt: T0 });
  const engine = createEngine({
    store,
    clock,
    runners: providerRunners(),
    beforeStep: (step) => (step.name === failAt ? { code: "InternalServerError", message: "An internal error occurred." } : undefined),
  });
  engine.commit({ resources: [[GROUP, group], [KEY, cluster()], [poolKey(KEY, "nodepool1"), pool("nodepool1")]] });
  // What the group's DELETE handler commits: every provider's share, then the group's own step.
  const share = deleteClustersOfGroup({ read: store, groupKey: GROUP, operationId: "del", now: T0, active: engine.activeOperations });
  const op = groupDeleteOperation({ group, key: GROUP, id: "del", now: T0, steps: share.steps });
  engine.commit({ resources: [...(share.change.resources ?? []), [GROUP, { ...group, provisioningState: "Deleting", deletion: { operationId: "del", startedAt: T0 } }]], operations: [...(share.change.operations ?? []), op] });
  assert.equal(store.get<ClusterRecord>("resources", KEY)!.provisioningState, "Deleting");
  clock.advanceTo(T0 + 3600_000);
  return { store, op: store.get<OperationRecord>("operations", "del")! };
}

test("a group delete that succeeds removes the cluster, its pools and the group", () => {
  const { store, op } = run(undefined);
  assert.equal(op.status, "Succeeded");
  for (const key of [GROUP, KEY, poolKey(KEY, "nodepool1")]) assert.equal(store.get("resources", key), undefined, key);
});

test("a group delete that fails at the control plane: group usable again, cluster and pools Failed with deletion still issued", () => {
  const { store, op } = run("Deleting control plane");
  assert.equal(op.status, "Failed");
  assert.equal(op.error?.code, "InternalServerError");
  const g = store.get<ResourceGroupRecord>("resources", GROUP)!;
  assert.deepEqual([g.provisioningState, g.deletion], ["Succeeded", undefined]);
  const c = store.get<ClusterRecord>("resources", KEY)!;
  assert.equal(c.provisioningState, "Failed");
  assert.equal(c.deletion?.operationId, "del", "only a new delete is allowed, as after a failed cluster delete");
  // The pool's own delete steps ran before the failure: it is gone; nothing was rolled back.
  assert.equal(store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1")), undefined);
});

test("a group delete that fails before the pool is deleted leaves the pool Failed too", () => {
  const { store } = run(`Deleting node ${pool("nodepool1").nodes[0]!.name}`);
  assert.equal(store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!.provisioningState, "Failed");
  assert.equal(store.get<ClusterRecord>("resources", KEY)!.provisioningState, "Failed");
});
