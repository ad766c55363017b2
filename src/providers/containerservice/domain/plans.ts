// Operation plans: ordered, named steps with simulated durations realistic for AKS. A plan is
// data (see StepAction), built once when the operation is accepted, so it survives restarts.
// A pool's nodes are the instances of its scale set (or the VMs of its availability set): the steps
// that create, scale, stop, start and delete them are Compute's (node-resources.ts), each next to
// the AKS step that follows the node.
import { NAMESPACE } from "./keys.js";
import { availabilitySetVmPrefix, computeStep, createNodeGroupStep, deleteNodeGroupStep, fleetName, isAvailabilitySetPool, ownsNodeGroup, scaleSetModel, type NodeHost } from "./node-resources.js";
import { drainStep } from "./node-drain.js";
import { claimAddressSteps, deleteNetworkStep, ensureNetworkStep, probeOutboundSteps, releaseAddressSteps } from "./node-network.js";
import type { AksStep as Step, Json, NodeRecord, PoolRecord, PowerState, StepAction } from "./records.js";

export { nodeHostOf, vmssDigits, type NodeHost } from "./node-resources.js";

const s = (seconds: number) => seconds * 1000;
const step = (name: string, seconds: number, action: StepAction = { type: "progress" }): Step => ({ name, durationMs: s(seconds), action });

// Nodes of one pool boot in parallel on real AKS: the pool takes about 90 s whatever its size,
// so each node step gets a share of that (never less than 2 s).
const nodeBootSeconds = (count: number) => Math.max(2, 90 / Math.max(1, count));

/** A node's name, its VM's computer name: a scale set instance's, or an availability set VM's (aks-<pool>-<digits>-<index>). */
export function nodeName(pool: Pick<PoolRecord, "name" | "vmssDigits"> & { spec?: Json }, instanceId: number): string {
  if (isAvailabilitySetPool(pool)) return `${availabilitySetVmPrefix(pool)}${instanceId}`;
  return `aks-${pool.name}-${pool.vmssDigits}-vmss${instanceId.toString(36).padStart(6, "0")}`;
}

/** The name of the pool's scale set, or of its availability set. */
export function vmssName(pool: Pick<PoolRecord, "name" | "vmssDigits"> & { spec?: Json }): string {
  return fleetName(pool);
}

/** How step names call what holds the pool's VMs. */
const setWord = (pool: PoolRecord) => (isAvailabilitySetPool(pool) ? "availability set" : "scale set");
/** A VM's name in a step: a scale set VM's `<scale set>_<id>`, an availability set VM's own name. */
const vmLabel = (pool: PoolRecord, instanceId: number) => (isAvailabilitySetPool(pool) ? nodeName(pool, instanceId) : `${vmssName(pool)}_${instanceId}`);

/** The instance ids the next `count` nodes of `pool` take. */
const nextIds = (pool: PoolRecord, count: number) => Array.from({ length: count }, (_, i) => pool.nextInstanceId + i);

/** A Compute step on the pool's scale set (or availability set). */
const onScaleSet = (host: NodeHost, pool: PoolRecord, name: string, seconds: number, action: Parameters<typeof computeStep>[4]) => computeStep(name, s(seconds), host, pool, action);

/**
 * The scale set takes `count` more instances (one scale set PUT: quota and capacity are judged
 * here), their NICs' addresses claimed first in the pool's own subnet (SubnetIsFull is judged
 * there), and their CSE's required egress probed after (OutboundConnFailVMExtensionError).
 */
const allocate = (host: NodeHost, pool: PoolRecord, name: string, seconds: number, count: number, version: string): Step[] => [
  ...claimAddressSteps(host, pool, nextIds(pool, count)),
  onScaleSet(host, pool, name, seconds, { type: "putScaleSet", model: scaleSetModel(host, pool, vmssName(pool), version), add: nextIds(pool, count) }),
  ...probeOutboundSteps(host, pool, nodeName(pool, pool.nextInstanceId)),
];

