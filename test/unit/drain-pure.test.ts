// The pure decisions of a drain: the Eviction API's verdict and a PDB's budget (src/kube/eviction.ts),
// which pods a drain evicts and the upgrader's events (src/kube/drain.ts), and AKS's UpgradeFailed
// text (ERROR-TEXTS.md §8), byte for byte, read back from the step's error.
import assert from "node:assert/strict";
import { test } from "node:test";
import { budgetOf, evictionVerdict } from "../../src/kube/eviction.js";
import { blockedEvent, blockedEviction, blockedEvictionOf, drainEventObject, drainingEvent, drainTimedOut, podsToEvict } from "../../src/kube/drain.js";
import type { Obj } from "../../src/kube/objects.js";
import { DEFAULT_DRAIN_TIMEOUT_MINUTES, drainFailure, drainStepFailure, drainTimeoutMinutes } from "../../src/providers/containerservice/domain/node-drain.js";

const NODE = "aks-userpool-12345678-vmss000002";

function pod(name: string, o: { node?: string; labels?: Record<string, string>; ready?: boolean; phase?: string; owner?: { kind: string; name: string }; annotations?: Record<string, string>; terminating?: boolean } = {}): Obj {
  return {
    metadata: {
      name,
      namespace: "default",
      labels: o.labels ?? { app: "web" },
      ...(o.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: o.owner.kind, name: o.owner.name, uid: "u", controller: true }] } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.terminating ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
    },
    spec: { nodeName: o.node ?? NODE, containers: [{ name: "c", image: "nginx" }] },
    status: { phase: o.phase ?? "Running", conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True" }] },
  };
}
const pdb = (spec: Obj, name = "web-pdb"): Obj => ({ metadata: { name, namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, ...spec } });

test("a PDB's budget: minAvailable and maxUnavailable, counts and percentages, unready pods counted", () => {
  const pods = [pod("a"), pod("b"), pod("c", { ready: false })];
  assert.deepEqual(budgetOf(pdb({ minAvailable: 2 }), { pdbs: [], pods }), { allowed: 0, desired: 2, healthy: 2, expected: 3, unready: 1 });
  assert.deepEqual(budgetOf(pdb({ minAvailable: 1 }), { pdbs: [], pods }), { allowed: 1, desired: 1, healthy: 2, expected: 3, unready: 1 });
  assert.equal(budgetOf(pdb({ minAvailable: "50%" }), { pdbs: [], pods }).desired, 2);
  assert.equal(budgetOf(pdb({ maxUnavailable: 1 }), { pdbs: [], pods }).allowed, 0);
  assert.equal(budgetOf(pdb({ maxUnavailable: "100%" }), { pdbs: [], pods }).allowed, 2);
});

test("a PDB's expected count is its pods' controller's scale: evicted pods not yet replaced do not widen it", () => {
  const owner = { kind: "ReplicaSet", name: "web-rs" };
  const pods = [pod("a", { owner }), pod("b", { owner })];
  const view = { pdbs: [], pods, replicasOf: (kind: string, name: string) => (kind === "ReplicaSet" && name === "web-rs" ? 3 : undefined) };
  assert.deepEqual(budgetOf(pdb({ maxUnavailable: 1 }), view), { allowed: 0, desired: 2, healthy: 2, expected: 3, unready: 0 });
});

test("eviction verdict: Pending, Succeeded, Failed and terminating pods always go; one PDB decides otherwise; two refuse", () => {
  const blocking = pdb({ minAvailable: 1 });
  const only = pod("a");
  for (const p of [pod("x", { phase: "Pending" }), pod("x", { phase: "Succeeded" }), pod("x", { phase: "Failed" }), pod("x", { terminating: true })]) {
    assert.deepEqual(evictionVerdict(p, { pdbs: [blocking], pods: [only] }), { allowed: true });
  }
  assert.deepEqual(evictionVerdict(only, { pdbs: [], pods: [only] }), { allowed: true });
  const v = evictionVerdict(only, { pdbs: [blocking], pods: [only] });
  assert.equal(v.allowed, false);
  assert.equal(v.allowed === false && v.reason, "budget");
  assert.equal(evictionVerdict(pod("b"), { pdbs: [blocking], pods: [only, pod("b")] }).allowed, true);
  const two = evictionVerdict(only, { pdbs: [blocking, pdb({ minAvailable: 0 }, "other")], pods: [only] });
  assert.deepEqual(two.allowed === false && two.reason, "multiple");
});

