// Runs the operation plans of every provider in virtual time, and is the one commit path for
// writes. A step is applied by the runner of the provider that owns it, at the virtual instant it
// was due, so percentComplete, states and timestamps follow the clock alone. Plans are data in the
// store: after a restart (even kill -9) the engine resumes where it was.
import type { Clock } from "../clock/clock.js";
import type { Reader, Store, Tx } from "../store/store.js";
import { archived, dueAt, failOperation, finishOperation, holdStep, isActive, release, RUNNING_OPERATIONS, type OperationError, type OperationRecord, type Step } from "./operations.js";
import type { Change, GuardedStep, StepResult, StepRunner } from "./step-runner.js";
import { isWrite, type RequestAudit as ActivityRequestAudit } from "./activity.js";
import { createActivityLog, type ActivityOptions } from "./activity-log.js";

export type Engine = {
  /** Writes a decision's changes in one durable transaction; written operations are scheduled. */
  commit(change: Change): void;
  /** Applies every step that is due at the clock's current time. */
  catchUp(): void;
  /** Running (InProgress or Canceling) operations listed under `parent`. */
  activeOperations(parent: string): OperationRecord[];
  /**
   * The write request being served was refused (`status`, the error `body` as answered): with an
   * activity log, its Started and Failed events, in a transaction of their own (a refused request
   * wrote nothing else). Never throws.
   */
  logRefusal(status: number, body: unknown): void;
  /**
   * Work besides operations that falls due in virtual time (each cluster's Kubernetes controllers
   * and kubelets): the engine wakes for it as for a step, in time order with the steps. Call the
   * returned function when its next due instant may have moved earlier.
   */
  attach(work: DueWork): () => void;
  /** The store's contents were replaced (a reset, a snapshot restored): index its operations again and wake for them. */
  reload(): void;
  stop(): void;
};

/** Work the engine runs in virtual time beside operations (see Engine.attach). */
export type DueWork = {
  /** The earliest virtual instant it has something to do, or undefined. */
  nextDue(): number | undefined;
  /** Does what is due at `at` (never after the clock's now), writing through `commit` outside any transaction. */
  run(at: number): void;
  /** Operation steps were applied, the last at `at`: what they changed may concern the work. */
  stepsApplied?(at: number): void;
};

export type EngineOptions = {
  store: Store;
  clock: Clock;
  /** Step runners by provider namespace (compared case-insensitively). */
  runners: ReadonlyMap<string, StepRunner>;
  /**
   * Asked once per step, when it is due, before it is applied (injected faults match here: a step
   * kind, a resource, the nth occurrence). An error (or `{ fault: { fail } }`) fails the step as if
   * its runner had; a delay or a hang holds it (see BeforeStep).
   */
  beforeStep?: BeforeStep;
  /**
   * ARM's guard rails on the writes a step makes in another provider on its operation's behalf
   * (a lock or a policy in AKS's node resource group): an error discards the step's writes and
   * fails the operation there, as a refused ARM call would.
   */
  guardStep?: (s: GuardedStep) => OperationError | undefined;
  /** The activity log (engine/activity-log.ts): absent, no events are written. */
  activity?: ActivityOptions;
  onError?: (err: unknown) => void;
};

/**
 * What an injected fault does to the step it meets: fail it (the operation fails there), delay it
 * (it completes `delayMs` after its own end) or hang it (it completes only if the operation is
 * aborted or preempted; percentComplete stays where the step ended).
 */
export type StepFault = { fail: OperationError } | { delayMs: number; by?: string } | { hang: true; by?: string };

/**
 * The hook's answer: nothing, a bare error (fail), or a fault and/or a change written in the
 * step's own transaction (a fault's durable counters). `read` sees the transaction's pending
 * writes, so steps applied in one catch-up count in order. A held step is not asked again when
 * its hold ends: it is the same occurrence, and its runner applies it then.
 */
export type BeforeStep = (step: Step, ctx: { op: OperationRecord; at: number; read: Reader }) => OperationError | { fault?: StepFault; change?: Change } | undefined;

// ARM's text for an unexpected failure inside a resource provider.
const INTERNAL_STEP_ERROR = { code: "InternalOperationError", message: "An internal error occurred while processing the operation. Diagnostic information: see the emulator's log." };

/** Who comes first when several steps are due: the earliest, then the older operation. */
const before = (a: OperationRecord, b: OperationRecord) => dueAt(a) < dueAt(b) || (dueAt(a) === dueAt(b) && a.startTime < b.startTime);

