// Every loaded cluster world, alive in virtual time: the engine's attached work (Engine.attach).
// Each world's simulation (world-sim.ts) says when it is next due; the engine runs it at that
// virtual instant, in time order with operation steps, so a manual clock moves nothing until
// advanced, an instant clock runs to quiescence and a realtime clock follows its speed. After
// operation steps (nodes joining, leaving, turning NotReady), the worlds' nodes are mirrored again
// and the worlds of deleted clusters are dropped from memory and from the store.
import type { KubeClusterFacts } from "./clusters.js";
import { systemWorkloads } from "./system-workloads.js";
import type { World } from "./world.js";
import { WorldSim } from "./world-sim.js";

export type KubeSimulationDeps = {
  now(): number;
  newId(): string;
  /**
   * Brings the world of the cluster named `fqdn` up to its provider's nodes (KubeApi.stateOf);
   * answers whether the cluster still exists and whether its API server is up.
   */
  refresh(fqdn: string): { exists: boolean; reachable: boolean };
  /** Drops the worlds (memory and store) of clusters that no longer exist. */
  prune(): void;
  onError(err: unknown): void;
};

export function createKubeSimulation(deps: KubeSimulationDeps) {
  const sims = new Map<string, WorldSim>();
  let wake: () => void = () => {};

  function attach(world: World, cluster: KubeClusterFacts, fresh: boolean): void {
    sims.get(world.id)?.close();
    // A new world starts with the cluster: its system components run from the cluster's creation on.
    const sim = new WorldSim(world, cluster.fqdn, { now: deps.now, newId: deps.newId, wake: () => wake(), onError: deps.onError }, fresh ? Math.min(cluster.createdAt, deps.now()) : deps.now());
    sims.set(world.id, sim);
    if (fresh) {
      // Caught up at once, before the request that loaded the world goes on: what it writes is newer.
      world.write(systemWorkloads(cluster, deps.newId));
      sim.settle(deps.now());
    }
    wake();
  }

  return {
    attach,
    forget(id: string): void {
      sims.get(id)?.close();
      sims.delete(id);
    },
    forgetAll(): void {
      for (const s of sims.values()) s.close();
      sims.clear();
    },
    /** The engine's handle, to say the next due instant moved. */
    setWake(f: () => void): void {
      wake = f;
    },
    work: {
      nextDue(): number | undefined {
        let best: number | undefined;
        for (const s of sims.values()) {
          const at = s.nextDue();
          if (at !== undefined && (best === undefined || at < best)) best = at;
        }
        return best;
      },
      run(at: number): void {
        for (const s of sims.values()) {
          const due = s.nextDue();
          if (due !== undefined && due <= at) s.run(at);
        }
      },
      stepsApplied(): void {
        for (const [id, s] of [...sims]) {
          const r = deps.refresh(s.fqdn);
          if (!r.exists) {
            s.close();
            sims.delete(id);
          } else s.paused = !r.reachable;
        }
        deps.prune();
      },
    },
  };
}

export type KubeSimulation = ReturnType<typeof createKubeSimulation>;
