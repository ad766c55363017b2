import assert from "node:assert/strict";
import { test } from "node:test";
import { createClock } from "../../src/clock/clock.js";

test("manual clock moves only when advanced and wakes due work synchronously", () => {
  const clock = createClock({ mode: "manual", speed: 1, startAt: 1_000_000 });
  const woken: number[] = [];
  clock.wakeAt(1_005_000, () => woken.push(clock.now()));
  clock.advanceTo(1_004_999);
  assert.deepEqual(woken, []);
  clock.advanceTo(1_005_000);
  assert.deepEqual(woken, [1_005_000]);
  clock.advanceTo(1_000_000); // never backwards
  assert.equal(clock.now(), 1_005_000);
});

test("instant clock jumps to the next due time", async () => {
  const clock = createClock({ mode: "instant", speed: 1, startAt: 0 });
  const seen = await new Promise<number>((resolve) => clock.wakeAt(300_000, () => resolve(clock.now())));
  assert.equal(seen, 300_000);
  assert.equal(clock.realSecondsUntil(900_000), 0);
});

test("realtime clock runs speed times faster and resumes from a later persisted time", () => {
  const future = Date.now() + 3_600_000;
  const clock = createClock({ mode: "realtime", speed: 60, startAt: future });
  assert.ok(clock.now() >= future);
  assert.ok(Math.abs(clock.realSecondsUntil(clock.now() + 60_000) - 1) < 0.1);
  clock.close();
});
