// An agent pool PUT, case by case: create, scale, upgrade, stop/start through powerState,
// update, and the AKS texts of what it refuses (conflicts judged before the request's details).
import assert from "node:assert/strict";
import { test } from "node:test";
import { decidePoolPut, type PoolPutDecision } from "../../src/providers/containerservice/domain/pool-put.js";
import type { AksOperation, ClusterRecord, Json, PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import type { AksRefusal } from "../../src/providers/containerservice/errors.js";
import { cluster, KEY, op, pool, T0 } from "./support/records.js";
import { assertRefused, decided, ids, poolIn, stepActions, stepNames, world, type Expected, node, upgradeSteps, afterLoadBalancer } from "./support/world.js";

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";
const LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";
const NOW = T0 + 90_000;
const LAST_RUNNING_SYSTEM = "The value of parameter agentPoolProfile.powerState is invalid: the last running System mode agent pool cannot be stopped. Please see https://aka.ms/aks/nodepool/mode for more details.";
const SYSTEM_REQUIRED = "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details.";

const newNode = (poolName: string, i: number) => `aks-${poolName}-87654321-vmss00000${i}`;
const system = (over: Partial<PoolRecord> = {}) => pool("nodepool1", over);
const user = (over: Partial<PoolRecord> = {}) => pool("userpool", { spec: { count: 2, mode: "User", orchestratorVersion: "1.32.7", upgradeSettings: { maxSurge: "1" } }, ...over });

/**
 * PUT .../agentPools/{name} with `properties`; `existing` names the pool of `pools` being written
 * (absent: a new pool). The cluster defaults to 1.33.3 so pools at 1.32.7 can upgrade.
 */
function put(o: { name: string; properties: Json; pools?: PoolRecord[]; cluster?: ClusterRecord; active?: AksOperation[] }): PoolPutDecision | AksRefusal {
  const pools = o.pools ?? [system(), user()];
  const c = o.cluster ?? cluster({ currentKubernetesVersion: "1.33.3", spec: { kubernetesVersion: "1.33.3" } });
  const existing = pools.find((p) => p.name.toLowerCase() === o.name.toLowerCase());
  return decidePoolPut({
    world: world(c, ...pools),
    clusterKey: KEY,
    poolName: existing?.name ?? o.name,
    poolId: existing?.id ?? `${c.id}/agentPools/${o.name}`,
    body: { properties: o.properties },
    existing,
    active: o.active ?? [],
    now: NOW,
    actorId: "actor-1",
    actorType: "User",
    newId: ids("op"),
    vmssDigits: "87654321",
  });
}

function theOp(d: PoolPutDecision, o: { verb: string; pool: string }): AksOperation {
  assert.deepEqual(d.operations, [d.operation]);
  const x = d.operation;
  assert.deepEqual(
    { type: x.operationType, verb: x.verb, status: x.status, result: x.result, poolName: x.poolName, touched: x.touchedPools, parent: x.parent, start: x.startTime, resourceId: x.resourceId },
    { type: "PutAgentPool", verb: o.verb, status: "InProgress", result: "resource", poolName: o.pool, touched: [], parent: KEY, start: NOW, resourceId: cluster().id },
  );
  assert.equal(d.pool.provisioningState, o.verb);
  assert.equal(poolIn(d.world, o.pool), d.pool, "the world holds the decided pool");
  assert.equal(d.world.cluster!.provisioningState, "Succeeded", "a pool operation leaves the cluster's state alone");
  return x;
}


type Case = { name: string; decide: () => PoolPutDecision | AksRefusal; refused?: Expected; check?: (d: PoolPutDecision) => void };

const cases: Case[] = [
  // --- create ---
  {
    name: "create a user pool: scale set, then its nodes at the cluster's version",
    decide: () => put({ name: "newpool", properties: { count: 2 } }),
    check: (d) => {
      assert.equal(d.created, true);
      const o = theOp(d, { verb: "Creating", pool: "newpool" });
      assert.deepEqual(stepNames(o.steps), ["Creating scale set aks-newpool-87654321-vmss", `Provisioning node ${newNode("newpool", 0)}`, `Provisioning node ${newNode("newpool", 1)}`]);
      assert.deepEqual(o.steps[1]!.action, { type: "addNode", pool: "newpool", version: "1.33.3", surge: false });
      const p = d.pool;
      assert.deepEqual([p.spec["mode"], p.spec["count"], p.spec["orchestratorVersion"], p.currentOrchestratorVersion, p.powerState, p.nodes.length, p.vmssDigits, p.clusterKey], ["User", 2, "1.33.3", "1.33.3", "Running", 0, "87654321", KEY]);
      assert.deepEqual(p.systemData, { createdBy: "actor-1", createdByType: "User", createdAt: NOW, lastModifiedBy: "actor-1", lastModifiedByType: "User", lastModifiedAt: NOW });
      assert.deepEqual([...d.world.pools.keys()], ["nodepool1", "userpool", "newpool"]);
    },
  },
  {
    name: "create a pool at an older supported version",
    decide: () => put({ name: "oldpool", properties: { count: 1, orchestratorVersion: "1.31" } }),
    check: (d) => {
      assert.deepEqual([d.pool.spec["orchestratorVersion"], d.pool.currentOrchestratorVersion], ["1.31", "1.31.11"]);
      assert.deepEqual(d.operation.steps[1]!.action, { type: "addNode", pool: "oldpool", version: "1.31.11", surge: false });
    },
  },
  {
    name: "create with an invalid name",
    decide: () => put({ name: "User_Pool", properties: { count: 1 } }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter agentPoolProfile.name is invalid. Please see https://aka.ms/aks-naming-rules for more details." },
  },
  {
    name: "create at a version that is not offered",
    decide: () => put({ name: "newpool", properties: { orchestratorVersion: "1.30.0" } }),
    refused: { status: 400, code: "AgentPoolK8sVersionNotSupported", message: `Version 1.30.0 is not supported in this region. ${LINK}` },
  },
  {
    name: "create newer than the control plane",
    decide: () => put({ name: "newpool", properties: { orchestratorVersion: "1.34.1" } }),
    refused: {
      status: 400,
      code: "NodePoolMcVersionIncompatible",
      message: "Node pool version 1.34.1 and control plane version 1.33.3 is incompatible. Node pool version cannot be greater than control plane version. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).",
    },
  },
  {
    name: "create with a negative count",
    decide: () => put({ name: "newpool", properties: { count: -1 } }),
    refused: {
      status: 400,
      code: "InvalidParameter",
      message: "agentPoolProfile.count was -1. It must be greater or equal to minCount:0 and less than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.",
    },
  },

  // --- scale ---
  {
    name: "scale out: only count given, the rest of the spec is kept",
    decide: () => put({ name: "userpool", properties: { count: 4 } }),
    check: (d) => {
      assert.equal(d.created, false);
      const o = theOp(d, { verb: "Scaling", pool: "userpool" });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), ["Scaling scale set aks-userpool-12345678-vmss to 4", `Provisioning node ${node("userpool", 2)}`, `Provisioning node ${node("userpool", 3)}`]);
      assert.deepEqual(stepActions(afterLoadBalancer(o.steps)), ["putScaleSet", "addNode", "addNode"]);
      assert.deepEqual([d.pool.spec["count"], d.pool.spec["mode"], d.pool.spec["orchestratorVersion"], d.pool.nodes.length], [4, "User", "1.32.7", 2]);
      assert.equal(poolIn(d.world, "nodepool1").provisioningState, "Succeeded");
      assert.equal(d.pool.systemData.createdAt, user().systemData.createdAt);
      assert.equal(d.pool.systemData.lastModifiedAt, NOW);
    },
  },
  {
    name: "scale a user pool to zero: newest first, each cordoned and drained",
    decide: () => put({ name: "userpool", properties: { count: 0 } }),
    check: (d) => {
      const o = theOp(d, { verb: "Scaling", pool: "userpool" });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), [
        "Scaling scale set aks-userpool-12345678-vmss to 0",
        ...[1, 0].flatMap((i) => [`Cordoning node ${node("userpool", i)}`, `Draining node ${node("userpool", i)}`, `Deleting virtual machine aks-userpool-12345678-vmss_${i}`, `Deleting node ${node("userpool", i)}`]),
      ]);
    },
  },
  {
    name: "scale a system pool to zero",
    decide: () => put({ name: "nodepool1", properties: { count: 0 } }),
    refused: {
      status: 400,
      code: "InvalidParameter",
      message: "agentPoolProfile.count was 0. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.",
    },
  },
  {
    name: "minCount raised above an autoscaled pool's count: the pool scales up to minCount (AKS's autoscaler enforces it)",
    decide: () => put({ name: "userpool", pools: [system(), user({ spec: { count: 2, mode: "User", orchestratorVersion: "1.32.7", enableAutoScaling: true, minCount: 1, maxCount: 5 } })], properties: { minCount: 4 } }),
    check: (d) => {
      const o = theOp(d, { verb: "Scaling", pool: "userpool" });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), ["Scaling scale set aks-userpool-12345678-vmss to 4", `Provisioning node ${node("userpool", 2)}`, `Provisioning node ${node("userpool", 3)}`]);
      assert.deepEqual([d.pool.spec["count"], d.pool.spec["minCount"], d.pool.spec["maxCount"]], [4, 4, 5]);
    },
  },
  {
    name: "a null node label value is stored as the empty value",
    decide: () => put({ name: "userpool", properties: { nodeLabels: { tier: null, app: "web" } } }),
    check: (d) => assert.deepEqual(d.pool.spec["nodeLabels"], { tier: "", app: "web" }),
  },
  {
    name: "a node label in Kubernetes' namespace",
    decide: () => put({ name: "userpool", properties: { nodeLabels: { "node-role.kubernetes.io/control-plane": "NoSchedule" } } }),
    refused: { status: 400, code: "BadRequest", message: "For Kubernetes version greater than or equal to 1.16, node label keys in the 'kubernetes.io' or 'k8s.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io). For more information, please check https://aka.ms/aks-node-labels-116." },
  },
  {
    name: "two taints with one key and effect",
    decide: () => put({ name: "userpool", properties: { nodeTaints: ["app=app1:NoSchedule", "app=app2:NoSchedule"] } }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter agentPoolProfile.nodeTaints is invalid: taints must be unique by key and effect pair: 'app=app2:NoSchedule'. Please see https://aka.ms/node-taints for more details." },
  },
  {
    name: "a new Windows pool with a Linux osSKU",
    decide: () => put({ name: "win1", properties: { count: 1, osType: "Windows", osSKU: "Ubuntu" } }),
    refused: { status: 400, code: "InvalidOSSKU", message: "OSSKU='Ubuntu' is invalid, details: Unrecognized OSSKU" },
  },
  {
    name: "a new Windows pool without osSKU: Windows2022 (Kubernetes 1.25 and later)",
    decide: () => put({ name: "win1", properties: { count: 1, osType: "Windows" } }),
    check: (d) => assert.deepEqual([d.pool.spec["osType"], d.pool.spec["osSKU"]], ["Windows", "Windows2022"]),
  },
  {
    name: "the count of a stopped pool changes without starting nodes",
    decide: () => put({ name: "userpool", pools: [system(), user({ powerState: "Stopped" })], properties: { count: 5 } }),
    check: (d) => {
      const o = theOp(d, { verb: "Updating", pool: "userpool" });
      assert.deepEqual(stepNames(o.steps), ["Reconciling agent pool userpool"]);
      assert.deepEqual([d.pool.spec["count"], d.pool.powerState], [5, "Stopped"]);
    },
  },

  // --- upgrade ---
  {
    name: "upgrade to the control plane's version: surge, then node by node, surge removed, version set",
    decide: () => put({ name: "userpool", properties: { orchestratorVersion: "1.33.3" } }),
    check: (d) => {
      const o = theOp(d, { verb: "Upgrading", pool: "userpool" });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), upgradeSteps("userpool", 2, "1.33.3"));
      assert.deepEqual(o.steps.at(-1)!.action, { type: "setPoolVersion", pool: "userpool", version: "1.33.3" });
      assert.deepEqual([d.pool.spec["orchestratorVersion"], d.pool.currentOrchestratorVersion], ["1.33.3", "1.32.7"]);
    },
  },
  {
    name: "upgrade and scale in one PUT: the upgrade, then the scale; the verb is Upgrading",
    decide: () => put({ name: "userpool", properties: { orchestratorVersion: "1.33.3", count: 3 } }),
    check: (d) => {
      const o = theOp(d, { verb: "Upgrading", pool: "userpool" });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)).slice(0, -1), [...upgradeSteps("userpool", 2, "1.33.3"), "Scaling scale set aks-userpool-12345678-vmss to 3"]);
      assert.deepEqual(o.steps.at(-1)!.action, { type: "addNode", pool: "userpool", version: "1.33.3", surge: false });
      assert.equal(o.steps.at(-1)!.name, `Provisioning node ${node("userpool", 3)}`, "named after the surge node's id (2)");
    },
  },
  {
    name: "downgrade a pool",
    decide: () => put({ name: "userpool", properties: { orchestratorVersion: "1.32.6" } }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Downgrading Kubernetes version 1.32.7 to 1.32.6 is not allowed. Available upgrades: [1.33.3 1.33.2]. Please see https://aka.ms/aks-supported-k8s-ver for version details." },
  },
  {
    name: "a pool upgrade that skips a minor",
    decide: () =>
      put({
        name: "userpool",
        cluster: cluster({ currentKubernetesVersion: "1.34.1", spec: { kubernetesVersion: "1.34.1" } }),
        pools: [system(), user({ currentOrchestratorVersion: "1.32.7" })],
        properties: { orchestratorVersion: "1.34.1" },
      }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Upgrading Kubernetes version 1.32.7 to 1.34.1 is not allowed. Available upgrades: [1.33.3 1.33.2]. Please see https://aka.ms/aks-supported-k8s-ver for version details." },
  },

  // --- stop / start ---
  {
    name: "stop a user pool: deallocated; goal power Stopped at once",
    decide: () => put({ name: "userpool", properties: { powerState: { code: "Stopped" } } }),
    check: (d) => {
      const o = theOp(d, { verb: "Stopping", pool: "userpool" });
      assert.deepEqual(stepNames(o.steps), ["Deallocating scale set aks-userpool-12345678-vmss", "Stopping agent pool userpool"]);
      assert.deepEqual(o.steps.map((s) => s.action), [{ type: "setScaleSetPower", power: "deallocated" }, { type: "setPoolPower", pool: "userpool", power: "Stopped" }]);
      assert.equal(d.pool.powerState, "Stopped");
      assert.equal(d.pool.spec["powerState"], undefined, "powerState is state, not spec");
      assert.equal(d.pool.spec["count"], 2);
    },
  },
  {
    name: "start a stopped pool",
    decide: () => put({ name: "userpool", pools: [system(), user({ powerState: "Stopped" })], properties: { powerState: { code: "Running" } } }),
    check: (d) => {
      const o = theOp(d, { verb: "Starting", pool: "userpool" });
      assert.deepEqual(stepNames(o.steps), ["Starting scale set aks-userpool-12345678-vmss", "Starting agent pool userpool"]);
      assert.deepEqual(o.steps.map((s) => s.action), [{ type: "setScaleSetPower", power: "running" }, { type: "setPoolPower", pool: "userpool", power: "Running" }]);
      assert.equal(d.pool.powerState, "Running");
    },
  },
  {
    name: "powerState as it already is: an update, not a start",
    decide: () => put({ name: "userpool", properties: { powerState: { code: "Running" } } }),
    check: (d) => {
      const o = theOp(d, { verb: "Updating", pool: "userpool" });
      assert.deepEqual(stepNames(o.steps), ["Reconciling agent pool userpool"]);
    },
  },
  {
    name: "a system pool may stop while another system pool runs",
    decide: () => put({ name: "nodepool1", pools: [system(), pool("sys2"), user()], properties: { powerState: { code: "Stopped" } } }),
    check: (d) => assert.deepEqual([d.pool.provisioningState, d.pool.powerState], ["Stopping", "Stopped"]),
  },
  {
    name: "the last running system pool cannot stop",
    decide: () => put({ name: "nodepool1", properties: { powerState: { code: "Stopped" } } }),
    refused: { status: 400, code: "InvalidParameter", message: LAST_RUNNING_SYSTEM },
  },
  {
    name: "start with a new count and version in the same PUT: refused, the power change runs alone",
    decide: () => put({ name: "userpool", cluster: cluster({ currentKubernetesVersion: "1.33.3", spec: { kubernetesVersion: "1.33.3" } }), pools: [system(), user({ powerState: "Stopped" })], properties: { powerState: { code: "Running" }, count: 5, orchestratorVersion: "1.33.3" } }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter agentPoolProfile.powerState is invalid: the power state cannot be changed together with other properties (orchestratorVersion, count). Start or stop the agent pool first, then update it." },
  },
  {
    name: "stop with a new count: refused",
    decide: () => put({ name: "userpool", properties: { powerState: { code: "Stopped" }, count: 1 } }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter agentPoolProfile.powerState is invalid: the power state cannot be changed together with other properties (count). Start or stop the agent pool first, then update it." },
  },
  {
    name: "a stopped sibling system pool does not count",
    decide: () => put({ name: "nodepool1", pools: [system(), pool("sys2", { powerState: "Stopped" })], properties: { powerState: { code: "Stopped" } } }),
    refused: { status: 400, code: "InvalidParameter", message: LAST_RUNNING_SYSTEM },
  },

  // --- mode ---
  {
    name: "System to User when another System pool exists",
    decide: () => put({ name: "nodepool1", pools: [system(), pool("sys2")], properties: { mode: "User" } }),
    check: (d) => {
      theOp(d, { verb: "Updating", pool: "nodepool1" });
      assert.equal(d.pool.spec["mode"], "User");
    },
  },
  {
    name: "System to User with no other System pool",
    decide: () => put({ name: "nodepool1", properties: { mode: "User" } }),
    refused: { status: 400, code: "InvalidParameter", message: SYSTEM_REQUIRED },
  },
  {
    name: "User to System",
    decide: () => put({ name: "userpool", properties: { mode: "System" } }),
    check: (d) => {
      const o = theOp(d, { verb: "Updating", pool: "userpool" });
      assert.deepEqual(stepNames(o.steps), ["Reconciling agent pool userpool"]);
      assert.equal(d.pool.spec["mode"], "System");
    },
  },

  // --- conflicts come first ---
  {
    name: "while a cluster operation runs",
    decide: () => put({ name: "userpool", active: [op({ verb: "Upgrading" })], properties: { count: 4 } }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another operation (Upgrading) is in progress, ${PENDING}` },
  },
  {
    name: "conflict before details: a bad version and count during a cluster upgrade is a 409",
    decide: () => put({ name: "userpool", active: [op({ verb: "Upgrading" })], properties: { orchestratorVersion: "2.0.0", count: -5 } }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another operation (Upgrading) is in progress, ${PENDING}` },
  },
  {
    name: "conflict before details: stopping the last system pool while it scales",
    decide: () => put({ name: "nodepool1", active: [op({ operationType: "PutAgentPool", poolName: "nodepool1", verb: "Scaling" })], properties: { powerState: { code: "Stopped" } } }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another agentpool operation (nodepool1 - Scaling) is in progress, ${PENDING}` },
  },
  {
    name: "another pool's operation does not block",
    decide: () => put({ name: "userpool", active: [op({ operationType: "PutAgentPool", poolName: "nodepool1", verb: "Scaling" })], properties: { count: 3 } }),
    check: (d) => theOp(d, { verb: "Scaling", pool: "userpool" }),
  },
  {
    name: "on a stopped cluster",
    decide: () => put({ name: "userpool", cluster: cluster({ powerState: "Stopped", currentKubernetesVersion: "1.33.3", spec: { kubernetesVersion: "1.33.3" } }), properties: { count: 3 } }),
    refused: { status: 400, code: "OperationNotAllowed", message: "An error has occurred in subscription s, resourceGroup: rg request: Managed Cluster is in stopped state, no operations except for start are allowed." },
  },
  {
    name: "after the pool's deletion was issued, an upgrade names 'Upgrading'",
    decide: () => put({ name: "userpool", pools: [system(), user({ deletion: { operationId: "d", startedAt: T0 } })], properties: { orchestratorVersion: "1.33.3" } }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Upgrading' operation on 'userpool' since deletion was issued on 'userpool'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "after the cluster's deletion was issued, a new pool names 'Creating'",
    decide: () => put({ name: "newpool", cluster: cluster({ deletion: { operationId: "d", startedAt: T0 } }), properties: { count: 1 } }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Creating' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
];

for (const c of cases) {
  test(`pool PUT: ${c.name}`, () => {
    const result = c.decide();
    if (c.refused) return assertRefused(result, c.refused);
    c.check!(decided(result));
  });
}

test("pool PUT: the input records are not mutated", () => {
  const pools = [system(), user()];
  const snapshot = structuredClone(pools);
  decided(put({ name: "userpool", pools, properties: { orchestratorVersion: "1.33.3", count: 5 } }));
  assert.deepEqual(pools, snapshot);
});