function addNodesSteps(pool: PoolRecord, count: number, version: string): Step[] {
  return Array.from({ length: count }, (_, i) =>
    step(`Provisioning node ${nodeName(pool, pool.nextInstanceId + i)}`, nodeBootSeconds(count), { type: "addNode", pool: pool.name, version, surge: false }),
  );
}

export function createPoolSteps(host: NodeHost, pool: PoolRecord, count: number, version: string): Step[] {
  return [...allocate(host, pool, `Creating ${setWord(pool)} ${vmssName(pool)}`, 30, count, version), ...addNodesSteps(pool, count, version)];
}

export function createClusterPlan(host: NodeHost, pools: readonly { pool: PoolRecord; count: number; version: string }[], version: string): Step[] {
  return [
    // The node resource group first (5 s of the network's 30), then its network (Network's step:
    // the managed VNet, NSG, load balancer and outbound IPs; PublicIPCountLimitReached is judged there).
    ...(ownsNodeGroup(host) ? [createNodeGroupStep(host)] : []),
    ensureNetworkStep(host, pools.map((p) => p.pool), "Creating virtual network, load balancer and managed identities", s(ownsNodeGroup(host) ? 25 : 30)),
    step("Provisioning control plane", 90, { type: "setControlPlaneVersion", version }),
    ...pools.flatMap((p) => createPoolSteps(host, p.pool, p.count, p.version)),
    step("Installing system add-ons", 40),
  ];
}

/** Each node is cordoned and drained, then its VM deleted and the node removed. */
export function removeNodesSteps(host: NodeHost, pool: PoolRecord, nodes: readonly NodeRecord[]): Step[] {
  return nodes.flatMap((n) => [
    step(`Cordoning node ${n.name}`, 2, { type: "setNodeState", pool: pool.name, node: n.name, state: "Cordoned" }),
    drainStep(host, pool, n, 20),
    onScaleSet(host, pool, `Deleting virtual machine ${vmLabel(pool, n.instanceId)}`, 13, { type: "deleteInstances", instanceIds: [n.instanceId] }),
    ...releaseAddressSteps(host, pool, [n.instanceId]),
    step(`Deleting node ${n.name}`, 2, { type: "removeNode", pool: pool.name, node: n.name }),
  ]);
}

/** Scale in removes the newest nodes first, each cordoned and drained before deletion. */
export function scalePoolSteps(host: NodeHost, pool: PoolRecord, targetCount: number, version: string): Step[] {
  const current = pool.nodes.filter((n) => !n.surge);
  const name = `Scaling ${setWord(pool)} ${vmssName(pool)} to ${targetCount}`;
  if (targetCount > current.length) {
    const more = targetCount - current.length;
    return [...allocate(host, pool, name, 10, more, version), ...addNodesSteps(pool, more, version)];
  }
  const removed = [...current].sort((a, b) => b.instanceId - a.instanceId).slice(0, current.length - targetCount);
  return [step(name, 10), ...removeNodesSteps(host, pool, removed)];
}

/** maxSurge is a node count ("3") or a percentage of the pool ("33%"), rounded up; default 10%. */
export function surgeCount(maxSurge: unknown, nodeCount: number): number {
  const raw = typeof maxSurge === "string" && maxSurge.trim() !== "" ? maxSurge.trim() : "10%";
  const n = raw.endsWith("%") ? Math.ceil((Number(raw.slice(0, -1)) / 100) * nodeCount) : Number(raw);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, Math.max(1, nodeCount)) : 1;
}

/**
 * Rolling node image upgrade as AKS does it: add maxSurge new nodes (their VMs count against the
 * vCPU quota like any other), then for each old node cordon, drain, reimage to the new version and
 * uncordon; the surge nodes and their VMs go away at the end.
 */
