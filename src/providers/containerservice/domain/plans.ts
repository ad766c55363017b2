// Operation plans: ordered, named steps with simulated durations realistic for AKS. A plan is
// data (see StepAction), built once when the operation is accepted, so it survives restarts.
import { NAMESPACE } from "./keys.js";
import type { AksStep as Step, NodeRecord, PoolRecord, PowerState, StepAction } from "./records.js";

const s = (seconds: number) => seconds * 1000;
const step = (name: string, seconds: number, action: StepAction = { type: "progress" }): Step => ({ name, durationMs: s(seconds), action });

// Nodes of one pool boot in parallel on real AKS: the pool takes about 90 s whatever its size,
// so each node step gets a share of that (never less than 2 s).
const nodeBootSeconds = (count: number) => Math.max(2, 90 / Math.max(1, count));

/** The 8 digits of a pool's scale set name (aks-<pool>-<digits>-vmss): a stable hash (FNV-1a). */
export function vmssDigits(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return String(h % 100000000).padStart(8, "0");
}

export function nodeName(pool: Pick<PoolRecord, "name" | "vmssDigits">, instanceId: number): string {
  return `aks-${pool.name}-${pool.vmssDigits}-vmss${instanceId.toString(36).padStart(6, "0")}`;
}

export function vmssName(pool: Pick<PoolRecord, "name" | "vmssDigits">): string {
  return `aks-${pool.name}-${pool.vmssDigits}-vmss`;
}

export function addNodesSteps(pool: PoolRecord, count: number, version: string): Step[] {
  return Array.from({ length: count }, (_, i) =>
    step(`Provisioning node ${nodeName(pool, pool.nextInstanceId + i)}`, nodeBootSeconds(count), { type: "addNode", pool: pool.name, version, surge: false }),
  );
}

export function createPoolSteps(pool: PoolRecord, count: number, version: string): Step[] {
  return [step(`Creating scale set ${vmssName(pool)}`, 30), ...addNodesSteps(pool, count, version)];
}

export function createClusterPlan(pools: readonly { pool: PoolRecord; count: number; version: string }[], version: string): Step[] {
  return [
    step("Creating virtual network, load balancer and managed identities", 30),
    step("Provisioning control plane", 90, { type: "setControlPlaneVersion", version }),
    ...pools.flatMap((p) => createPoolSteps(p.pool, p.count, p.version)),
    step("Installing system add-ons", 40),
  ];
}

/** Each node is cordoned and drained before it is deleted. */
export function removeNodesSteps(pool: PoolRecord, nodes: readonly NodeRecord[]): Step[] {
  return nodes.flatMap((n) => [
    step(`Cordoning node ${n.name}`, 2, { type: "setNodeState", pool: pool.name, node: n.name, state: "Cordoned" }),
    step(`Draining node ${n.name}`, 20, { type: "setNodeState", pool: pool.name, node: n.name, state: "Draining" }),
    step(`Deleting node ${n.name}`, 15, { type: "removeNode", pool: pool.name, node: n.name }),
  ]);
}

/** Scale in removes the newest nodes first, each cordoned and drained before deletion. */
export function scalePoolSteps(pool: PoolRecord, targetCount: number, version: string): Step[] {
  const current = pool.nodes.filter((n) => !n.surge);
  if (targetCount > current.length) {
    return [step(`Scaling scale set ${vmssName(pool)} to ${targetCount}`, 10), ...addNodesSteps(pool, targetCount - current.length, version)];
  }
  const removed = [...current].sort((a, b) => b.instanceId - a.instanceId).slice(0, current.length - targetCount);
  return [step(`Scaling scale set ${vmssName(pool)} to ${targetCount}`, 10), ...removeNodesSteps(pool, removed)];
}

/** maxSurge is a node count ("3") or a percentage of the pool ("33%"), rounded up; default 10%. */
export function surgeCount(maxSurge: unknown, nodeCount: number): number {
  const raw = typeof maxSurge === "string" && maxSurge.trim() !== "" ? maxSurge.trim() : "10%";
  const n = raw.endsWith("%") ? Math.ceil((Number(raw.slice(0, -1)) / 100) * nodeCount) : Number(raw);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, Math.max(1, nodeCount)) : 1;
}

/**
 * Rolling node image upgrade as AKS does it: add maxSurge new nodes, then for each old node
 * cordon, drain, reimage to the new version and uncordon; the surge nodes go away at the end.
 */
