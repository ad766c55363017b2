// The engine's provider-neutral operation rules: percent complete, finish, fail, abort, preempt.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  abortOperation,
  archived,
  CANCEL_STEPS,
  dueAt,
  failOperation,
  finishOperation,
  isActive,
  OPERATION_CANCELED,
  percentComplete,
  preemptOperation,
  type OperationRecord,
  type OperationStatus,
  type Step,
} from "../../src/engine/operations.js";

const T0 = Date.parse("2024-02-21T13:33:55Z");
const s = (name: string, seconds: number): Step => ({ name, durationMs: seconds * 1000, action: { type: "progress" } });

/** A plain (provider-neutral) operation: four steps of 10 + 20 + 30 + 40 seconds. */
function operation(over: Partial<OperationRecord> = {}): OperationRecord {
  return {
    id: "op-1",
    provider: "Test.Provider",
    parent: "/subscriptions/s/resourcegroups/rg/providers/test.provider/things/t1",
    resourceId: "/subscriptions/s/resourceGroups/rg/providers/Test.Provider/things/t1",
    subscriptionId: "s",
    location: "eastus",
    operationType: "PutThing",
    verb: "Updating",
    status: "InProgress",
    startTime: T0,
    steps: [s("a", 10), s("b", 20), s("c", 30), s("d", 40)],
    stepIndex: 0,
    stepStartedAt: T0,
    result: "resource",
    ...over,
  };
}

// ---------------------------------------------------------------------------------------------
// percentComplete

type PctCase = { name: string; op: OperationRecord; now: number; pct: number };
const pctCases: PctCase[] = [
  { name: "just started", op: operation(), now: T0, pct: 0 },
  { name: "half way through the first step", op: operation(), now: T0 + 5000, pct: 5 },
  { name: "rounded down: 5.9 % is 5", op: operation(), now: T0 + 5900, pct: 5 },
  { name: "the first step is due but not yet applied: capped at its duration", op: operation(), now: T0 + 999_000, pct: 10 },
  { name: "in the third step, 15 s of 30 done", op: operation({ stepIndex: 2, stepStartedAt: T0 + 30_000 }), now: T0 + 45_000, pct: 45 },
  { name: "a clock behind the step's start counts nothing of the step", op: operation({ stepIndex: 1, stepStartedAt: T0 + 10_000 }), now: T0, pct: 10 },
  { name: "never 100 before Succeeded, even at the last instant", op: operation({ stepIndex: 3, stepStartedAt: T0 + 60_000 }), now: T0 + 100_000, pct: 99 },
  { name: "Succeeded is 100", op: operation({ status: "Succeeded", stepIndex: 4 }), now: T0, pct: 100 },
  { name: "Failed stays where it stopped (the failed step counts nothing)", op: operation({ status: "Failed", stepIndex: 2, stepStartedAt: T0 + 30_000 }), now: T0 + 50_000, pct: 30 },
  { name: "Canceling keeps counting its wind-down step", op: operation({ status: "Canceling", stepIndex: 1, stepStartedAt: T0 + 10_000 }), now: T0 + 20_000, pct: 20 },
  { name: "Canceled stays where it stopped", op: operation({ status: "Canceled", stepIndex: 1, stepStartedAt: T0 + 10_000 }), now: T0 + 20_000, pct: 10 },
  { name: "a plan of zero duration is 0 until it succeeds", op: operation({ steps: [s("instant", 0)] }), now: T0 + 5000, pct: 0 },
  { name: "an empty plan is 0", op: operation({ steps: [] }), now: T0, pct: 0 },
];
for (const c of pctCases) {
  test(`percentComplete: ${c.name}`, () => assert.equal(percentComplete(c.op, c.now), c.pct));
}

// ---------------------------------------------------------------------------------------------
// isActive, dueAt

const activeCases: [OperationStatus, boolean][] = [
  ["InProgress", true],
  ["Canceling", true],
  ["Succeeded", false],
  ["Failed", false],
  ["Canceled", false],
];
for (const [status, active] of activeCases) {
  test(`isActive: ${status} is ${active ? "" : "not "}active`, () => assert.equal(isActive({ status }), active));
}

test("dueAt: the current step's start plus its duration; past the plan, its start", () => {
  assert.equal(dueAt(operation({ stepIndex: 2, stepStartedAt: T0 + 30_000 })), T0 + 60_000);
  assert.equal(dueAt(operation({ stepIndex: 4, stepStartedAt: T0 + 100_000 })), T0 + 100_000);
});

// ---------------------------------------------------------------------------------------------
// finish, fail, preempt

const AT = T0 + 100_000;

