// Crash recovery with injected faults: the emulator runs as a child process on a persistent data
// dir, is SIGKILLed while a step is held by a fault (delayed or hung), and is restarted on the same
// dir. The hold resumes as it was: a delayed step completes at the same virtual instant, a hung one
// still hangs until aborted, and the faults keep their counters (none fires twice).
//
// The children run from source (`node --import tsx src/cli/aksemu.ts start ...`) with the test
// suite's TLS dir, whose CA `npm test` trusts. All waits are bounded by deadlines.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { HttpResult } from "../support/https.js";
import { client, header, kill9, mcPath, q, RG, rgPath, show, sleep, startChild, stopChild, TERMINAL, type Child, type Client } from "./support/child.js";

/** A one-node create: network 30 s, control plane 90 s, scale set 30 s, node 90 s, add-ons 40 s. */
const PLAN_MS = 280_000;
const clusterBody = { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } };

async function ok(api: Client, method: string, target: string, body?: unknown): Promise<HttpResult> {
  const res = await api.call(method, target, body);
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${target}: ${show(res)}`);
  return res;
}

const status = async (api: Client, url: string) => (await ok(api, "GET", url)).json as { status: string; percentComplete: number; startTime: string; endTime?: string; error?: { code: string } };

// ---------------------------------------------------------------------------------------------

test("kill -9 while one create is delayed and another hangs (manual clock): after the restart the delay ends at the same instant, the hang still hangs until aborted", { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-fault-crash-"));
  let child: Child | undefined;
  try {
    child = await startChild(dataDir, "manual");
    let api = await client(child.url);
    await ok(api, "PUT", q(rgPath("faulty"), RG), { location: "eastus" });
    await ok(api, "POST", "/_aksemu/faults", { id: "slow", match: { resourceId: mcPath("faulty", "delayed"), step: "Provisioning control plane" }, effect: { delay: "PT1H" } });
    await ok(api, "POST", "/_aksemu/faults", { id: "stuck", match: { resourceId: mcPath("faulty", "hung"), step: "Provisioning control plane" }, effect: { hang: true } });
    const delayed = header(await ok(api, "PUT", q(mcPath("faulty", "delayed")), clusterBody), "azure-asyncoperation")!;
    const hung = header(await ok(api, "PUT", q(mcPath("faulty", "hung")), clusterBody), "azure-asyncoperation")!;
    await ok(api, "POST", "/_aksemu/clock/advance", { by: "PT10M" });
    const before = { delayed: await status(api, delayed), hung: await status(api, hung) };
    assert.deepEqual([before.delayed.status, before.delayed.percentComplete, before.hung.status, before.hung.percentComplete], ["InProgress", 42, "InProgress", 42], "both held at the end of the control plane step");
    await kill9(child);

    child = await startChild(dataDir, "manual");
    api = await client(child.url);
    for (const [url, was] of [[delayed, before.delayed], [hung, before.hung]] as const) {
      const now = await status(api, url);
      assert.deepEqual([now.status, now.percentComplete, now.startTime], [was.status, was.percentComplete, was.startTime], "the held operation as it was before the kill");
    }
    const faults = (await ok(api, "GET", "/_aksemu/faults")).json.value as { id: string; seen: number; fired: number }[];
    assert.deepEqual(faults.map((f) => [f.id, f.seen, f.fired]), [["slow", 1, 1], ["stuck", 1, 1]], "the counters survived; nothing fired twice");

    // 10 min in; the delayed step is held until 2 min + 1 h.
    await ok(api, "POST", "/_aksemu/clock/advance", { by: "PT51M" });
    assert.equal((await status(api, delayed)).status, "InProgress");
    await ok(api, "POST", "/_aksemu/clock/advance", { by: "PT10M" });
    const done = await status(api, delayed);
    assert.equal(done.status, "Succeeded", JSON.stringify(done));
    assert.equal(Date.parse(done.endTime!) - Date.parse(done.startTime), PLAN_MS + 3_600_000, "the plan plus exactly the delay, across the restart");

    const still = await status(api, hung);
    assert.deepEqual([still.status, still.percentComplete], ["InProgress", 42], "still hung an hour later");
    assert.equal((await api.call("POST", q(`${mcPath("faulty", "hung")}/abort`))).status, 204);
    await ok(api, "POST", "/_aksemu/clock/advance", { by: "PT10S" });
    const canceled = await status(api, hung);
    assert.equal(canceled.status, "Canceled", JSON.stringify(canceled));
    const cluster = await ok(api, "GET", q(mcPath("faulty", "hung")));
    assert.equal(cluster.json.properties.provisioningState, "Canceled");
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("kill -9 during a delay on a realtime clock: the restarted emulator completes the step at the same virtual instant", { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-fault-crash-"));
  let child: Child | undefined;
  try {
    // At speed 60: the control plane step ends 2 s in, held for 5 min of virtual time (5 s).
    child = await startChild(dataDir, 60);
    let api = await client(child.url);
    await ok(api, "PUT", q(rgPath("faulty"), RG), { location: "eastus" });
    await ok(api, "POST", "/_aksemu/faults", { id: "slow", match: { step: "Provisioning control plane" }, effect: { delay: "PT5M" } });
    const url = header(await ok(api, "PUT", q(mcPath("faulty", "c1")), clusterBody), "azure-asyncoperation")!;
    const deadline = Date.now() + 20_000;
    let seen = await status(api, url);
    while (seen.percentComplete < 42) {
      assert.ok(Date.now() < deadline, `the create never reached the held step: ${JSON.stringify(seen)}`);
      await sleep(100);
      seen = await status(api, url);
    }
    assert.deepEqual([seen.status, seen.percentComplete], ["InProgress", 42], "killed while the step is held (the machine is too slow for this test's timing otherwise)");
    await kill9(child);

    child = await startChild(dataDir, 60);
    api = await client(child.url);
    let done = await status(api, url);
    while (!TERMINAL.has(done.status)) {
      assert.ok(Date.now() < deadline + 30_000, `the create did not finish after the restart: ${JSON.stringify(done)}`);
      assert.ok(done.percentComplete >= 42, "percentComplete never goes back");
      await sleep(150);
      done = await status(api, url);
    }
    assert.equal(done.status, "Succeeded", JSON.stringify(done));
    assert.equal(Date.parse(done.endTime!) - Date.parse(done.startTime), PLAN_MS + 300_000, "the plan plus exactly the delay, across the kill");
    const faults = (await ok(api, "GET", "/_aksemu/faults")).json.value as { seen: number; fired: number }[];
    assert.deepEqual(faults.map((f) => [f.seen, f.fired]), [[1, 1]]);
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
