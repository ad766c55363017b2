// Private DNS's own long-running operations, pure: a zone or link PUT or DELETE answers 202 at
// once (the record Creating, Updating or Deleting) and one short step (virtual time) finishes it,
// as its privateDnsOperationStatuses report InProgress, then Succeeded.
import { oneStepWrite, type OperationRecord } from "../../../engine/operations.js";
import type { PrivateDnsAction } from "../public.js";
import { OPERATIONS_NAME } from "./records.js";

/** Virtual time a zone or link write takes (Azure DNS finishes in seconds; a link a little longer). */
export const PROVISION_MS = 3000;
export const DELETE_MS = 3000;

/** A zone, link or record set write in flight (zones and links are global). */
export function privateDnsOperation(input: {
  id: string;
  resourceId: string;
  key: string;
  subscriptionId: string;
  verb: "Updating" | "Deleting";
  operationType: string;
  /** Every record the request wrote (provisioned by the step) or is deleting, by key. */
  keys: string[];
  now: number;
}): OperationRecord<PrivateDnsAction> {
  const { keys, ...rest } = input;
  return oneStepWrite<PrivateDnsAction>({ ...rest, provider: OPERATIONS_NAME, location: "global", provision: { durationMs: PROVISION_MS, action: { type: "provisioned", keys } }, remove: { durationMs: DELETE_MS, action: { type: "deleteResources", keys } } });
}