export function upgradePoolSteps(host: NodeHost, pool: PoolRecord, version: string): Step[] {
  const nodes: NodeRecord[] = pool.nodes.filter((n) => !n.surge).sort((a, b) => a.instanceId - b.instanceId);
  const surge = nodes.length > 0 ? surgeCount((pool.spec["upgradeSettings"] as Record<string, unknown> | undefined)?.["maxSurge"], nodes.length) : 0;
  const steps: Step[] = [];
  if (surge > 0) steps.push(...allocate(host, pool, `Allocating ${surge} surge instance(s) in ${setWord(pool)} ${vmssName(pool)}`, 10, surge, version));
  for (let i = 0; i < surge; i++) {
    steps.push(step(`Adding surge node ${nodeName(pool, pool.nextInstanceId + i)}`, 60, { type: "addNode", pool: pool.name, version, surge: true }));
  }
  for (const n of nodes) {
    steps.push(
      step(`Cordoning node ${n.name}`, 2, { type: "setNodeState", pool: pool.name, node: n.name, state: "Cordoned" }),
      drainStep(host, pool, n, 30),
      step(`Reimaging node ${n.name} to ${version}`, 60, { type: "reimageNode", pool: pool.name, node: n.name, version }),
      step(`Uncordoning node ${n.name}`, 2, { type: "setNodeState", pool: pool.name, node: n.name, state: "Ready" }),
    );
  }
  if (surge > 0) {
    steps.push(
      onScaleSet(host, pool, `Deleting surge instances of ${setWord(pool)} ${vmssName(pool)}`, 18, { type: "deleteInstances", instanceIds: nextIds(pool, surge) }),
      ...releaseAddressSteps(host, pool, nextIds(pool, surge)),
      step(`Removing surge nodes of ${vmssName(pool)}`, 2, { type: "removeSurgeNodes", pool: pool.name }),
    );
  }
  steps.push(step(`Completing upgrade of agent pool ${pool.name}`, 2, { type: "setPoolVersion", pool: pool.name, version }));
  return steps;
}

/**
 * A pool's upgrade and/or scale in one plan. Scaling out after an upgrade names its new nodes
 * after the surge nodes the upgrade took instance ids for, so step names match the nodes created.
 */
export function upgradeAndScaleSteps(host: NodeHost, pool: PoolRecord, o: { upgradeTo?: string; scaleTo?: number; version: string }): Step[] {
  const upgrade = o.upgradeTo !== undefined ? upgradePoolSteps(host, pool, o.upgradeTo) : [];
  const surgeIds = upgrade.filter((st) => st.action.type === "addNode").length;
  const scale = o.scaleTo !== undefined ? scalePoolSteps(host, { ...pool, nextInstanceId: pool.nextInstanceId + surgeIds }, o.scaleTo, o.version) : [];
  return [...upgrade, ...scale];
}

export function controlPlaneUpgradeSteps(version: string): Step[] {
  return [step(`Upgrading control plane to ${version}`, 120, { type: "setControlPlaneVersion", version })];
}

/**
 * Reconciling a pool brings its scale set to what AKS holds: the scale set exists with the pool's
 * model and one instance per node (a missing one is allocated, quota permitting; one without a
 * node is deleted).
 */
export function reconcilePoolSteps(host: NodeHost, pool: PoolRecord): Step[] {
  const ids = pool.nodes.map((n) => n.instanceId);
  return [...claimAddressSteps(host, pool, ids, { exact: true }), onScaleSet(host, pool, `Reconciling agent pool ${pool.name}`, 15, { type: "putScaleSet", model: scaleSetModel(host, pool, vmssName(pool), pool.currentOrchestratorVersion), add: ids, exact: true })];
}

export function rotateCertificatesSteps(): Step[] {
  return [step("Rotating control plane certificates", 120)];
}

/** The node resource group and the cluster's network again, when they may be missing (created if they are). */
export function ensureNodeGroupSteps(host: NodeHost, pools: readonly PoolRecord[]): Step[] {
  return [...(ownsNodeGroup(host) ? [createNodeGroupStep(host, "Reconciling")] : []), ensureNetworkStep(host, pools, "Reconciling virtual network and load balancer", s(5))];
}

