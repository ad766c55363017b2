// Compute's async contract for the operations it starts itself (VM updates, capacity reservations):
// Azure-AsyncOperation and Location (`?monitor=true`) under its own locations/{l}/operations/{id},
// with Retry-After, as Compute answers them.
import type { RequestContext } from "../../arm/http.js";
import { retryAfter } from "../../arm/lro.js";
import type { Clock } from "../../clock/clock.js";
import type { OperationRecord } from "../../engine/operations.js";
import { NAMESPACE } from "./domain/records.js";

export function computeLro(clock: Clock) {
  const statusBase = (ctx: RequestContext, op: OperationRecord) => `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/${NAMESPACE}/locations/${op.location}/operations/${op.id}`;
  const monitorUrl = (ctx: RequestContext, op: OperationRecord) => `${statusBase(ctx, op)}?monitor=true&api-version=${encodeURIComponent(ctx.apiVersion)}`;
  const asyncHeaders = (ctx: RequestContext, op: OperationRecord): Record<string, string> => ({
    "Azure-AsyncOperation": `${statusBase(ctx, op)}?api-version=${encodeURIComponent(ctx.apiVersion)}`,
    Location: monitorUrl(ctx, op),
    "Retry-After": retryAfter(clock, op),
  });
  return { asyncHeaders, monitorUrl };
}
