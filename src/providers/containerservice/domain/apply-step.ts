// The world after one plan step: pure, (world, action, time) -> world' or the error that stops it.
import type { OperationError } from "../../../engine/operations.js";
import { nodeName } from "./plans.js";
import type { ClusterRecord, NodeRecord, PoolRecord, StepAction } from "./records.js";

/** One cluster and its pools, keyed by lower-case pool name. `undefined` means deleted. */
export type ClusterWorld = { cluster: ClusterRecord | undefined; pools: ReadonlyMap<string, PoolRecord | undefined> };

/** A step either moves the world on or fails with the error the operation ends with. */
export type StepOutcome = { world: ClusterWorld } | { error: OperationError };

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

const withCluster = (world: ClusterWorld, change: (c: ClusterRecord) => ClusterRecord): ClusterWorld => (world.cluster ? { ...world, cluster: change(world.cluster) } : world);

function next(world: ClusterWorld, action: StepAction, at: number): ClusterWorld {
  switch (action.type) {
    case "progress":
      return world;
    case "setControlPlaneVersion":
      return withCluster(world, (c) => ({ ...c, currentKubernetesVersion: action.version }));
    case "setClusterPower":
      return withCluster(world, (c) => ({ ...c, powerState: action.power }));
    case "addNode":
      return withPool(world, action.pool, (p) => ({
        ...p,
        nextInstanceId: p.nextInstanceId + 1,
        nodes: [...p.nodes, { name: nodeName(p, p.nextInstanceId), instanceId: p.nextInstanceId, version: action.version, state: "Ready", surge: action.surge, createdAt: at }],
      }));
    case "setNodeState":
      return withPool(world, action.pool, (p) => mapNode(p, action.node, (n) => ({ ...n, state: action.state })));
    case "reimageNode":
      return withPool(world, action.pool, (p) => mapNode(p, action.node, (n) => ({ ...n, version: action.version, state: "Cordoned" })));
    case "removeNode":
      return withPool(world, action.pool, (p) => ({ ...p, nodes: p.nodes.filter((n) => n.name !== action.node) }));
    case "removeSurgeNodes":
      return withPool(world, action.pool, (p) => ({ ...p, nodes: p.nodes.filter((n) => !n.surge) }));
    case "setPoolVersion":
      return withPool(world, action.pool, (p) => ({ ...p, currentOrchestratorVersion: action.version }));
    case "setPoolPower":
      return withPool(world, action.pool, (p) => ({
        ...p,
        powerState: action.power,
        nodes: p.nodes.map((n) => ({ ...n, state: action.power === "Stopped" ? "Stopped" : "Ready" })),
      }));
    case "deletePool":
      return withPool(world, action.pool, () => undefined);
    case "deleteCluster":
      return { cluster: undefined, pools: new Map([...world.pools.keys()].map((k) => [k, undefined] as const)) };
  }
}

/** No AKS step fails on its own yet; failures come from the world around it (faults, quota). */
export function applyStep(world: ClusterWorld, action: StepAction, at: number): StepOutcome {
  return { world: next(world, action, at) };
}
