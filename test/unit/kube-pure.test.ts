// The Kubernetes API's pure parts: selectors, the three patch types, server-side apply's field
// ownership, Table cells and ages, and validation causes, as the apiserver computes them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { changedPaths, serverSideApply, toFieldsV1 } from "../../src/kube/fieldsets.js";
import { jsonPatch, mergePatch, strategicMergePatch } from "../../src/kube/patch.js";
import { parseFieldSelector, parseLabelSelector, selectorFromObject } from "../../src/kube/selectors.js";
import { KubeError } from "../../src/kube/status.js";
import { humanDuration, toTable } from "../../src/kube/tables.js";
import { backOffSeconds } from "../../src/kube/kubelet.js";
import { validateObject } from "../../src/kube/validation.js";
import { BUILT_IN } from "../../src/kube/registry.js";

describe("label selectors", () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ["app=web", { app: "web" }, true],
    ["app==web", { app: "db" }, false],
    ["app!=web", {}, true],
    ["app in (web,db),tier", { app: "db", tier: "x" }, true],
    ["app notin (web)", { app: "web" }, false],
    ["!legacy", { legacy: "" }, false],
    ["size gt 3", { size: "4" }, true],
    ["", { anything: "x" }, true],
  ];
  for (const [sel, labels, want] of cases) test(`${JSON.stringify(sel)} on ${JSON.stringify(labels)} → ${want}`, () => assert.equal(parseLabelSelector(sel)(labels), want));

  test("malformed selectors are 400 with the apiserver's parse error", () => {
    assert.throws(() => parseLabelSelector("a b"), (e: KubeError) => e.code === 400 && e.message === "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    assert.throws(() => parseLabelSelector("a in (x"), (e: KubeError) => e.code === 400);
  });

  test("LabelSelector objects: matchLabels and matchExpressions", () => {
    const s = selectorFromObject({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] })!;
    assert.equal(s({ app: "web", tier: "fe" }), true);
    assert.equal(s({ app: "web", tier: "db" }), false);
  });
});

describe("field selectors", () => {
  const pod = { metadata: { name: "p", namespace: "ns" }, spec: { nodeName: "n1" }, status: { phase: "Running" } };
  test("describe node's selector and metadata fields", () => {
    assert.equal(parseFieldSelector("spec.nodeName=n1,status.phase!=Failed,status.phase!=Succeeded", "/pods")(pod), true);
    assert.equal(parseFieldSelector("metadata.namespace=other", "/pods")(pod), false);
    assert.equal(parseFieldSelector("involvedObject.namespace=,involvedObject.kind=Node", "/events")({ involvedObject: { kind: "Node", name: "n1" } }), true);
  });
  test("an unsupported field is 400", () => {
    assert.throws(() => parseFieldSelector("spec.nodeName=n1", "/configmaps"), /field label not supported: spec.nodeName/);
    assert.throws(() => parseFieldSelector("spec.x=1", "/widgets", true), /"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"/);
  });
});

describe("patches", () => {
  test("merge patch: null deletes, objects merge, lists replace", () => {
    assert.deepEqual(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] }), { a: { c: 2, d: 3 }, l: [3] });
  });

  test("JSON patch: add, replace, remove, move, copy, test; a failed test is 422", () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    assert.deepEqual(
      jsonPatch(doc, [
        { op: "add", path: "/a/-", value: 3 },
        { op: "replace", path: "/b/c", value: 2 },
        { op: "copy", from: "/b/c", path: "/d" },
        { op: "move", from: "/d", path: "/e" },
        { op: "remove", path: "/a/0" },
        { op: "test", path: "/e", value: 2 },
      ]),
      { a: [2, 3], b: { c: 2 }, e: 2 },
    );
    assert.deepEqual(doc, { a: [1, 2], b: { c: 1 } });
    assert.throws(() => jsonPatch(doc, [{ op: "test", path: "/a/0", value: 9 }]), (e: KubeError) => e.code === 422);
  });

  test("strategic merge: containers by name, ports by containerPort, $setElementOrder, $patch: delete, finalizers as a set", () => {
    const pod = { metadata: { finalizers: ["a"] }, spec: { containers: [{ name: "web", image: "nginx:1", ports: [{ containerPort: 80 }] }, { name: "side", image: "busybox" }], tolerations: [{ key: "x" }] } };
    const patched = strategicMergePatch(pod, {
      metadata: { finalizers: ["b", "a"] },
      spec: {
        "$setElementOrder/containers": [{ name: "side" }, { name: "web" }],
        containers: [{ name: "web", image: "nginx:2", ports: [{ containerPort: 443 }] }],
        tolerations: [{ key: "y" }],
      },
    }) as any;
    assert.deepEqual(patched.spec.containers, [{ name: "side", image: "busybox" }, { name: "web", image: "nginx:2", ports: [{ containerPort: 80 }, { containerPort: 443 }] }]);
    assert.deepEqual(patched.spec.tolerations, [{ key: "y" }]);
    assert.deepEqual(patched.metadata.finalizers, ["a", "b"]);
    const deleted = strategicMergePatch(pod, { spec: { containers: [{ name: "side", $patch: "delete" }] } }) as any;
    assert.deepEqual(deleted.spec.containers.map((c: any) => c.name), ["web"]);
  });

  test("a Service's ports merge by port", () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    assert.deepEqual((strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }) as any).spec.ports, [{ port: 80, targetPort: 9090 }, { port: 443 }]);
  });
});

