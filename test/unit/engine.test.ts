// The engine runs plans in virtual time, step by step, and resumes them after a restart.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createClock } from "../../src/clock/clock.js";
import { createEngine } from "../../src/engine/engine.js";
import { resourceListings } from "../../src/arm/ids.js";
import { operationGroups, percentComplete, type OperationRecord } from "../../src/engine/operations.js";
import { poolKey } from "../../src/providers/containerservice/domain/keys.js";
import { nodeHostOf, upgradePoolSteps } from "../../src/providers/containerservice/domain/plans.js";
import type { PoolRecord } from "../../src/providers/containerservice/domain/records.js";
import { providerRunners } from "./support/runners.js";
import { openSqlitePersistence } from "../../src/store/sqlite-persistence.js";
import { createStore } from "../../src/store/store.js";
import { cluster, KEY, op, pool, T0 } from "./support/records.js";

let etag = 0;
const storeOptions = { groupOf: { resources: (k: string) => resourceListings(k), operations: (_k: string, op: unknown) => operationGroups(op as OperationRecord) }, newEtag: () => `e${++etag}` };

function seed(dataDir?: string) {
  const store = createStore(dataDir ? openSqlitePersistence(dataDir) : null, storeOptions);
  const clock = createClock({ mode: "manual", speed: 0, startAt: store.get<{ now: number }>("meta", "clock")?.now ?? T0 });
  // Every provider's runner: an AKS upgrade hands its surge VMs to Compute.
  const engine = createEngine({ store, clock, runners: providerRunners() });
  return { store, clock, engine };
}

const upgradingPool = () => pool("nodepool1", { spec: { count: 3, mode: "System", upgradeSettings: { maxSurge: "1" } } });
const startingPlan = () => upgradePoolSteps(nodeHostOf(cluster()), upgradingPool(), "1.33.3");

function startUpgrade(env: ReturnType<typeof seed>): OperationRecord {
  const p = upgradingPool();
  const upgrade = op({ id: "up-1", operationType: "PutAgentPool", poolName: "nodepool1", verb: "Upgrading", steps: startingPlan() });
  env.engine.commit({ resources: [[KEY, cluster()], [poolKey(KEY, "nodepool1"), { ...p, provisioningState: "Upgrading" }]], operations: [upgrade] });
  return upgrade;
}

test("steps apply at their due virtual time and the operation finishes Succeeded", () => {
  const env = seed();
  startUpgrade(env);
  const pct: number[] = [];
  const read = () => env.store.get<OperationRecord>("operations", "up-1")!;
  const poolNow = () => env.store.get<PoolRecord>("resources", poolKey(KEY, "nodepool1"))!;
  // 10 s to allocate the surge VM (Compute), then 60 s for the surge node.
  env.clock.advanceTo(T0 + 69_999);
  assert.equal(poolNow().nodes.length, 3, "the surge node is not there before its step is due");
  pct.push(percentComplete(read(), env.clock.now()));
  env.clock.advanceTo(T0 + 70_000);
  assert.equal(poolNow().nodes.length, 4, "surge node added");
  assert.ok(poolNow().nodes.some((n) => n.surge && n.version === "1.33.3"));
  for (let t = T0 + 70_000; read().status === "InProgress"; t += 10_000) {
    env.clock.advanceTo(t);
    pct.push(percentComplete(read(), env.clock.now()));
  }
  const done = read();
  assert.equal(done.status, "Succeeded");
  assert.equal(done.endTime, T0 + done.steps.reduce((s, st) => s + st.durationMs, 0), "ends exactly when the plan says");
  assert.deepEqual([...pct].sort((a, b) => a - b), pct, "percentComplete never goes backwards");
  // Ended, it keeps its steps' names, durations and providers, not their actions (memory at scale).
  const plan = startingPlan();
  assert.deepEqual(done.steps.map((st) => [st.name, st.durationMs, st.provider, st.action.type]), plan.map((st) => [st.name, st.durationMs, st.provider, "progress"]));
  assert.ok(plan.some((st) => st.action.type !== "progress"));
  const p = poolNow();
  assert.equal(p.provisioningState, "Succeeded");
  assert.equal(p.currentOrchestratorVersion, "1.33.3");
  assert.deepEqual(p.nodes.map((n) => [n.version, n.state, n.surge]), Array(3).fill(["1.33.3", "Ready", false]));
});

test("a persisted plan resumes after a restart where it stopped", () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-engine-"));
  try {
    const first = seed(dir);
    startUpgrade(first);
    first.clock.advanceTo(T0 + 200_000);
    const before = first.store.get<OperationRecord>("operations", "up-1")!;
    assert.ok(before.stepIndex > 1 && before.status === "InProgress");
    first.engine.stop();
    first.store.close();

    const second = seed(dir);
    assert.equal(second.clock.now(), before.stepStartedAt, "virtual time continues from the last step");
    const resumed = second.store.get<OperationRecord>("operations", "up-1")!;
    assert.deepEqual(resumed, before);
    second.clock.advanceTo(T0 + 10_000_000);
    const done = second.store.get<OperationRecord>("operations", "up-1")!;
    assert.equal(done.status, "Succeeded");
    second.engine.stop();
    second.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
