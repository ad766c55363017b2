// Rendering helpers that need the store (the final resource of a finished operation).
import type { Json, OperationRecord } from "../domain/records.js";
import { getCluster, getPools } from "../repository.js";
import { renderCluster, renderPool } from "../wire/render.js";
import type { AksDeps } from "./deps.js";
import { poolKey } from "../domain/keys.js";
import type { PoolRecord } from "../domain/records.js";

export { renderAsyncStatus, renderOperationStatusResult } from "../wire/render.js";

export function renderClusterWithPoolsLazy(deps: AksDeps, op: OperationRecord): Json | undefined {
  const cluster = getCluster(deps.store, op.clusterKey!);
  if (!cluster) return undefined;
  if (op.poolName !== undefined) {
    const pool = deps.store.get<PoolRecord>("resources", poolKey(op.clusterKey!, op.poolName));
    return pool ? renderPool(pool) : undefined;
  }
  return renderCluster(cluster, getPools(deps.store, op.clusterKey!));
}
