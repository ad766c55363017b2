// The engine knows no provider: it runs any provider's plan through its step runner, fails an
// operation at the step that fails (no rollback), settles it through its owner, and never loops
// on a runner that throws.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createClock } from "../../src/clock/clock.js";
import { createEngine } from "../../src/engine/engine.js";
import { operationGroups, type OperationRecord, type Step } from "../../src/engine/operations.js";
import type { StepRunner } from "../../src/engine/step-runner.js";
import { createStore } from "../../src/store/store.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

type Doc = { id: string; state: string; counter: number; eTag?: string };

/** A toy provider: "bump" adds one to a document, "boom" fails with a given error, "crash" throws. */
function toyRunner(name: string, log: string[]): StepRunner {
  return {
    apply(step, { read, op }) {
      const key = step.target ?? op.parent;
      log.push(`${name}:${step.action.type}:${key}`);
      const doc = read.get<Doc>("resources", key)!;
      if (step.action.type === "boom") return { error: { code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved quota." } };
      if (step.action.type === "crash") throw new Error("a bug in a runner");
      return { change: { resources: [[key, { ...doc, counter: doc.counter + 1 }]] } };
    },
    settle(op, { read }) {
      log.push(`${name}:settle:${op.status}`);
      const doc = read.get<Doc>("resources", op.parent)!;
      return { resources: [[op.parent, { ...doc, state: op.status }]] };
    },
  };
}

function setup(beforeStep?: Parameters<typeof createEngine>[0]["beforeStep"]) {
  const log: string[] = [];
  const errors: unknown[] = [];
  const store = createStore(null, { groupOf: { operations: (_k, v) => operationGroups(v as OperationRecord) }, newEtag: () => "etag" });
  const clock = createClock({ mode: "manual", speed: 0, startAt: T0 });
  const engine = createEngine({ store, clock, runners: new Map([["Toy.A", toyRunner("a", log)], ["toy.b", toyRunner("b", log)]]), onError: (e) => errors.push(e), ...(beforeStep ? { beforeStep } : {}) });
  return { log, errors, store, clock, engine };
}

const step = (type: string, extra: Partial<Step> = {}): Step => ({ name: type, durationMs: 10_000, action: { type }, ...extra });

function operation(steps: Step[]): OperationRecord {
  return { id: "op1", provider: "Toy.A", parent: "/a/doc", resourceId: "/A/doc", subscriptionId: "s", location: "eastus", operationType: "Put", verb: "Updating", status: "InProgress", startTime: T0, steps, stepIndex: 0, stepStartedAt: T0, result: "resource" };
}

test("steps run through their provider's runner (case-insensitive namespace), cross-provider steps through theirs; settled by the owner, then by each provider the plan used", () => {
  const env = setup();
  env.engine.commit({ resources: [["/a/doc", { id: "/A/doc", state: "Updating", counter: 0 }], ["/b/doc", { id: "/B/doc", state: "x", counter: 0 }]], operations: [operation([step("bump"), step("bump", { provider: "TOY.B", target: "/b/doc" }), step("progress")])] });
  env.clock.advanceTo(T0 + 30_000);
  assert.deepEqual(env.log, ["a:bump:/a/doc", "b:bump:/b/doc", "a:settle:Succeeded", "b:settle:Succeeded"]);
  assert.equal(env.store.get<Doc>("resources", "/a/doc")!.state, "Succeeded");
  assert.equal(env.store.get<Doc>("resources", "/b/doc")!.counter, 1);
  assert.equal(env.store.get<OperationRecord>("operations", "op1")!.endTime, T0 + 30_000);
  assert.equal(env.store.get<Doc>("resources", "/a/doc")!.eTag, "etag", "the store stamps etags on resources");
});

test("a step that fails ends the operation Failed at that step, with its error; earlier steps stay applied; later steps never run", () => {
  const env = setup();
  env.engine.commit({ resources: [["/a/doc", { id: "/A/doc", state: "Updating", counter: 0 }]], operations: [operation([step("bump"), step("boom"), step("bump")])] });
  env.clock.advanceTo(T0 + 60_000);
  const op = env.store.get<OperationRecord>("operations", "op1")!;
  assert.equal(op.status, "Failed");
  assert.deepEqual(op.error, { code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved quota." });
  assert.equal(op.stepIndex, 1, "the operation stops at the failed step");
  assert.equal(op.endTime, T0 + 20_000);
  assert.equal(env.store.get<Doc>("resources", "/a/doc")!.counter, 1, "no rollback");
  assert.equal(env.store.get<Doc>("resources", "/a/doc")!.state, "Failed");
  assert.deepEqual(env.log, ["a:bump:/a/doc", "a:boom:/a/doc", "a:settle:Failed"]);
  assert.deepEqual(env.engine.activeOperations("/a/doc"), []);
});

test("a runner that throws fails its operation with InternalOperationError (logged) instead of retrying forever", () => {
  const env = setup();
  env.engine.commit({ resources: [["/a/doc", { id: "/A/doc", state: "Updating", counter: 0 }]], operations: [operation([step("crash"), step("bump")])] });
  env.clock.advanceTo(T0 + 60_000);
  const op = env.store.get<OperationRecord>("operations", "op1")!;
  assert.equal(op.status, "Failed");
  assert.equal(op.error?.code, "InternalOperationError");
  assert.equal(env.errors.length, 1);
  assert.equal(env.store.get<Doc>("resources", "/a/doc")!.state, "Failed");
});

test("activeOperations lists running operations by parent; a finished one leaves the index", () => {
  const env = setup();
  env.engine.commit({ resources: [["/a/doc", { id: "/A/doc", state: "Updating", counter: 0 }]], operations: [operation([step("bump")])] });
  assert.deepEqual(env.engine.activeOperations("/a/doc").map((o) => o.id), ["op1"]);
  assert.deepEqual(env.engine.activeOperations("/other"), []);
  env.clock.advanceTo(T0 + 10_000);
  assert.deepEqual(env.engine.activeOperations("/a/doc"), []);
});

test("a commit that fails to persist leaves the index as the store has it", () => {
  const log: string[] = [];
  let fail = false;
  const persistence = { loadAll: () => [], read: () => undefined, commit: () => { if (fail) throw new Error("disk full"); }, close: () => {} };
  const store = createStore(persistence, { groupOf: { operations: (_k, v) => operationGroups(v as OperationRecord) } });
  const clock = createClock({ mode: "manual", speed: 0, startAt: T0 });
  const engine = createEngine({ store, clock, runners: new Map([["Toy.A", toyRunner("a", log)]]) });
  fail = true;
  assert.throws(() => engine.commit({ operations: [operation([step("bump")])] }), /disk full/);
  assert.deepEqual(engine.activeOperations("/a/doc"), [], "nothing acknowledged, nothing scheduled");
  assert.equal(store.get("operations", "op1"), undefined);
});

test("beforeStep (where faults will match) sees every step, progress ones too, and fails a chosen one", () => {
  const seen: string[] = [];
  const env = setup((st, { op }) => {
    seen.push(`${op.id}:${st.name}`);
    return st.name === "second" ? { code: "ZonalAllocationFailed", message: "Allocation failed." } : undefined;
  });
  env.engine.commit({ resources: [["/a/doc", { id: "/A/doc", state: "Updating", counter: 0 }]], operations: [operation([{ ...step("bump"), name: "first" }, { ...step("progress"), name: "second" }, step("bump")])] });
  env.clock.advanceTo(T0 + 60_000);
  const op = env.store.get<OperationRecord>("operations", "op1")!;
  assert.deepEqual([op.status, op.error?.code, op.stepIndex], ["Failed", "ZonalAllocationFailed", 1]);
  assert.deepEqual(seen, ["op1:first", "op1:second"]);
  assert.deepEqual(env.log, ["a:bump:/a/doc", "a:settle:Failed"], "no step after the faulted one ran");
});