describe("server-side apply", () => {
  const merge = (a: unknown, b: unknown) => strategicMergePatch(a, b);
  test("the manager owns what it applied; a field it drops is removed; another manager's differing value conflicts unless forced", () => {
    const first = serverSideApply(undefined, { metadata: { name: "c" }, data: { a: "1", b: "2" } }, "me", "v1", false, 0, merge);
    assert.ok("object" in first);
    const owned = (first.object as any).metadata.managedFields[0];
    assert.deepEqual([owned.manager, owned.operation, owned.fieldsV1], ["me", "Apply", { "f:data": { "f:a": {}, "f:b": {} } }]);
    const second = serverSideApply(first.object, { metadata: { name: "c" }, data: { a: "1" } }, "me", "v1", false, 0, merge);
    assert.ok("object" in second);
    assert.deepEqual((second.object as any).data, { a: "1" });
    const clash = serverSideApply(second.object, { metadata: { name: "c" }, data: { a: "9" } }, "other", "v1", false, 0, merge);
    assert.ok("conflicts" in clash);
    assert.deepEqual(clash.conflicts.map((c) => c.manager), ["me"]);
    const forced = serverSideApply(second.object, { metadata: { name: "c" }, data: { a: "9" } }, "other", "v1", true, 0, merge);
    assert.ok("object" in forced);
    assert.equal((forced.object as any).data.a, "9");
  });

  test("FieldsV1 of keyed lists: k:{\"name\":...} with '.'", () => {
    const paths = changedPaths({}, { spec: { containers: [{ name: "web", image: "x" }] } });
    assert.deepEqual(toFieldsV1(paths), { "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:name": {}, "f:image": {} } } } });
  });
});

describe("tables", () => {
  test("ages as duration.HumanDuration prints them", () => {
    const s = 1000;
    const cases: [number, string][] = [[-5 * s, "<invalid>"], [59 * s, "59s"], [119 * s, "119s"], [150 * s, "2m30s"], [600 * s, "10m"], [3 * 3600 * s + 120 * s, "3h2m"], [9 * 3600 * s, "9h"], [50 * 3600 * s, "2d2h"], [30 * 86400 * s, "30d"], [800 * 86400 * s, "2y70d"]];
    for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
  });

  test("pods: Ready, Status and Restarts from the container statuses; wide columns carry priority 1", () => {
    const now = Date.parse("2024-01-01T01:00:00Z");
    const pod = { metadata: { name: "p", namespace: "ns", creationTimestamp: "2024-01-01T00:00:00Z" }, spec: { containers: [{ name: "a" }, { name: "b" }], nodeName: "n1" }, status: { phase: "Running", podIP: "10.244.0.5", containerStatuses: [{ name: "a", ready: true, restartCount: 2, state: { running: {} } }, { name: "b", ready: false, restartCount: 0, state: { waiting: { reason: "CrashLoopBackOff" } } }] } };
    const t = toTable("/pods", [pod], now, { resourceVersion: "7" }) as any;
    assert.deepEqual(t.columnDefinitions.filter((c: any) => c.priority === 1).map((c: any) => c.name), ["IP", "Node", "Nominated Node", "Readiness Gates"]);
    assert.deepEqual(t.rows[0].cells, ["p", "1/2", "CrashLoopBackOff", "2", "60m", "10.244.0.5", "n1", "<none>", "<none>"]);
    assert.equal(t.rows[0].object.metadata.namespace, "ns");
    // With the last run's end known, kubectl prints when it restarted (printPod's lastRestartDate).
    const restarted = { ...pod, status: { ...pod.status, containerStatuses: [{ ...pod.status.containerStatuses[0], lastState: { terminated: { finishedAt: "2024-01-01T00:59:15Z" } } }, pod.status.containerStatuses[1]] } };
    assert.equal((toTable("/pods", [restarted], now, { resourceVersion: "7" }) as any).rows[0].cells[3], "2 (45s ago)");
  });

  test("the kubelet's restart back-off: at once, then 10 s doubling to 5 min", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 9].map(backOffSeconds), [0, 10, 20, 40, 80, 160, 300, 300]);
  });

  test("kinds without a printer: Name and Created At", () => {
    const t = toTable("rbac.authorization.k8s.io/roles", [{ metadata: { name: "r", creationTimestamp: "2024-01-01T00:00:00Z" } }], 0, { resourceVersion: "1" }) as any;
    assert.deepEqual(t.columnDefinitions.map((c: any) => c.name), ["Name", "Created At"]);
    assert.deepEqual(t.rows[0].cells, ["r", "2024-01-01T00:00:00Z"]);
  });
});

describe("validation", () => {
  const def = (g: string, v: string, r: string) => BUILT_IN.find(g, v, r)!;
  test("names by kind: a subdomain, a namespace's RFC 1123 label, a service's DNS-1035 label", () => {
    assert.equal(validateObject(def("", "v1", "configmaps"), { metadata: { name: "a.b" } }).length, 0);
    assert.equal(validateObject(def("", "v1", "namespaces"), { metadata: { name: "a.b" } })[0]?.field, "metadata.name");
    assert.match(validateObject(def("", "v1", "services"), { metadata: { name: "1abc" }, spec: { ports: [{ port: 80 }] } })[0]!.message, /^Invalid value: "1abc": a DNS-1035 label must consist of/);
  });
  test("a job's pod template needs a restart policy of OnFailure or Never", () => {
    const causes = validateObject(def("batch", "v1", "jobs"), { metadata: { name: "j" }, spec: { template: { spec: { restartPolicy: "Always", containers: [{ name: "c", image: "i" }] } } } });
    assert.deepEqual(causes, [{ reason: "FieldValueNotSupported", message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"', field: "spec.template.spec.restartPolicy" }]);
  });
});
