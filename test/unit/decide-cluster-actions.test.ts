// Start, stop, tags, delete, abort, deleteMachines, rotateCertificates and delete-with-group:
// what each decision leaves on the cluster and its pools, which operations it writes, and the
// exact AKS text when it refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decideAbort,
  decideClusterDelete,
  decideDeleteMachines,
  decideDeleteWithGroup,
  decidePatchTags,
  decidePoolDelete,
  decideRotateCertificates,
  decideStartStop,
  type ActionDecision,
  type ActionInput,
} from "../../src/providers/containerservice/domain/actions.js";
import type { AksOperation, ClusterRecord, PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import type { AksRefusal } from "../../src/providers/containerservice/errors.js";
import { cluster, KEY, op, pool, T0 } from "./support/records.js";
import { assertRefused, decided, ids, poolIn, stepActions, stepNames, world, type Expected, node } from "./support/world.js";

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";
const NOW = T0 + 90_000;
const PREEMPTED = { code: "AKSOperationPreemptedByDelete", message: "This operation has been preempted by Deleting operation." };

const system = () => pool("nodepool1");
const user = (over: Partial<PoolRecord> = {}) => pool("userpool", { spec: { count: 2, mode: "User", orchestratorVersion: "1.32.7" }, ...over });

function input(o: { cluster?: ClusterRecord; pools?: PoolRecord[]; active?: AksOperation[]; now?: number } = {}): ActionInput {
  return { key: KEY, world: world(o.cluster ?? cluster(), ...(o.pools ?? [system(), user()])), active: o.active ?? [], now: o.now ?? NOW, newId: ids("op") };
}

type Case = { name: string; decide: () => ActionDecision | AksRefusal; refused?: Expected; check?: (d: ActionDecision) => void };

/** The one new operation of a decision, checked for what every new AKS operation carries. */
function newOp(d: ActionDecision, o: { type: string; verb: string; result: "resource" | "noContent"; poolName?: string; touched: string[] }): AksOperation {
  const created = d.operation!;
  assert.ok(created, "the decision names the operation to poll");
  assert.equal(d.operations.at(-1), created, "the new operation is written last");
  assert.deepEqual(
    { type: created.operationType, verb: created.verb, status: created.status, result: created.result, poolName: created.poolName, touched: created.touchedPools, parent: created.parent, resourceId: created.resourceId, start: created.startTime, stepIndex: created.stepIndex, stepStartedAt: created.stepStartedAt, provider: created.provider },
    { type: o.type, verb: o.verb, status: "InProgress", result: o.result, poolName: o.poolName, touched: o.touched, parent: KEY, resourceId: cluster().id, start: NOW, stepIndex: 0, stepStartedAt: NOW, provider: "Microsoft.ContainerService" },
  );
  return created;
}

const states = (d: ActionDecision) => ({
  cluster: d.world.cluster && [d.world.cluster.provisioningState, d.world.cluster.powerState],
  pools: Object.fromEntries([...d.world.pools].map(([k, p]) => [k, p && [p.provisioningState, p.powerState]])),
});

// ---------------------------------------------------------------------------------------------
// start / stop

const startStopCases: Case[] = [
  {
    name: "stop a running cluster: every pool deallocated, then the control plane; goal power Stopped at once",
    decide: () => decideStartStop(input(), "stop"),
    check: (d) => {
      const o = newOp(d, { type: "StopManagedCluster", verb: "Stopping", result: "noContent", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(o.steps), [
        "Deallocating scale set aks-nodepool1-12345678-vmss",
        "Stopping agent pool nodepool1",
        "Deallocating scale set aks-userpool-12345678-vmss",
        "Stopping agent pool userpool",
        "Stopping control plane",
      ]);
      assert.deepEqual(o.steps.map((s) => s.action), [
        { type: "setScaleSetPower", power: "deallocated" },
        { type: "setPoolPower", pool: "nodepool1", power: "Stopped" },
        { type: "setScaleSetPower", power: "deallocated" },
        { type: "setPoolPower", pool: "userpool", power: "Stopped" },
        { type: "setClusterPower", power: "Stopped" },
      ]);
      // Compute deallocates each pool's scale set in the node resource group.
      assert.deepEqual(o.steps.filter((s) => s.provider === "Microsoft.Compute").map((s) => s.target), [`/subscriptions/s/resourcegroups/mc_rg_c1_eastus/providers/microsoft.compute/virtualmachinescalesets/aks-nodepool1-12345678-vmss`, `/subscriptions/s/resourcegroups/mc_rg_c1_eastus/providers/microsoft.compute/virtualmachinescalesets/aks-userpool-12345678-vmss`]);
      assert.deepEqual(states(d), { cluster: ["Stopping", "Stopped"], pools: { nodepool1: ["Stopping", "Stopped"], userpool: ["Stopping", "Stopped"] } });
      assert.equal(d.world.cluster!.lastStopAt, NOW);
      assert.equal(d.operations.length, 1);
    },
  },
  {
    name: "start a stopped cluster: control plane first, then every pool; goal power Running at once",
    decide: () => decideStartStop(input({ cluster: cluster({ powerState: "Stopped" }), pools: [system(), user({ powerState: "Stopped" })] }), "start"),
    check: (d) => {
      const o = newOp(d, { type: "StartManagedCluster", verb: "Starting", result: "noContent", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(o.steps), [
        "Starting control plane",
        "Starting scale set aks-nodepool1-12345678-vmss",
        "Starting agent pool nodepool1",
        "Starting scale set aks-userpool-12345678-vmss",
        "Starting agent pool userpool",
      ]);
      assert.deepEqual(stepActions(o.steps), ["setClusterPower", "setScaleSetPower", "setPoolPower", "setScaleSetPower", "setPoolPower"]);
      assert.deepEqual(states(d), { cluster: ["Starting", "Running"], pools: { nodepool1: ["Starting", "Running"], userpool: ["Starting", "Running"] } });
      assert.equal(d.world.cluster!.lastStartAt, NOW);
      assert.equal(d.world.cluster!.lastStopAt, undefined);
    },
  },
  {
    name: "start on a running cluster is refused, timed from the last start",
    decide: () => decideStartStop(input({ cluster: cluster({ lastStartAt: T0 }) }), "start"),
    refused: { status: 409, code: "OperationNotAllowed", message: "managed cluster is already running, starting cannot be performed; The start operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "stop on a stopped cluster is refused, timed from the last stop",
    decide: () => decideStartStop(input({ cluster: cluster({ powerState: "Stopped", lastStopAt: T0 }) }), "stop"),
    refused: { status: 409, code: "OperationNotAllowed", message: "managed cluster is not currently running, stopping cannot be performed; The stop operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "stop while the cluster is upgrading",
    decide: () => decideStartStop(input({ cluster: cluster({ provisioningState: "Upgrading" }), active: [op({ verb: "Upgrading" })] }), "stop"),
    refused: { status: 409, code: "OperationNotAllowed", message: "managed cluster is in Provisioning State(Upgrading) and Power State(Running), stopping cannot be performed The previous operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "stop while an agent pool scales",
    decide: () => decideStartStop(input({ active: [op({ operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" })] }), "stop"),
    refused: { status: 409, code: "OperationNotAllowed", message: `Managed Cluster operation is not allowed: Another operation (Scaling) is in progress on agent pool (userpool), ${PENDING}` },
  },
];

// ---------------------------------------------------------------------------------------------
// PATCH tags

const tagCases: Case[] = [
  {
    name: "patch tags replaces the tags; only the cluster shows Updating",
    decide: () => decidePatchTags(input({ cluster: cluster({ envelope: { tags: { old: "1" }, sku: { name: "Base" } } }) }), { env: "dev" }),
    check: (d) => {
      const o = newOp(d, { type: "PatchManagedCluster", verb: "Updating", result: "resource", touched: [] });
      assert.deepEqual(stepNames(o.steps), ["Updating tags"]);
      assert.deepEqual(d.world.cluster!.envelope, { tags: { env: "dev" }, sku: { name: "Base" } });
      assert.deepEqual(states(d), { cluster: ["Updating", "Running"], pools: { nodepool1: ["Succeeded", "Running"], userpool: ["Succeeded", "Running"] } });
    },
  },
  {
    name: "patch without tags removes them",
    decide: () => decidePatchTags(input({ cluster: cluster({ envelope: { tags: { old: "1" }, sku: { name: "Base" } } }) }), undefined),
    check: (d) => assert.deepEqual(d.world.cluster!.envelope, { sku: { name: "Base" } }),
  },
  {
    name: "patch tags on a stopped cluster",
    decide: () => decidePatchTags(input({ cluster: cluster({ powerState: "Stopped" }) }), { a: "b" }),
    refused: { status: 400, code: "OperationNotAllowed", message: "An error has occurred in subscription s, resourceGroup: rg request: Managed Cluster is in stopped state, no operations except for start are allowed." },
  },
  {
    name: "patch tags while another cluster operation runs",
    decide: () => decidePatchTags(input({ active: [op({ verb: "Scaling" })] }), { a: "b" }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another operation (Scaling) is in progress, ${PENDING}` },
  },
];

// ---------------------------------------------------------------------------------------------
// cluster delete

const deleteClusterPlanNames = [
  `Deleting node ${node("nodepool1", 0)}`,
  `Deleting node ${node("nodepool1", 1)}`,
  `Deleting node ${node("nodepool1", 2)}`,
  "Deleting scale set aks-nodepool1-12345678-vmss",
  "Deleting agent pool nodepool1",
  `Deleting node ${node("userpool", 0)}`,
  `Deleting node ${node("userpool", 1)}`,
  "Deleting scale set aks-userpool-12345678-vmss",
  "Deleting agent pool userpool",
  "Deleting control plane",
  "Deleting virtual network and load balancer",
  "Deleting node resource group MC_rg_c1_eastus",
  "Deleting managed cluster",
];

/** AKS's steps target the cluster (a group delete runs them); Compute's the scale sets, Resources' and Network's the node resource group. */
function assertDeleteTargets(steps: readonly { provider?: string; target?: string }[]): void {
  const by = (provider: string) => steps.filter((s) => s.provider === provider).map((s) => s.target);
  assert.equal(steps.length, by("Microsoft.ContainerService").length + by("Microsoft.Compute").length + by("Microsoft.Resources").length + by("Microsoft.Network").length, "every step names its provider");
  assert.ok(by("Microsoft.ContainerService").every((t) => t === KEY), "AKS steps target the cluster");
  assert.deepEqual(by("Microsoft.Resources"), ["/subscriptions/s/resourcegroups/mc_rg_c1_eastus"]);
  assert.deepEqual(by("Microsoft.Network"), ["/subscriptions/s/resourcegroups/mc_rg_c1_eastus"]);
  assert.ok(by("Microsoft.Compute").every((t) => t?.startsWith("/subscriptions/s/resourcegroups/mc_rg_c1_eastus/providers/microsoft.compute/virtualmachinescalesets/aks-")));
}

const clusterDeleteCases: Case[] = [
  {
    name: "delete an idle cluster: pools, control plane, then the cluster; everything shows Deleting",
    decide: () => decideClusterDelete(input()),
    check: (d) => {
      const o = newOp(d, { type: "DeleteManagedCluster", verb: "Deleting", result: "noContent", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(o.steps), deleteClusterPlanNames);
      assert.deepEqual(stepActions(o.steps), ["removeNode", "removeNode", "removeNode", "deleteScaleSet", "deletePool", "removeNode", "removeNode", "deleteScaleSet", "deletePool", "progress", "deleteClusterNetwork", "deleteResourceGroup", "deleteCluster"]);
      assertDeleteTargets(o.steps);
      assert.deepEqual(states(d), { cluster: ["Deleting", "Running"], pools: { nodepool1: ["Deleting", "Running"], userpool: ["Deleting", "Running"] } });
      assert.deepEqual(d.world.cluster!.deletion, { operationId: o.id, startedAt: NOW });
      assert.equal(d.operations.length, 1);
    },
  },
  {
    name: "delete preempts the running upgrade and pool scale: both Failed with AKSOperationPreemptedByDelete",
    decide: () =>
      decideClusterDelete(
        input({
          cluster: cluster({ provisioningState: "Upgrading" }),
          active: [op({ id: "up", verb: "Upgrading" }), op({ id: "sc", operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" })],
        }),
      ),
    check: (d) => {
      assert.deepEqual(
        d.operations.map((o) => [o.id, o.operationType, o.status, o.error, o.endTime]),
        [
          ["up", "PutManagedCluster", "Failed", PREEMPTED, NOW],
          ["sc", "PutAgentPool", "Failed", PREEMPTED, NOW],
          [d.operation!.id, "DeleteManagedCluster", "InProgress", undefined, undefined],
        ],
      );
      assert.equal(d.world.cluster!.provisioningState, "Deleting");
    },
  },
  {
    name: "delete of a stopped cluster is accepted",
    decide: () => decideClusterDelete(input({ cluster: cluster({ powerState: "Stopped" }) })),
    check: (d) => assert.deepEqual(states(d).cluster, ["Deleting", "Stopped"]),
  },
  {
    name: "a repeated delete returns the delete in flight and changes nothing",
    decide: () => {
      const inFlight = op({ id: "del", operationType: "DeleteManagedCluster", verb: "Deleting" });
      const i = input({ cluster: cluster({ provisioningState: "Deleting", deletion: { operationId: "del", startedAt: T0 } }), active: [inFlight] });
      const d = decideClusterDelete(i);
      assert.ok(!("refused" in d));
      assert.equal(d.world, i.world, "world unchanged");
      return d;
    },
    check: (d) => {
      assert.deepEqual(d.operations, []);
      assert.equal(d.operation!.id, "del");
    },
  },
];

// ---------------------------------------------------------------------------------------------
// pool delete

const poolDeleteCases: Case[] = [
  {
    name: "delete a user pool: each node, then its scale set; only that pool shows Deleting",
    decide: () => decidePoolDelete({ ...input(), pool: user() }),
    check: (d) => {
      const o = newOp(d, { type: "DeleteAgentPool", verb: "Deleting", result: "noContent", poolName: "userpool", touched: [] });
      const drained = (i: number) => [`Cordoning node ${node("userpool", i)}`, `Draining node ${node("userpool", i)}`, `Deleting node ${node("userpool", i)}`];
      assert.deepEqual(stepNames(o.steps), [...drained(0), ...drained(1), "Deleting scale set aks-userpool-12345678-vmss", "Deleting agent pool userpool"]);
      const actions = (i: number) => [
        { type: "setNodeState", pool: "userpool", node: node("userpool", i), state: "Cordoned" },
        { type: "drainNode", world: d.world.cluster!.uid, node: node("userpool", i), timeoutMs: 30 * 60_000 },
        { type: "removeNode", pool: "userpool", node: node("userpool", i) },
      ];
      assert.deepEqual(o.steps.map((s) => s.action), [...actions(0), ...actions(1), { type: "deleteScaleSet" }, { type: "deletePool", pool: "userpool" }]);
      assert.equal(o.steps[1]!.provider, "Kubernetes");
      assert.equal(o.steps[6]!.provider, "Microsoft.Compute");
      assert.deepEqual(states(d), { cluster: ["Succeeded", "Running"], pools: { nodepool1: ["Succeeded", "Running"], userpool: ["Deleting", "Running"] } });
      assert.deepEqual(poolIn(d.world, "userpool").deletion, { operationId: o.id, startedAt: NOW });
    },
  },
  {
    name: "delete preempts that pool's own operation, not another pool's",
    decide: () =>
      decidePoolDelete({
        ...input({ active: [op({ id: "sc", operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" }), op({ id: "other", operationType: "PutAgentPool", poolName: "nodepool1", verb: "Upgrading" })] }),
        pool: user({ provisioningState: "Scaling" }),
      }),
    check: (d) => {
      assert.deepEqual(
        d.operations.map((o) => [o.id, o.status, o.error]),
        [
          ["sc", "Failed", PREEMPTED],
          [d.operation!.id, "InProgress", undefined],
        ],
      );
    },
  },
  {
    name: "a system pool may go while another system pool stays",
    decide: () => decidePoolDelete({ ...input({ pools: [system(), pool("sys2")] }), pool: system() }),
    check: (d) => assert.equal(poolIn(d.world, "nodepool1").provisioningState, "Deleting"),
  },
  {
    name: "the last system pool cannot be deleted",
    decide: () => decidePoolDelete({ ...input(), pool: system() }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Cannot delete agent pool 'nodepool1': it is the last System mode agent pool of the managed cluster. Please see https://aka.ms/aks/nodepool/mode for more details." },
  },
  {
    name: "a system pool whose only sibling system pool is being deleted is the last one",
    decide: () => decidePoolDelete({ ...input({ pools: [system(), pool("sys2", { deletion: { operationId: "d", startedAt: T0 } })] }), pool: system() }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Cannot delete agent pool 'nodepool1': it is the last System mode agent pool of the managed cluster. Please see https://aka.ms/aks/nodepool/mode for more details." },
  },
  {
    name: "pool delete while a cluster operation runs",
    decide: () => decidePoolDelete({ ...input({ active: [op({ verb: "Upgrading" })] }), pool: user() }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another operation (Upgrading) is in progress, ${PENDING}` },
  },
  {
    name: "pool delete after the cluster's deletion was issued",
    decide: () => decidePoolDelete({ ...input({ cluster: cluster({ deletion: { operationId: "d", startedAt: T0 } }) }), pool: user() }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Deleting' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "a repeated pool delete returns the delete in flight",
    decide: () => {
      const gone = user({ provisioningState: "Deleting", deletion: { operationId: "pd", startedAt: T0 } });
      return decidePoolDelete({ ...input({ pools: [system(), gone], active: [op({ id: "pd", operationType: "DeleteAgentPool", poolName: "UserPool", verb: "Deleting" })] }), pool: gone });
    },
    check: (d) => {
      assert.deepEqual(d.operations, []);
      assert.equal(d.operation!.id, "pd");
      assert.equal(poolIn(d.world, "userpool").deletion!.operationId, "pd");
    },
  },
];

// ---------------------------------------------------------------------------------------------
// abort

const abortCases: Case[] = [
  {
    name: "abort on an idle cluster",
    decide: () => decideAbort(input()),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to abort operation on 'c1': there is no operation in progress. Only a running operation can be aborted." },
  },
  {
    name: "abort on a pool when only another pool is busy",
    decide: () => decideAbort({ ...input({ active: [op({ operationType: "PutAgentPool", poolName: "nodepool1", verb: "Scaling" })] }), poolName: "userpool" }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to abort operation on 'userpool': there is no operation in progress. Only a running operation can be aborted." },
  },
  {
    name: "abort a cluster upgrade: plan cut after the completed steps, Canceling on cluster and touched pools",
    decide: () => {
      const running = op({
        id: "up",
        verb: "Upgrading",
        touchedPools: ["nodepool1"],
        steps: [
          { name: "a", durationMs: 1000, action: { type: "progress" } },
          { name: "b", durationMs: 1000, action: { type: "progress" } },
          { name: "c", durationMs: 1000, action: { type: "progress" } },
        ],
        stepIndex: 1,
        stepStartedAt: T0 + 1000,
      });
      return decideAbort(input({ cluster: cluster({ provisioningState: "Upgrading" }), pools: [pool("nodepool1", { provisioningState: "Upgrading" }), user()], active: [running] }));
    },
    check: (d) => {
      assert.equal(d.operation, undefined, "abort answers 204: no operation to poll");
      assert.equal(d.operations.length, 1);
      const [o] = d.operations;
      assert.deepEqual([o!.id, o!.status, o!.stepIndex, o!.stepStartedAt, o!.endTime], ["up", "Canceling", 1, NOW, undefined]);
      assert.deepEqual(stepNames(o!.steps), ["a", "Canceling operation"]);
      assert.deepEqual(states(d), { cluster: ["Canceling", "Running"], pools: { nodepool1: ["Canceling", "Running"], userpool: ["Succeeded", "Running"] } });
    },
  },
  {
    name: "abort on the cluster also aborts a running pool operation",
    decide: () => decideAbort(input({ active: [op({ id: "sc", operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" })] })),
    check: (d) => {
      assert.deepEqual(d.operations.map((o) => [o.id, o.status]), [["sc", "Canceling"]]);
      assert.deepEqual(states(d), { cluster: ["Succeeded", "Running"], pools: { nodepool1: ["Succeeded", "Running"], userpool: ["Canceling", "Running"] } });
    },
  },
  {
    name: "abort on a pool (name in any casing) aborts only that pool's operation",
    decide: () => decideAbort({ ...input({ active: [op({ id: "sc", operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" })] }), poolName: "UserPool" }),
    check: (d) => {
      assert.deepEqual(d.operations.map((o) => [o.id, o.status]), [["sc", "Canceling"]]);
      assert.equal(poolIn(d.world, "userpool").provisioningState, "Canceling");
      assert.equal(d.world.cluster!.provisioningState, "Succeeded");
    },
  },
  {
    name: "abort while the operation is already being canceled",
    decide: () => decideAbort(input({ active: [op({ id: "up", status: "Canceling", verb: "Upgrading" })] })),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to abort operation on 'c1': operation up is already being canceled." },
  },
  {
    name: "abort of a cluster delete: deletion was issued",
    decide: () =>
      decideAbort(input({ cluster: cluster({ deletion: { operationId: "del", startedAt: T0 } }), active: [op({ id: "del", operationType: "DeleteManagedCluster", verb: "Deleting", startTime: T0 + 1000 })] })),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Canceling' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "abort of a pool delete: deletion was issued on the pool",
    decide: () =>
      decideAbort({
        ...input({ pools: [system(), user({ deletion: { operationId: "pd", startedAt: T0 + 30_000 } })], active: [op({ id: "pd", operationType: "DeleteAgentPool", poolName: "userpool", verb: "Deleting" })] }),
        poolName: "userpool",
      }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Canceling' operation on 'userpool' since deletion was issued on 'userpool'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:34:25Z' and elapsed time is: '00:01:00' (RFC3339 format)" },
  },
];

// ---------------------------------------------------------------------------------------------
// deleteMachines

const deleteMachinesCases: Case[] = [
  {
    name: "delete two named machines: cordon, drain, delete each; count follows; pool Scaling",
    decide: () => decideDeleteMachines({ ...input(), pool: system(), machineNames: [node("nodepool1", 2), node("nodepool1", 0).toUpperCase()] }),
    check: (d) => {
      const o = newOp(d, { type: "PutAgentPool", verb: "Scaling", result: "noContent", poolName: "nodepool1", touched: [] });
      assert.deepEqual(stepNames(o.steps), [
        `Cordoning node ${node("nodepool1", 0)}`,
        `Draining node ${node("nodepool1", 0)}`,
        "Deleting virtual machine aks-nodepool1-12345678-vmss_0",
        `Deleting node ${node("nodepool1", 0)}`,
        `Cordoning node ${node("nodepool1", 2)}`,
        `Draining node ${node("nodepool1", 2)}`,
        "Deleting virtual machine aks-nodepool1-12345678-vmss_2",
        `Deleting node ${node("nodepool1", 2)}`,
      ]);
      assert.deepEqual(stepActions(o.steps), ["setNodeState", "drainNode", "deleteInstances", "removeNode", "setNodeState", "drainNode", "deleteInstances", "removeNode"]);
      assert.deepEqual(o.steps[2]!.action, { type: "deleteInstances", instanceIds: [0] });
      const p = poolIn(d.world, "nodepool1");
      assert.equal(p.spec["count"], 1);
      assert.equal(p.provisioningState, "Scaling");
      assert.equal(p.nodes.length, 3, "nodes leave with the steps, not with the decision");
      assert.equal(d.world.cluster!.provisioningState, "Succeeded");
    },
  },
  {
    name: "every machine of a user pool may go",
    decide: () => decideDeleteMachines({ ...input(), pool: user(), machineNames: [node("userpool", 0), node("userpool", 1)] }),
    check: (d) => assert.equal(poolIn(d.world, "userpool").spec["count"], 0),
  },
  {
    name: "no machine names",
    decide: () => decideDeleteMachines({ ...input(), pool: system(), machineNames: [] }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter machineNames is invalid: at least one machine name is required." },
  },
  {
    name: "unknown machine names are listed",
    decide: () => decideDeleteMachines({ ...input(), pool: system(), machineNames: ["nope", node("nodepool1", 1), "gone"] }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter machineNames is invalid: machine(s) nope, gone not found in agent pool nodepool1." },
  },
  {
    name: "a machine of another pool is not found",
    decide: () => decideDeleteMachines({ ...input(), pool: system(), machineNames: [node("userpool", 0)] }),
    refused: { status: 400, code: "InvalidParameter", message: `The value of parameter machineNames is invalid: machine(s) ${node("userpool", 0)} not found in agent pool nodepool1.` },
  },
  {
    name: "a system pool keeps at least one machine",
    decide: () => decideDeleteMachines({ ...input(), pool: system(), machineNames: [node("nodepool1", 0), node("nodepool1", 1), node("nodepool1", 2)] }),
    refused: {
      status: 400,
      code: "InvalidParameter",
      message: "agentPoolProfile.count was 0. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.",
    },
  },
  {
    name: "deleteMachines while that pool scales",
    decide: () => decideDeleteMachines({ ...input({ active: [op({ operationType: "PutAgentPool", poolName: "nodepool1", verb: "Scaling" })] }), pool: system(), machineNames: [node("nodepool1", 0)] }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another agentpool operation (nodepool1 - Scaling) is in progress, ${PENDING}` },
  },
];

// ---------------------------------------------------------------------------------------------
// rotateCertificates

const rotateCases: Case[] = [
  {
    name: "rotate certificates: control plane, then every pool reconciled; all show Updating",
    decide: () => decideRotateCertificates(input()),
    check: (d) => {
      const o = newOp(d, { type: "PutManagedCluster", verb: "Updating", result: "noContent", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(o.steps), ["Rotating control plane certificates", "Reconciling agent pool nodepool1", "Reconciling agent pool userpool"]);
      assert.deepEqual(states(d), { cluster: ["Updating", "Running"], pools: { nodepool1: ["Updating", "Running"], userpool: ["Updating", "Running"] } });
    },
  },
  {
    name: "rotate certificates on a stopped cluster",
    decide: () => decideRotateCertificates(input({ cluster: cluster({ powerState: "Stopped" }) })),
    refused: { status: 400, code: "OperationNotAllowed", message: "An error has occurred in subscription s, resourceGroup: rg request: Managed Cluster is in stopped state, no operations except for start are allowed." },
  },
  {
    name: "rotate certificates after deletion was issued",
    decide: () => decideRotateCertificates(input({ cluster: cluster({ deletion: { operationId: "d", startedAt: T0 } }) })),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Updating' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
];

for (const [group, cases] of [
  ["start/stop", startStopCases],
  ["patch tags", tagCases],
  ["cluster delete", clusterDeleteCases],
  ["pool delete", poolDeleteCases],
  ["abort", abortCases],
  ["deleteMachines", deleteMachinesCases],
  ["rotateCertificates", rotateCases],
] as const) {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      const result = c.decide();
      if (c.refused) return assertRefused(result, c.refused);
      c.check!(decided(result));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// delete with the resource group

test("delete with group: running operations preempted, cluster and pools Deleting, the cluster's delete plan returned", () => {
  const active = [op({ id: "up", verb: "Upgrading" }), op({ id: "sc", operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" })];
  const w = world(cluster({ provisioningState: "Upgrading" }), system(), user());
  const d = decideDeleteWithGroup({ key: KEY, world: w, active, operationId: "grp-op", now: NOW });
  assert.deepEqual(d.world.cluster!.deletion, { operationId: "grp-op", startedAt: NOW });
  assert.deepEqual(d.world.cluster!.provisioningState, "Deleting");
  assert.deepEqual([...d.world.pools.values()].map((p) => [p!.name, p!.provisioningState]), [["nodepool1", "Deleting"], ["userpool", "Deleting"]]);
  assert.deepEqual(d.operations.map((o) => [o.id, o.status, o.error, o.endTime]), [["up", "Failed", PREEMPTED, NOW], ["sc", "Failed", PREEMPTED, NOW]]);
  assert.deepEqual(stepNames(d.steps), deleteClusterPlanNames);
  assertDeleteTargets(d.steps);
  assert.equal(w.cluster.provisioningState, "Upgrading", "the input world is not mutated");
});

test("delete with group: an idle cluster writes no operation of its own", () => {
  const d = decideDeleteWithGroup({ key: KEY, world: world(cluster(), system()), active: [], operationId: "grp-op", now: NOW });
  assert.deepEqual(d.operations, []);
  assert.equal(d.world.cluster!.provisioningState, "Deleting");
  assert.deepEqual(stepActions(d.steps), ["removeNode", "removeNode", "removeNode", "deleteScaleSet", "deletePool", "progress", "deleteClusterNetwork", "deleteResourceGroup", "deleteCluster"]);
});
