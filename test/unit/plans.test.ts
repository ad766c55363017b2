import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeHostOf, nodeName, scalePoolSteps, surgeCount, upgradePoolSteps } from "../../src/providers/containerservice/domain/plans.js";
import { cluster, pool } from "./support/records.js";

const HOST = nodeHostOf(cluster());

test("node names follow aks-<pool>-<8 digits>-vmss<6 base-36 digits>", () => {
  assert.equal(nodeName({ name: "nodepool1", vmssDigits: "25481572" }, 0), "aks-nodepool1-25481572-vmss000000");
  assert.equal(nodeName({ name: "nodepool1", vmssDigits: "25481572" }, 10), "aks-nodepool1-25481572-vmss00000a");
});

test("maxSurge: a count or a percentage of the pool, rounded up, at least one", () => {
  const cases: [unknown, number, number][] = [
    [undefined, 3, 1],
    ["10%", 30, 3],
    ["33%", 3, 1],
    ["50%", 5, 3],
    ["2", 5, 2],
    ["100%", 4, 4],
    ["0", 3, 1],
    ["junk", 3, 1],
  ];
  for (const [maxSurge, nodes, expected] of cases) assert.equal(surgeCount(maxSurge, nodes), expected, `${String(maxSurge)} of ${nodes}`);
});

test("upgrade plan: surge first, then cordon, drain, reimage, uncordon per node, surge removed last", () => {
  const p = pool("nodepool1", { spec: { count: 3, mode: "System", upgradeSettings: { maxSurge: "2" } } });
  const steps = upgradePoolSteps(HOST, p, "1.33.3");
  const kinds = steps.map((s) => s.action.type + ("state" in s.action ? `:${s.action.state}` : ""));
  assert.deepEqual(kinds, [
    "putScaleSet",
    "addNode",
    "addNode",
    ...Array.from({ length: 3 }, () => ["setNodeState:Cordoned", "drainNode", "reimageNode", "setNodeState:Ready"]).flat(),
    "deleteInstances",
    "removeSurgeNodes",
    "setPoolVersion",
  ]);
  // The surge VMs are allocated in one scale set PUT (quota counts them) and deleted at the end.
  assert.deepEqual((steps[0]!.action as { add: number[] }).add, [3, 4]);
  assert.deepEqual(steps.at(-3)!.action, { type: "deleteInstances", instanceIds: [3, 4] });
  assert.ok(steps.filter((s) => s.action.type === "putScaleSet" || s.action.type === "deleteInstances").every((s) => s.provider === "Microsoft.Compute"));
  // Each drain runs in the cluster's Kubernetes world, with the pool's drain timeout (30 minutes by default).
  const drain = steps.find((s) => s.action.type === "drainNode")!;
  assert.equal(drain.provider, "Kubernetes");
  assert.deepEqual(drain.action, { type: "drainNode", world: cluster().uid, node: p.nodes[0]!.name, timeoutMs: 30 * 60_000 });
  const short = upgradePoolSteps(HOST, pool("nodepool1", { spec: { count: 1, upgradeSettings: { drainTimeoutInMinutes: 5 } } }), "1.33.3");
  assert.equal((short.find((s) => s.action.type === "drainNode")!.action as { timeoutMs: number }).timeoutMs, 5 * 60_000);
});

test("scale in removes the newest nodes, each cordoned and drained first", () => {
  const p = pool("nodepool1", { spec: { count: 3, mode: "User" } });
  const steps = scalePoolSteps(HOST, p, 1, "1.32.7");
  const removed = steps.filter((s) => s.action.type === "removeNode").map((s) => (s.action as { node: string }).node);
  assert.deepEqual(removed, ["aks-nodepool1-12345678-vmss000002", "aks-nodepool1-12345678-vmss000001"]);
  // Each node's VM is deleted (Compute) before the node leaves the cluster.
  assert.deepEqual(steps.filter((s) => s.action.type === "deleteInstances").map((s) => (s.action as { instanceIds: number[] }).instanceIds), [[2], [1]]);
  assert.equal(scalePoolSteps(HOST, p, 5, "1.32.7").filter((s) => s.action.type === "addNode").length, 2);
});
