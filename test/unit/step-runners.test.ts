// The providers' step runners against a store: the writes one step returns, the history a deleted
// cluster leaves behind (tombstone parent), and the states settle leaves on cluster and pools.
import assert from "node:assert/strict";
import { test } from "node:test";
import { node } from "./support/world.js";
import { resourceListings } from "../../src/arm/ids.js";
import { operationGroups, type OperationRecord, type Step } from "../../src/engine/operations.js";
import type { Change } from "../../src/engine/step-runner.js";
import { poolKey } from "../../src/providers/containerservice/domain/keys.js";
import { deleteClusterPlan, nodeHostOf } from "../../src/providers/containerservice/domain/plans.js";
import type { AksOperation, AksStep, ClusterRecord, PoolRecord, StepAction } from "../../src/providers/containerservice/domain/records.js";
import { aksSteps } from "../../src/providers/containerservice/steps.js";
import { groupDeleteOperation } from "../../src/providers/resources/domain/groups.js";
import { resourcesSteps } from "../../src/providers/resources/steps.js";
import { createStore, type Store } from "../../src/store/store.js";
import { cluster, KEY, op, pool, T0 } from "./support/records.js";

const AT = T0 + 60_000;
const GROUP = "/subscriptions/s/resourcegroups/rg";
const NP = poolKey(KEY, "nodepool1");
const UP = poolKey(KEY, "userpool");

