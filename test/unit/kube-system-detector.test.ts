// The kube-system-pods detector, pure: over a fake read of the cluster's Kubernetes API.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DetectorInput } from "../../src/providers/detector.js";
import { kubeSystemPods } from "../../src/providers/containerservice/kube-system-detector.js";

const labels = { "kubernetes.azure.com/managedby": "aks" };
const pod = (name: string, owner: [string, string], ok: boolean, message?: string) => ({
  metadata: { name, namespace: "kube-system", labels, ownerReferences: [{ kind: owner[0], name: owner[1], controller: true }] },
  status: ok
    ? { phase: "Running", conditions: [{ type: "Ready", status: "True" }] }
    : { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message }] },
});
const input = (pods: object[], nodes: object[] = []): DetectorInput =>
  ({
    cluster: { name: "c1", resourceGroup: "rg1", pools: [{ name: "nodepool1", mode: "System", count: 2 }], powerState: "Running" },
    kubernetes: { list: (path: string) => (path.endsWith("/pods") ? pods : path.endsWith("/nodes") ? nodes : []) },
  }) as unknown as DetectorInput;

test("all ready: no finding (Success); no API server: Info", () => {
  assert.deepEqual(kubeSystemPods.evaluate(input([pod("coredns-abc12-x1", ["ReplicaSet", "coredns-abc12"], true)])), []);
  assert.equal(kubeSystemPods.evaluate({ ...input([]), kubernetes: undefined } as DetectorInput)[0]!.status, "Info");
});

test("a workload short of pods: Warning; cordoned nodes and short resources give uncordon and scale", () => {
  const msg = "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";
  const [f] = kubeSystemPods.evaluate(
    input([pod("coredns-abc12-x1", ["ReplicaSet", "coredns-abc12"], true), pod("coredns-abc12-x2", ["ReplicaSet", "coredns-abc12"], false, msg)], [{ metadata: { name: "n1" }, spec: { unschedulable: true } }, { metadata: { name: "n2" }, spec: {} }]),
  );
  assert.equal(f!.status, "Warning");
  assert.equal(f!.message, "1 of 2 kube-system pods are not running.");
  assert.deepEqual(f!.evidence!.slice(0, 2), [["Workloads affected", "coredns (1/2 ready)"], ["Pod coredns-abc12-x2", `Pending; Unschedulable: ${msg}`]]);
  assert.ok(f!.remedy!.commands.includes("kubectl uncordon n1"));
  assert.ok(f!.remedy!.commands.includes("az aks nodepool scale -g rg1 --cluster-name c1 -n nodepool1 --node-count 3"));
});
