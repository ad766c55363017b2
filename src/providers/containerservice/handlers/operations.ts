// Operation status: the ARM async URLs the SDK polls, the preview operation history
// (`.../operations`, seed 001's `operations/latest`) and abort.
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { decideAbort } from "../domain/actions.js";
import { poolKey } from "../domain/keys.js";
import type { OperationRecord, PoolRecord } from "../domain/records.js";
import { loadWorld } from "../repository.js";
import { renderAsyncStatus, renderClusterWithPoolsLazy, renderOperationStatusResult } from "./render-lazy.js";
import { clusterPath, commitDecision, requireCluster } from "./common.js";
import type { AksDeps } from "./deps.js";
import { operationResultUrl, retryAfter } from "./lro.js";
import { page } from "./managed-clusters.js";

export function operationHandlers(deps: AksDeps) {
  const { store, engine, clock } = deps;

  const find = (ctx: RequestContext): OperationRecord => {
    const id = ctx.params["operationId"]!;
    const op = store.get<OperationRecord>("operations", id) ?? store.get<OperationRecord>("operations", id.toLowerCase());
    if (!op || op.subscriptionId.toLowerCase() !== ctx.params["subscriptionId"]!.toLowerCase()) {
      throw apiError("childNotFound", { what: `Operation '${id}' was not found.` });
    }
    return op;
  };

  /** Azure-AsyncOperation: always 200 with the status body. */
  const status = (ctx: RequestContext): Reply => ({ status: 200, body: renderAsyncStatus(find(ctx), ctx.now) });

  /** Location: 202 while running; then what the operation returns (the resource, or 204). */
  const result = (ctx: RequestContext): Reply => {
    const op = find(ctx);
    if (op.status === "InProgress" || op.status === "Canceling") {
      return { status: 202, headers: { Location: operationResultUrl(ctx, op), "Retry-After": retryAfter(clock, op) } };
    }
    if (op.status !== "Succeeded") {
      const e = op.error ?? { code: op.status, message: `The operation ended with status ${op.status}.` };
      return { status: op.status === "Canceled" ? 409 : 400, body: { code: e.code, details: null, message: e.message, subcode: "" } };
    }
    if (op.result === "resource" && op.clusterKey) {
      const body = renderClusterWithPoolsLazy(deps, op);
      if (body) return { status: 200, body };
    }
    return { status: 204 };
  };

  const historyFor = (ctx: RequestContext, poolName?: string): OperationRecord[] => {
    const path = clusterPath(ctx);
    const cluster = requireCluster(store, path);
    if (poolName !== undefined && !store.get<PoolRecord>("resources", poolKey(path.key, poolName))) {
      throw apiError("childNotFound", { what: `Agent pool '${poolName}' of managed cluster '${cluster.name}' was not found.` });
    }
    return store
      .group<OperationRecord>("operations", path.key)
      .filter((op) => poolName === undefined || op.poolName?.toLowerCase() === poolName.toLowerCase())
      .sort((a, b) => b.startTime - a.startTime || (a.id < b.id ? 1 : -1));
  };

  const list = (ctx: RequestContext): Reply => page(ctx, historyFor(ctx, ctx.params["agentPoolName"]), (op) => renderOperationStatusResult(op, ctx.now));

  const getOne = (ctx: RequestContext): Reply => {
    const history = historyFor(ctx, ctx.params["agentPoolName"]);
    const id = ctx.params["operationId"]!;
    // `latest` is not in the spec, but seed 001 uses it: the newest operation.
    const op = id.toLowerCase() === "latest" ? history[0] : history.find((o) => o.id.toLowerCase() === id.toLowerCase());
    if (!op) throw apiError("childNotFound", { what: id.toLowerCase() === "latest" ? "No operation was found for this resource." : `Operation '${id}' was not found.` });
    return { status: 200, body: renderOperationStatusResult(op, ctx.now) };
  };

  /** POST .../abort on the cluster: 204, then Canceling → Canceled (seed 001). */
  const abortCluster = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const cluster = requireCluster(store, path);
    const before = loadWorld(store, path.key);
    const decision = decideAbort({ key: path.key, world: { ...before, cluster }, active: engine.activeOperations(path.key), now: ctx.now, newId: deps.newId });
    commitDecision(deps, path.key, before, decision);
    return { status: 204 };
  };

  return { status, result, list, getOne, abortCluster };
}
