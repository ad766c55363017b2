// One plan step at a time: what every StepAction does to a cluster and its pools, and that a step
// on a pool (or cluster) already gone has nothing left to do.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyStep, type ClusterWorld } from "../../src/providers/containerservice/domain/apply-step.js";
import { nodeHostOf, upgradePoolSteps } from "../../src/providers/containerservice/domain/plans.js";
import { decidePoolPut } from "../../src/providers/containerservice/domain/pool-put.js";
import type { NodeRecord, StepAction } from "../../src/providers/containerservice/domain/records.js";
import { cluster, KEY, pool, T0 } from "./support/records.js";
import { decided, ids, poolIn, world, node } from "./support/world.js";

const AT = T0 + 123_000;
const base = () => world(cluster(), pool("nodepool1"), pool("userpool", { spec: { count: 2, mode: "User" } }));

function apply(w: ClusterWorld, action: StepAction): ClusterWorld {
  const out = applyStep(w, action, AT);
  assert.ok("world" in out, "AKS steps do not fail on their own");
  return out.world;
}

const nodesOf = (w: ClusterWorld, p: string) => poolIn(w, p).nodes.map((n) => [n.name, n.instanceId, n.version, n.state, n.surge] as const);
const ready = (p: string, i: number, version = "1.32.7") => [node(p, i), i, version, "Ready", false] as const;

type Case = { name: string; world?: () => ClusterWorld; action: StepAction; check: (after: ClusterWorld, before: ClusterWorld) => void };

