// Runs operation plans in virtual time. Each due step is applied in its own store transaction, at
// the virtual instant it was due, so percentComplete, states and timestamps follow the clock alone.
// Plans are data in the store: after a restart (even kill -9) the engine resumes where it was.
import type { Clock } from "../clock/clock.js";
import type { Store, Tx } from "../store/store.js";
import { applyStep } from "../providers/containerservice/domain/apply-step.js";
import { finishOperation } from "../providers/containerservice/domain/lifecycle.js";
import { isActive, type OperationRecord } from "../providers/containerservice/domain/records.js";
import { loadWorld, saveWorld } from "../providers/containerservice/repository.js";

export type Engine = {
  /** Runs `fn` in a store transaction; operations written through `putOperation` are tracked. */
  transact<T>(fn: (tx: Tx, ops: OperationWriter) => T): T;
  /** Applies every step that is due at the clock's current time. */
  catchUp(): void;
  activeOperations(parent: string): OperationRecord[];
  stop(): void;
};

export type OperationWriter = { put(op: OperationRecord): void; delete(id: string): void };

export type EngineOptions = { store: Store; clock: Clock; newEtag: () => string; onError?: (err: unknown) => void };

const dueAt = (op: OperationRecord) => op.stepStartedAt + (op.steps[op.stepIndex]?.durationMs ?? 0);

export function createEngine(opts: EngineOptions): Engine {
  const { store, clock, newEtag } = opts;
  // In-memory index of running operations, rebuilt from the store at start.
  const active = new Map<string, OperationRecord>();
  for (const op of store.values<OperationRecord>("operations")) if (isActive(op)) active.set(op.id, op);
  let stopped = false;
  let running = false;
  const track = (id: string, op: OperationRecord | undefined) => {
    if (op && isActive(op)) active.set(id, op);
    else active.delete(id);
  };

  function transact<T>(fn: (tx: Tx, ops: OperationWriter) => T): T {
    const touched = new Map<string, OperationRecord | undefined>();
    const result = store.transaction((tx) => {
      const writer: OperationWriter = {
        put(op) {
          tx.put("operations", op.id, op);
          touched.set(op.id, op);
          if (running) track(op.id, op);
        },
        delete(id) {
          tx.delete("operations", id);
          touched.set(id, undefined);
          if (running) track(id, undefined);
        },
      };
      return fn(tx, writer);
    });
    for (const [id, op] of touched) track(id, op);
    if (touched.size > 0) schedule();
    return result;
  }

  function nextDue(): OperationRecord | undefined {
    let best: OperationRecord | undefined;
    for (const op of active.values()) {
      if (!best || dueAt(op) < dueAt(best) || (dueAt(op) === dueAt(best) && op.startTime < best.startTime)) best = op;
    }
    return best;
  }

  /** Applies one step of `op`, due at `at`, inside the caller's transaction. */
  function advance(tx: Tx, ops: OperationWriter, op: OperationRecord, at: number): void {
    const step = op.steps[op.stepIndex];
    let next: OperationRecord = { ...op, stepIndex: op.stepIndex + 1, stepStartedAt: at };
    if (step) {
      const key = step.clusterKey ?? op.clusterKey;
      if (key) {
        const before = loadWorld(tx, key);
        let world = applyStep(before, step.action, at).world;
        if (next.stepIndex >= next.steps.length && key === op.clusterKey) {
          const finished = finishOperation(world, next, at);
          world = finished.world;
          next = finished.op;
        }
        saveWorld(tx, key, before, world, newEtag);
        if (step.action.type === "deleteCluster") {
          // The cluster is gone. Its operations stay readable at their status URLs (a poller of a
          // preempted operation still learns why it failed), but leave the cluster's history, so a
          // new cluster of the same name starts with none.
          const tombstone = `${key}#deleted:${op.id}`;
          for (const old of tx.group<OperationRecord>("operations", key)) if (old.id !== op.id) ops.put({ ...old, clusterKey: tombstone });
          if (op.clusterKey === key) next = { ...next, clusterKey: tombstone };
        }
      } else if (step.action.type === "deleteResourceGroup") {
        tx.delete("resources", step.action.groupKey);
      }
    }
    if (next.stepIndex >= next.steps.length && isActive(next)) {
      next = next.status === "Canceling" ? { ...next, status: "Canceled", endTime: at } : { ...next, status: "Succeeded", endTime: at };
    }
    ops.put(next);
    tx.put("meta", "clock", { now: at });
  }

  /**
   * Applies every due step, in time order, in ONE transaction: one durable commit (one fsync) per
   * catch-up rather than per step. An instant clock jumps from step to step until nothing is left.
   */
  function catchUp(): void {
    if (running || stopped) return;
    running = true;
    try {
      transact((tx, ops) => {
        for (;;) {
          const op = nextDue();
          if (!op) break;
          const due = dueAt(op);
          if (due > clock.now()) {
            if (clock.mode !== "instant") break;
            clock.advanceTo(due);
          }
          advance(tx, ops, op, due);
        }
      });
    } catch (err) {
      // The transaction did not commit: the index goes back to what the store holds.
      active.clear();
      for (const op of store.values<OperationRecord>("operations")) if (isActive(op)) active.set(op.id, op);
      opts.onError?.(err);
    } finally {
      running = false;
    }
    schedule();
  }

  function schedule(): void {
    if (stopped || running) return;
    const op = nextDue();
    if (op) clock.wakeAt(dueAt(op), catchUp);
  }

  schedule();
  return {
    transact,
    catchUp,
    activeOperations(parent: string) {
      return [...active.values()].filter((op) => (op.clusterKey ?? op.groupKey) === parent);
    },
    stop() {
      stopped = true;
      clock.close();
    },
  };
}
