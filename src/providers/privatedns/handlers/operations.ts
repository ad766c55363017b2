// Private DNS's async contract: privateDnsOperationStatuses/{id} (the status; the error when it
// failed) and privateDnsOperationResults/{id} (202 while running, then 200 with what a PUT wrote,
// or 204), under the resource group of the resource the operation is about.
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isActive, type OperationRecord } from "../../../engine/operations.js";
import type { ProviderDeps } from "../../provider.js";
import { OPERATIONS_NAME } from "../domain/records.js";
import { renderOperationStatus } from "../wire.js";
import { dnsError, lroHeaders } from "./common.js";

export function operationHandlers(deps: ProviderDeps, renderResource: (key: string) => unknown) {
  const find = (ctx: RequestContext): OperationRecord => {
    const id = ctx.params["operationId"]!;
    const op = deps.store.get<OperationRecord>("operations", id) ?? deps.store.get<OperationRecord>("operations", id.toLowerCase());
    const group = `/subscriptions/${ctx.params["subscriptionId"]!}/resourcegroups/${ctx.params["resourceGroupName"]!}/`.toLowerCase();
    if (!op || op.provider !== OPERATIONS_NAME || !op.resourceId.toLowerCase().startsWith(group)) throw dnsError("dnsOperationNotFound", { id });
    return op;
  };

  const status = (ctx: RequestContext): Reply => ({ status: 200, body: renderOperationStatus(find(ctx)) });

  const result = (ctx: RequestContext): Reply => {
    const op = find(ctx);
    if (isActive(op)) return { status: 202, headers: lroHeaders(deps, ctx, op) };
    if (op.status !== "Succeeded") {
      const e = op.error ?? { code: op.status, message: `The operation ended with status ${op.status}.` };
      return { status: 400, body: { error: { code: e.code, message: e.message } } };
    }
    const body = op.result === "resource" ? renderResource(op.parent) : undefined;
    return body ? { status: 200, body } : { status: 204 };
  };

  return { status, result };
}