const cases: Case[] = [
  {
    name: "progress only takes time: the very same world",
    action: { type: "progress" },
    check: (after, before) => assert.equal(after, before),
  },
  {
    name: "setControlPlaneVersion moves the cluster's current version only",
    action: { type: "setControlPlaneVersion", version: "1.33.3" },
    check: (after, before) => {
      assert.equal(after.cluster!.currentKubernetesVersion, "1.33.3");
      assert.equal(after.cluster!.spec["kubernetesVersion"], "1.32.7");
      assert.equal(after.pools, before.pools, "pools untouched");
    },
  },
  {
    name: "setClusterPower sets the cluster's power state",
    action: { type: "setClusterPower", power: "Stopped" },
    check: (after) => assert.deepEqual([after.cluster!.powerState, after.cluster!.provisioningState], ["Stopped", "Succeeded"]),
  },
  {
    name: "addNode adds a Ready node with the next instance id, named after the scale set",
    action: { type: "addNode", pool: "userpool", version: "1.33.3", surge: false },
    check: (after, before) => {
      assert.deepEqual(nodesOf(after, "userpool"), [ready("userpool", 0), ready("userpool", 1), [node("userpool", 2), 2, "1.33.3", "Ready", false]]);
      assert.equal(poolIn(after, "userpool").nextInstanceId, 3);
      assert.equal(poolIn(after, "userpool").nodes[2]!.createdAt, AT);
      assert.equal(poolIn(after, "nodepool1"), poolIn(before, "nodepool1"), "other pools untouched");
      assert.equal(after.cluster, before.cluster);
    },
  },
  {
    name: "addNode of a surge node; pool name matched case-insensitively",
    action: { type: "addNode", pool: "UserPool", version: "1.33.3", surge: true },
    check: (after) => assert.deepEqual(nodesOf(after, "userpool").at(-1), [node("userpool", 2), 2, "1.33.3", "Ready", true]),
  },
  {
    name: "instance ids are never reused: the name follows nextInstanceId in base 36",
    world: () => world(cluster(), { ...pool("userpool", { spec: { count: 1, mode: "User" } }), nextInstanceId: 35 }),
    action: { type: "addNode", pool: "userpool", version: "1.32.7", surge: false },
    check: (after) => {
      assert.equal(poolIn(after, "userpool").nodes.at(-1)!.name, "aks-userpool-12345678-vmss00000z");
      assert.equal(poolIn(after, "userpool").nextInstanceId, 36);
    },
  },
  {
    name: "setNodeState changes only the named node",
    action: { type: "setNodeState", pool: "nodepool1", node: node("nodepool1", 1), state: "Draining" },
    check: (after) => assert.deepEqual(poolIn(after, "nodepool1").nodes.map((n) => n.state), ["Ready", "Draining", "Ready"]),
  },
  {
    name: "setNodeState on a node that is not there changes no node",
    action: { type: "setNodeState", pool: "nodepool1", node: "aks-nodepool1-12345678-vmss000009", state: "Cordoned" },
    check: (after, before) => assert.deepEqual(poolIn(after, "nodepool1").nodes, poolIn(before, "nodepool1").nodes),
  },
  {
    name: "reimageNode puts the node on the new version, still cordoned",
    action: { type: "reimageNode", pool: "nodepool1", node: node("nodepool1", 0), version: "1.33.3" },
    check: (after) => assert.deepEqual(nodesOf(after, "nodepool1"), [[node("nodepool1", 0), 0, "1.33.3", "Cordoned", false], ready("nodepool1", 1), ready("nodepool1", 2)]),
  },
  {
    name: "removeNode removes the named node; nextInstanceId stays",
    action: { type: "removeNode", pool: "nodepool1", node: node("nodepool1", 1) },
    check: (after) => {
      assert.deepEqual(nodesOf(after, "nodepool1"), [ready("nodepool1", 0), ready("nodepool1", 2)]);
      assert.equal(poolIn(after, "nodepool1").nextInstanceId, 3);
    },
  },
  {
    name: "removeSurgeNodes removes only surge nodes",
    world: () => {
      const p = pool("nodepool1");
      return world(cluster(), { ...p, nodes: [...p.nodes, { name: node("nodepool1", 3), instanceId: 3, version: "1.33.3", state: "Ready", surge: true, createdAt: T0 }], nextInstanceId: 4 });
    },
    action: { type: "removeSurgeNodes", pool: "nodepool1" },
    check: (after) => assert.deepEqual(nodesOf(after, "nodepool1"), [ready("nodepool1", 0), ready("nodepool1", 1), ready("nodepool1", 2)]),
  },
  {
    name: "setPoolVersion moves the pool's current version, not its nodes",
    action: { type: "setPoolVersion", pool: "userpool", version: "1.33.3" },
    check: (after) => {
      assert.equal(poolIn(after, "userpool").currentOrchestratorVersion, "1.33.3");
      assert.deepEqual(poolIn(after, "userpool").nodes.map((n) => n.version), ["1.32.7", "1.32.7"]);
    },
  },
  {
    name: "setPoolPower Stopped stops the pool and every node",
    action: { type: "setPoolPower", pool: "userpool", power: "Stopped" },
    check: (after) => {
      assert.equal(poolIn(after, "userpool").powerState, "Stopped");
      assert.deepEqual(poolIn(after, "userpool").nodes.map((n) => n.state), ["Stopped", "Stopped"]);
      assert.equal(poolIn(after, "nodepool1").powerState, "Running");
    },
  },
  {
    name: "setPoolPower Running starts the pool; every node Ready",
    world: () => {
      const p = pool("userpool", { powerState: "Stopped", spec: { count: 2, mode: "User" } });
      return world(cluster(), { ...p, nodes: p.nodes.map((n): NodeRecord => ({ ...n, state: "Stopped" })) });
    },
    action: { type: "setPoolPower", pool: "userpool", power: "Running" },
    check: (after) => {
      assert.equal(poolIn(after, "userpool").powerState, "Running");
      assert.deepEqual(poolIn(after, "userpool").nodes.map((n) => n.state), ["Ready", "Ready"]);
    },
  },
  {
    name: "deletePool leaves the pool as deleted (undefined), the others in place",
    action: { type: "deletePool", pool: "userpool" },
    check: (after, before) => {
      assert.ok(after.pools.has("userpool"), "kept as a deletion");
      assert.equal(after.pools.get("userpool"), undefined);
      assert.equal(after.pools.get("nodepool1"), before.pools.get("nodepool1"));
      assert.equal(after.cluster, before.cluster);
    },
  },
  {
    name: "deleteCluster deletes the cluster and every pool",
    action: { type: "deleteCluster" },
    check: (after) => {
      assert.equal(after.cluster, undefined);
      assert.deepEqual([...after.pools], [["nodepool1", undefined], ["userpool", undefined]]);
    },
  },
];

