// The detector contract's pure rules (providers/detector.ts) and AppLens's wire shape
// (containerservice/wire/detectors.ts): which failures are still current, the worst status, an
// event's error, and how findings become insight tables.
import assert from "node:assert/strict";
import { test } from "node:test";
import { currentFailures, eventError, worstStatus, type Detector, type DetectorCluster, type DetectorOperation } from "../../src/providers/detector.js";
import { renderCategory, renderDetector } from "../../src/providers/containerservice/wire/detectors.js";

const pool = (name: string) => ({ name, id: `/c/agentPools/${name}`, provisioningState: "Succeeded", powerState: "Running", vmSize: "Standard_DS2_v2", count: 1, mode: "System", orchestratorVersion: "1.33.3", zones: [], vmSetType: "VirtualMachineScaleSets" as const, fleet: `/vmss/${name}`, properties: {} });
const cluster: DetectorCluster = {
  id: "/c", subscriptionId: "s", resourceGroup: "rg", name: "c", location: "eastus", provisioningState: "Succeeded", powerState: "Running", kubernetesVersion: "1.33.3",
  nodeResourceGroup: "MC_rg_c_eastus", pools: [pool("np1"), pool("np2")], namespaces: [], properties: {},
};
const op = (id: string, o: Partial<DetectorOperation> & { end: number }): DetectorOperation => ({
  id, operationType: o.pool ? "PutAgentPool" : "PutManagedCluster", status: o.status ?? "Succeeded", startTime: o.end - 10, endTime: o.end, pools: o.pools ?? (o.pool ? [] : ["np1", "np2"]),
  ...(o.pool ? { pool: o.pool } : {}), ...(o.status === "Failed" ? { error: { code: "QuotaExceeded", message: "m" } } : {}),
});
const window = { start: 0, end: 1000 };
const current = (ops: DetectorOperation[]) => currentFailures({ cluster, operations: ops, window }).map((f) => [f.op.id, [...f.subjects]]);

test("a failure stays current until a later success on the same subject", () => {
  const failedPool = op("p1", { pool: "np1", status: "Failed", end: 100 });
  assert.deepEqual(current([failedPool]), [["p1", ["np1"]]]);
  assert.deepEqual(current([failedPool, op("p2", { pool: "np2", end: 200 })]), [["p1", ["np1"]]], "another pool's success does not clear it");
  assert.deepEqual(current([failedPool, op("p3", { pool: "np1", end: 200 })]), [], "the retry clears it");
  assert.deepEqual(current([failedPool, op("c1", { end: 200 })]), [], "a cluster reconcile touching the pool clears it");
  assert.deepEqual(current([failedPool, op("c2", { end: 200, pools: ["np2"] })]), [["p1", ["np1"]]], "a cluster operation that does not touch it does not");
});

test("a failed cluster operation is one failure for every subject it left failed; a pool retry clears only the pool", () => {
  const failed = op("c1", { status: "Failed", end: 100 });
  assert.deepEqual(current([failed]), [["c1", ["c", "np1", "np2"]]]);
  assert.deepEqual(current([failed, op("p1", { pool: "np1", end: 200 })]), [["c1", ["c", "np2"]]]);
});

test("only failures that ended in the window are reported; running operations are not ended", () => {
  assert.deepEqual(currentFailures({ cluster, operations: [op("c1", { status: "Failed", end: 100 })], window: { start: 150, end: 1000 } }), []);
  const running: DetectorOperation = { ...op("c2", { end: 300 }), status: "InProgress" };
  delete running.endTime;
  assert.deepEqual(current([op("c1", { status: "Failed", end: 100 }), running]).map(([id]) => id), ["c1"]);
});

test("worstStatus follows AppLens's order; Success when nothing was found", () => {
  assert.equal(worstStatus([]), "Success");
  assert.equal(worstStatus([{ status: "Info" }, { status: "Warning" }]), "Warning");
  assert.equal(worstStatus([{ status: "Success" }, { status: "Critical" }, { status: "Warning" }]), "Critical");
});

test("eventError reads a gateway refusal, an AKS refusal and an operation's end", () => {
  const ev = (statusMessage: string) => ({ properties: { statusMessage } });
  assert.deepEqual(eventError(ev('{"error":{"code":"ReadOnlyDisabledSubscription","message":"x"}}')), { code: "ReadOnlyDisabledSubscription", message: "x" });
  assert.deepEqual(eventError(ev('{"code":"SubscriptionNotRegistered","details":null,"message":"y","subcode":""}')), { code: "SubscriptionNotRegistered", message: "y" });
  assert.deepEqual(eventError(ev('{"status":"Failed","error":{"code":"QuotaExceeded","message":"z"}}')), { code: "QuotaExceeded", message: "z" });
  assert.equal(eventError({ properties: {} }), undefined);
  assert.equal(eventError(ev("not json")), undefined);
});

const detector: Detector = { id: "d1", name: "D one", category: "Cluster Issues", description: "checks", rank: 0, healthy: "All good.", evaluate: () => [] };
const home = { clusterId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c", location: "eastus" };

test("nothing found: one Success insight with the detector's healthy text, statusId 3, message null", () => {
  const r = renderDetector(home, detector, []) as any;
  assert.equal(r.id, `${home.clusterId}/detectors/d1`);
  assert.deepEqual(r.properties.status, { message: null, statusId: 3 });
  assert.deepEqual(r.properties.dataset[0].table.rows, [["Success", "All good.", "", "", "False", "null"]]);
  assert.equal(r.properties.metadata.type, "Detector");
  assert.match(r.properties.metadata.typeId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("findings: one dataset each, the cause then the evidence as rows, the remedy as a Solution; the worst is the status", () => {
  const r = renderDetector(home, detector, [
    { status: "Warning", message: "w" },
    { status: "Critical", message: "bad", cause: { symptom: "X error", text: "it broke" }, remedy: { title: "Fix", text: "Do it.", commands: ["az a", "az b"] }, evidence: [["Code", "X"]] },
  ]) as any;
  assert.deepEqual(r.properties.status, { message: "bad", statusId: 0 });
  assert.equal(r.properties.dataset.length, 2);
  const rows = r.properties.dataset[1].table.rows as string[][];
  assert.deepEqual(rows.map((x) => x.slice(0, 5)), [["Critical", "bad", "Cause", "X error: it broke", "True"], ["Critical", "bad", "Code", "X", "True"]]);
  const [solution] = JSON.parse(rows[0]![5]!);
  assert.deepEqual([solution.Title, solution.Description, solution.ActionArgs.commands, solution.ResourceUri], ["Fix", "Do it.\n\n```\naz a\naz b\n```", ["az a", "az b"], home.clusterId]);
});

test("a category overview names its detectors in a type-10 dataset, status None", () => {
  const r = renderCategory(home, "Cluster Issues", [detector]) as any;
  assert.equal(r.name, "aks-category-cluster-issues");
  assert.deepEqual(r.properties.dataset[0].renderingProperties.detectorIds, ["d1"]);
  assert.deepEqual(r.properties.status, { message: null, statusId: 4 });
  assert.equal(r.properties.metadata.type, "CategoryOverview");
});
