// Long-running operations of any provider, as data: the ARM async contract (status, start and end
// time, error) plus the plan the engine runs. Pure: no I/O, no clock reads.

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceling" | "Canceled";

export type OperationError = { code: string; message: string; details?: OperationError[] };

/** What one step does: provider data, so plans persist and resume after a restart. */
export type StepAction = { type: string };

/** A step of type "progress" only takes time; every other action is applied by a provider's step runner. */
export const PROGRESS: StepAction = { type: "progress" };

export type Step<A extends StepAction = StepAction> = {
  name: string;
  durationMs: number;
  action: A;
  /** The namespace whose runner applies this step; the operation's own provider when absent. */
  provider?: string;
  /** The store key of the resource the step acts on; the operation's parent when absent. */
  target?: string;
};

export type OperationRecord<A extends StepAction = StepAction> = {
  id: string;
  /** The namespace that owns the operation: its runner settles it when it ends. */
  provider: string;
  /** The store key of the resource the operation is listed under (its history). */
  parent: string;
  /** The ARM id of that resource, in the caller's casing. */
  resourceId: string;
  subscriptionId: string;
  location: string;
  operationType: string;
  verb: string;
  status: OperationStatus;
  startTime: number;
  endTime?: number;
  error?: OperationError;
  steps: Step<A>[];
  stepIndex: number;
  stepStartedAt: number;
  /**
   * The step in progress is held past its own end (an injected fault): it completes at `until`
   * (a delay), or never while `until` is absent (a hang: only an abort or a preemption ends it).
   * Durable like the rest of the plan, so a restart resumes the hold as it was.
   */
  held?: StepHold;
  /** How operationresults answers once the operation succeeded. */
  result: "resource" | "noContent";
};

export function isActive(op: Pick<OperationRecord, "status">): boolean {
  return op.status === "InProgress" || op.status === "Canceling";
}

/** The store group of the running operations: the engine's index of them is rebuilt from it. */
export const RUNNING_OPERATIONS = "\u0000running";
/** The store group of operations with no parent: a data dir of aksemu 0.1 (providers/stored-v1.ts). */
export const UNPARENTED_OPERATIONS = "\u0000unparented";

/** The store groups an operation is listed under: its parent's history, and the running ones while it runs. */
export function operationGroups(op: Partial<Pick<OperationRecord, "parent" | "status">>): string[] {
  const parent = op.parent ?? UNPARENTED_OPERATIONS;
  return op.status !== undefined && isActive({ status: op.status }) ? [parent, RUNNING_OPERATIONS] : [parent];
}

/** Why and until when a step is held: `until` absent means until the operation is aborted. */
export type StepHold = { until?: number; by?: string };

/** When the step in progress is due to complete; Infinity while it hangs. */
export const dueAt = (op: OperationRecord) =>
  op.held ? (op.held.until ?? Number.POSITIVE_INFINITY) : op.stepStartedAt + (op.steps[op.stepIndex]?.durationMs ?? 0);

/** Holds the step in progress (see OperationRecord.held); its percentComplete stays where the step ended. */
export function holdStep<O extends OperationRecord>(op: O, hold: StepHold): O {
  return { ...op, held: hold };
}

/** The operation without a hold: it moves on to (or ends at) another step. */
export function release<O extends OperationRecord>(op: O): O {
  if (op.held === undefined) return op;
  const { held: _held, ...rest } = op;
  return rest as O;
}

// No real text for an aborted operation's error was found; the code follows ARM's "Canceled" status.
export const OPERATION_CANCELED = (id: string): OperationError => ({
  code: "OperationCanceled",
  message: `The operation ${id} was canceled by an abort request (POST .../abort). The resource is left as the operation found it: no rollback is performed.`,
});

export function percentComplete(op: OperationRecord, now: number): number {
  if (op.status === "Succeeded") return 100;
  const total = op.steps.reduce((sum, st) => sum + st.durationMs, 0);
  if (total === 0) return 0;
  const done = op.steps.slice(0, op.stepIndex).reduce((sum, st) => sum + st.durationMs, 0);
  const current = op.steps[op.stepIndex];
  const partial = current && isActive(op) ? Math.min(current.durationMs, Math.max(0, now - op.stepStartedAt)) : 0;
  return Math.min(99, Math.floor(((done + partial) / total) * 100));
}

/** The operation ran its last step: Succeeded, or Canceled when it was being aborted. */
export function finishOperation<O extends OperationRecord>(op: O, at: number): O {
  if (op.status === "Canceling") return { ...op, status: "Canceled", endTime: at, error: OPERATION_CANCELED(op.id) };
  return { ...op, status: "Succeeded", endTime: at };
}

/**
 * What an ended operation keeps: its steps' names and durations (percentComplete, its history), not
 * their actions, which only running needs and which were most of what it weighed: a third of a
 * cluster's stored bytes at 10,000 clusters (issue 12's memory and restart goals).
 */
export function archived<O extends OperationRecord>(op: O): O {
  return { ...op, steps: op.steps.map((st): Step => ({ name: st.name, durationMs: st.durationMs, action: PROGRESS, ...(st.provider !== undefined ? { provider: st.provider } : {}) })) };
}

/** A step failed: the operation stops at that step (AKS does not roll back). */
export function failOperation<O extends OperationRecord>(op: O, error: OperationError, at: number): O {
  return { ...release(op), status: "Failed", endTime: at, error };
}

/** A short wind-down after an abort, then the operation is Canceled. */
export const CANCEL_STEPS: readonly Step[] = [{ name: "Canceling operation", durationMs: 5000, action: PROGRESS }];

/**
 * Abort stops the plan at the step it was in (no rollback): the step in progress is dropped and
 * the wind-down follows; the operation shows Canceling until it is Canceled.
 */
export function abortOperation<O extends OperationRecord>(op: O, at: number): O {
  // A held (delayed or hung) step is dropped with the rest: the wind-down is never held.
  return { ...release(op), status: "Canceling", steps: [...op.steps.slice(0, op.stepIndex), ...(CANCEL_STEPS as O["steps"])], stepStartedAt: at };
}

/** Another operation (a delete) takes over: this one fails with the reason it was preempted. */
export function preemptOperation<O extends OperationRecord>(op: O, error: OperationError, at: number): O {
  return failOperation(op, error, at);
}

/**
 * A write that one step finishes (Network's and private DNS's PUTs and DELETEs: the records are
 * Updating or Deleting at once, the step provisions or removes `keys`), as an operation in flight.
 */
export function oneStepWrite<A extends StepAction>(input: {
  id: string;
  provider: string;
  /** The resource the request named (caller's casing) and its store key. */
  resourceId: string;
  key: string;
  subscriptionId: string;
  location: string;
  verb: "Updating" | "Deleting";
  operationType: string;
  /** The step's virtual time and action, by verb. */
  provision: { durationMs: number; action: A };
  remove: { durationMs: number; action: A };
  now: number;
}): OperationRecord<A> {
  const name = input.resourceId.slice(input.resourceId.lastIndexOf("/") + 1);
  const step: Step<A> = input.verb === "Deleting" ? { name: `Deleting ${name}`, ...input.remove } : { name: `Provisioning ${name}`, ...input.provision };
  return {
    id: input.id,
    provider: input.provider,
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
