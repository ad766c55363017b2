// The emulator's own control API under /_aksemu/: virtual time. Reading the clock, moving it by an
// ISO 8601 duration or to an RFC 3339 instant, and what happens on clocks that cannot be moved.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { assertGatewayError, assertStatus, assertWrapped, clusterBody, header, mcPath, opStatus, q, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
});
after(() => emu.close());

const clock = async (e: Emulator = emu) => {
  const res = await e.request("GET", "/_aksemu/clock");
  assertStatus(res, 200);
  return res.json as { mode: string; speed: number | null; now: string };
};
const post = (body: unknown, e: Emulator = emu) => e.request("POST", "/_aksemu/clock/advance", { body });

test("GET /_aksemu/clock returns {mode, speed, now}", async () => {
  const c = await clock();
  assert.deepEqual(Object.keys(c).sort(), ["mode", "now", "speed"]);
  assert.equal(c.mode, "manual");
  assert.equal(c.speed, 0);
  assert.match(c.now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  // A manual clock stands still between requests.
  await new Promise((r) => setTimeout(r, 5));
  assert.equal((await clock()).now, c.now);
});

test('{"by":"PT5M"} moves time by exactly five minutes and answers the new state', async () => {
  const before = Date.parse((await clock()).now);
  const res = await post({ by: "PT5M" });
  assertStatus(res, 200);
  assert.equal(res.json.mode, "manual");
  assert.equal(Date.parse(res.json.now) - before, 5 * 60_000);
  assert.equal((await clock()).now, res.json.now);
  for (const [by, ms] of [["PT1H30M", 90 * 60_000], ["PT0.5S", 500], ["P1D", 86_400_000], ["PT90S", 90_000]] as const) {
    const start = Date.parse((await clock()).now);
    const moved = await post({ by });
    assertStatus(moved, 200);
    assert.equal(Date.parse(moved.json.now) - start, ms, by);
  }
});

test('{"to":"<RFC 3339>"} moves time to exactly that instant', async () => {
  const now = Date.parse((await clock()).now);
  const target = new Date(Math.ceil(now / 1000) * 1000 + 3_600_000).toISOString();
  const res = await post({ to: target });
  assertStatus(res, 200);
  assert.equal(res.json.now, target);
  // An offset form of the same kind of instant.
  const next = Date.parse(target) + 60_000;
  const d = new Date(next + 2 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const withOffset = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+02:00`;
  const moved = await post({ to: withOffset });
  assertStatus(moved, 200);
  assert.equal(Date.parse(moved.json.now), next);
});

test("advancing runs the operations that fall due", async () => {
  await emu.createGroup("rg1");
  const res = await emu.request("PUT", q(mcPath("rg1", "c1")), { body: clusterBody() });
  assertStatus(res, 201);
  const aao = header(res, "azure-asyncoperation")!;
  assert.equal((await opStatus(emu, aao)).status, "InProgress");
  assertStatus(await post({ by: "PT1H" }), 200);
  const st = await opStatus(emu, aao);
  assert.equal(st.status, "Succeeded");
  // The operation ended at its own virtual instant, not at the time the clock was moved to.
  assert.ok(Date.parse(st.endTime) < Date.parse((await clock()).now));
});

test("bad bodies are 400 with a message that says what is expected", async () => {
  const before = (await clock()).now;
  const expect400 = async (body: unknown, message: string | RegExp) => {
    const res = await post(body);
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    assertWrapped(res, "BadRequest", message);
  };
  const either = 'Give either {"by":"PT5M"} (ISO 8601 duration) or {"to":"<RFC 3339 time>"}.';
  await expect400({}, either);
  await expect400({ by: 300 }, either);
  await expect400({ minutes: 5 }, either);
  await expect400({ by: "5 minutes" }, `'by' must be an ISO 8601 duration such as "PT5M", got '5 minutes'.`);
  await expect400({ by: "P" }, `'by' must be an ISO 8601 duration such as "PT5M", got 'P'.`);
  await expect400({ to: "yesterday" }, "'to' must be an RFC 3339 time, got 'yesterday'.");
  await expect400({ to: "2020-01-01T00:00:00Z" }, /^'to' \(2020-01-01T00:00:00Z\) is before the current virtual time \d{4}-\d{2}-\d{2}T[\d:.]+Z; time only moves forward\.$/);
  // No body at all, and a body that is not JSON.
  const empty = await emu.request("POST", "/_aksemu/clock/advance");
  assert.equal(empty.status, 400, empty.text);
  assertWrapped(empty, "BadRequest", either);
  const garbage = await emu.request("POST", "/_aksemu/clock/advance", { rawBody: "{by:", headers: { "content-type": "application/json" } });
  assert.equal(garbage.status, 400, garbage.text);
  assert.equal(garbage.json.error.code, "InvalidRequestContent");
  // None of these moved time.
  assert.equal((await clock()).now, before);
  // Only GET reads the clock and only POST advances it.
  assert.equal((await emu.request("PUT", "/_aksemu/clock", { body: {} })).status, 405);
  assert.equal((await emu.request("GET", "/_aksemu/clock/advance")).status, 405);
  assert.equal((await emu.request("GET", "/_aksemu/nothing")).status, 404);
});

test("a realtime or instant clock cannot be advanced: 409 ClockNotManual", async () => {
  for (const mode of ["realtime", "instant"] as const) {
    const e = await startEmulator({ clock: mode, speed: 30 });
    try {
      const c = await clock(e);
      assert.equal(c.mode, mode);
      assert.equal(c.speed, mode === "realtime" ? 30 : null);
      const res = await post({ by: "PT5M" }, e);
      assert.equal(res.status, 409, res.text);
      assertWrapped(res, "ClockNotManual", `The clock is in ${mode} mode; only a manual clock can be advanced. Start aksemu with --clock manual.`);
      const to = await post({ to: "2099-01-01T00:00:00Z" }, e);
      assert.equal(to.status, 409);
    } finally {
      await e.close();
    }
  }
});

test("a realtime clock runs at its speed", async () => {
  const e = await startEmulator({ clock: "realtime", speed: 1000 });
  try {
    const a = Date.parse((await clock(e)).now);
    await new Promise((r) => setTimeout(r, 20));
    const b = Date.parse((await clock(e)).now);
    // 20 ms of wall time is 20 s of virtual time at speed 1000 (allow scheduling slack).
    assert.ok(b - a >= 15_000, `${b - a} ms`);
  } finally {
    await e.close();
  }
});

test("the control API needs a token like ARM does", async () => {
  const before = (await clock()).now;
  assertGatewayError(await emu.request("GET", "/_aksemu/clock", { auth: false }), 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  assertGatewayError(await emu.request("POST", "/_aksemu/clock/advance", { body: { by: "PT1H" }, auth: false }), 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  assertGatewayError(await emu.request("POST", "/_aksemu/clock/advance", { body: { by: "PT1H" }, auth: "a.b.c" }), 401, "InvalidAuthenticationToken", "The access token is invalid.");
  assert.equal((await clock()).now, before, "refused requests do not move time");
});

test("a generated client secret never starts with '-', which az login -p would read as an option", async () => {
  const secrets: string[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await emu.request("POST", "/_aksemu/principals", { body: {} });
    assertStatus(res, 201);
    secrets.push(res.json.clientSecret);
  }
  assert.deepEqual(secrets.filter((s) => s.startsWith("-")), []);
  assert.ok(secrets.every((s) => /^[A-Za-z0-9_][A-Za-z0-9_-]{31}$/.test(s)), secrets.join(" "));
});
