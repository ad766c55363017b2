// The scheduler's pure parts: Filter plugins in kube-scheduler's order, the FailedScheduling text
// byte for byte (k8s 1.31: reasons sorted as "count reason" strings, one period, the preemption
// clause), preemption's victims, and the controllers' arithmetic (rolling update, names).
import assert from "node:assert/strict";
import { test } from "node:test";
import { surgeAndUnavailable } from "../../src/kube/controllers/deployment.js";
import { templateHash, nameSuffix } from "../../src/kube/hash.js";
import { nextStage, runStage } from "../../src/kube/kubelet.js";
import { parseQuantity } from "../../src/kube/quantity.js";
import { failedSchedulingMessage, feasibleNodesToFind, filterNode, place, podRequests, type NodeView } from "../../src/kube/scheduler/placement.js";

const node = (name: string, o: Partial<NodeView> = {}): NodeView => ({ name, labels: { "kubernetes.io/hostname": name }, taints: [], unschedulable: false, allocatable: { cpu: 1900, memory: 5e9, pods: 110 }, requested: {}, ...o });
const pod = (spec: Record<string, unknown> = {}) => ({ metadata: { name: "p", namespace: "default", uid: "u1" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }], ...spec } });
const fail = (nodes: NodeView[], p = pod()) => {
  const r = place(p, nodes, () => 0, () => []);
  assert.ok("failures" in r, JSON.stringify(r));
  return failedSchedulingMessage(nodes.length, r.failures, r.preemption);
};

test("quantities and requests", () => {
  assert.equal(parseQuantity("100m"), 0.1);
  assert.equal(parseQuantity("4565772Ki"), 4565772 * 1024);
  assert.equal(parseQuantity("1e3"), 1000);
  assert.deepEqual(podRequests(pod()), { cpu: 100, memory: 64 * 1024 * 1024, pods: 1 });
});

test("FailedScheduling texts, byte for byte", () => {
  assert.equal(fail([node("a", { unschedulable: true })]), "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  assert.equal(fail([node("a", { taints: [{ key: "dedicated", value: "gpuGroup", effect: "NoSchedule" }] }), node("b", { taints: [{ key: "dedicated", value: "gpuGroup", effect: "NoSchedule" }] })]), "0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpuGroup}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  assert.equal(fail([node("a", { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }] })]), "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  // Full nodes (room exists, but no lower-priority victim) and a mix, sorted as strings.
  const full = (n: string) => node(n, { requested: { cpu: 1850, memory: 0, pods: 3 } });
  assert.equal(fail([full("a")]), "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  assert.equal(
    fail([full("a"), node("b", { unschedulable: true }), node("c", { unschedulable: true }), node("d", { labels: {} })], pod({ nodeSelector: { "kubernetes.io/hostname": "a" } })),
    "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) were unschedulable. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
  );
  assert.equal(failedSchedulingMessage(0, new Map(), ""), "no nodes available to schedule pods");
  assert.equal(fail([full("a")], pod({ preemptionPolicy: "Never" })), "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
});

test("filters: tolerations, required node affinity, cordon tolerated by daemon pods, too many pods", () => {
  const tainted = node("a", { taints: [{ key: "k", value: "v", effect: "NoSchedule" }] });
  assert.equal(filterNode(pod({ tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }] }), podRequests(pod()), tainted), undefined);
  assert.equal(filterNode(pod({ tolerations: [{ operator: "Exists" }] }), podRequests(pod()), tainted), undefined);
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["1"] }] }] } } };
  assert.deepEqual(filterNode(pod({ affinity }), podRequests(pod()), node("a")), { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true });
  assert.equal(filterNode(pod({ affinity }), podRequests(pod()), node("a", { labels: { zone: "1" } })), undefined);
  assert.equal(filterNode(pod({ tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }), podRequests(pod()), node("a", { unschedulable: true })), undefined);
  assert.deepEqual(filterNode(pod(), podRequests(pod()), node("a", { allocatable: { cpu: 50, memory: 5e9, pods: 1 }, requested: { pods: 1 } }))?.reasons, ["Too many pods", "Insufficient cpu"]);
});

