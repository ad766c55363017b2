// The ARM async contract as the SDK's core-lro reads it: PUT answers 201/200 with
// Azure-AsyncOperation; DELETE and POST actions answer 202 with Azure-AsyncOperation and Location.
// Status URLs live under the provider's namespace, as each resource provider serves its own.
import type { Clock } from "../clock/clock.js";
import type { RequestContext } from "./http.js";

/** What the LRO headers need of an operation (the engine's OperationRecord has it). */
export type LroOperation = { id: string; provider: string; subscriptionId: string; location: string; stepIndex: number; stepStartedAt: number; steps: readonly { durationMs: number }[] };

const base = (ctx: RequestContext, op: LroOperation) => `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/${op.provider}/locations/${op.location}`;

export function asyncOperationUrl(ctx: RequestContext, op: LroOperation): string {
  return `${base(ctx, op)}/operations/${op.id}?api-version=${encodeURIComponent(ctx.apiVersion)}`;
}

export function operationResultUrl(ctx: RequestContext, op: LroOperation): string {
  return `${base(ctx, op)}/operationresults/${op.id}?api-version=${encodeURIComponent(ctx.apiVersion)}`;
}

/**
 * Retry-After from the clock: the real seconds until the operation's next step is due, so pollers
 * neither spin nor wait needlessly. With a manual or instant clock no wall-clock wait helps, so it
 * says 0, which core-lro ignores in favour of the caller's own interval.
 */
export function retryAfter(clock: Clock, op: LroOperation): string {
  if (clock.mode !== "realtime") return "0";
  const step = op.steps[op.stepIndex];
  const due = step ? op.stepStartedAt + step.durationMs : clock.now();
  return String(Math.min(10, Math.max(1, Math.ceil(clock.realSecondsUntil(due)))));
}

export function lroHeaders(ctx: RequestContext, clock: Clock, op: LroOperation, kind: "put" | "accepted"): Record<string, string> {
  const headers: Record<string, string> = { "Azure-AsyncOperation": asyncOperationUrl(ctx, op), "Retry-After": retryAfter(clock, op) };
  if (kind === "accepted") headers["Location"] = operationResultUrl(ctx, op);
  return headers;
}