// A step on a pool already gone (deleted meanwhile) has nothing left to do: the same world back.
const poolActions: StepAction[] = [
  { type: "addNode", pool: "gone", version: "1.32.7", surge: false },
  { type: "setNodeState", pool: "gone", node: "n", state: "Cordoned" },
  { type: "reimageNode", pool: "gone", node: "n", version: "1.33.3" },
  { type: "removeNode", pool: "gone", node: "n" },
  { type: "removeSurgeNodes", pool: "gone" },
  { type: "setPoolVersion", pool: "gone", version: "1.33.3" },
  { type: "setPoolPower", pool: "gone", power: "Stopped" },
  { type: "deletePool", pool: "gone" },
];
for (const action of poolActions) {
  cases.push({
    name: `${action.type} on a pool already deleted does nothing`,
    world: () => ({ cluster: cluster(), pools: new Map([["nodepool1", pool("nodepool1")], ["gone", undefined]]) }),
    action,
    check: (after, before) => assert.equal(after, before),
  });
  cases.push({
    name: `${action.type} on a pool never there does nothing`,
    action,
    check: (after, before) => assert.equal(after, before),
  });
}
for (const action of [{ type: "setControlPlaneVersion", version: "1.33.3" }, { type: "setClusterPower", power: "Stopped" }] as StepAction[]) {
  cases.push({
    name: `${action.type} on a cluster already deleted does nothing`,
    world: () => ({ cluster: undefined, pools: new Map() }),
    action,
    check: (after, before) => assert.equal(after, before),
  });
}

for (const c of cases) {
  test(`applyStep: ${c.name}`, () => {
    const before = (c.world ?? base)();
    const snapshot = structuredClone({ cluster: before.cluster, pools: [...before.pools] });
    const after = apply(before, c.action);
    c.check(after, before);
    assert.deepEqual({ cluster: before.cluster, pools: [...before.pools] }, snapshot, "the input world is not mutated");
  });
}

test("applyStep: a whole rolling upgrade leaves every node on the new version, Ready, no surge", () => {
  const p = pool("nodepool1", { spec: { count: 3, mode: "System", upgradeSettings: { maxSurge: "2" } } });
  let w: ClusterWorld = world(cluster(), p);
  const seen: number[] = [];
  // AKS's own steps (Compute's, on the scale set, are another runner's).
  for (const st of upgradePoolSteps(nodeHostOf(cluster()), p, "1.33.3").filter((s) => s.provider === undefined)) {
    w = apply(w, st.action as StepAction);
    seen.push(poolIn(w, "nodepool1").nodes.length);
  }
  assert.deepEqual(seen.slice(0, 2), [4, 5], "two surge nodes first");
  assert.deepEqual(nodesOf(w, "nodepool1"), [0, 1, 2].map((i) => ready("nodepool1", i, "1.33.3")));
  assert.equal(poolIn(w, "nodepool1").currentOrchestratorVersion, "1.33.3");
  assert.equal(poolIn(w, "nodepool1").nextInstanceId, 5, "surge instance ids are not reused");
});

test("applyStep: every 'Provisioning node X' step of an upgrade + scale plan creates node X", () => {
  const c = cluster({ currentKubernetesVersion: "1.33.3", spec: { kubernetesVersion: "1.33.3" } });
  const u = pool("userpool", { spec: { count: 2, mode: "User", orchestratorVersion: "1.32.7", upgradeSettings: { maxSurge: "1" } } });
  const d = decided(
    decidePoolPut({ world: world(c, u), clusterKey: KEY, poolName: "userpool", poolId: u.id, body: { properties: { orchestratorVersion: "1.33.3", count: 3 } }, existing: u, active: [], now: T0, actorId: "a", actorType: "User", newId: ids(), vmssDigits: "1" }),
  );
  let w: ClusterWorld = world(c, u);
  for (const st of d.operation.steps.filter((s) => s.provider === undefined)) {
    const before = new Set(poolIn(w, "userpool").nodes.map((n) => n.name));
    w = apply(w, st.action as StepAction);
    if (st.name.startsWith("Provisioning node ")) {
      const added = poolIn(w, "userpool").nodes.filter((n) => !before.has(n.name)).map((n) => n.name);
      assert.deepEqual(added, [st.name.slice("Provisioning node ".length)]);
    }
  }
});