test("placement spreads a workload's replicas and prefers the least allocated node; preemption picks lower-priority victims", () => {
  const r = place(pod(), [node("a", { requested: { cpu: 1000 } }), node("b")], () => 0, () => []);
  assert.deepEqual(r, { node: "b" });
  const spread = place(pod(), [node("a"), node("b")], (n) => (n === "a" ? 0 : 2), () => []);
  assert.deepEqual(spread, { node: "a" });
  const critical = pod({ priority: 2000000000 });
  const busy = node("a", { requested: { cpu: 1850, pods: 2 } });
  const victims = [{ key: "default/low", priority: 0, requests: { cpu: 1000, pods: 1 } }, { key: "default/lower", priority: -1, requests: { cpu: 10, pods: 1 } }];
  assert.deepEqual(place(critical, [busy], () => 0, () => victims), { preempt: { node: "a", victims: ["default/low"] } });
  assert.equal(feasibleNodesToFind(50), 50);
  assert.equal(feasibleNodesToFind(1000), 420);
  assert.equal(feasibleNodesToFind(5000), 500);
});

test("rolling update arithmetic and deterministic names", () => {
  assert.deepEqual(surgeAndUnavailable({ spec: {} }, 4), { surge: 1, unavailable: 1 });
  assert.deepEqual(surgeAndUnavailable({ spec: { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } }, 3), { surge: 0, unavailable: 1 });
  assert.deepEqual(surgeAndUnavailable({ spec: { strategy: { type: "Recreate" } } }, 3), { surge: 0, unavailable: 3 });
  assert.match(templateHash("{}"), /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  assert.equal(nameSuffix("seed"), nameSuffix("seed"));
  assert.notEqual(nameSuffix("seed/1"), nameSuffix("seed/2"));
});

test("the kubelet: accept, start and (for a Job's pod) complete, each due from the pod's own timestamps", () => {
  const t0 = Date.parse("2024-05-01T10:00:00Z");
  // A Job's pod template always says OnFailure or Never (validation.ts).
  let p: any = { ...pod(), spec: { ...pod().spec, nodeName: "a", restartPolicy: "OnFailure" }, metadata: { ...pod().metadata, creationTimestamp: "2024-05-01T10:00:00Z", ownerReferences: [{ kind: "Job", controller: true, name: "j", uid: "j" }] }, status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: "2024-05-01T10:00:00Z" }] } };
  const n = { name: "a", ready: true, ip: "10.224.0.4", hasImage: () => false };
  const s1 = nextStage(p)!;
  assert.deepEqual(s1, { stage: "accept", at: t0 + 1000 });
  const a = runStage(p, "accept", n, s1.at);
  assert.deepEqual(a.events.map((e) => e.reason), ["Pulling"]);
  p = { ...p, status: a.status };
  assert.equal(p.status.containerStatuses[0].state.waiting.reason, "ContainerCreating");
  const s2 = nextStage(p)!;
  assert.equal(s2.stage, "start");
  const b = runStage(p, "start", n, s2.at);
  assert.deepEqual(b.events.map((e) => e.reason), ["Pulled", "Created", "Started"]);
  p = { ...p, status: b.status };
  assert.equal(p.status.phase, "Running");
  const s3 = nextStage(p)!;
  assert.deepEqual(s3, { stage: "complete", at: Math.floor(s2.at / 1000) * 1000 + 5000 });
  const c = runStage(p, "complete", n, s3.at);
  assert.equal(c.status.phase, "Succeeded");
  assert.equal(nextStage({ ...p, status: c.status }), undefined);
  // A pod whose status someone else set to Running is left alone.
  assert.equal(nextStage({ ...p, status: { phase: "Running", containerStatuses: [{ name: "c", containerID: "containerd://other", state: { running: { startedAt: "2024-05-01T10:00:00Z" } } }] } }), undefined);
});
