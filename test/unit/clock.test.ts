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

test("after a restart virtual time resumes no earlier than anything a client saw", async () => {
  const { resumeVirtualTime } = await import("../../src/clock/clock.js");
  const wall = 1_000_000_000;
  // A realtime clock at speed 60 keeps running through 10 s of downtime: 600 s of virtual time.
  assert.equal(resumeVirtualTime({ anchor: { virtual: wall + 5_000_000, wall: wall - 10_000, speed: 60 }, wallNow: wall, mode: "realtime" }), wall + 5_600_000);
  // Never behind the last committed step, nor (realtime) behind the wall clock.
  assert.equal(resumeVirtualTime({ lastCommitted: wall + 9_000_000, wallNow: wall, mode: "realtime" }), wall + 9_000_000);
  assert.equal(resumeVirtualTime({ lastCommitted: wall - 9_000, wallNow: wall, mode: "realtime" }), wall);
  // A manual clock resumes where it was, even in the wall clock's past.
  assert.equal(resumeVirtualTime({ anchor: { virtual: wall - 50_000, wall: wall - 60_000, speed: 0 }, lastCommitted: wall - 40_000, wallNow: wall, mode: "manual" }), wall - 40_000);
  assert.equal(resumeVirtualTime({ wallNow: wall, mode: "manual" }), wall);
});
