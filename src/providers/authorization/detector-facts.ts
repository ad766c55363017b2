// What Microsoft.Authorization's detectors (RBAC, locks, policy) read alike: the window's refused
// writes that nothing has superseded yet (no later success of the same write on the same resource),
// the texts an error carries with its nested ones, and the evidence rows of a refusal.
import type { ActivityEvent } from "../../engine/activity.js";
import type { OperationError } from "../../engine/operations.js";
import { eventError, failedEventsWith, isoTime, type DetectorInput } from "../detector.js";

/** A refused write still standing: the last refusal of one write (operation, resource and, with `byCaller`, caller). */
export type Refusal = { event: ActivityEvent; error: OperationError; count: number };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The window's refusals with one of `codes`, one per write (its last), left out when the same write
 * later succeeded or was accepted (the retry after the remedy). `byCaller`: a write is also its caller's.
 */
export function standingRefusals(input: Pick<DetectorInput, "events">, codes: readonly string[], byCaller = false): Refusal[] {
  const key = (e: ActivityEvent) => [e.operation, e.resourceId, byCaller ? e.caller : ""].join("\n").toLowerCase();
  const byWrite = new Map<string, Refusal>();
  for (const e of failedEventsWith(input, codes)) {
    const prior = byWrite.get(key(e));
    byWrite.set(key(e), { event: e, error: eventError(e)!, count: (prior?.count ?? 0) + 1 });
  }
  return [...byWrite.values()].filter((r) => {
    const later = input.events.filter((e) => e.at >= r.event.at && e.key > r.event.key && (e.status === "Succeeded" || e.status === "Accepted"));
    return !later.some((e) => same(e.operation, r.event.operation) && same(e.resourceId, r.event.resourceId) && (!byCaller || same(e.caller, r.event.caller)));
  });
}

/** An error's messages: its own, then its details' (AKS nests ARM's refusal there). */
export const messagesOf = (e: OperationError): string[] => [e.message, ...(e.details ?? []).flatMap(messagesOf)];

/** The evidence rows of a standing refusal: how many times, the last one, its error. */
export function refusalEvidence(r: Refusal): [string, string][] {
  return [
    ["Writes refused in the time range", String(r.count)],
    ["Last refused", `${isoTime(r.event.at)} ${r.event.operation} on ${r.event.resourceId}`],
    ["Caller", r.event.caller],
    ["Error code", r.error.code],
    ["Error message", r.error.message],
  ];
}
