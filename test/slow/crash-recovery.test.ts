// Crash recovery: the emulator runs as a child process on a persistent data dir, is SIGKILLed while
// operations are in flight, and is restarted on the same dir. Nothing it acknowledged may be lost and
// every operation it accepted must reach a terminal state on the restarted server.
//
// The children run from source (`node --import tsx src/cli/aksemu.ts start ...`) with the test
// suite's TLS dir, whose CA `npm test` trusts. All waits are bounded by deadlines.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { HttpResult } from "../support/https.js";
import { client, header, kill9, mcPath, q, relative, RG, rgPath, show, sleep, startChild, stopChild, TERMINAL, type Child } from "./support/child.js";

const PREEMPTED = "AKSOperationPreemptedByDelete";
const apPath = (rg: string, name: string, pool: string) => `${mcPath(rg, name)}/agentPools/${pool}`;
type Res = HttpResult;

/** Polls `fn` until it returns a value (not undefined) or the deadline passes. */
async function eventually<T>(what: string, deadline: number, fn: () => Promise<T | undefined>, interval = 150): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(interval);
  }
  throw new Error(`timed out: ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}

// ---------------------------------------------------------------------------------------------
// Test 1: mixed workload, SIGKILL, restart

/** What a write did, as far as the client knows: acknowledged (2xx), refused (other status), unknown (no answer: in flight at the kill). */
type Outcome = "ack" | "refused" | "unknown";

/** An operation the emulator accepted: a 2xx with Azure-AsyncOperation (or, for groups, Location). */
type AcceptedOp = {
  lane: string;
  kind: string;
  /** Azure-AsyncOperation (AKS) or Location (resource group delete). */
  url: string;
  style: "async" | "groupResult";
  /** The resource whose later delete may preempt it (cluster path, or pool path for pool operations). */
  cluster: string;
  pool?: string;
  /** The last status seen before the kill. */
  seen?: string;
};

type PoolModel = { created: Outcome | "none"; deleted: Outcome | "none"; count?: number; countUnknown?: number };

type LaneModel = {
  name: string;
  rg: string;
  cluster: string;
  created: Outcome | "none";
  deleted: Outcome | "none";
  tags?: Record<string, string>;
  tagsUnknown?: Record<string, string>;
  pools: Map<string, PoolModel>;
};

test("SIGKILL during a mixed workload: nothing acknowledged is lost, every accepted operation ends", { timeout: 90_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-crash-"));
  let child: Child | undefined;
  try {
    // At speed 120 a one-node create takes about 2.3 s of real time, a pool about 1 s.
    child = await startChild(dataDir, 120);
    const api = await client(child.url);

    let killed = false;
    const ops: AcceptedOp[] = [];
    const groups = new Map<string, Outcome>(); // resource group PUTs
    const lanes: LaneModel[] = [];

    /** Sends one write; classifies its outcome. Sends nothing once the kill has happened. */
    const write = async (method: string, target: string, body?: unknown): Promise<{ outcome: Outcome; res?: Res }> => {
      if (killed) return { outcome: "refused" };
      try {
        const res = await api.call(method, target, body);
        return { outcome: res.status >= 200 && res.status < 300 ? "ack" : "refused", res };
      } catch {
        return { outcome: "unknown" };
      }
    };
    const accept = (res: Res, op: Omit<AcceptedOp, "url" | "style">): AcceptedOp | undefined => {
      const url = header(res, "azure-asyncoperation");
      if (!url) return undefined;
      const rec: AcceptedOp = { ...op, url, style: "async" };
      ops.push(rec);
      return rec;
    };
    /** Polls an accepted operation until it is terminal (or the kill stops us). */
    const waitOp = async (op: AcceptedOp | undefined): Promise<string | undefined> => {
      if (!op) return undefined;
      while (!killed) {
        try {
          const res = await api.call("GET", op.url);
          if (res.status === 200) {
            op.seen = res.json.status as string;
            if (TERMINAL.has(op.seen)) return op.seen;
          }
        } catch {
          return undefined;
        }
        await sleep(100);
      }
      return undefined;
    };

    const putGroup = async (name: string): Promise<Outcome> => {
      const { outcome } = await write("PUT", q(rgPath(name), RG), { location: "eastus", tags: { purpose: "crash-test" } });
      groups.set(name, outcome);
      return outcome;
    };

    const newLane = (name: string, rg: string): LaneModel => {
      const lane: LaneModel = { name, rg, cluster: name, created: "none", deleted: "none", pools: new Map() };
      lanes.push(lane);
      return lane;
    };
    const createCluster = async (lane: LaneModel): Promise<AcceptedOp | undefined> => {
      const { outcome, res } = await write("PUT", q(mcPath(lane.rg, lane.cluster)), { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } });
      if (outcome === "refused" && !killed) assert.fail(`cluster create refused: ${res ? show(res) : ""}`);
      lane.created = outcome;
      return res && outcome === "ack" ? accept(res, { lane: lane.name, kind: "create cluster", cluster: mcPath(lane.rg, lane.cluster) }) : undefined;
    };
    const patchTags = async (lane: LaneModel, tags: Record<string, string>): Promise<AcceptedOp | undefined> => {
      const { outcome, res } = await write("PATCH", q(mcPath(lane.rg, lane.cluster)), { tags });
      if (outcome === "ack") {
        lane.tags = tags;
        lane.tagsUnknown = undefined;
      } else if (outcome === "unknown") lane.tagsUnknown = tags;
      return res && outcome === "ack" ? accept(res, { lane: lane.name, kind: `tags ${JSON.stringify(tags)}`, cluster: mcPath(lane.rg, lane.cluster) }) : undefined;
    };
    const putPool = async (lane: LaneModel, pool: string, count: number): Promise<AcceptedOp | undefined> => {
      const { outcome, res } = await write("PUT", q(apPath(lane.rg, lane.cluster, pool)), { properties: { count, mode: "User" } });
      const model = lane.pools.get(pool) ?? { created: "none", deleted: "none" };
      lane.pools.set(pool, model);
      if (outcome === "ack") {
        if (model.created !== "ack") model.created = "ack";
        model.count = count;
        model.countUnknown = undefined;
      } else if (outcome === "unknown") {
        if (model.created === "none") model.created = "unknown";
        model.countUnknown = count;
      }
      return res && outcome === "ack" ? accept(res, { lane: lane.name, kind: `pool ${pool} count ${count}`, cluster: mcPath(lane.rg, lane.cluster), pool }) : undefined;
    };
    const deletePool = async (lane: LaneModel, pool: string): Promise<AcceptedOp | undefined> => {
      const { outcome, res } = await write("DELETE", q(apPath(lane.rg, lane.cluster, pool)));
      const model = lane.pools.get(pool);
      if (model && outcome !== "refused") model.deleted = outcome;
      return res && outcome === "ack" ? accept(res, { lane: lane.name, kind: `delete pool ${pool}`, cluster: mcPath(lane.rg, lane.cluster), pool }) : undefined;
    };
    const deleteCluster = async (lane: LaneModel): Promise<AcceptedOp | undefined> => {
      const { outcome, res } = await write("DELETE", q(mcPath(lane.rg, lane.cluster)));
      if (outcome !== "refused") lane.deleted = outcome;
      return res && outcome === "ack" ? accept(res, { lane: lane.name, kind: "delete cluster", cluster: mcPath(lane.rg, lane.cluster) }) : undefined;
    };

    // Shared groups first, acknowledged before anything else starts.
    assert.equal(await putGroup("crash-a"), "ack");
    assert.equal(await putGroup("crash-b"), "ack");
    assert.equal(await putGroup("crash-doomed"), "ack");
    const doomedGroup: { name: string; deleted: Outcome | "none"; clusters: string[] } = { name: "crash-doomed", deleted: "none", clusters: [] };

    const started = Date.now();
    const at = async (ms: number) => {
      const wait = started + ms - Date.now();
      if (wait > 0) await sleep(wait);
    };

    const scripts: Promise<void>[] = [
      // Full life: create, tags, a second pool, scale it, tags, delete the pool, tags.
      ...[0, 1, 2].map((i) =>
        (async () => {
          await at(i * 400);
          const lane = newLane(`full${i}`, i % 2 === 0 ? "crash-a" : "crash-b");
          if ((await waitOp(await createCluster(lane))) !== "Succeeded") return;
          if ((await waitOp(await patchTags(lane, { lane: lane.name, step: "1" }))) !== "Succeeded") return;
          if ((await waitOp(await putPool(lane, "np2", 1))) !== "Succeeded") return;
          if ((await waitOp(await putPool(lane, "np2", 2))) !== "Succeeded") return;
          if ((await waitOp(await patchTags(lane, { lane: lane.name, step: "2" }))) !== "Succeeded") return;
          if ((await waitOp(await deletePool(lane, "np2"))) !== "Succeeded") return;
          await waitOp(await patchTags(lane, { lane: lane.name, step: "3" }));
        })(),
      ),
      // Create, tag, then delete the cluster.
      (async () => {
        await at(200);
        const lane = newLane("deleter", "crash-a");
        if ((await waitOp(await createCluster(lane))) !== "Succeeded") return;
        if ((await waitOp(await patchTags(lane, { lane: lane.name, step: "1" }))) !== "Succeeded") return;
        await waitOp(await deleteCluster(lane));
      })(),
      // A delete that preempts the create in flight.
      ...[0, 1].map((i) =>
        (async () => {
          await at(600 + i * 1500);
          const lane = newLane(`preempt${i}`, "crash-b");
          const create = await createCluster(lane);
          await sleep(400);
          const del = await deleteCluster(lane);
          await waitOp(create);
          await waitOp(del);
        })(),
      ),
      // A pool delete that preempts the pool's scale-out in flight; then tags.
      (async () => {
        await at(300);
        const lane = newLane("poolpreempt", "crash-b");
        if ((await waitOp(await createCluster(lane))) !== "Succeeded") return;
        const scale = await putPool(lane, "np2", 2);
        await sleep(300);
        const del = await deletePool(lane, "np2");
        await waitOp(scale);
        if ((await waitOp(del)) !== "Succeeded") return;
        await waitOp(await patchTags(lane, { lane: lane.name, step: "after-pool-delete" }));
      })(),
      // Tag churn: many short operations, so some are acknowledged right before the kill.
      (async () => {
        const lane = newLane("churn", "crash-a");
        if ((await waitOp(await createCluster(lane))) !== "Succeeded") return;
        for (let n = 0; !killed && n < 500; n++) await waitOp(await patchTags(lane, { lane: lane.name, n: String(n) }));
      })(),
      // Late creates, still running at the kill.
      ...[0, 1].map((i) =>
        (async () => {
          await at(2500 + i * 700);
          const lane = newLane(`late${i}`, "crash-a");
          await waitOp(await createCluster(lane));
        })(),
      ),
      // A resource group deleted with its cluster in it.
      (async () => {
        await at(100);
        const lane = newLane("doomed", "crash-doomed");
        doomedGroup.clusters.push(lane.cluster);
        if ((await waitOp(await createCluster(lane))) !== "Succeeded") return;
        const { outcome, res } = await write("DELETE", q(rgPath("crash-doomed"), RG));
        if (outcome !== "refused") doomedGroup.deleted = outcome;
        const location = res ? header(res, "location") : undefined;
        if (outcome === "ack") {
          assert.ok(location, `group delete without Location: ${show(res!)}`);
          ops.push({ lane: lane.name, kind: "delete group", url: location, style: "groupResult", cluster: mcPath(lane.rg, lane.cluster) });
        }
      })(),
      // Resource group churn: synchronous writes, acknowledged one after the other.
      (async () => {
        for (let n = 0; !killed && n < 2000; n++) {
          await putGroup(`crash-churn-${n}`);
          await sleep(20);
        }
      })(),
    ];

    // Kill when several accepted operations are still running (at the earliest after 3.5 s, at the
    // latest after 8 s), so the restart has real work to resume.
    const running = () => ops.filter((o) => o.seen === undefined || !TERMINAL.has(o.seen)).length;
    await at(3_500);
    while (Date.now() - started < 8_000 && running() < 3) await sleep(50);
    const runningAtKill = ops.filter((o) => o.seen === undefined || !TERMINAL.has(o.seen));
    killed = true;
    await kill9(child);
    await Promise.all(scripts);
    assert.ok(runningAtKill.length >= 1, `the kill came when nothing was running: ${JSON.stringify(ops.map((o) => [o.lane, o.kind, o.seen]))}`);
    const seenBeforeKill = new Map(ops.map((o) => [o, o.seen]));
    const unknownWrites = lanes.filter((l) => l.created === "unknown" || l.deleted === "unknown" || l.tagsUnknown !== undefined || [...l.pools.values()].some((p) => p.created === "unknown" || p.deleted === "unknown" || p.countUnknown !== undefined));
    t.diagnostic(`killed after ${Date.now() - started} ms: ${ops.length} accepted operations, ${runningAtKill.length} running (${runningAtKill.map((o) => `${o.lane}: ${o.kind}`).join("; ")}); ${[...groups.values()].filter((o) => o === "ack").length} group PUTs acknowledged; lanes with a write in flight: ${unknownWrites.map((l) => l.name).join(", ") || "none"}`);

    // Restart on the same data dir.
    child = await startChild(dataDir, 120);
    const after = await client(child.url);
    const deadline = Date.now() + 40_000;

    const problems: string[] = [];

    // Acknowledged resource group PUTs.
    const ackedGroups = [...groups].filter(([, o]) => o === "ack").map(([g]) => g);
    assert.ok(ackedGroups.length >= 5, `few group writes were acknowledged: ${ackedGroups.length}`);
    for (const g of ackedGroups) {
      if (g === doomedGroup.name && doomedGroup.deleted !== "none") continue;
      const res = await after.call("GET", q(rgPath(g), RG));
      if (res.status !== 200) problems.push(`group ${g}: acknowledged PUT, after the restart ${show(res)}`);
      else if (JSON.stringify(res.json.tags) !== JSON.stringify({ purpose: "crash-test" })) problems.push(`group ${g}: tags ${JSON.stringify(res.json.tags)}`);
    }

    // Every accepted operation reaches a terminal state on the restarted server.
    const laneOf = (op: AcceptedOp) => lanes.find((l) => l.name === op.lane)!;
    const clusterDeleted = (lane: LaneModel) => lane.deleted !== "none" || (lane.rg === doomedGroup.name && doomedGroup.deleted !== "none");
    const outcomes = new Map<string, number>();
    const tally = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    for (const op of ops) {
      const lane = laneOf(op);
      const label = `${op.lane}: ${op.kind} (${relative(op.url).split("?")[0]}), seen before the kill: ${seenBeforeKill.get(op) ?? "nothing"}`;
      if (op.style === "groupResult") {
        const res = await eventually(`group delete ${label}`, deadline, async () => {
          const r = await after.call("GET", op.url);
          return r.status === 202 ? undefined : r;
        });
        if (res.status !== 200) problems.push(`${label}: operationresults answered ${show(res)}`);
        tally(`group delete ${res.status}`);
        continue;
      }
      const res = await eventually(`terminal ${label}`, deadline, async () => {
        const r = await after.call("GET", op.url);
        if (r.status === 200 && !TERMINAL.has(r.json.status)) return undefined;
        return r;
      });
      // Status URLs outlive their cluster (a preempted operation's poller still learns why).
      if (res.status === 404) {
        problems.push(`${label}: status URL answers 404 after the restart`);
        continue;
      }
      if (res.status !== 200) {
        problems.push(`${label}: ${show(res)}`);
        continue;
      }
      const status = res.json.status as string;
      tally(status === "Failed" ? `Failed ${res.json.error?.code}` : status);
      const before = seenBeforeKill.get(op);
      if (before !== undefined && TERMINAL.has(before) && before !== status) problems.push(`${label}: was ${before} before the kill, ${status} after`);
      if (status === "Succeeded") continue;
      if (status === "Failed" && res.json.error?.code === PREEMPTED) {
        const poolDeleted = op.pool !== undefined && (lane.pools.get(op.pool)?.deleted ?? "none") !== "none";
        if (!clusterDeleted(lane) && !poolDeleted) problems.push(`${label}: preempted by a delete nobody issued: ${show(res)}`);
        continue;
      }
      problems.push(`${label}: ended ${show(res)}`);
    }

    // Resources: what was acknowledged is there, in a terminal provisioning state.
    for (const lane of lanes) {
      const path = mcPath(lane.rg, lane.cluster);
      if (lane.created === "none" || lane.created === "refused") continue;
      const mustExist = lane.created === "ack" && !clusterDeleted(lane);
      const mustBeGone = lane.deleted === "ack" || (lane.rg === doomedGroup.name && doomedGroup.deleted === "ack");
      const res = await eventually(`cluster ${lane.name} settles`, deadline, async () => {
        const r = await after.call("GET", q(path));
        if (r.status === 200 && !TERMINAL.has(r.json.properties?.provisioningState)) return undefined;
        if (r.status === 200 && mustBeGone) return undefined; // the delete is still running
        return r;
      });
      if (mustBeGone) {
        if (res.status !== 404) problems.push(`cluster ${lane.name}: acknowledged delete, but ${show(res)}`);
        continue;
      }
      if (res.status === 404) {
        if (mustExist) problems.push(`cluster ${lane.name}: acknowledged create lost (404 after the restart)`);
        continue;
      }
      if (res.status !== 200) {
        problems.push(`cluster ${lane.name}: ${show(res)}`);
        continue;
      }
      const cluster = res.json;
      if (lane.tags !== undefined || lane.tagsUnknown !== undefined) {
        // No acknowledged tags (undefined) is a valid state too: the first PATCH may be the one in flight.
        const ok = JSON.stringify(cluster.tags) === JSON.stringify(lane.tags) || (lane.tagsUnknown !== undefined && JSON.stringify(cluster.tags) === JSON.stringify(lane.tagsUnknown));
        if (!ok) problems.push(`cluster ${lane.name}: tags ${JSON.stringify(cluster.tags)}, acknowledged ${JSON.stringify(lane.tags)}${lane.tagsUnknown ? ` (or unacknowledged ${JSON.stringify(lane.tagsUnknown)})` : ""}`);
      }
      for (const [pool, model] of lane.pools) {
        const ap = await eventually(`pool ${lane.name}/${pool} settles`, deadline, async () => {
          const r = await after.call("GET", q(apPath(lane.rg, lane.cluster, pool)));
          if (r.status === 200 && !TERMINAL.has(r.json.properties?.provisioningState)) return undefined;
          if (r.status === 200 && model.deleted === "ack") return undefined;
          return r;
        });
        if (model.deleted === "ack") {
          if (ap.status !== 404) problems.push(`pool ${lane.name}/${pool}: acknowledged delete, but ${show(ap)}`);
          continue;
        }
        if (ap.status === 404) {
          if (model.created === "ack" && model.deleted === "none") problems.push(`pool ${lane.name}/${pool}: acknowledged create lost`);
          continue;
        }
        if (ap.status !== 200) {
          problems.push(`pool ${lane.name}/${pool}: ${show(ap)}`);
          continue;
        }
        const counts = [model.count, model.countUnknown].filter((c) => c !== undefined);
        if (counts.length > 0 && !counts.includes(ap.json.properties.count)) {
          problems.push(`pool ${lane.name}/${pool}: count ${ap.json.properties.count}, acknowledged ${model.count}${model.countUnknown !== undefined ? ` (or unacknowledged ${model.countUnknown})` : ""}`);
        }
      }
    }
    if (doomedGroup.deleted === "ack") {
      const res = await eventually("doomed group is deleted", deadline, async () => {
        const r = await after.call("GET", q(rgPath(doomedGroup.name), RG));
        return r.status === 200 ? undefined : r;
      });
      if (res.status !== 404) problems.push(`group ${doomedGroup.name}: acknowledged delete, but ${show(res)}`);
    }

    t.diagnostic(`after the restart: ${[...outcomes].map(([k, v]) => `${v} ${k}`).join(", ")}`);
    assert.deepEqual(problems, [], `after the restart (${ops.length} accepted operations, ${runningAtKill.length} running at the kill):\n${problems.join("\n")}`);
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Test 2: one create, kill -9 in the middle of it, the same operation resumes

test("kill -9 mid-create: the same operation resumes and completes, percentComplete never goes backwards", { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-crash-"));
  let child: Child | undefined;
  try {
    // At speed 60 the create takes about 4.7 s: network (30 s), control plane (90 s), scale set
    // (30 s), node (90 s), add-ons (40 s) of virtual time.
    child = await startChild(dataDir, 60);
    const api = await client(child.url);
    assert.equal((await api.call("PUT", q(rgPath("resume"), RG), { location: "eastus" })).status, 201);
    const put = await api.call("PUT", q(mcPath("resume", "c1")), { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } });
    assert.equal(put.status, 201, show(put));
    const opUrl = header(put, "azure-asyncoperation");
    assert.ok(opUrl);
    const opId = relative(opUrl).split("?")[0]!.split("/").pop()!;

    // Watch it into the control-plane step (virtual 30 s .. 120 s), then kill.
    const before: { percent: number; status: string }[] = [];
    let startTime: string | undefined;
    const watchUntil = Date.now() + 1_800;
    while (Date.now() < watchUntil) {
      const res = await api.call("GET", opUrl);
      assert.equal(res.status, 200, show(res));
      before.push({ percent: res.json.percentComplete, status: res.json.status });
      startTime = res.json.startTime;
      await sleep(100);
    }
    assert.equal(before.at(-1)!.status, "InProgress", "the create ended before the kill: the machine is too slow for this test's timing");
    const maxBefore = Math.max(...before.map((b) => b.percent));
    assert.ok(maxBefore > 0, `no progress was seen before the kill: ${JSON.stringify(before)}`);
    const clockBefore = (await api.call("GET", "/_aksemu/clock")).json.now as string;
    await kill9(child);

    child = await startChild(dataDir, 60);
    const again = await client(child.url);
    const clockAfter = (await again.call("GET", "/_aksemu/clock")).json.now as string;
    const afterKill: { percent: number; status: string }[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await again.call("GET", opUrl);
      assert.equal(res.status, 200, `the operation after the restart: ${show(res)}`);
      assert.equal(res.json.name, opId);
      assert.equal(res.json.startTime, startTime, "startTime changed across the restart");
      afterKill.push({ percent: res.json.percentComplete, status: res.json.status });
      if (TERMINAL.has(res.json.status)) break;
      assert.ok(Date.now() < deadline, `the operation did not finish within 30 s of the restart: ${JSON.stringify(afterKill)}`);
      await sleep(100);
    }
    assert.equal(afterKill.at(-1)!.status, "Succeeded", JSON.stringify(afterKill.at(-1)));
    assert.equal(afterKill.at(-1)!.percent, 100);

    const sequence = [...before, ...afterKill].map((s) => s.percent);
    const backwards = sequence.findIndex((p, i) => i > 0 && p < sequence[i - 1]!);
    assert.equal(
      backwards,
      -1,
      `percentComplete went backwards (${sequence[backwards - 1]} → ${sequence[backwards]}) across the restart; before the kill: ${before.map((b) => b.percent).join(",")}; after: ${afterKill.map((b) => b.percent).join(",")}. Virtual clock just before the kill: ${clockBefore}; right after the restart: ${clockAfter}`,
    );

    const latest = await again.call("GET", q(`${mcPath("resume", "c1")}/operations/latest`, "2024-07-02-preview"));
    assert.equal(latest.status, 200, show(latest));
    assert.equal(latest.json.name, opId, "the history's newest operation is the resumed one");
    const cluster = await again.call("GET", q(mcPath("resume", "c1")));
    assert.equal(cluster.status, 200, show(cluster));
    assert.equal(cluster.json.properties.provisioningState, "Succeeded");
    assert.equal(cluster.json.properties.agentPoolProfiles[0].provisioningState, "Succeeded");
    const machines = await again.call("GET", q(`${apPath("resume", "c1", "nodepool1")}/machines`));
    assert.equal(machines.status, 200, show(machines));
    assert.equal(machines.json.value.length, 1, "one node, created once despite the restart");
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Test 3: an acknowledged advance of the manual clock is a write like any other

test("kill -9 after an acknowledged clock advance: the manual clock does not go back", { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-crash-"));
  let child: Child | undefined;
  try {
    child = await startChild(dataDir, "manual");
    const api = await client(child.url);
    const advanced = await api.call("POST", "/_aksemu/clock/advance", { by: "P1D" });
    assert.equal(advanced.status, 200, show(advanced));
    const acknowledged = Date.parse(advanced.json.now as string);
    await kill9(child);

    child = await startChild(dataDir, "manual");
    const again = await client(child.url);
    const res = await again.call("GET", "/_aksemu/clock");
    assert.equal(res.status, 200, show(res));
    const now = Date.parse(res.json.now as string);
    assert.ok(now >= acknowledged, `the manual clock went back from ${advanced.json.now} (acknowledged advance) to ${res.json.now} after the restart`);
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
