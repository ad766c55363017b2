// Network's own long-running operations, pure: a PUT or DELETE answers at once with the records
// Updating or Deleting, and one short step (virtual time) provisions or removes them, as Network's
// Azure-AsyncOperation reports InProgress, then Succeeded.
import { oneStepWrite, type OperationRecord } from "../../../engine/operations.js";
import type { NetworkAction } from "../public.js";
import { NAMESPACE } from "./records.js";

/** Virtual time a Network write takes (Network's operations finish in seconds). */
export const PROVISION_MS = 2000;
export const DELETE_MS = 5000;

/** A Network write in flight: the PUT's records provisioned, or the DELETE's removed, by one step. */
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
  const { keys, ...rest } = input;
  return oneStepWrite<NetworkAction>({ ...rest, provider: NAMESPACE, provision: { durationMs: PROVISION_MS, action: { type: "provisioned", keys } }, remove: { durationMs: DELETE_MS, action: { type: "deleteResources", keys } } });
}
