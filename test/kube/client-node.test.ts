// @kubernetes/client-node 1.4 (the Node 20 line) against a cluster's Kubernetes API with the
// kubeconfig listClusterUserCredential returns: list and patch nodes, typed errors, the eviction
// subresource honouring a PodDisruptionBudget (429 TooManyRequests, CLIENTS.md §2.6).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { startCluster, type KubeCluster } from "./helpers.js";

let c: KubeCluster;
let core: k8s.CoreV1Api;
let policy: k8s.PolicyV1Api;
before(async () => {
  c = await startCluster();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(c.text);
  core = kc.makeApiClient(k8s.CoreV1Api);
  policy = kc.makeApiClient(k8s.PolicyV1Api);
});
after(() => c?.close());

const STRATEGIC = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch);

test("listNode and patchNode (strategic merge): a cordon and a label persist", async () => {
  const nodes = await core.listNode();
  assert.equal(nodes.items.length, 3);
  const name = nodes.items[0]!.metadata!.name!;
  assert.match(name, /^aks-nodepool1-\d{8}-vmss000000$/);
  assert.ok(nodes.items[0]!.metadata!.creationTimestamp instanceof Date);
  const patched = await core.patchNode({ name, body: { spec: { unschedulable: true }, metadata: { labels: { team: "blue" } } } }, STRATEGIC);
  assert.equal(patched.spec?.unschedulable, true);
  const read = await core.readNode({ name });
  assert.equal(read.spec?.unschedulable, true);
  assert.equal(read.metadata?.labels?.["team"], "blue");
  assert.equal(read.metadata?.labels?.["agentpool"], "nodepool1");
  const blue = await core.listNode({ labelSelector: "team=blue" });
  assert.deepEqual(blue.items.map((n) => n.metadata?.name), [name]);
});

test("a missing object is an ApiException with code 404 and the Status body", async () => {
  await assert.rejects(core.readNamespacedConfigMap({ name: "nope", namespace: "default" }), (err: any) => {
    assert.equal(err.code, 404);
    const body = JSON.parse(err.body);
    assert.deepEqual(body, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'configmaps "nope" not found', reason: "NotFound", details: { name: "nope", kind: "configmaps" }, code: 404 });
    return true;
  });
});

test("eviction: refused (429) while a PDB allows no disruption of a ready pod, done once it is gone", async () => {
  await core.createNamespacedPod({ namespace: "default", body: { metadata: { name: "web-1", labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } });
  await core.patchNamespacedPodStatus(
    { name: "web-1", namespace: "default", body: { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
  );
  await policy.createNamespacedPodDisruptionBudget({ namespace: "default", body: { metadata: { name: "web-pdb" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } } });
  const eviction = { name: "web-1", namespace: "default", body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "web-1", namespace: "default" } } };
  await assert.rejects(core.createNamespacedPodEviction(eviction), (err: any) => {
    assert.equal(err.code, 429);
    const body = JSON.parse(err.body);
    assert.equal(body.reason, "TooManyRequests");
    assert.equal(body.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(body.details.causes, [{ reason: "DisruptionBudget", message: "The disruption budget web-pdb needs 1 healthy pods and has 1 currently" }]);
    return true;
  });
  await policy.deleteNamespacedPodDisruptionBudget({ name: "web-pdb", namespace: "default" });
  await core.createNamespacedPodEviction(eviction);
  await assert.rejects(core.readNamespacedPod({ name: "web-1", namespace: "default" }), (err: any) => err.code === 404);
});
