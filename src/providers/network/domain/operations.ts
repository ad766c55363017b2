// Network's own long-running operations, pure: a PUT or DELETE answers at once with the records
// Updating or Deleting, and one short step (virtual time) provisions or removes them, as Network's
// Azure-AsyncOperation reports InProgress, then Succeeded.
import type { OperationRecord, Step } from "../../../engine/operations.js";
import type { NetworkAction } from "../public.js";
import { NAMESPACE } from "./records.js";

/** Virtual time a Network write takes (Network's operations finish in seconds). */
export const PROVISION_MS = 2000;
export const DELETE_MS = 5000;

export function networkOperation(input: {
  id: string;
  /** The resource the request named (caller's casing) and its store key. */
  resourceId: string;
  key: string;
  subscriptionId: string;
  location: string;
  verb: "Updating" | "Deleting";
  operationType: string;
  /** Every record the request wrote (Updating) or marked (Deleting), by key. */
  keys: string[];
  now: number;
}): OperationRecord<NetworkAction> {
  const name = input.resourceId.slice(input.resourceId.lastIndexOf("/") + 1);
  const step: Step<NetworkAction> =
    input.verb === "Deleting"
      ? { name: `Deleting ${name}`, durationMs: DELETE_MS, action: { type: "deleteResources", keys: input.keys } }
      : { name: `Provisioning ${name}`, durationMs: PROVISION_MS, action: { type: "provisioned", keys: input.keys } };
  return {
    id: input.id,
    provider: NAMESPACE,
    parent: input.key,
    resourceId: input.resourceId,
    subscriptionId: input.subscriptionId,
    location: input.location,
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