export function createEngine(opts: EngineOptions): Engine {
  const { store, clock } = opts;
  const runners = new Map([...opts.runners].map(([ns, r]) => [ns.toLowerCase(), r]));
  // In-memory index of running operations, rebuilt from the store at start and after a failed commit.
  const active = new Map<string, OperationRecord>();
  const reindex = () => {
    active.clear();
    // The store lists running operations as a group (operationGroups): ended ones may rest on disk.
    for (const op of store.group<OperationRecord>("operations", RUNNING_OPERATIONS)) active.set(op.id, op);
  };
  reindex();
  const activity = opts.activity ? createActivityLog(store, opts.activity) : undefined;
  let stopped = false;
  let running = false;

  const runnerFor = (namespace: string): StepRunner => {
    const runner = runners.get(namespace.toLowerCase());
    if (!runner) throw new Error(`no step runner for provider ${namespace}`);
    return runner;
  };

  const track = (op: OperationRecord) => {
    if (isActive(op)) active.set(op.id, op);
    else active.delete(op.id);
  };

  /** `request`: the write request this change answers (commit passes it; steps have none). */
  function write(tx: Tx, change: Change, request?: ActivityRequestAudit): void {
    // The activity log sees the change before it is written (what each operation was) and its
    // events go into the same transaction.
    const logged = activity?.observe(tx, change, request, clock.now());
    for (const [key, doc] of change.resources ?? []) {
      if (doc === undefined) tx.delete("resources", key);
      else tx.put("resources", key, doc);
    }
    for (const op of logged?.operations ?? change.operations ?? []) {
      tx.put("operations", op.id, op);
      track(op);
    }
    for (const id of change.forget ?? []) {
      tx.delete("operations", id);
      active.delete(id);
    }
    for (const [key, value] of change.meta ?? []) {
      if (value === undefined) tx.delete("meta", key);
      else tx.put("meta", key, value);
    }
    for (const [key, doc] of change.kube ?? []) {
      if (doc === undefined) tx.delete("kube", key);
      else tx.put("kube", key, doc);
    }
    if (logged && logged.events.length > 0) activity!.append(tx, logged.events, clock.now());
  }

  function transact(fn: (tx: Tx) => void): void {
    try {
      store.transaction(fn);
    } catch (err) {
      reindex(); // nothing committed: the index goes back to what the store holds
      activity?.reload();
      throw err;
    }
  }

  function commit(change: Change): void {
    transact((tx) => write(tx, change, activity?.request()));
    schedule();
  }

  function logRefusal(status: number, body: unknown): void {
    const request = activity?.request();
    if (!activity || !request || request.logged || !isWrite(request.method)) return;
    try {
      transact((tx) => activity.refusal(tx, request, status, body, clock.now()));
    } catch (err) {
      opts.onError?.(err);
    }
  }

  function nextDue(): OperationRecord | undefined {
    let best: OperationRecord | undefined;
    for (const op of active.values()) if (!best || before(op, best)) best = op;
    return best;
  }

  /**
   * A runner that throws is a bug, not a client mistake: the operation fails with an internal
   * error (logged) instead of the engine retrying the same step forever. Runners only read until
   * they return, so nothing of the failed step was written.
   */
  function guarded(apply: () => StepResult): StepResult {
    try {
      return apply();
    } catch (err) {
      opts.onError?.(err);
      return { error: INTERNAL_STEP_ERROR };
    }
  }

  /** The owner first, then every other provider whose steps the plan holds (a group delete's AKS steps). */
  const involved = (op: OperationRecord) => [...new Set([op.provider.toLowerCase(), ...op.steps.flatMap((st) => (st.provider ? [st.provider.toLowerCase()] : []))])];

  function settle(tx: Tx, provider: string, op: OperationRecord, at: number): Change {
    try {
      return runnerFor(provider).settle(op, { read: tx, at });
    } catch (err) {
      opts.onError?.(err);
      return {};
    }
  }

  /** Applies the due step of `op` at `at` inside the caller's transaction; ends the operation after its last step. */
  function advance(tx: Tx, op: OperationRecord, at: number): void {
    const step = op.steps[op.stepIndex];
    let next: OperationRecord = { ...release(op), stepIndex: op.stepIndex + 1, stepStartedAt: at };
    if (step) {
      const asked = op.held ? undefined : opts.beforeStep?.(step, { op, at, read: tx });
      const hook = asked && "code" in asked ? { fault: { fail: asked } } : asked;
      if (hook?.change) write(tx, hook.change);
      const fault = hook?.fault;
      if (fault && !("fail" in fault)) {
        // Held: the step stays in progress, due after the delay or never (a hang).
        const held = holdStep(op, { ...("delayMs" in fault ? { until: at + fault.delayMs } : {}), ...(fault.by !== undefined ? { by: fault.by } : {}) });
        write(tx, { operations: [held] });
        return;
      }
      let result: StepResult | undefined = fault ? { error: fault.fail } : step.action.type === "progress" ? undefined : guarded(() => runnerFor(step.provider ?? op.provider).apply(step, { read: tx, op: next, at }));
      if (result && !("error" in result) && opts.guardStep && step.provider !== undefined && step.provider.toLowerCase() !== op.provider.toLowerCase()) {
        const writes = result.change.resources ?? [];
        const removes = result.removes ?? [];
        const refused = writes.length > 0 || removes.length > 0 ? opts.guardStep({ op, step, writes, removes, read: tx, at }) : undefined;
        if (refused) result = { error: refused };
      }
      if (result?.change) write(tx, result.change);
      if (result && "error" in result) next = failOperation({ ...op, stepStartedAt: at }, result.error, at);
      else if (result?.op) next = result.op;
    }
    if (isActive(next) && next.stepIndex >= next.steps.length) next = finishOperation(next, at);
    if (!isActive(next)) for (const provider of involved(next)) write(tx, settle(tx, provider, next, at));
    write(tx, { operations: [isActive(next) ? next : archived(next)] });
  }

  const works: DueWork[] = [];
  /** The attached work due first, and when. */
  function nextWork(): { work: DueWork; at: number } | undefined {
    let best: { work: DueWork; at: number } | undefined;
    for (const work of works) {
      const at = work.nextDue();
      if (at !== undefined && (!best || at < best.at)) best = { work, at };
    }
    return best;
  }

  /** Whether an operation step is due by `limit` (an instant clock jumps to any). */
  function stepDue(limit: number): boolean {
    const op = nextDue();
    if (!op) return false;
    const due = dueAt(op);
    return due !== Number.POSITIVE_INFINITY && due <= limit && (due <= clock.now() || clock.mode === "instant");
  }

  /**
   * Applies every due step, in time order, in ONE transaction: one durable commit (one fsync) per
   * catch-up rather than per step. An instant clock jumps from step to step until nothing is left.
   * Attached work (Engine.attach) due before a step runs first, between such transactions.
   */
  function catchUp(): void {
    if (running || stopped) return;
    running = true;
    try {
      // Bounded: attached work that never settles cannot hold the event loop forever.
      for (let turns = 0; turns < 100_000; turns++) {
        const work = nextWork();
        const limit = work ? work.at : Number.POSITIVE_INFINITY;
        if (stepDue(limit)) {
          let last = 0;
          transact((tx) => {
            for (;;) {
              const op = nextDue();
              if (!op) break;
              const due = dueAt(op);
              if (due === Number.POSITIVE_INFINITY || due > limit) break; // only hung steps are left, or work comes first
              if (due > clock.now()) {
                if (clock.mode !== "instant") break;
                clock.advanceTo(due);
              }
              advance(tx, op, due);
              last = due;
            }
            // The virtual time the steps reached, once per catch-up (a restart resumes from it).
            if (last > 0) write(tx, { meta: [["clock", { now: last }]] });
          });
          for (const w of works) w.stepsApplied?.(last);
          continue;
        }
        if (!work) break;
        if (work.at > clock.now()) {
          if (clock.mode !== "instant") break;
          clock.advanceTo(work.at);
        }
        work.work.run(work.at);
      }
    } catch (err) {
      opts.onError?.(err);
    } finally {
      running = false;
    }
    schedule();
  }

  let deferred = false;
  function schedule(): void {
    if (stopped || running) return;
    const op = nextDue();
    const opAt = op ? dueAt(op) : Number.POSITIVE_INFINITY;
    const work = nextWork();
    if (work && work.at < opAt && work.at <= clock.now()) {
      // Work due now runs once the write that made it due has returned (never inside that write).
      if (!deferred) {
        deferred = true;
        queueMicrotask(() => {
          deferred = false;
          catchUp();
        });
      }
      return;
    }
    const at = Math.min(opAt, work?.at ?? Number.POSITIVE_INFINITY);
    if (at !== Number.POSITIVE_INFINITY) clock.wakeAt(at, catchUp);
  }

  schedule();
  return {
    commit,
    catchUp,
    activeOperations: (parent) => [...active.values()].filter((op) => op.parent === parent),
    logRefusal,
    attach(work) {
      works.push(work);
      return schedule;
    },
    reload() {
      reindex();
      schedule();
    },
    stop() {
      stopped = true;
      clock.close();
    },
  };
}
