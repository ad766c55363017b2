// The world after one plan step: pure, (world, action, time) -> world'.
import { nodeName } from "./plans.js";
import type { ClusterRecord, NodeRecord, PoolRecord, StepAction } from "./records.js";

/** One cluster and its pools, keyed by lower-case pool name. `undefined` means deleted. */
export type ClusterWorld = { cluster: ClusterRecord | undefined; pools: ReadonlyMap<string, PoolRecord | undefined> };

export type StepEffect = { world: ClusterWorld; deleteGroup?: string };

function withPool(world: ClusterWorld, name: string, change: (p: PoolRecord) => PoolRecord | undefined): ClusterWorld {
  const key = name.toLowerCase();
  const pool = world.pools.get(key);
  if (!pool) return world; // already gone (e.g. deleted meanwhile): the step has nothing left to do
  const pools = new Map(world.pools);
  pools.set(key, change(pool));
  return { ...world, pools };
}

const mapNode = (pool: PoolRecord, name: string, change: (n: NodeRecord) => NodeRecord): PoolRecord => ({
  ...pool,
  nodes: pool.nodes.map((n) => (n.name === name ? change(n) : n)),
});

export function applyStep(world: ClusterWorld, action: StepAction, at: number): StepEffect {
  switch (action.type) {
    case "progress":
      return { world };
    case "setControlPlaneVersion":
      return { world: world.cluster ? { ...world, cluster: { ...world.cluster, currentKubernetesVersion: action.version } } : world };
    case "setClusterPower":
      return { world: world.cluster ? { ...world, cluster: { ...world.cluster, powerState: action.power } } : world };
    case "addNode":
      return {
        world: withPool(world, action.pool, (p) => ({
          ...p,
          nextInstanceId: p.nextInstanceId + 1,
          nodes: [...p.nodes, { name: nodeName(p, p.nextInstanceId), instanceId: p.nextInstanceId, version: action.version, state: "Ready", surge: action.surge, createdAt: at }],
        })),
      };
    case "setNodeState":
      return { world: withPool(world, action.pool, (p) => mapNode(p, action.node, (n) => ({ ...n, state: action.state }))) };
    case "reimageNode":
      return { world: withPool(world, action.pool, (p) => mapNode(p, action.node, (n) => ({ ...n, version: action.version, state: "Cordoned" }))) };
    case "removeNode":
      return { world: withPool(world, action.pool, (p) => ({ ...p, nodes: p.nodes.filter((n) => n.name !== action.node) })) };
    case "removeSurgeNodes":
      return { world: withPool(world, action.pool, (p) => ({ ...p, nodes: p.nodes.filter((n) => !n.surge) })) };
    case "setPoolVersion":
      return { world: withPool(world, action.pool, (p) => ({ ...p, currentOrchestratorVersion: action.version })) };
    case "setPoolPower":
      return {
        world: withPool(world, action.pool, (p) => ({
          ...p,
          powerState: action.power,
          nodes: p.nodes.map((n) => ({ ...n, state: action.power === "Stopped" ? "Stopped" : "Ready" })),
        })),
      };
    case "deletePool":
      return { world: withPool(world, action.pool, () => undefined) };
    case "deleteCluster": {
      const pools = new Map([...world.pools.keys()].map((k) => [k, undefined] as const));
      return { world: { cluster: undefined, pools } };
    }
    case "deleteResourceGroup":
      return { world, deleteGroup: action.groupKey };
  }
}