test("a drain evicts the node's pods but DaemonSet-owned, mirror and terminating ones", () => {
  const pods = [
    pod("web"),
    pod("elsewhere", { node: "aks-userpool-12345678-vmss000000" }),
    pod("ds", { owner: { kind: "DaemonSet", name: "kube-proxy" } }),
    pod("rs", { owner: { kind: "ReplicaSet", name: "web-rs" } }),
    pod("static", { annotations: { "kubernetes.io/config.mirror": "abc" } }),
    pod("going", { terminating: true }),
  ];
  assert.deepEqual(podsToEvict(pods, NODE).map((p) => (p["metadata"] as Obj)["name"]), ["web", "rs"]);
});

test("AKS's UpgradeFailed drain text, byte for byte (ERROR-TEXTS.md §8), from the step's error", () => {
  const verdict = evictionVerdict(pod("web-0"), { pdbs: [pdb({ minAvailable: 1 })], pods: [pod("web-0")] });
  assert.ok(verdict.allowed === false);
  const stepError = drainTimedOut(blockedEviction(NODE, pod("web-0"), verdict));
  assert.deepEqual(blockedEvictionOf(stepError), { node: NODE, namespace: "default", pod: "web-0", pdb: "web-pdb", unready: 0, original: "Cannot evict pod as it would violate the pod's disruption budget." });
  const expected = {
    code: "UpgradeFailed",
    message:
      "Drain node aks-userpool-12345678-vmss000002 failed when evicting pod web-0 failed with Too Many Requests error. This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. Original error: Cannot evict pod as it would violate the pod's disruption budget.. PDB debug info: default/web-0 blocked by pdb web-pdb with 0 unready pods.",
  };
  const step = { name: `Draining node ${NODE}`, durationMs: 10_000, action: { type: "drainNode" }, provider: "Kubernetes" };
  assert.deepEqual(drainStepFailure({ step, error: stepError, op: {} as never }), expected);
  assert.deepEqual(drainFailure({ node: NODE, namespace: "default", pod: "web-0", pdb: "web-pdb", unready: 0, original: "Cannot evict pod as it would violate the pod's disruption budget." }), expected);
  // Another error of such a step passes through as it is.
  const other = { code: "Other", message: "m" };
  assert.deepEqual(drainStepFailure({ step, error: other, op: {} as never }), other);
});

test("drainTimeoutInMinutes: the pool's, else the spec's default of 30", () => {
  assert.equal(DEFAULT_DRAIN_TIMEOUT_MINUTES, 30);
  assert.equal(drainTimeoutMinutes({ spec: {} }), 30);
  assert.equal(drainTimeoutMinutes({ spec: { upgradeSettings: { maxSurge: "10%" } } }), 30);
  assert.equal(drainTimeoutMinutes({ spec: { upgradeSettings: { drainTimeoutInMinutes: 5 } } }), 5);
});

test("the upgrader's events: named after the node and instant, source upgrader; a repeat counts up", () => {
  const node: Obj = { metadata: { name: NODE, uid: "node-uid" } };
  const at = Date.parse("2026-05-01T10:00:00Z");
  const e = drainEventObject(drainingEvent(NODE), node, at, [], () => "event-uid");
  assert.deepEqual(e, {
    kind: "Event",
    apiVersion: "v1",
    metadata: { name: `${NODE}.${(BigInt(at) * 1_000_000n).toString(16)}`, namespace: "default", uid: "event-uid", creationTimestamp: "2026-05-01T10:00:00Z" },
    involvedObject: { kind: "Node", name: NODE, uid: "node-uid", apiVersion: "v1" },
    reason: "Drain",
    message: `Draining node: ${NODE}`,
    source: { component: "upgrader" },
    firstTimestamp: "2026-05-01T10:00:00Z",
    lastTimestamp: "2026-05-01T10:00:00Z",
    count: 1,
    type: "Normal",
    eventTime: null,
    reportingComponent: "upgrader",
    reportingInstance: "",
  });
  const warning = drainEventObject(blockedEvent("web-0"), node, at, [e], () => "w", 1);
  assert.equal(warning["message"], "Eviction blocked by Too Many Requests (usually a pdb): web-0");
  assert.equal(warning["type"], "Warning");
  assert.notEqual((warning["metadata"] as Obj)["name"], (e["metadata"] as Obj)["name"]);
  const again = drainEventObject(blockedEvent("web-0"), node, at + 10_000, [e, warning], () => "x");
  assert.deepEqual([again["count"], again["lastTimestamp"], again["firstTimestamp"], (again["metadata"] as Obj)["uid"]], [2, "2026-05-01T10:00:10Z", "2026-05-01T10:00:00Z", "w"]);
});
