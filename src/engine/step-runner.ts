// The one interface between the engine and a provider: how to apply a step of a plan and how to
// settle the resources of an operation that has ended. Runners read through the transaction and
// return changes; the engine writes them, so a step and its consequences commit together.
import type { Reader } from "../store/store.js";
import type { OperationError, OperationRecord, Step } from "./operations.js";

/** Writes of one decision or one step. A `undefined` document deletes the key. */
export type Change = {
  resources?: ReadonlyArray<readonly [key: string, doc: object | undefined]>;
  operations?: readonly OperationRecord[];
  /** Operation ids to drop from history. */
  forget?: readonly string[];
  meta?: ReadonlyArray<readonly [key: string, value: unknown]>;
  /** Documents of the clusters' Kubernetes objects (src/kube/world.ts), written as they are. */
  kube?: ReadonlyArray<readonly [key: string, doc: object | undefined]>;
};

export type StepContext = { read: Reader; op: OperationRecord; at: number };

/**
 * A step succeeds with its changes (and, rarely, a revised operation, e.g. one moved to another
 * parent) or fails with an error: the engine then fails the operation there and settles it.
 */
export type StepResult = { change: Change; op?: OperationRecord; removes?: readonly string[] } | { error: OperationError; change?: Change };

export type StepRunner = {
  apply(step: Step, ctx: StepContext): StepResult;
  /**
   * The operation ended (Succeeded, Failed or Canceled): bring its resources' states along. Called
   * for the operation's owner and for every other provider whose steps its plan holds (then `op`
   * belongs to another provider: settle what this provider's steps targeted).
   */
  settle(op: OperationRecord, ctx: { read: Reader; at: number }): Change;
};

/**
 * The resources a step writes (doc) or deletes (undefined) on its operation's behalf in another
 * provider (AKS's node resource group: scale sets, VMs, network), as ARM would see those calls, so
 * ARM's guard rails (locks, policy) can refuse them. Keys are store keys (lower-cased ARM ids);
 * docs are the owning provider's records.
 */
export type GuardedStep = {
  op: OperationRecord;
  step: Step;
  writes: ReadonlyArray<readonly [key: string, doc: object | undefined]>;
  /**
   * Store keys of what the step deletes in ARM's terms while the document that holds it stays (a
   * scale set's instances: ARM deletes `.../virtualMachines/{id}`, Compute rewrites the scale set),
   * as its runner reports them (`StepResult.removes`): a write alone cannot tell a delete from an update.
   */
  removes?: readonly string[];
  read: Reader;
  at: number;
};