function seeded(o: { cluster?: ClusterRecord | null; pools?: PoolRecord[]; operations?: AksOperation[] } = {}): Store {
  let etag = 0;
  const store = createStore(null, { groupOf: { resources: (k) => resourceListings(k), operations: (_k, v) => operationGroups(v as OperationRecord) }, newEtag: () => `e${++etag}` });
  store.transaction((tx) => {
    tx.put("resources", GROUP, { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", name: "rg" });
    if (o.cluster !== null) tx.put("resources", KEY, o.cluster ?? cluster());
    for (const p of o.pools ?? [pool("nodepool1"), pool("userpool", { spec: { count: 2, mode: "User" } })]) tx.put("resources", poolKey(KEY, p.name), p);
    for (const x of o.operations ?? []) tx.put("operations", x.id, x);
  });
  return store;
}

const step = (action: StepAction, over: Partial<AksStep> = {}): Step => ({ name: "s", durationMs: 1000, action, ...over });

/** Resource writes as [key, summary] pairs, for readable comparisons. */
function writes(change: Change, summary: (doc: Record<string, unknown>) => unknown): [string, unknown][] {
  return (change.resources ?? []).map(([k, doc]) => [k, doc === undefined ? undefined : summary(doc as Record<string, unknown>)]);
}
const nodeNames = (doc: Record<string, unknown>) => (doc as PoolRecord).nodes.map((n) => n.name);

function applied(store: Store, s: Step, o: OperationRecord = op()) {
  const result = aksSteps.apply(s, { read: store, op: o, at: AT });
  assert.ok(!("error" in result), "AKS steps do not fail on their own");
  return result;
}

// ---------------------------------------------------------------------------------------------
// aksSteps.apply

type ApplyCase = { name: string; store?: () => Store; step: Step; op?: OperationRecord; expect: (r: ReturnType<typeof applied>) => void };

const applyCases: ApplyCase[] = [
  {
    name: "progress writes nothing",
    step: step({ type: "progress" }),
    expect: (r) => assert.deepEqual(r, { change: { resources: [] } }),
  },
  {
    name: "addNode rewrites only that pool",
    step: step({ type: "addNode", pool: "userpool", version: "1.33.3", surge: false }),
    expect: (r) => {
      assert.deepEqual(writes(r.change, nodeNames), [[UP, [node("userpool", 0), node("userpool", 1), node("userpool", 2)]]]);
      assert.equal(r.op, undefined);
      assert.equal(r.change.operations, undefined);
    },
  },
  {
    name: "removeNode rewrites the pool without the node",
    step: step({ type: "removeNode", pool: "nodepool1", node: node("nodepool1", 0) }),
    expect: (r) => assert.deepEqual(writes(r.change, nodeNames), [[NP, [node("nodepool1", 1), node("nodepool1", 2)]]]),
  },
  {
    name: "setClusterPower rewrites only the cluster",
    step: step({ type: "setClusterPower", power: "Stopped" }),
    expect: (r) => assert.deepEqual(writes(r.change, (d) => d["powerState"]), [[KEY, "Stopped"]]),
  },
  {
    name: "setControlPlaneVersion rewrites only the cluster",
    step: step({ type: "setControlPlaneVersion", version: "1.33.3" }),
    expect: (r) => assert.deepEqual(writes(r.change, (d) => d["currentKubernetesVersion"]), [[KEY, "1.33.3"]]),
  },
  {
    name: "deletePool deletes the pool's key",
    step: step({ type: "deletePool", pool: "userpool" }),
    expect: (r) => assert.deepEqual(writes(r.change, () => "kept"), [[UP, undefined]]),
  },
  {
    name: "a step on a pool already gone writes nothing",
    store: () => seeded({ pools: [pool("nodepool1")] }),
    step: step({ type: "setNodeState", pool: "userpool", node: node("userpool", 0), state: "Cordoned" }),
    expect: (r) => assert.deepEqual(r, { change: { resources: [] } }),
  },
  {
    name: "the step's target wins over the operation's parent (a group delete acting on a cluster)",
    op: { ...op({ id: "grp", parent: GROUP, provider: "Microsoft.Resources", verb: "Deleting" }), operationType: "DeleteResourceGroup" },
    step: step({ type: "removeNode", pool: "userpool", node: node("userpool", 1) }, { target: KEY, provider: "Microsoft.ContainerService" }),
    expect: (r) => assert.deepEqual(writes(r.change, nodeNames), [[UP, [node("userpool", 0)]]]),
  },
];

for (const c of applyCases) {
  test(`aksSteps.apply: ${c.name}`, () => {
    const store = (c.store ?? seeded)();
    c.expect(applied(store, c.step, c.op));
  });
}

test("aksSteps.apply: deleteCluster by the cluster's delete moves its other operations and itself to a tombstone parent", () => {
  const history = [
    op({ id: "old-create", verb: "Creating", status: "Succeeded", endTime: T0 }),
    op({ id: "preempted", verb: "Upgrading", status: "Failed", error: { code: "AKSOperationPreemptedByDelete", message: "m" } }),
    op({ id: "pool-op", operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling", status: "Succeeded" }),
  ];
  const del = op({ id: "del", operationType: "DeleteManagedCluster", verb: "Deleting", result: "noContent" });
  const store = seeded({ operations: [...history, del] });
  const last = deleteClusterPlan(nodeHostOf(cluster()), KEY, []).at(-1)!;
  const r = applied(store, last, del);
  const tomb = `${KEY}#deleted:del`;
  assert.deepEqual(writes(r.change, () => "kept").sort(), [[KEY, undefined], [NP, undefined], [UP, undefined]].sort());
  assert.deepEqual(
    (r.change.operations ?? []).map((o) => [o.id, o.parent, o.status]).sort(),
    [["old-create", tomb, "Succeeded"], ["pool-op", tomb, "Succeeded"], ["preempted", tomb, "Failed"]],
  );
  assert.deepEqual(r.op, { ...del, parent: tomb }, "the delete itself moves too (as the revised operation)");
});

test("aksSteps.apply: deleteCluster run by a resource group delete moves every cluster operation, not the group's", () => {
  const history = [op({ id: "preempted", verb: "Upgrading", status: "Failed" })];
  const grp = groupDeleteOperation({ group: { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", subscriptionId: "s", name: "rg", location: "eastus", provisioningState: "Deleting" }, key: GROUP, id: "grp", now: T0, steps: deleteClusterPlan(nodeHostOf(cluster()), KEY, []) });
  const store = seeded({ operations: history });
  const r = applied(store, grp.steps.at(-2)!, grp);
  assert.equal(grp.steps.at(-2)!.action.type, "deleteCluster");
  assert.deepEqual((r.change.operations ?? []).map((o) => [o.id, o.parent]), [["preempted", `${KEY}#deleted:grp`]]);
  assert.equal(r.op, undefined, "the group's operation stays under the group");
  assert.deepEqual(writes(r.change, () => "kept").map(([k]) => k).sort(), [KEY, NP, UP].sort());
});

test("aksSteps.apply: a committed deleteCluster leaves the cluster with no history, the tombstone with all of it", () => {
  const del = op({ id: "del", operationType: "DeleteManagedCluster", verb: "Deleting" });
  const store = seeded({ operations: [op({ id: "a", status: "Succeeded" }), del] });
  const r = applied(store, deleteClusterPlan(nodeHostOf(cluster()), KEY, []).at(-1)!, del);
  store.transaction((tx) => {
    for (const [k, doc] of r.change.resources ?? []) {
      if (doc === undefined) tx.delete("resources", k);
      else tx.put("resources", k, doc);
    }
    for (const o of [...(r.change.operations ?? []), r.op!]) tx.put("operations", o.id, o);
  });
  assert.deepEqual(store.group("operations", KEY), []);
  assert.deepEqual(store.group<OperationRecord>("operations", `${KEY}#deleted:del`).map((o) => o.id).sort(), ["a", "del"]);
  assert.equal(store.get("resources", KEY), undefined);
  assert.deepEqual(store.group("resources", KEY), [], "no pool left");
});

// ---------------------------------------------------------------------------------------------
// aksSteps.settle

type SettleCase = { name: string; store?: () => Store; op: AksOperation; expect: [key: string, provisioningState: string][] | "nothing" };

const settleCases: SettleCase[] = [
  {
    name: "a Succeeded cluster operation: cluster and the pools it touched Succeeded, others not rewritten",
    store: () => seeded({ cluster: cluster({ provisioningState: "Upgrading" }), pools: [pool("nodepool1", { provisioningState: "Upgrading" }), pool("userpool", { provisioningState: "Scaling" })] }),
    op: op({ status: "Succeeded", verb: "Upgrading", touchedPools: ["nodepool1"] }),
    expect: [[KEY, "Succeeded"], [NP, "Succeeded"]],
  },
  {
    name: "a Failed cluster operation: Failed",
    op: op({ status: "Failed", touchedPools: ["nodepool1", "userpool"] }),
    expect: [[KEY, "Failed"], [NP, "Failed"], [UP, "Failed"]],
  },
  {
    name: "a Canceled cluster operation: Canceled",
    op: op({ status: "Canceled", touchedPools: ["userpool"] }),
    expect: [[KEY, "Canceled"], [UP, "Canceled"]],
  },
  {
    name: "a pool operation settles that pool only (touched pools are ignored)",
    op: op({ status: "Failed", operationType: "PutAgentPool", poolName: "UserPool", touchedPools: ["nodepool1"] }),
    expect: [[UP, "Failed"]],
  },
  {
    name: "a Succeeded pool delete: the pool is gone, nothing to write",
    store: () => seeded({ pools: [pool("nodepool1")] }),
    op: op({ status: "Succeeded", operationType: "DeleteAgentPool", poolName: "userpool", verb: "Deleting" }),
    expect: [],
  },
  {
    name: "an operation whose cluster was deleted with it settles nothing",
    store: () => seeded({ cluster: null, pools: [] }),
    op: op({ status: "Succeeded", operationType: "DeleteManagedCluster", verb: "Deleting", touchedPools: ["nodepool1"] }),
    expect: "nothing",
  },
  {
    name: "a tombstoned operation (cluster recreated under the same name) leaves the new cluster alone",
    store: () => seeded({ cluster: cluster({ provisioningState: "Creating" }) }),
    op: op({ status: "Failed", parent: `${KEY}#deleted:del`, touchedPools: ["nodepool1"] }),
    expect: "nothing",
  },
];

for (const c of settleCases) {
  test(`aksSteps.settle: ${c.name}`, () => {
    const change = aksSteps.settle(c.op, { read: (c.store ?? seeded)(), at: AT });
    if (c.expect === "nothing") return assert.deepEqual(change, {});
    assert.deepEqual(writes(change, (d) => d["provisioningState"]).sort(), [...c.expect].sort());
  });
}

// ---------------------------------------------------------------------------------------------
// resourcesSteps

const groupOp = (over: Partial<OperationRecord> = {}): OperationRecord => ({ ...op({ id: "grp", parent: GROUP, provider: "Microsoft.Resources", verb: "Deleting" }), operationType: "DeleteResourceGroup", ...over });

test("resourcesSteps.apply: deleteResourceGroup deletes the operation's parent (the group)", () => {
  const r = resourcesSteps.apply({ name: "Deleting resource group rg", durationMs: 5000, action: { type: "deleteResourceGroup" } }, { read: seeded(), op: groupOp(), at: AT });
  assert.deepEqual(r, { change: { resources: [[GROUP, undefined]] } });
});

test("resourcesSteps.apply: deleteResourceGroup deletes the step's target when it has one", () => {
  const r = resourcesSteps.apply({ name: "x", durationMs: 1, action: { type: "deleteResourceGroup" }, target: "/subscriptions/s/resourcegroups/other" }, { read: seeded(), op: groupOp(), at: AT });
  assert.deepEqual(r, { change: { resources: [["/subscriptions/s/resourcegroups/other", undefined]] } });
});

test("resourcesSteps.apply: a step it does not know is a programming error", () => {
  assert.throws(() => resourcesSteps.apply({ name: "x", durationMs: 1, action: { type: "addNode" } }, { read: seeded(), op: groupOp(), at: AT }), { message: "Microsoft.Resources has no step addNode" });
});

test("resourcesSteps.settle: a succeeded delete leaves nothing to settle; a failed one makes the group usable again", () => {
  assert.deepEqual(resourcesSteps.settle(groupOp({ status: "Succeeded" }), { read: seeded(), at: AT }), {});
  const store = seeded();
  store.transaction((tx) => tx.put("resources", GROUP, { ...store.get<object>("resources", GROUP), provisioningState: "Deleting", deletion: { operationId: "del", startedAt: T0 } }));
  for (const status of ["Failed", "Canceled"] as const) {
    const change = resourcesSteps.settle(groupOp({ status }), { read: store, at: AT });
    assert.deepEqual(writes(change, (d) => [d["provisioningState"], d["deletion"]]), [[GROUP, ["Succeeded", undefined]]], status);
  }
});
