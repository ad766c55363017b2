// Reads a cluster's world (the cluster and its pools) and turns a changed world into store writes.
import type { Change } from "../../engine/step-runner.js";
import type { Reader } from "../../store/store.js";
import type { ClusterWorld } from "./domain/apply-step.js";
import { poolKey } from "./domain/keys.js";
import type { AksOperation, ClusterRecord, PoolRecord } from "./domain/records.js";

export function getCluster(store: Reader, key: string): ClusterRecord | undefined {
  const r = store.get<ClusterRecord>("resources", key);
  return r?.kind === "managedCluster" ? r : undefined;
}

export function getPool(store: Reader, clusterKeyValue: string, name: string): PoolRecord | undefined {
  const r = store.get<PoolRecord>("resources", poolKey(clusterKeyValue, name));
  return r?.kind === "agentPool" ? r : undefined;
}

export function getPools(store: Reader, clusterKeyValue: string): PoolRecord[] {
  return store
    .group<PoolRecord>("resources", clusterKeyValue)
    .filter((p) => p.kind === "agentPool")
    .sort((a, b) => a.systemData.createdAt - b.systemData.createdAt || a.name.localeCompare(b.name));
}

export function loadWorld(store: Reader, clusterKeyValue: string): ClusterWorld {
  return {
    cluster: getCluster(store, clusterKeyValue),
    pools: new Map(getPools(store, clusterKeyValue).map((p) => [p.name.toLowerCase(), p])),
  };
}

/** The writes that take `before` to `after`; records that did not change are not rewritten. */
export function worldChange(key: string, before: ClusterWorld, after: ClusterWorld): NonNullable<Change["resources"]> {
  const writes: [string, object | undefined][] = [];
  if (after.cluster !== before.cluster) writes.push([key, after.cluster]);
  for (const [name, pool] of after.pools) if (pool !== before.pools.get(name)) writes.push([poolKey(key, name), pool]);
  return writes;
}

/** The operations listed under a cluster (its history), as AKS operations. */
export const clusterOperations = (store: Reader, key: string) => store.group<AksOperation>("operations", key);
