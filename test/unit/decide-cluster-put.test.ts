// A managed cluster PUT, case by case: create, scale, upgrade, update, reconcile, and the AKS
// texts of what it refuses (conflicts judged before the request's details).
import assert from "node:assert/strict";
import { test } from "node:test";
import { decideClusterPut, type ClusterPutDecision, type ClusterPutInput } from "../../src/providers/containerservice/domain/cluster-put.js";
import { vmssName } from "../../src/providers/containerservice/domain/plans.js";
import type { AksOperation, ClusterRecord, Json, PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import type { AksRefusal } from "../../src/providers/containerservice/errors.js";
import { cluster, KEY, op, pool, T0 } from "./support/records.js";
import { assertRefused, decided, ids, poolIn, stepActions, stepNames, type Expected, node, upgradeSteps, afterLoadBalancer } from "./support/world.js";

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";
const LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";
const NOW = T0 + 90_000;
const IDS = { subscriptionId: "s", resourceGroup: "rg", name: "c1", id: cluster().id, key: KEY };

const user = (over: Partial<PoolRecord> = {}) => pool("userpool", { spec: { count: 2, mode: "User", orchestratorVersion: "1.32.7", upgradeSettings: { maxSurge: "10%" } }, ...over });

/** A PUT body: properties plus optional envelope fields. */
const body = (properties: Json, envelope: Json = {}): Json => ({ location: "eastus", ...envelope, properties });

function put(o: { body: Json; existing?: ClusterRecord; pools?: PoolRecord[]; active?: AksOperation[] }): ClusterPutDecision | AksRefusal {
  const input: ClusterPutInput = {
    ids: IDS,
    location: "eastus",
    body: o.body,
    existing: o.existing,
    pools: o.pools ?? [],
    active: o.active ?? [],
    now: NOW,
    actor: { id: "actor-1", type: "User", tenantId: "tenant-1" },
    newId: ids("gen"),
  };
  return decideClusterPut(input);
}

/** An existing cluster at 1.32.7 with a 3-node system pool and a 2-node user pool. */
const existing = (over: Partial<ClusterRecord> = {}) => ({ existing: cluster(over), pools: [pool("nodepool1"), user()] });

function theOp(d: ClusterPutDecision, o: { verb: string; touched: string[] }): AksOperation {
  assert.deepEqual(d.operations, [d.operation]);
  const x = d.operation;
  assert.deepEqual(
    { type: x.operationType, verb: x.verb, status: x.status, result: x.result, poolName: x.poolName, touched: x.touchedPools, parent: x.parent, start: x.startTime },
    { type: "PutManagedCluster", verb: o.verb, status: "InProgress", result: "resource", poolName: undefined, touched: o.touched, parent: KEY, start: NOW },
  );
  assert.equal(d.world.cluster.provisioningState, o.verb, "the cluster shows the operation's verb");
  for (const t of o.touched) assert.equal(poolIn(d.world, t).provisioningState, o.verb, `touched pool ${t} shows the verb`);
  return x;
}

const poolStates = (d: ClusterPutDecision) => Object.fromEntries([...d.world.pools].map(([k, p]) => [k, p?.provisioningState]));


type Case = { name: string; decide: () => ClusterPutDecision | AksRefusal; refused?: Expected; check?: (d: ClusterPutDecision) => void };

const cases: Case[] = [
  // --- create ---
  {
    name: "create: default version, first pool becomes System, control plane then pools then add-ons",
    decide: () => put({ body: body({ dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: 2 }, { name: "userpool", count: 1 }] }, { tags: { env: "dev" } }) }),
    check: (d) => {
      assert.equal(d.created, true);
      const o = theOp(d, { verb: "Creating", touched: ["nodepool1", "userpool"] });
      const np = poolIn(d.world, "nodepool1");
      const up = poolIn(d.world, "userpool");
      assert.deepEqual(stepNames(o.steps), [
        "Creating node resource group MC_rg_c1_eastus",
        "Creating virtual network, load balancer and managed identities",
        "Provisioning control plane",
        `Creating scale set ${vmssName(np)}`,
        `Provisioning node ${vmssName(np)}000000`,
        `Provisioning node ${vmssName(np)}000001`,
        `Creating scale set ${vmssName(up)}`,
        `Provisioning node ${vmssName(up)}000000`,
        "Installing system add-ons",
      ]);
      // The node resource group (Microsoft.Resources) first, managed by the cluster.
      assert.deepEqual([o.steps[0]!.provider, o.steps[0]!.target, o.steps[0]!.action], [
        "Microsoft.Resources",
        "/subscriptions/s/resourcegroups/mc_rg_c1_eastus",
        { type: "createResourceGroup", group: { id: "/subscriptions/s/resourceGroups/MC_rg_c1_eastus", location: "eastus", managedBy: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1", tags: { "aks-managed-cluster-name": "c1", "aks-managed-cluster-rg": "rg" } } },
      ]);
      assert.deepEqual(o.steps[2]!.action, { type: "setControlPlaneVersion", version: "1.33.3" });
      // Each pool's scale set is Compute's: created with its instances (one PUT), then each node joins.
      const create = o.steps[3]!;
      assert.equal(create.provider, "Microsoft.Compute");
      assert.equal(create.target, `/subscriptions/s/resourcegroups/mc_rg_c1_eastus/providers/microsoft.compute/virtualmachinescalesets/${vmssName(np)}`);
      const action = create.action as { type: string; add: number[]; model: Record<string, unknown> };
      assert.deepEqual([action.type, action.add, action.model["id"], action.model["vmSize"], action.model["computerNamePrefix"], action.model["location"]], [
        "putScaleSet", [0, 1], `/subscriptions/s/resourceGroups/MC_rg_c1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/${vmssName(np)}`, "Standard_DS2_v2", vmssName(np), "eastus",
      ]);
      assert.deepEqual(o.steps[4]!.action, { type: "addNode", pool: "nodepool1", version: "1.33.3", surge: false });
      const c = d.world.cluster;
      assert.deepEqual([c.provisioningState, c.powerState, c.currentKubernetesVersion, c.spec["kubernetesVersion"], c.location], ["Creating", "Running", "1.33.3", "1.33.3", "eastus"]);
      assert.deepEqual(c.envelope["tags"], { env: "dev" });
      assert.deepEqual(c.envelope["sku"], { name: "Base", tier: "Free" });
      assert.deepEqual(c.envelope["identity"], { type: "SystemAssigned", principalId: "gen-2", tenantId: "tenant-1" });
      assert.equal(c.uid, "gen1", "the cluster's uid is the first id drawn (its Kubernetes world and private DNS name derive from it)");
      assert.equal(c.spec["nodeResourceGroup"], "MC_rg_c1_eastus");
      assert.deepEqual([np.spec["mode"], np.spec["count"], np.nodes.length, np.currentOrchestratorVersion, np.powerState], ["System", 2, 0, "1.33.3", "Running"]);
      assert.deepEqual([up.spec["mode"], up.spec["count"]], ["User", 1]);
      assert.deepEqual(c.systemData, { createdBy: "actor-1", createdByType: "User", createdAt: NOW, lastModifiedBy: "actor-1", lastModifiedByType: "User", lastModifiedAt: NOW });
      assert.notEqual(np.vmssDigits, up.vmssDigits);
      assert.match(np.vmssDigits, /^\d{8}$/);
    },
  },
  {
    name: "create: an explicit System pool second leaves the first as User",
    decide: () => put({ body: body({ kubernetesVersion: "1.32", agentPoolProfiles: [{ name: "userpool", count: 1 }, { name: "sys", count: 1, mode: "System" }] }) }),
    check: (d) => {
      assert.deepEqual([poolIn(d.world, "userpool").spec["mode"], poolIn(d.world, "sys").spec["mode"]], ["User", "System"]);
      assert.equal(d.world.cluster.currentKubernetesVersion, "1.32.7", "a minor resolves to its newest patch");
      assert.equal(d.world.cluster.spec["kubernetesVersion"], "1.32", "the spec keeps what the caller asked");
    },
  },
  {
    name: "create without agent pools",
    decide: () => put({ body: body({ kubernetesVersion: "1.33.3" }) }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details." },
  },
  {
    name: "create with an unsupported version",
    decide: () => put({ body: body({ kubernetesVersion: "1.29.4", agentPoolProfiles: [{ name: "nodepool1" }] }) }),
    refused: { status: 400, code: "K8sVersionNotSupported", message: `Managed cluster c1 is on version 1.29.4 which is not supported in this region. ${LINK}` },
  },
  {
    name: "create with a pool version that is not offered",
    decide: () => put({ body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", orchestratorVersion: "1.33.9" }] }) }),
    refused: { status: 400, code: "AgentPoolK8sVersionNotSupported", message: `Version 1.33.9 is not supported in this region. ${LINK}` },
  },
  {
    name: "create with a pool newer than the control plane",
    decide: () => put({ body: body({ kubernetesVersion: "1.32.7", agentPoolProfiles: [{ name: "nodepool1", orchestratorVersion: "1.33.3" }] }) }),
    refused: {
      status: 400,
      code: "NodePoolMcVersionIncompatible",
      message: "Node pool version 1.33.3 and control plane version 1.32.7 is incompatible. Node pool version cannot be greater than control plane version. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).",
    },
  },
  {
    name: "duplicate pool names",
    decide: () => put({ body: body({ agentPoolProfiles: [{ name: "nodepool1" }, { name: "userpool" }, { name: "nodepool1" }] }) }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter properties.agentPoolProfiles[2].name is invalid: agent pool name 'nodepool1' is used more than once." },
  },
  {
    name: "an invalid pool name",
    decide: () => put({ body: body({ agentPoolProfiles: [{ name: "Node-Pool" }] }) }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter agentPoolProfile.name is invalid. Please see https://aka.ms/aks-naming-rules for more details." },
  },
  {
    name: "a system pool with zero nodes",
    decide: () => put({ body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 0 }] }) }),
    refused: {
      status: 400,
      code: "InvalidParameter",
      message: "agentPoolProfile.count was 0. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.",
    },
  },

  // --- scale ---
  {
    name: "scale out one pool: only that pool is touched, new nodes get the next instance ids",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.32.7", agentPoolProfiles: [{ name: "nodepool1", count: 5 }, { name: "userpool", count: 2, mode: "User" }] }) }),
    check: (d) => {
      assert.equal(d.created, false);
      const o = theOp(d, { verb: "Scaling", touched: ["nodepool1"] });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), ["Scaling scale set aks-nodepool1-12345678-vmss to 5", `Provisioning node ${node("nodepool1", 3)}`, `Provisioning node ${node("nodepool1", 4)}`]);
      assert.deepEqual(stepActions(afterLoadBalancer(o.steps)), ["putScaleSet", "addNode", "addNode"]);
      assert.deepEqual((afterLoadBalancer(o.steps)[0]!.action as { add: number[] }).add, [3, 4], "the new nodes' instance ids");
      assert.deepEqual(poolStates(d), { nodepool1: "Scaling", userpool: "Succeeded" });
      assert.equal(poolIn(d.world, "nodepool1").spec["count"], 5);
      assert.equal(poolIn(d.world, "nodepool1").nodes.length, 3, "nodes come with the steps");
      assert.equal(d.world.cluster.currentKubernetesVersion, "1.32.7");
      assert.deepEqual([poolIn(d.world, "nodepool1").systemData.createdAt, poolIn(d.world, "nodepool1").systemData.lastModifiedAt], [pool("nodepool1").systemData.createdAt, NOW]);
    },
  },
  {
    name: "scale out a Failed cluster (a create that stopped early): the node resource group and the cluster's network are made sure of first",
    decide: () => put({ ...existing({ provisioningState: "Failed" }), body: body({ kubernetesVersion: "1.32.7", agentPoolProfiles: [{ name: "nodepool1", count: 4 }, { name: "userpool", count: 2, mode: "User" }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Scaling", touched: ["nodepool1"] });
      assert.deepEqual(stepNames(o.steps), ["Reconciling node resource group MC_rg_c1_eastus", "Reconciling virtual network and load balancer", "Scaling scale set aks-nodepool1-12345678-vmss to 4", `Provisioning node ${node("nodepool1", 3)}`]);
      assert.deepEqual(stepActions(o.steps), ["createResourceGroup", "ensureClusterNetwork", "putScaleSet", "addNode"]);
    },
  },
  {
    name: "scale in: the newest nodes are cordoned, drained and deleted",
    decide: () => put({ ...existing(), body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 1 }, { name: "userpool", count: 2 }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Scaling", touched: ["nodepool1"] });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), [
        "Scaling scale set aks-nodepool1-12345678-vmss to 1",
        ...[2, 1].flatMap((i) => [`Cordoning node ${node("nodepool1", i)}`, `Draining node ${node("nodepool1", i)}`, `Deleting virtual machine aks-nodepool1-12345678-vmss_${i}`, `Deleting node ${node("nodepool1", i)}`]),
      ]);
    },
  },

  // --- upgrade ---
  {
    name: "upgrade the control plane: the pools follow with rolling upgrades, all show Upgrading",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", count: 3 }, { name: "userpool", count: 2 }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Upgrading", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), ["Upgrading control plane to 1.33.3", ...upgradeSteps("nodepool1", 3, "1.33.3"), ...upgradeSteps("userpool", 2, "1.33.3")]);
      assert.deepEqual(afterLoadBalancer(o.steps)[0]!.action, { type: "setControlPlaneVersion", version: "1.33.3" });
      assert.deepEqual(o.steps.at(-1)!.action, { type: "setPoolVersion", pool: "userpool", version: "1.33.3" });
      assert.equal(d.world.cluster.currentKubernetesVersion, "1.32.7", "the version moves with its step");
      assert.equal(d.world.cluster.spec["kubernetesVersion"], "1.33.3");
      assert.deepEqual([poolIn(d.world, "nodepool1").spec["orchestratorVersion"], poolIn(d.world, "nodepool1").currentOrchestratorVersion], ["1.33.3", "1.32.7"]);
    },
  },
  {
    name: "upgrade and scale in one PUT: Upgrading; each pool's upgrade, then its scale",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", count: 4 }, { name: "userpool", count: 2 }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Upgrading", touched: ["nodepool1", "userpool"] });
      const names = stepNames(afterLoadBalancer(o.steps));
      assert.deepEqual(names.slice(0, 1 + upgradeSteps("nodepool1", 3, "1.33.3").length), ["Upgrading control plane to 1.33.3", ...upgradeSteps("nodepool1", 3, "1.33.3")]);
      const scaleAt = names.indexOf("Scaling scale set aks-nodepool1-12345678-vmss to 4");
      assert.equal(scaleAt, 1 + upgradeSteps("nodepool1", 3, "1.33.3").length, "the scale follows the pool's upgrade");
      assert.deepEqual(afterLoadBalancer(o.steps)[scaleAt + 1]!.action, { type: "addNode", pool: "nodepool1", version: "1.33.3", surge: false });
      assert.equal(afterLoadBalancer(o.steps)[scaleAt + 1]!.name, `Provisioning node ${node("nodepool1", 4)}`, "named after the surge node's id (3)");
      assert.deepEqual(names.slice(scaleAt + 2), upgradeSteps("userpool", 2, "1.33.3"));
    },
  },
  {
    name: "upgrade the control plane only: every pool keeps its (specified) version",
    decide: () =>
      put({ ...existing(), body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", count: 3, orchestratorVersion: "1.32.7" }, { name: "userpool", count: 2, orchestratorVersion: "1.32.7" }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Upgrading", touched: [] });
      assert.deepEqual(stepNames(o.steps), ["Upgrading control plane to 1.33.3"]);
      assert.deepEqual(poolStates(d), { nodepool1: "Succeeded", userpool: "Succeeded" });
    },
  },
  {
    name: "upgrade a pool to the control plane's version (all pools specified)",
    decide: () =>
      put({
        existing: cluster({ currentKubernetesVersion: "1.33.3", spec: { kubernetesVersion: "1.33.3" } }),
        pools: [pool("nodepool1", { currentOrchestratorVersion: "1.33.3", spec: { count: 3, mode: "System", orchestratorVersion: "1.33.3" } }), user()],
        body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", count: 3, orchestratorVersion: "1.33.3" }, { name: "userpool", count: 2, orchestratorVersion: "1.33.3" }] }),
      }),
    check: (d) => {
      const o = theOp(d, { verb: "Upgrading", touched: ["userpool"] });
      assert.deepEqual(stepNames(afterLoadBalancer(o.steps)), upgradeSteps("userpool", 2, "1.33.3"));
      assert.deepEqual(poolStates(d), { nodepool1: "Succeeded", userpool: "Upgrading" });
    },
  },
  {
    name: "upgrade that skips a minor",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.34.1", agentPoolProfiles: [{ name: "nodepool1" }, { name: "userpool" }] }) }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Upgrading Kubernetes version 1.32.7 to 1.34.1 is not allowed. Available upgrades: [1.33.3 1.33.2]. Please see https://aka.ms/aks-supported-k8s-ver for version details." },
  },
  {
    name: "a control plane upgrade that skips a minor, pools kept where they are",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.34.1", agentPoolProfiles: [{ name: "nodepool1", orchestratorVersion: "1.32.7" }, { name: "userpool", orchestratorVersion: "1.32.7" }] }) }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Upgrading Kubernetes version 1.32.7 to 1.34.1 is not allowed. Available upgrades: [1.33.3 1.33.2]. Please see https://aka.ms/aks-supported-k8s-ver for version details." },
  },
  {
    name: "downgrade",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.32.6", agentPoolProfiles: [{ name: "nodepool1" }, { name: "userpool" }] }) }),
    refused: { status: 400, code: "OperationNotAllowed", message: "Downgrading Kubernetes version 1.32.7 to 1.32.6 is not allowed. Available upgrades: [1.33.3 1.33.2]. Please see https://aka.ms/aks-supported-k8s-ver for version details." },
  },
  {
    name: "upgrade to a version that is not supported",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.36.0", agentPoolProfiles: [{ name: "nodepool1" }] }) }),
    refused: { status: 400, code: "K8sVersionNotSupported", message: `Managed cluster c1 is on version 1.36.0 which is not supported in this region. ${LINK}` },
  },
  {
    name: "orchestratorVersion given for some pools only",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.32.7", agentPoolProfiles: [{ name: "nodepool1", orchestratorVersion: "1.32.7" }, { name: "userpool" }] }) }),
    refused: {
      status: 400,
      code: "NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged",
      message: "Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all specified, they must be stay unchanged or the same with control plane. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api",
    },
  },
  {
    name: "orchestratorVersion changed to neither the current nor the control plane's version",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", orchestratorVersion: "1.33.2" }, { name: "userpool", orchestratorVersion: "1.32.7" }] }) }),
    refused: {
      status: 400,
      code: "NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged",
      message: "Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all specified, they must be stay unchanged or the same with control plane. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api",
    },
  },

  // --- update / reconcile ---
  {
    name: "update (tags and a spec property): control plane and pools reconciled, Updating",
    decide: () => put({ ...existing(), body: body({ kubernetesVersion: "1.32.7", disableLocalAccounts: true, agentPoolProfiles: [{ name: "nodepool1", count: 3 }, { name: "userpool", count: 2 }] }, { tags: { team: "x" } }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Updating", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(o.steps), ["Reconciling node resource group MC_rg_c1_eastus", "Reconciling control plane", "Reconciling agent pool nodepool1", "Reconciling agent pool userpool"]);
      assert.deepEqual(d.world.cluster.envelope["tags"], { team: "x" });
      assert.equal(d.world.cluster.spec["disableLocalAccounts"], true);
      assert.equal(d.world.cluster.uid, cluster().uid, "the uid is stable");
      assert.equal(d.world.cluster.systemData.createdAt, cluster().systemData.createdAt);
      assert.equal(d.world.cluster.systemData.lastModifiedAt, NOW);
    },
  },
  {
    name: "update adding a pool: the new pool is created (and shows the cluster's Updating), the others untouched",
    decide: () => put({ ...existing(), body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 3 }, { name: "userpool", count: 2 }, { name: "extra", count: 1 }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Updating", touched: ["extra"] });
      const extra = poolIn(d.world, "extra");
      assert.deepEqual(stepNames(o.steps), [`Creating scale set ${vmssName(extra)}`, `Provisioning node ${vmssName(extra)}000000`]);
      assert.deepEqual(poolStates(d), { nodepool1: "Succeeded", userpool: "Succeeded", extra: "Updating" }, "a pool added by a cluster PUT follows the cluster operation");
      assert.equal(extra.spec["mode"], "User");
    },
  },
  {
    name: "reconcile: a PUT that changes nothing on a Failed cluster reconciles everything",
    decide: () => put({ existing: cluster({ provisioningState: "Failed" }), pools: [pool("nodepool1", { provisioningState: "Failed" }), user()], body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 3 }, { name: "userpool", count: 2 }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Updating", touched: ["nodepool1", "userpool"] });
      assert.deepEqual(stepNames(o.steps), ["Reconciling node resource group MC_rg_c1_eastus", "Reconciling control plane", "Reconciling agent pool nodepool1", "Reconciling agent pool userpool"]);
      // Nothing changes on AKS's side; the node resource group, the cluster's network (Network's
      // step) and each pool's scale set are brought back to what AKS holds (created if missing;
      // exactly one instance per node).
      assert.deepEqual(stepActions(o.steps), ["createResourceGroup", "ensureClusterNetwork", "putScaleSet", "putScaleSet"]);
      assert.deepEqual(o.steps.slice(2).map((s) => [(s.action as { add: number[] }).add, (s.action as { exact?: boolean }).exact]), [[[0, 1, 2], true], [[0, 1], true]]);
      assert.deepEqual(poolStates(d), { nodepool1: "Updating", userpool: "Updating" });
    },
  },
  {
    name: "create with fqdnSubdomain: no dnsPrefix is made up (az sends none either)",
    decide: () => put({ body: body({ fqdnSubdomain: "sub1", agentPoolProfiles: [{ name: "nodepool1", count: 1 }] }) }),
    check: (d) => assert.deepEqual([d.world.cluster.spec["fqdnSubdomain"], d.world.cluster.spec["dnsPrefix"]], ["sub1", undefined]),
  },
  {
    name: "create with both dnsPrefix and fqdnSubdomain",
    decide: () => put({ body: body({ dnsPrefix: "c1", fqdnSubdomain: "sub1", agentPoolProfiles: [{ name: "nodepool1", count: 1 }] }) }),
    refused: { status: 400, code: "InvalidParameter", message: "The value of parameter fqdnSubdomain is invalid. Error details: dnsPrefix and fqdnSubdomain cannot be used at same time.. Please see https://aka.ms/aks-naming-rules for more details." },
  },
  {
    name: "the pod CIDR changed",
    decide: () => put({ ...existing({ spec: { kubernetesVersion: "1.32.7", networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16" } } }), body: body({ networkProfile: { podCidr: "10.245.0.0/16" }, agentPoolProfiles: [{ name: "nodepool1", count: 3 }] }) }),
    refused: { status: 400, code: "PropertyChangeNotAllowed", message: "Changing property 'networkProfile.podCidr' is not allowed." },
  },
  {
    name: "kubenet to Azure CNI Overlay with a new pod CIDR: accepted, the rest of the network kept",
    decide: () =>
      put({
        ...existing({ spec: { kubernetesVersion: "1.32.7", networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"], serviceCidr: "10.9.0.0/16", dnsServiceIP: "10.9.0.10" } } }),
        body: body({ networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }, agentPoolProfiles: [{ name: "nodepool1", count: 3 }] }),
      }),
    check: (d) => {
      const n = d.world.cluster.spec["networkProfile"] as Json;
      assert.deepEqual([n["networkPlugin"], n["networkPluginMode"], n["podCidr"], n["podCidrs"], n["serviceCidr"], n["dnsServiceIP"]], ["azure", "overlay", "192.168.0.0/16", ["192.168.0.0/16"], "10.9.0.0/16", "10.9.0.10"]);
    },
  },
  {
    name: "a networkProfile that names only the policy keeps the cluster's service network",
    decide: () => put({ ...existing({ spec: { kubernetesVersion: "1.32.7", networkProfile: { networkPlugin: "kubenet", serviceCidr: "10.9.0.0/16", dnsServiceIP: "10.9.0.10" } } }), body: body({ networkProfile: { networkPolicy: "calico" }, agentPoolProfiles: [{ name: "nodepool1", count: 3 }] }) }),
    check: (d) => {
      const n = d.world.cluster.spec["networkProfile"] as Json;
      assert.deepEqual([n["networkPlugin"], n["networkPolicy"], n["serviceCidr"], n["dnsServiceIP"]], ["kubenet", "calico", "10.9.0.0/16", "10.9.0.10"]);
    },
  },
  {
    name: "minCount raised above an autoscaled pool's count through the cluster: the pool scales up to minCount",
    decide: () => put({ ...existing(), body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 3, enableAutoScaling: true, minCount: 5, maxCount: 6 }, { name: "userpool", count: 2 }] }) }),
    check: (d) => {
      const o = theOp(d, { verb: "Scaling", touched: ["nodepool1"] });
      assert.equal(stepNames(afterLoadBalancer(o.steps))[0], "Scaling scale set aks-nodepool1-12345678-vmss to 5");
      assert.equal(poolIn(d.world, "nodepool1").spec["count"], 5);
    },
  },
  {
    name: "a PUT on a stopped cluster is refused",
    decide: () => put({ ...existing({ powerState: "Stopped" }), body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 3 }, { name: "userpool", count: 2 }] }) }),
    refused: { status: 400, code: "OperationNotAllowed", message: "An error has occurred in subscription s, resourceGroup: rg request: Managed Cluster is in stopped state, no operations except for start are allowed." },
  },

  // --- conflicts come first ---
  {
    name: "conflict before details: an unsupported version during an upgrade is a 409",
    decide: () => put({ ...existing({ provisioningState: "Upgrading" }), active: [op({ verb: "Upgrading" })], body: body({ kubernetesVersion: "9.9.9", agentPoolProfiles: [{ name: "BAD_NAME" }] }) }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Operation is not allowed: Another operation (Upgrading) is in progress, ${PENDING}` },
  },
  {
    name: "conflict before details: duplicate names while a pool scales",
    decide: () => put({ ...existing(), active: [op({ operationType: "PutAgentPool", poolName: "userpool", verb: "Scaling" })], body: body({ agentPoolProfiles: [{ name: "nodepool1" }, { name: "nodepool1" }] }) }),
    refused: { status: 409, code: "OperationNotAllowed", message: `Managed Cluster operation is not allowed: Another operation (Scaling) is in progress on agent pool (userpool), ${PENDING}` },
  },
  {
    name: "after deletion was issued, a scaling PUT names 'Scaling'",
    decide: () => put({ ...existing({ deletion: { operationId: "d", startedAt: T0 } }), body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 7 }] }) }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Scaling' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
  {
    name: "after deletion was issued, an upgrading PUT names 'Upgrading' (even a skipping one)",
    decide: () => put({ ...existing({ deletion: { operationId: "d", startedAt: T0 } }), body: body({ kubernetesVersion: "1.34", agentPoolProfiles: [{ name: "nodepool1", count: 7 }] }) }),
    refused: { status: 409, code: "OperationNotAllowed", message: "Unable to perform 'Upgrading' operation on 'c1' since deletion was issued on 'c1'. The only allowed operation is deletion once deletion has started. The delete operation started at '2024-02-21T13:33:55Z' and elapsed time is: '00:01:30' (RFC3339 format)" },
  },
];

for (const c of cases) {
  test(`cluster PUT: ${c.name}`, () => {
    const result = c.decide();
    if (c.refused) return assertRefused(result, c.refused);
    c.check!(decided(result));
  });
}

test("cluster PUT: the input records are not mutated", () => {
  const e = existing();
  const snapshot = structuredClone(e);
  decided(put({ ...e, body: body({ kubernetesVersion: "1.33.3", agentPoolProfiles: [{ name: "nodepool1", count: 5 }, { name: "userpool", count: 1 }] }) }));
  assert.deepEqual(e, snapshot);
});

// AKS documents that a cluster keeps a System pool, whichever way a PUT tries to lose it.
test("cluster PUT: create with only User pools is refused", () => {
  assertRefused(put({ body: body({ agentPoolProfiles: [{ name: "userpool", mode: "User" }] }) }), {
    status: 400,
    code: "InvalidParameter",
    message: "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details.",
  });
});

test("cluster PUT: switching the only System pool to User is refused (as a pool PUT would be)", () => {
  assertRefused(put({ ...existing(), body: body({ agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "User" }, { name: "userpool", count: 2 }] }) }), {
    status: 400,
    code: "InvalidParameter",
    message: "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details.",
  });
});

test("cluster PUT: a reconcile without agentPoolProfiles shows Updating on the pools it touches", () => {
  const d = decided(put({ existing: cluster({ provisioningState: "Failed" }), pools: [pool("nodepool1", { provisioningState: "Failed" }), user()], body: body({ kubernetesVersion: "1.32.7" }) }));
  theOp(d, { verb: "Updating", touched: ["nodepool1", "userpool"] });
});