test("finishOperation: an InProgress operation Succeeds at that time, without error", () => {
  const o = operation({ stepIndex: 4 });
  const done = finishOperation(o, AT);
  assert.deepEqual(done, { ...o, status: "Succeeded", endTime: AT });
  assert.equal(o.status, "InProgress", "the input is not mutated");
});

test("finishOperation: a Canceling operation ends Canceled with OperationCanceled", () => {
  const done = finishOperation(operation({ id: "abc", status: "Canceling" }), AT);
  assert.equal(done.status, "Canceled");
  assert.equal(done.endTime, AT);
  assert.deepEqual(done.error, {
    code: "OperationCanceled",
    message: "The operation abc was canceled by an abort request (POST .../abort). The resource is left as the operation found it: no rollback is performed.",
  });
  assert.deepEqual(done.error, OPERATION_CANCELED("abc"));
});

test("finishOperation keeps provider fields (generic over the record)", () => {
  const aks = { ...operation(), poolName: "nodepool1", touchedPools: ["x"] };
  const done = finishOperation(aks, AT);
  assert.deepEqual([done.poolName, done.touchedPools], ["nodepool1", ["x"]]);
});

test("failOperation: Failed at that step with the error, plan and position kept (no rollback)", () => {
  const o = operation({ stepIndex: 2, stepStartedAt: T0 + 30_000 });
  const err = { code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved quota." };
  const failed = failOperation(o, err, AT);
  assert.deepEqual(failed, { ...o, status: "Failed", endTime: AT, error: err });
});

test("archived: an ended operation keeps step names, durations, position and percentComplete; only the actions go", () => {
  const o = operation({ stepIndex: 2, stepStartedAt: T0 + 30_000, steps: [{ ...s("a", 10), action: { type: "createResourceGroup", group: { id: "x".repeat(200) } } as never, provider: "Microsoft.Resources", target: "/k" }, s("b", 20), s("c", 30)] });
  const failed = failOperation(o, { code: "QuotaExceeded", message: "m" }, AT);
  const kept = archived(failed);
  assert.deepEqual(kept.steps, [{ name: "a", durationMs: 10_000, action: { type: "progress" }, provider: "Microsoft.Resources" }, s("b", 20), s("c", 30)]);
  assert.deepEqual({ ...kept, steps: [] }, { ...failed, steps: [] });
  assert.equal(percentComplete(kept, AT + 99_000), percentComplete(failed, AT + 99_000));
});

test("preemptOperation: Failed with the preempting reason", () => {
  const reason = { code: "AKSOperationPreemptedByDelete", message: "This operation has been preempted by Deleting operation." };
  const o = operation({ stepIndex: 1 });
  assert.deepEqual(preemptOperation(o, reason, AT), { ...o, status: "Failed", endTime: AT, error: reason });
});

// ---------------------------------------------------------------------------------------------
// abort

type AbortCase = { name: string; op: OperationRecord; steps: string[] };
const abortCases: AbortCase[] = [
  { name: "in the first step: nothing completed, only the wind-down", op: operation(), steps: ["Canceling operation"] },
  { name: "in the third step: the two completed steps, then the wind-down", op: operation({ stepIndex: 2, stepStartedAt: T0 + 30_000 }), steps: ["a", "b", "Canceling operation"] },
  { name: "in the last step", op: operation({ stepIndex: 3, stepStartedAt: T0 + 60_000 }), steps: ["a", "b", "c", "Canceling operation"] },
];
for (const c of abortCases) {
  test(`abortOperation: ${c.name}`, () => {
    const aborted = abortOperation(c.op, AT);
    assert.equal(aborted.status, "Canceling");
    assert.deepEqual(aborted.steps.map((x) => x.name), c.steps);
    assert.equal(aborted.stepIndex, c.op.stepIndex, "the wind-down is the step now running");
    assert.equal(aborted.steps[aborted.stepIndex], CANCEL_STEPS[0]);
    assert.equal(aborted.stepStartedAt, AT);
    assert.equal(dueAt(aborted), AT + 5000, "the wind-down takes 5 s");
    assert.equal(aborted.endTime, undefined);
    assert.equal(aborted.error, undefined);
    assert.equal(c.op.status, "InProgress", "the input is not mutated");
  });
}

test("abort then finish: the operation ends Canceled after its wind-down", () => {
  const aborted = abortOperation(operation({ stepIndex: 1, stepStartedAt: T0 + 10_000 }), AT);
  const done = finishOperation({ ...aborted, stepIndex: aborted.stepIndex + 1, stepStartedAt: dueAt(aborted) }, dueAt(aborted));
  assert.deepEqual([done.status, done.endTime, done.error?.code], ["Canceled", AT + 5000, "OperationCanceled"]);
  assert.equal(percentComplete(done, AT + 5000), 99, "Canceled is not 100 (only Succeeded is)");
});
