// AKS plans run by the engine with every provider's runner: the node resource group
// (Microsoft.Resources) and the pools' scale sets (Microsoft.Compute) follow the plan's steps; a
// Compute step over quota fails the AKS operation there with AKS's error, Compute's nested.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resourceListings } from "../../src/arm/ids.js";
import { createClock } from "../../src/clock/clock.js";
import { createEngine } from "../../src/engine/engine.js";
import { operationGroups, type OperationRecord } from "../../src/engine/operations.js";
import { quotaKey, usageOf } from "../../src/providers/compute/domain/quota.js";
import { usageKey, type UsageTotal } from "../../src/providers/compute/usage-index.js";
import type { ScaleSetRecord } from "../../src/providers/compute/domain/records.js";
import { poolKey } from "../../src/providers/containerservice/domain/keys.js";
import { createClusterPlan, createPoolSteps, deleteClusterPlan, nodeHostOf } from "../../src/providers/containerservice/domain/plans.js";
import type { PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import { providerRunners } from "./support/runners.js";
import type { ResourceGroupRecord } from "../../src/providers/resources/public.js";
import { createStore } from "../../src/store/store.js";
import { cluster, KEY, op, pool, T0 } from "./support/records.js";

const GROUP = "/subscriptions/s/resourcegroups/rg";
const NODE_GROUP = "/subscriptions/s/resourcegroups/mc_rg_c1_eastus";
const VMSS = `${NODE_GROUP}/providers/microsoft.compute/virtualmachinescalesets/aks-nodepool1-12345678-vmss`;
const HOST = nodeHostOf(cluster());

function env() {
  let etag = 0;
  const store = createStore(null, { groupOf: { resources: (k) => resourceListings(k), operations: (_k, v) => operationGroups(v as OperationRecord) }, newEtag: () => `e${++etag}` });
  const clock = createClock({ mode: "manual", speed: 0, startAt: T0 });
  const engine = createEngine({ store, clock, runners: providerRunners(), onError: (e) => assert.fail(String(e)) });
  engine.commit({ resources: [[GROUP, { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", subscriptionId: "s", name: "rg", location: "eastus", provisioningState: "Succeeded" }], [KEY, cluster()]] });
  const run = (o: OperationRecord) => {
    engine.commit({ operations: [o] });
    clock.advanceTo(T0 + 3_600_000);
    return store.get<OperationRecord>("operations", o.id)!;
  };
  return { store, engine, clock, run };
}

const fresh = (over: Partial<PoolRecord> = {}) => pool("nodepool1", { nodes: [], nextInstanceId: 0, provisioningState: "Creating", ...over });

test("a cluster create makes the node resource group (managedBy the cluster) and the pool's scale set with one instance per node", () => {
  const e = env();
  const p = fresh();
  e.engine.commit({ resources: [[poolKey(KEY, "nodepool1"), p]] });
  const done = e.run(op({ id: "create", verb: "Creating", touchedPools: ["nodepool1"], steps: createClusterPlan(HOST, [{ pool: p, count: 3, version: "1.32.7" }], "1.32.7") }));
  assert.equal(done.status, "Succeeded");
  const group = e.store.get<ResourceGroupRecord>("resources", NODE_GROUP)!;
  assert.deepEqual([group.name, group.managedBy, group.location, group.tags], ["MC_rg_c1_eastus", cluster().id, "eastus", { "aks-managed-cluster-name": "c1", "aks-managed-cluster-rg": "rg" }]);
  const ss = e.store.get<ScaleSetRecord>("resources", VMSS)!;
  assert.deepEqual(ss.instances.map((i) => i.instanceId), [0, 1, 2]);
  assert.deepEqual(e.store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!.nodes.map((n) => n.instanceId), [0, 1, 2], "AKS's nodes mirror the instances");
  // The node resource group and the cluster are not touched when the operation settles.
  assert.equal(e.store.get<ResourceGroupRecord>("resources", NODE_GROUP)!.provisioningState, "Succeeded");
  assert.equal(e.store.get<{ kind: string }>("resources", KEY)!.kind, "managedCluster");

  const del = e.run(op({ id: "delete", verb: "Deleting", operationType: "DeleteManagedCluster", touchedPools: ["nodepool1"], steps: deleteClusterPlan(HOST, KEY, [e.store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!]) }));
  assert.equal(del.status, "Succeeded");
  assert.deepEqual([e.store.get("resources", VMSS), e.store.get("resources", NODE_GROUP), e.store.get("resources", KEY)], [undefined, undefined, undefined]);
});

test("a Compute step over quota fails the AKS operation at that step: AKS's QuotaExceeded with Compute's error in details; the pool is Failed, nothing allocated", () => {
  const e = env();
  const p = fresh();
  e.engine.commit({ resources: [[poolKey(KEY, "nodepool1"), p]], meta: [[quotaKey("s", "eastus"), { kind: "computeQuota", subscriptionId: "s", location: "eastus", limits: { cores: 4 } }]] });
  const failed = e.run(op({ id: "add", operationType: "PutAgentPool", poolName: "nodepool1", verb: "Creating", steps: createPoolSteps(HOST, p, 3, "1.32.7") }));
  assert.equal(failed.status, "Failed");
  assert.equal(failed.stepIndex, 0, "stopped at the scale set step");
  const inner = failed.error!.details![0]!;
  assert.equal(inner.code, "OperationNotAllowed");
  assert.match(inner.message, /^Operation could not be completed as it results in exceeding approved Total Regional Cores quota\. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 4, Current Usage: 0, Additional Required: 6, \(Minimum\) New Limit Required: 6\. /);
  assert.deepEqual([failed.error!.code, failed.error!.message], ["QuotaExceeded", `Create or update VMSS /subscriptions/s/resourceGroups/MC_rg_c1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss failed. ${inner.message}`]);
  assert.equal(e.store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!.provisioningState, "Failed");
  assert.equal(e.store.get("resources", VMSS), undefined, "all or nothing");
});

test("the running usage total moves with every scale set step and always equals a count over the scale sets", () => {
  const e = env();
  const p = fresh();
  e.engine.commit({ resources: [[poolKey(KEY, "nodepool1"), p]] });
  const counted = () => {
    const sets = [e.store.get<ScaleSetRecord>("resources", VMSS)].filter((s): s is ScaleSetRecord => s !== undefined);
    const scan = { usage: Object.fromEntries(usageOf(sets, "eastus")), total: e.store.get<UsageTotal>("meta", usageKey("s", "eastus"))?.usage ?? {} };
    assert.deepEqual(scan.total, scan.usage);
    return scan.usage;
  };
  e.run(op({ id: "create", verb: "Creating", touchedPools: ["nodepool1"], steps: createClusterPlan(HOST, [{ pool: p, count: 3, version: "1.32.7" }], "1.32.7") }));
  assert.equal(counted()["virtualmachines"], 3);
  const grown = e.store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!;
  e.run(op({ id: "grow", verb: "Scaling", touchedPools: ["nodepool1"], startTime: T0 + 3_600_000, stepStartedAt: T0 + 3_600_000, steps: createPoolSteps(HOST, grown, 2, "1.32.7") }));
  e.clock.advanceTo(T0 + 7_200_000);
  e.engine.catchUp();
  assert.equal(counted()["virtualmachines"], 5);
  e.run(op({ id: "delete", verb: "Deleting", operationType: "DeleteManagedCluster", touchedPools: ["nodepool1"], startTime: T0 + 7_200_000, stepStartedAt: T0 + 7_200_000, steps: deleteClusterPlan(HOST, KEY, [e.store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!]) }));
  e.clock.advanceTo(T0 + 10_800_000);
  e.engine.catchUp();
  assert.deepEqual(counted(), {});
});
