// Network's async contract: Azure-AsyncOperation (GET .../locations/{l}/operations/{id}: the
// status, and the error when it failed) and Location (GET .../locations/{l}/operationResults/{id}:
// 202 while running, then 204, or 200 with the resource a PUT wrote).
import type { Reply, RequestContext } from "../../../arm/http.js";
import { operationResultUrl, retryAfter } from "../../../arm/lro.js";
import { isActive, type OperationRecord } from "../../../engine/operations.js";
import type { ProviderDeps } from "../../provider.js";
import { NAMESPACE } from "../domain/records.js";
import { renderAsyncOperation } from "../wire.js";
import { networkError } from "./common.js";

export function operationHandlers(deps: ProviderDeps, renderResource: (key: string) => unknown) {
  const { store, clock } = deps;
  const find = (ctx: RequestContext): OperationRecord => {
    const id = ctx.params["operationId"]!;
    const op = store.get<OperationRecord>("operations", id) ?? store.get<OperationRecord>("operations", id.toLowerCase());
    if (!op || op.provider !== NAMESPACE || op.subscriptionId.toLowerCase() !== ctx.params["subscriptionId"]!.toLowerCase()) throw networkError("networkNotFound", { id: ctx.path });
    return op;
  };

  const status = (ctx: RequestContext): Reply => ({ status: 200, body: renderAsyncOperation(find(ctx)) });

  const result = (ctx: RequestContext): Reply => {
    const op = find(ctx);
    if (isActive(op)) return { status: 202, headers: { Location: operationResultUrl(ctx, op), "Retry-After": retryAfter(clock, op) } };
    if (op.status !== "Succeeded") {
      const e = op.error ?? { code: op.status, message: `The operation ended with status ${op.status}.` };
      return { status: 400, body: { error: { code: e.code, message: e.message, details: e.details ?? [] } } };
    }
    const body = op.result === "resource" ? renderResource(op.parent) : undefined;
    return body ? { status: 200, body } : { status: 204 };
  };

  return { status, result };
}
