// Loads and saves a cluster's world (the cluster and its pools) through a store transaction.
import type { Reader, Tx } from "../../store/store.js";
import type { ClusterWorld } from "./domain/apply-step.js";
import { poolKey } from "./domain/keys.js";
import type { ClusterRecord, PoolRecord } from "./domain/records.js";

export function getCluster(store: Reader, key: string): ClusterRecord | undefined {
  const r = store.get<ClusterRecord>("resources", key);
  return r?.kind === "managedCluster" ? r : undefined;
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

/** Writes what changed between two worlds; unchanged records are not rewritten. */
export function saveWorld(tx: Tx, key: string, before: ClusterWorld, after: ClusterWorld, newEtag: () => string): void {
  if (after.cluster !== before.cluster) {
    if (after.cluster) tx.put("resources", key, { ...after.cluster, eTag: newEtag() });
    else tx.delete("resources", key);
  }
  for (const [name, pool] of after.pools) {
    if (pool === before.pools.get(name)) continue;
    if (pool) tx.put("resources", poolKey(key, name), { ...pool, eTag: newEtag() });
    else tx.delete("resources", poolKey(key, name));
  }
}
