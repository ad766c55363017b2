// Operation status: the ARM async URLs the SDK polls, the preview operation history
// (`.../operations`, seed 001's `operations/latest`) and abort.
import type { Reply, RequestContext } from "../../../arm/http.js";
import { operationResultUrl, retryAfter } from "../../../arm/lro.js";
import { isActive } from "../../../engine/operations.js";
import type { ProviderDeps } from "../../provider.js";
import { decideAbort } from "../domain/actions.js";
import type { AksOperation as OperationRecord } from "../domain/records.js";
import { clusterOperations, getCluster, getPool, getPools } from "../repository.js";
import { renderAsyncStatus, renderCluster, renderOperationError, renderOperationStatusResult, renderPool } from "../wire/render.js";
import { commitDecision } from "./commit.js";
import { actionInput, clusterPath, operationNotFound, poolNotFound, requireCluster } from "./lookups.js";
import { aksError, aksPage, unwrap } from "./wire-errors.js";

export function operationHandlers(deps: ProviderDeps) {
  const { store, clock } = deps;

  const find = (ctx: RequestContext): OperationRecord => {
    const id = ctx.params["operationId"]!;
    const op = store.get<OperationRecord>("operations", id) ?? store.get<OperationRecord>("operations", id.toLowerCase());
    if (!op || op.subscriptionId.toLowerCase() !== ctx.params["subscriptionId"]!.toLowerCase()) {
      throw operationNotFound(id);
    }
    return op;
  };

  /** Azure-AsyncOperation: always 200 with the status body; an ended operation's never changes again (a pure reply). */
  const status = (ctx: RequestContext): Reply => {
    const op = find(ctx);
    return { status: 200, body: renderAsyncStatus(op, ctx.now), ...(isActive(op) ? {} : { pure: true }) };
  };

  /** Location: 202 while running; then what the operation returns (the resource, or 204). */
  const result = (ctx: RequestContext): Reply => {
    const op = find(ctx);
    if (isActive(op)) {
      return { status: 202, headers: { Location: operationResultUrl(ctx, op), "Retry-After": retryAfter(clock, op) } };
    }
    if (op.status !== "Succeeded") {
      const e = op.error ?? { code: op.status, message: `The operation ended with status ${op.status}.` };
      return { status: op.status === "Canceled" ? 409 : 400, body: { code: e.code, details: e.details && e.details.length > 0 ? e.details.map(renderOperationError) : null, message: e.message, subcode: "" } };
    }
    const body = op.result === "resource" ? finalResource(op) : undefined;
    return body ? { status: 200, body } : { status: 204 };
  };

  /** What a finished PUT returns at its operationresults URL: the cluster or pool as it is now. */
  const finalResource = (op: OperationRecord) => {
    const cluster = getCluster(store, op.parent);
    if (!cluster) return undefined;
    if (op.poolName === undefined) return renderCluster(cluster, getPools(store, op.parent));
    const pool = getPool(store, op.parent, op.poolName);
    return pool ? renderPool(pool) : undefined;
  };

  const historyFor = (ctx: RequestContext, poolName?: string): OperationRecord[] => {
    const path = clusterPath(ctx);
    const cluster = requireCluster(store, path);
    if (poolName !== undefined && !getPool(store, path.key, poolName)) throw poolNotFound(poolName, cluster.name);
    return clusterOperations(store, path.key)
      .filter((op) => poolName === undefined || op.poolName?.toLowerCase() === poolName.toLowerCase())
      .sort((a, b) => b.startTime - a.startTime || (a.id < b.id ? 1 : -1));
  };

  const list = (ctx: RequestContext): Reply => aksPage(ctx, historyFor(ctx, ctx.params["agentPoolName"]), (op) => renderOperationStatusResult(op, ctx.now));

  const getOne = (ctx: RequestContext): Reply => {
    const history = historyFor(ctx, ctx.params["agentPoolName"]);
    const id = ctx.params["operationId"]!;
    // `latest` is not in the spec, but seed 001 uses it: the newest operation.
    const op = id.toLowerCase() === "latest" ? history[0] : history.find((o) => o.id.toLowerCase() === id.toLowerCase());
    if (!op) throw id.toLowerCase() === "latest" ? aksError("childNotFound", { what: "No operation was found for this resource." }) : operationNotFound(id);
    return { status: 200, body: renderOperationStatusResult(op, ctx.now) };
  };

  /** POST .../abort on the cluster: 204, then Canceling → Canceled (seed 001). */
  const abortCluster = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const input = actionInput(deps, ctx, path);
    commitDecision(deps, path.key, input.world, unwrap(decideAbort(input)));
    return { status: 204 };
  };

  return { status, result, list, getOne, abortCluster };
}
