// Seed 000, rule by rule: which operation may start, and the exact text when it may not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { admitClusterAction, admitDependencies, admitPoolAction, type ClusterAction, type PoolAction } from "../../src/providers/containerservice/domain/admission.js";
import type { AksOperation as OperationRecord, ClusterRecord, PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import { rendered } from "./support/refusals.js";
import { cluster, op, pool, T0 } from "./support/records.js";

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";

type ClusterCase = { name: string; cluster: ClusterRecord; active: OperationRecord[]; now: number; action: ClusterAction; status?: number; message?: string };

const clusterCases: ClusterCase[] = [
  { name: "idle running cluster accepts an update", cluster: cluster(), active: [], now: T0, action: { kind: "update", verb: "Scaling" } },
  {
    name: "another cluster operation in progress",
    cluster: cluster({ provisioningState: "Upgrading" }),
    active: [op({ verb: "Upgrading" })],
    now: T0 + 5000,
    action: { kind: "update", verb: "Scaling" },
    status: 409,
    message: `Operation is not allowed: Another operation (Upgrading) is in progress, ${PENDING}`,
  },
  {
    name: "cluster operation while an agent pool operation runs",
    cluster: cluster(),
    active: [op({ poolName: "nodepool1", verb: "Scaling", operationType: "PutAgentPool" })],
    now: T0,
    action: { kind: "update", verb: "Updating" },
    status: 409,
    message: `Managed Cluster operation is not allowed: Another operation (Scaling) is in progress on agent pool (nodepool1), ${PENDING}`,
  },
  {
    name: "start while updating (seed 000 Solution 1)",
    cluster: cluster({ provisioningState: "Updating" }),
    active: [op({ verb: "Updating" })],
    now: T0,
    action: { kind: "start" },
    status: 409,
    message: "managed cluster is in Provisioning State(Updating) and Power State(Running), starting cannot be performed The previous operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:00:00' (RFC3339 format)",
  },
  {
    name: "stop on a stopped cluster (seed 000 Solution 2)",
    cluster: cluster({ powerState: "Stopped", lastStopAt: Date.parse("2024-02-13T15:01:15Z") }),
    active: [],
    now: Date.parse("2024-02-13T15:01:15Z") + ((7 * 24 + 1) * 3600 + 16 * 60 + 37) * 1000,
    action: { kind: "stop" },
    status: 409,
    message: "managed cluster is not currently running, stopping cannot be performed; The stop operation started at '2024-02-13T15:01:15Z' and elapsed time is: '7 days and 01:16:37' (RFC3339 format)",
  },
  { name: "start on a stopped cluster is allowed", cluster: cluster({ powerState: "Stopped" }), active: [], now: T0, action: { kind: "start" } },
  {
    name: "any other operation on a stopped cluster",
    cluster: cluster({ powerState: "Stopped" }),
    active: [],
    now: T0,
    action: { kind: "update", verb: "Upgrading" },
    status: 400,
    message: "An error has occurred in subscription s, resourceGroup: rg request: Managed Cluster is in stopped state, no operations except for start are allowed.",
  },
  {
    name: "after deletion was issued only deletion is allowed",
    cluster: cluster({ deletion: { operationId: "d", startedAt: Date.parse("2024-01-09T04:29:12Z") } }),
    active: [op({ operationType: "DeleteManagedCluster", verb: "Deleting" })],
    now: Date.parse("2024-01-09T04:29:12Z") + (30 * 60 + 28) * 1000,
    action: { kind: "update", verb: "Scaling" },
    status: 409,
    message: "Unable to perform 'Scaling' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-01-09T04:29:12Z' and elapsed time is: '00:30:28' (RFC3339 format)",
  },
  { name: "delete is always admitted (it preempts)", cluster: cluster({ provisioningState: "Upgrading" }), active: [op({ verb: "Upgrading" })], now: T0, action: { kind: "delete" } },
];

for (const c of clusterCases) {
  test(`cluster: ${c.name}`, () => {
    const refusal = admitClusterAction({ cluster: c.cluster, active: c.active, now: c.now }, c.action);
    if (c.message === undefined) return assert.equal(refusal, undefined);
    assert.ok(refusal, "expected a refusal");
    const err = rendered(refusal);
    assert.equal(err.code, "OperationNotAllowed");
    assert.equal(err.status, c.status);
    assert.equal(err.message, c.message);
  });
}

type PoolCase = { name: string; pool?: PoolRecord; active: OperationRecord[]; action: PoolAction; cluster?: ClusterRecord; message?: string };
const poolCases: PoolCase[] = [
  { name: "idle pool accepts a scale", pool: pool("nodepool1"), active: [], action: { kind: "update", verb: "Scaling" } },
  {
    name: "another operation on the same pool",
    pool: pool("nodepool1"),
    active: [op({ poolName: "nodepool1", verb: "Creating", operationType: "PutAgentPool" })],
    action: { kind: "update", verb: "Scaling" },
    message: `Operation is not allowed: Another agentpool operation (nodepool1 - Creating) is in progress, ${PENDING}`,
  },
  { name: "a different pool may run concurrently", pool: pool("userpool"), active: [op({ poolName: "nodepool1", verb: "Scaling", operationType: "PutAgentPool" })], action: { kind: "update", verb: "Scaling" } },
  { name: "pool operation while a cluster operation runs", pool: pool("nodepool1"), active: [op({ verb: "Updating" })], action: { kind: "update", verb: "Creating" }, message: `Operation is not allowed: Another operation (Updating) is in progress, ${PENDING}` },
  {
    name: "scale after the pool's deletion was issued (seed 000 Solution 4)",
    pool: pool("agentpool", { deletion: { operationId: "d", startedAt: Date.parse("2024-01-09T04:29:12Z") } }),
    active: [],
    action: { kind: "update", verb: "Scaling" },
    message: "Unable to perform 'Scaling' operation on 'agentpool' since deletion was issued on 'agentpool'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-01-09T04:29:12Z' and elapsed time is: '00:30:28' (RFC3339 format)",
  },
  { name: "a repeated delete is allowed", pool: pool("agentpool", { deletion: { operationId: "d", startedAt: T0 } }), active: [], action: { kind: "delete" } },
];

for (const c of poolCases) {
  test(`pool: ${c.name}`, () => {
    const now = Date.parse("2024-01-09T04:29:12Z") + (30 * 60 + 28) * 1000;
    const refusal = admitPoolAction({ cluster: c.cluster ?? cluster(), pool: c.pool, poolName: c.pool?.name ?? "nodepool1", active: c.active, now }, c.action);
    if (c.message === undefined) return assert.equal(refusal, undefined);
    assert.ok(refusal, "expected a refusal");
    const err = rendered(refusal);
    assert.equal(err.message, c.message);
  });
}

// Seed 002, SubscriptionNotRegistered: node work needs Compute and Network registered (Compute first).
test("admitDependencies: the first unregistered dependency is refused with its provider's text", () => {
  const sub = "00000000-0000-4000-8000-00000000a55e";
  assert.equal(admitDependencies(sub, () => true), undefined);
  const compute = rendered(admitDependencies(sub, () => false)!);
  assert.deepEqual([compute.status, compute.code, compute.message], [409, "SubscriptionNotRegistered", 'autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription is not registered."']);
  const network = rendered(admitDependencies(sub, (ns) => ns !== "Microsoft.Network")!);
  assert.deepEqual([network.status, network.code, network.message], [409, "SubscriptionNotRegistered", `autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription ${sub} is not registered with NRP." Details=[]`]);
});
