// Private DNS's own long-running operations, pure: a zone or link PUT or DELETE answers 202 at
// once (the record Creating, Updating or Deleting) and one short step (virtual time) finishes it,
// as its privateDnsOperationStatuses report InProgress, then Succeeded.
import type { OperationRecord, Step } from "../../../engine/operations.js";
import type { PrivateDnsAction } from "../public.js";
import { OPERATIONS_NAME } from "./records.js";

/** Virtual time a zone or link write takes (Azure DNS finishes in seconds; a link a little longer). */
export const PROVISION_MS = 3000;
export const DELETE_MS = 3000;

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
  const name = input.resourceId.slice(input.resourceId.lastIndexOf("/") + 1);
  const step: Step<PrivateDnsAction> =
    input.verb === "Deleting"
      ? { name: `Deleting ${name}`, durationMs: DELETE_MS, action: { type: "deleteResources", keys: input.keys } }
      : { name: `Provisioning ${name}`, durationMs: PROVISION_MS, action: { type: "provisioned", keys: input.keys } };
  return {
    id: input.id,
    provider: OPERATIONS_NAME,
    parent: input.key,
    resourceId: input.resourceId,
    subscriptionId: input.subscriptionId,
    location: "global",
    operationType: input.operationType,
    verb: input.verb,
    status: "InProgress",
    startTime: input.now,
    steps: [step],
    stepIndex: 0,
    stepStartedAt: input.now,
    result: input.verb === "Deleting" ? "noContent" : "resource",
  };
}