export function upgradePoolSteps(pool: PoolRecord, version: string): Step[] {
  const nodes: NodeRecord[] = pool.nodes.filter((n) => !n.surge).sort((a, b) => a.instanceId - b.instanceId);
  const surge = surgeCount((pool.spec["upgradeSettings"] as Record<string, unknown> | undefined)?.["maxSurge"], nodes.length);
  const steps: Step[] = [];
  for (let i = 0; i < surge && nodes.length > 0; i++) {
    steps.push(step(`Adding surge node ${nodeName(pool, pool.nextInstanceId + i)}`, 60, { type: "addNode", pool: pool.name, version, surge: true }));
  }
  for (const n of nodes) {
    steps.push(
      step(`Cordoning node ${n.name}`, 2, { type: "setNodeState", pool: pool.name, node: n.name, state: "Cordoned" }),
      step(`Draining node ${n.name}`, 30, { type: "setNodeState", pool: pool.name, node: n.name, state: "Draining" }),
      step(`Reimaging node ${n.name} to ${version}`, 60, { type: "reimageNode", pool: pool.name, node: n.name, version }),
      step(`Uncordoning node ${n.name}`, 2, { type: "setNodeState", pool: pool.name, node: n.name, state: "Ready" }),
    );
  }
  if (nodes.length > 0) steps.push(step(`Removing surge nodes of ${vmssName(pool)}`, 20, { type: "removeSurgeNodes", pool: pool.name }));
  steps.push(step(`Completing upgrade of agent pool ${pool.name}`, 2, { type: "setPoolVersion", pool: pool.name, version }));
  return steps;
}

/**
 * A pool's upgrade and/or scale in one plan. Scaling out after an upgrade names its new nodes
 * after the surge nodes the upgrade took instance ids for, so step names match the nodes created.
 */
export function upgradeAndScaleSteps(pool: PoolRecord, o: { upgradeTo?: string; scaleTo?: number; version: string }): Step[] {
  const upgrade = o.upgradeTo !== undefined ? upgradePoolSteps(pool, o.upgradeTo) : [];
  const surgeIds = upgrade.filter((st) => st.action.type === "addNode").length;
  const scale = o.scaleTo !== undefined ? scalePoolSteps({ ...pool, nextInstanceId: pool.nextInstanceId + surgeIds }, o.scaleTo, o.version) : [];
  return [...upgrade, ...scale];
}

export function controlPlaneUpgradeSteps(version: string): Step[] {
  return [step(`Upgrading control plane to ${version}`, 120, { type: "setControlPlaneVersion", version })];
}

export function reconcilePoolSteps(pool: PoolRecord): Step[] {
  return [step(`Reconciling agent pool ${pool.name}`, 15)];
}

export function rotateCertificatesSteps(): Step[] {
  return [step("Rotating control plane certificates", 120)];
}

export function reconcileControlPlaneSteps(): Step[] {
  return [step("Reconciling control plane", 30)];
}

export function poolPowerSteps(pool: PoolRecord, power: PowerState): Step[] {
  return power === "Stopped"
    ? [step(`Deallocating scale set ${vmssName(pool)}`, 30, { type: "setPoolPower", pool: pool.name, power })]
    : [step(`Starting scale set ${vmssName(pool)}`, 60, { type: "setPoolPower", pool: pool.name, power })];
}

export function stopClusterPlan(pools: readonly PoolRecord[]): Step[] {
  return [...pools.flatMap((p) => poolPowerSteps(p, "Stopped")), step("Stopping control plane", 60, { type: "setClusterPower", power: "Stopped" })];
}

export function startClusterPlan(pools: readonly PoolRecord[]): Step[] {
  return [step("Starting control plane", 60, { type: "setClusterPower", power: "Running" }), ...pools.flatMap((p) => poolPowerSteps(p, "Running"))];
}

export function deletePoolSteps(pool: PoolRecord): Step[] {
  return [
    ...pool.nodes.map((n) => step(`Deleting node ${n.name}`, 10, { type: "removeNode", pool: pool.name, node: n.name })),
    step(`Deleting scale set ${vmssName(pool)}`, 20, { type: "deletePool", pool: pool.name }),
  ];
}

/** Targeted at the cluster, so a resource group delete can run these steps for each of its clusters. */
export function deleteClusterPlan(clusterKey: string, pools: readonly PoolRecord[]): Step[] {
  return [
    ...pools.flatMap((p) => deletePoolSteps(p)),
    step("Deleting control plane", 45),
    step("Deleting virtual network, load balancer and node resource group", 30, { type: "deleteCluster" }),
  ].map((st) => ({ ...st, provider: NAMESPACE, target: clusterKey }));
}

export function patchTagsPlan(): Step[] {
  return [step("Updating tags", 5)];
}