/**
 * Reconciling the control plane recreates the node resource group if it is gone, then what is
 * missing of the cluster's network (AKS's outbound reconciler: its load balancer and outbound IPs).
 */
export function reconcileControlPlaneSteps(host: NodeHost, pools: readonly PoolRecord[]): Step[] {
  return [...(ownsNodeGroup(host) ? [createNodeGroupStep(host, "Reconciling")] : []), ensureNetworkStep(host, pools, "Reconciling control plane", s(ownsNodeGroup(host) ? 25 : 30))];
}

export function poolPowerSteps(host: NodeHost, pool: PoolRecord, power: PowerState): Step[] {
  return power === "Stopped"
    ? [onScaleSet(host, pool, `Deallocating ${setWord(pool)} ${vmssName(pool)}`, 28, { type: "setScaleSetPower", power: "deallocated" }), step(`Stopping agent pool ${pool.name}`, 2, { type: "setPoolPower", pool: pool.name, power })]
    : [onScaleSet(host, pool, `Starting ${setWord(pool)} ${vmssName(pool)}`, 58, { type: "setScaleSetPower", power: "running" }), step(`Starting agent pool ${pool.name}`, 2, { type: "setPoolPower", pool: pool.name, power })];
}

export function stopClusterPlan(host: NodeHost, pools: readonly PoolRecord[]): Step[] {
  return [...pools.flatMap((p) => poolPowerSteps(host, p, "Stopped")), step("Stopping control plane", 60, { type: "setClusterPower", power: "Stopped" })];
}

export function startClusterPlan(host: NodeHost, pools: readonly PoolRecord[]): Step[] {
  return [step("Starting control plane", 60, { type: "setClusterPower", power: "Running" }), ...pools.flatMap((p) => poolPowerSteps(host, p, "Running"))];
}

/**
 * The nodes leave the cluster, then the scale set (with its VMs) is deleted, then the pool. A pool
 * deleted on its own drains each node first (`drain`; PDBs honoured unless `ignoreBudget`); with its
 * cluster, nothing is drained.
 */
export function deletePoolSteps(host: NodeHost, pool: PoolRecord, drain?: { ignoreBudget: boolean }): Step[] {
  return [
    // 10 s a node either way: a drain (when nothing blocks it) does not lengthen a pool's deletion.
    ...pool.nodes.flatMap((n) => [
      ...(drain ? [step(`Cordoning node ${n.name}`, 1, { type: "setNodeState", pool: pool.name, node: n.name, state: "Cordoned" }), drainStep(host, pool, n, 5, drain)] : []),
      step(`Deleting node ${n.name}`, drain ? 4 : 10, { type: "removeNode", pool: pool.name, node: n.name }),
    ]),
    onScaleSet(host, pool, `Deleting ${setWord(pool)} ${vmssName(pool)}`, 18, { type: "deleteScaleSet" }),
    ...releaseAddressSteps(host, pool),
    step(`Deleting agent pool ${pool.name}`, 2, { type: "deletePool", pool: pool.name }),
  ];
}

/**
 * AKS's steps are targeted at the cluster (Compute's at the scale sets, Resources' and Network's
 * at the node resource group), so a resource group delete can run them for each of its clusters.
 */
export function deleteClusterPlan(host: NodeHost, clusterKey: string, pools: readonly PoolRecord[]): Step[] {
  return [
    ...pools.flatMap((p) => deletePoolSteps(host, p)),
    step("Deleting control plane", 45),
    // Its network (Network's step), then the node resource group, then the cluster itself.
    deleteNetworkStep(host, pools, s(18)),
    ...(ownsNodeGroup(host) ? [deleteNodeGroupStep(host)] : []),
    step("Deleting managed cluster", 2, { type: "deleteCluster" }),
  ].map((st) => (st.provider ? st : { ...st, provider: NAMESPACE, target: clusterKey }));
}

export function patchTagsPlan(): Step[] {
  return [step("Updating tags", 5)];
}
