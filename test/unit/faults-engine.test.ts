// The engine's side of faults, with a toy provider: a delayed step completes exactly the delay
// later, a hung one never (the operation stays InProgress, percentComplete frozen) until an abort;
// holds and fault counters are durable (written with the step) and survive a restart.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createClock, type ClockMode } from "../../src/clock/clock.js";
import { FAULTS_KEY, type Fault, type FaultBook } from "../../src/control/fault-rules.js";
import { faultHook } from "../../src/control/faults.js";
import { createEngine } from "../../src/engine/engine.js";
import { abortOperation, operationGroups, percentComplete, type OperationRecord, type Step } from "../../src/engine/operations.js";
import type { StepRunner } from "../../src/engine/step-runner.js";
import { openSqlitePersistence } from "../../src/store/sqlite-persistence.js";
import { createStore } from "../../src/store/store.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

type Doc = { counter: number; state?: string };
const bumps: StepRunner = {
  apply(_step, { read, op }) {
    const doc = read.get<Doc>("resources", op.parent)!;
    return { change: { resources: [[op.parent, { ...doc, counter: doc.counter + 1 }]] } };
  },
  settle(op, { read }) {
    const doc = read.get<Doc>("resources", op.parent)!;
    return { resources: [[op.parent, { ...doc, state: op.status }]] };
  },
};

function setup(o: { dir?: string; mode?: ClockMode; startAt?: number } = {}) {
  const store = createStore(o.dir ? openSqlitePersistence(o.dir) : null, { groupOf: { operations: (_k, v) => operationGroups(v as OperationRecord) } });
  const clock = createClock({ mode: o.mode ?? "manual", speed: 0, startAt: o.startAt ?? store.get<{ now: number }>("meta", "clock")?.now ?? T0 });
  const engine = createEngine({ store, clock, runners: new Map([["Toy", bumps]]), beforeStep: faultHook() });
  const op = () => store.get<OperationRecord>("operations", "op1")!;
  const faults = () => store.get<FaultBook>("meta", FAULTS_KEY)?.faults ?? [];
  const doc = () => store.get<Doc>("resources", "/doc")!;
  return { store, clock, engine, op, faults, doc };
}

const steps: Step[] = ["one", "two", "three"].map((name) => ({ name, durationMs: 10_000, action: { type: "bump" } }));
const operation = (): OperationRecord => ({ id: "op1", provider: "Toy", parent: "/doc", resourceId: "/Doc", subscriptionId: "s", location: "l", operationType: "Put", verb: "Updating", status: "InProgress", startTime: T0, steps, stepIndex: 0, stepStartedAt: T0, result: "resource" });
const fault = (over: Partial<Fault>): Fault => ({ id: "f", match: { step: "two" }, effect: { hang: true }, seen: 0, fired: 0, createdAt: T0, ...over });
const start = (env: ReturnType<typeof setup>, f: Fault) => env.engine.commit({ resources: [["/doc", { counter: 0 }]], operations: [operation()], meta: [[FAULTS_KEY, { faults: [f] } satisfies FaultBook]] });

test("delay: the step completes exactly the delay after its own end; percentComplete holds at the step's end meanwhile", () => {
  const env = setup();
  start(env, fault({ effect: { delay: "PT1M" } }));
  env.clock.advanceTo(T0 + 20_000);
  assert.deepEqual(env.op().held, { until: T0 + 80_000, by: "f" });
  assert.equal(env.op().stepIndex, 1);
  assert.equal(env.doc().counter, 1, "the held step has not applied");
  assert.deepEqual([env.faults()[0]!.seen, env.faults()[0]!.fired], [1, 1], "counted with the step");
  const pct = percentComplete(env.op(), T0 + 20_000);
  assert.equal(percentComplete(env.op(), T0 + 79_999), pct);
  env.clock.advanceTo(T0 + 79_999);
  assert.equal(env.doc().counter, 1);
  env.clock.advanceTo(T0 + 80_000);
  assert.equal(env.doc().counter, 2, "applied when the delay ends, not asked again");
  assert.equal(env.op().held, undefined);
  assert.equal(env.faults()[0]!.seen, 1, "the same occurrence is not counted twice");
  env.clock.advanceTo(T0 + 90_000);
  assert.deepEqual([env.op().status, env.op().endTime], ["Succeeded", T0 + 90_000]);
});

test("hang: never due; the instant clock does not run away; abort (the pure model) cancels it", () => {
  const env = setup({ mode: "instant" });
  start(env, fault({}));
  env.engine.catchUp();
  assert.deepEqual([env.op().status, env.op().stepIndex, env.op().held], ["InProgress", 1, { by: "f" }]);
  assert.equal(env.clock.now(), T0 + 20_000, "an instant clock stops at the hang");
  const aborted = abortOperation(env.op(), env.clock.now());
  assert.equal(aborted.held, undefined, "abort drops the hold");
  env.engine.commit({ operations: [aborted] });
  env.engine.catchUp();
  assert.equal(env.op().status, "Canceled");
  assert.equal(env.doc().state, "Canceled");
  assert.equal(env.doc().counter, 1, "no rollback, the hung step never applied");
});

test("a failing fault fails the operation at its step; a transient one then stops matching", () => {
  const env = setup();
  start(env, fault({ effect: { transient: { code: "X", message: "once" } }, times: 1 }));
  env.clock.advanceTo(T0 + 30_000);
  assert.deepEqual([env.op().status, env.op().error, env.op().stepIndex], ["Failed", { code: "X", message: "once" }, 1]);
  assert.equal(env.doc().state, "Failed");
  env.engine.commit({ operations: [{ ...operation(), id: "op1", startTime: T0 + 30_000, stepStartedAt: T0 + 30_000 }] });
  env.clock.advanceTo(T0 + 60_000);
  assert.equal(env.op().status, "Succeeded", "the retry passes the spent fault");
  assert.deepEqual([env.faults()[0]!.seen, env.faults()[0]!.fired], [1, 1]);
});

test("a restart resumes a delayed step with the same due time, and a hung one still hung", () => {
  for (const effect of [{ delay: "PT1M" }, { hang: true as const }]) {
    const dir = mkdtempSync(join(tmpdir(), "aksemu-faults-"));
    try {
      const first = setup({ dir });
      start(first, fault({ effect }));
      first.clock.advanceTo(T0 + 30_000);
      const before = first.op();
      first.engine.stop();
      first.store.close();

      const second = setup({ dir, startAt: T0 + 30_000 });
      assert.deepEqual(second.op(), before, "the hold is stored with the operation");
      second.clock.advanceTo(T0 + 79_999);
      assert.equal(second.doc().counter, 1);
      second.clock.advanceTo(T0 + 3_600_000);
      if ("delay" in effect) assert.deepEqual([second.op().status, second.op().endTime], ["Succeeded", T0 + 90_000], "due at the same instant as before the restart");
      else assert.deepEqual([second.op().status, second.op().stepIndex, second.doc().counter], ["InProgress", 1, 1]);
      assert.equal(second.faults()[0]!.seen, 1);
      second.engine.stop();
      second.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
