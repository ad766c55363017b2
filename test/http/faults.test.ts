// Faults on demand (/_aksemu/faults): add, list, show and delete them; bad bodies are a 400 that
// names the field and change nothing; and what each effect does to a real AKS operation in
// virtual time: fail (the operation Failed with the error, the cluster or pool Failed, the next
// PUT reconciles), delay (exactly the duration later), hang (until aborted), transient (fails once,
// the retry succeeds), and a seeded probability (the same draws every run).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { draw } from "../../src/control/fault-rules.js";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { advance, apPath, assertStatus, assertWrapped, clusterBody, createCluster, finish, header, mcPath, opStatus, PREVIEW_API, q, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
});
after(() => emu.close());

const addFault = (body: unknown) => emu.request("POST", "/_aksemu/faults", { body });
const listFaults = async () => {
  const res = await emu.request("GET", "/_aksemu/faults");
  assertStatus(res, 200);
  return res.json.value as any[];
};
const fault = async (id: string) => {
  const res = await emu.request("GET", `/_aksemu/faults/${id}`);
  assertStatus(res, 200);
  return res.json;
};
const add = async (body: Record<string, unknown>) => {
  const res = await addFault(body);
  assertStatus(res, 201);
  return res.json;
};
const latest = async (rg: string, name: string, pool?: string) => {
  const res = await emu.request("GET", q(`${pool ? apPath(rg, name, pool) : mcPath(rg, name)}/operations/latest`, PREVIEW_API));
  assertStatus(res, 200);
  return res.json;
};
const get = async (path: string) => {
  const res = await emu.request("GET", q(path));
  assertStatus(res, 200);
  return res.json;
};
const machines = async (rg: string, name: string, pool: string) => (await get(`${apPath(rg, name, pool)}/machines`)).value as any[];
const put = async (path: string, body: unknown, status?: number) => {
  const res = await emu.request("PUT", q(path), { body });
  if (status !== undefined) assertStatus(res, status);
  else assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
  return String(header(res, "azure-asyncoperation"));
};
const planSeconds = (nodes: number) => 30 + 90 + 30 + nodes * Math.max(2, 90 / nodes) + 40;

describe("the control API", () => {
  test("POST adds a fault (201, its view), GET lists and shows it, DELETE removes it (204, then 404)", async () => {
    const created = await add({ id: "f1", match: { operationType: "PutManagedCluster", step: "addNode", nth: 2 }, effect: { fail: { code: "InvalidParameter", message: "boom" } } });
    assert.deepEqual({ ...created, createdAt: undefined }, {
      id: "f1",
      match: { operationType: "PutManagedCluster", step: "addNode", nth: 2 },
      effect: { fail: { code: "InvalidParameter", message: "boom" } },
      times: 1,
      remaining: 1,
      seen: 0,
      fired: 0,
      createdAt: undefined,
    });
    assert.match(created.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    const generated = await add({ match: { resourceId: "/subscriptions/x" }, effect: { delay: "pt5m" } });
    assert.match(generated.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(generated.effect, { delay: "PT5M" });
    assert.equal(generated.times, null, "no times: it fires every time it matches");
    assert.deepEqual((await listFaults()).map((f) => f.id), ["f1", generated.id], "oldest first");
    assert.equal((await fault("F1")).id, "f1", "ids compare case-insensitively");

    const dup = await addFault({ id: "f1", match: { step: "x" }, effect: { hang: true } });
    assertWrapped(dup, "Conflict", "A fault with id 'f1' already exists.");
    assert.equal(dup.status, 409);

    assertStatus(await emu.request("DELETE", "/_aksemu/faults/f1"), 204);
    const gone = await emu.request("DELETE", "/_aksemu/faults/f1");
    assert.equal(gone.status, 404);
    assertWrapped(gone, "NotFound", "No fault with id 'f1'.");
    assert.equal((await emu.request("GET", "/_aksemu/faults/f1")).status, 404);
    assertStatus(await emu.request("DELETE", "/_aksemu/faults"), 204);
    assert.deepEqual(await listFaults(), []);
  });

  test("the control API needs the emulator's bearer token", async () => {
    assert.equal((await emu.request("GET", "/_aksemu/faults", { auth: false })).status, 401);
    assert.equal((await emu.request("POST", "/_aksemu/faults", { auth: false, body: {} })).status, 401);
  });

  test("bad bodies are a 400 naming the bad field, and nothing is added", async () => {
    const match = { operationType: "PutManagedCluster" };
    const cases: [unknown, string][] = [
      [[1], 'The body must be a JSON object {"match": {...}, "effect": {...}}, got [1].'],
      [{ match, effect: { hang: true }, when: "now" }, "Unknown field 'when': expected 'id', 'match', 'effect', 'times'."],
      [{ effect: { hang: true } }, "'match' is required: name at least one of 'match.operationType', 'match.resourceId', 'match.provider', 'match.step'."],
      [{ match: {}, effect: { hang: true } }, "'match' names no step: give at least one of 'match.operationType', 'match.resourceId', 'match.provider', 'match.step' (a fault that matches every step of every operation is refused)."],
      [{ match: { nth: 2 }, effect: { hang: true } }, "'match' names no step: give at least one of 'match.operationType', 'match.resourceId', 'match.provider', 'match.step' (a fault that matches every step of every operation is refused)."],
      [{ match: { ...match, kind: "x" }, effect: { hang: true } }, "Unknown field 'match.kind': expected 'match.operationType', 'match.resourceId', 'match.provider', 'match.step', 'match.nth', 'match.probability', 'match.seed'."],
      [{ match: { step: "" }, effect: { hang: true } }, "'match.step' must be a non-empty string, got \"\"."],
      [{ match: { resourceId: "managedClusters/c1" }, effect: { hang: true } }, "'match.resourceId' must be an ARM id (or the start of one) beginning with '/', got \"managedClusters/c1\"."],
      [{ match: { ...match, nth: 0 }, effect: { hang: true } }, "'match.nth' must be an integer of 1 or more, got 0."],
      [{ match: { ...match, nth: 1.5 }, effect: { hang: true } }, "'match.nth' must be an integer of 1 or more, got 1.5."],
      [{ match: { ...match, probability: 1.2 }, effect: { hang: true } }, "'match.probability' must be a number from 0 to 1, got 1.2."],
      [{ match: { ...match, probability: -0.1 }, effect: { hang: true } }, "'match.probability' must be a number from 0 to 1, got -0.1."],
      [{ match: { ...match, nth: 1, probability: 0.5 }, effect: { hang: true } }, "'match.nth' and 'match.probability' exclude each other: pick the nth matching step, or draw each one."],
      [{ match: { ...match, seed: "s" }, effect: { hang: true } }, "'match.seed' only goes with 'match.probability'."],
      [{ match }, "'effect' is required: exactly one of 'effect.fail', 'effect.transient', 'effect.delay', 'effect.hang'."],
      [{ match, effect: {} }, "'effect' must have exactly one of 'effect.fail', 'effect.transient', 'effect.delay', 'effect.hang'."],
      [{ match, effect: { hang: true, delay: "PT1M" } }, "'effect' must have exactly one of 'effect.fail', 'effect.transient', 'effect.delay', 'effect.hang', got 'delay' and 'hang'."],
      [{ match, effect: { explode: true } }, "Unknown field 'effect.explode': expected 'effect.fail', 'effect.transient', 'effect.delay', 'effect.hang'."],
      [{ match, effect: { hang: "yes" } }, "'effect.hang' must be true, got \"yes\"."],
      [{ match, effect: { delay: "5 minutes" } }, "'effect.delay' must be an ISO 8601 duration such as \"PT5M\", got \"5 minutes\"."],
      [{ match, effect: { delay: "PT0S" } }, "'effect.delay' must be longer than zero, got \"PT0S\"."],
      [{ match, effect: { fail: "QuotaExceeded" } }, "'effect.fail' must be an object {\"code\": \"<a catalogued error code>\", \"message\"?: \"...\"}, got \"QuotaExceeded\"."],
      [{ match, effect: { fail: {} } }, "'effect.fail.code' is required: an error code from a catalog (docs/api.md, Errors), e.g. \"InvalidParameter\"."],
      [{ match, effect: { fail: { code: "NoSuchCode" } } }, "'effect.fail.code' 'NoSuchCode' is not in any error catalog; use a code listed in docs/api.md (Errors), e.g. \"OperationNotAllowed\" or \"InvalidParameter\"."],
      [{ match, effect: { transient: { code: "OperationNotAllowed" } } }, "'effect.transient.message' is required: every catalogued 'OperationNotAllowed' text takes parameters, so give the text to fail with."],
      [{ match, effect: { fail: { code: "BadRequest", details: [{ code: "X" }] } } }, "'effect.fail.details[0].message' is required."],
      [{ match, effect: { fail: { code: "BadRequest", severity: 1 } } }, "Unknown field 'effect.fail.severity': expected 'effect.fail.code', 'effect.fail.message', 'effect.fail.details'."],
      [{ match, effect: { hang: true }, times: -1 }, "'times' must be an integer of 1 or more, got -1."],
      [{ id: "has space", match, effect: { hang: true } }, "'id' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got \"has space\"."],
    ];
    for (const [body, message] of cases) {
      const res = await addFault(body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assertWrapped(res, "BadRequest", message);
    }
    assert.deepEqual(await listFaults(), [], "nothing was half-applied");
  });

  test("a catalogued code takes the catalog's text when it has one without parameters; codes match case-insensitively", async () => {
    const f = await add({ match: { step: "nothing-matches-this" }, effect: { fail: { code: "lengthrequired" } } });
    assert.deepEqual(f.effect, { fail: { code: "LengthRequired", message: "The request must be chunked or have a content length." } });
    assertStatus(await emu.request("DELETE", `/_aksemu/faults/${f.id}`), 204);
  });
});

describe("effects on AKS operations (manual clock)", () => {
  test("fail: a cluster create fails at the 2nd node; the operation is Failed with the error, the cluster and pool Failed, the node made stays; the next PUT reconciles", async () => {
    await emu.createGroup("rg-fail");
    const path = mcPath("rg-fail", "c1");
    await add({ id: "create-fails", match: { resourceId: path, operationType: "PutManagedCluster", step: "addNode", nth: 2 }, effect: { fail: { code: "OperationNotAllowed", message: "Allocation failed: no capacity for Standard_DS2_v2 in eastus.", details: [{ code: "AllocationFailed", message: "zone 1" }] } } });
    const aao = await put(path, clusterBody(), 201);
    const st = await finish(emu, aao);
    assert.equal(st.status, "Failed");
    assert.deepEqual(st.error.code, "OperationNotAllowed");
    assert.equal(st.error.message, "Allocation failed: no capacity for Standard_DS2_v2 in eastus.");
    assert.ok(st.endTime, "a failed operation has an end time");
    const last = await latest("rg-fail", "c1");
    assert.equal(last.status, "Failed");
    assert.deepEqual([last.error.code, last.error.message], ["OperationNotAllowed", "Allocation failed: no capacity for Standard_DS2_v2 in eastus."]);
    const result = await emu.request("GET", st.id.replace(/\/operations\//, "/operationresults/") + `?api-version=2026-04-01`);
    assert.equal(result.status, 400, "operationresults answers the operation's error");
    assert.equal(result.json.code, "OperationNotAllowed");

    const cluster = await get(path);
    assert.equal(cluster.properties.provisioningState, "Failed");
    assert.equal(cluster.properties.powerState.code, "Running", "power state unchanged");
    assert.equal(cluster.properties.agentPoolProfiles[0].provisioningState, "Failed");
    assert.equal((await get(apPath("rg-fail", "c1", "nodepool1"))).properties.provisioningState, "Failed");
    assert.equal((await machines("rg-fail", "c1", "nodepool1")).length, 1, "the node created before the failure stays");
    const f = await fault("create-fails");
    assert.deepEqual([f.seen, f.fired, f.remaining], [2, 1, 0]);

    // A Failed cluster accepts the next PUT, which reconciles it.
    const again = await finish(emu, await put(path, clusterBody()));
    assert.equal(again.status, "Succeeded", JSON.stringify(again));
    const fixed = await get(path);
    assert.equal(fixed.properties.provisioningState, "Succeeded");
    assert.equal(fixed.properties.agentPoolProfiles[0].provisioningState, "Succeeded");
    assert.equal((await fault("create-fails")).fired, 1, "a spent fault does not fire again");
  });

  test("fail: a pool scale fails at its first new node; the pool is Failed, the nodes stay; the next PUT reconciles", async () => {
    await emu.createGroup("rg-scale");
    await createCluster(emu, "rg-scale", "c1");
    const pool = apPath("rg-scale", "c1", "nodepool1");
    await add({ id: "scale-fails", match: { resourceId: mcPath("rg-scale", "c1"), operationType: "PutAgentPool", step: "Provisioning node" }, effect: { fail: { code: "InvalidParameter", message: "The scale set could not grow." } }, times: 1 });
    const st = await finish(emu, await put(pool, { properties: { count: 5, mode: "System", vmSize: "Standard_DS2_v2" } }));
    assert.equal(st.status, "Failed");
    assert.deepEqual(st.error, { code: "InvalidParameter", message: "The scale set could not grow." });
    const last = await latest("rg-scale", "c1", "nodepool1");
    assert.deepEqual([last.status, last.error.code], ["Failed", "InvalidParameter"]);
    assert.equal((await get(pool)).properties.provisioningState, "Failed");
    assert.equal((await machines("rg-scale", "c1", "nodepool1")).length, 3, "no node was added, none removed");

    const again = await finish(emu, await put(pool, { properties: { count: 5, mode: "System", vmSize: "Standard_DS2_v2" } }));
    assert.equal(again.status, "Succeeded", JSON.stringify(again));
    assert.equal((await get(pool)).properties.provisioningState, "Succeeded");
    assert.equal((await machines("rg-scale", "c1", "nodepool1")).length, 5);
  });

  test("fail: an upgrade fails at the 2nd reimage; the cluster is Failed with the nodes already upgraded; the next PUT reconciles", async () => {
    await emu.createGroup("rg-upgrade");
    await createCluster(emu, "rg-upgrade", "c1");
    const path = mcPath("rg-upgrade", "c1");
    await add({ id: "upgrade-fails", match: { resourceId: path, step: "reimageNode", nth: 2 }, effect: { fail: { code: "BadRequest", message: "Drain of node timed out." } } });
    const body = clusterBody({ properties: { kubernetesVersion: "1.34" } });
    const st = await finish(emu, await put(path, body));
    assert.equal(st.status, "Failed");
    assert.deepEqual(st.error, { code: "BadRequest", message: "Drain of node timed out." });
    const cluster = await get(path);
    assert.equal(cluster.properties.provisioningState, "Failed");
    assert.equal(cluster.properties.agentPoolProfiles[0].provisioningState, "Failed");
    assert.equal(cluster.properties.currentKubernetesVersion, "1.34.1", "the control plane upgraded before the failure stays");
    assert.equal(cluster.properties.agentPoolProfiles[0].currentOrchestratorVersion, "1.33.3", "the pool's upgrade did not complete");
    assert.equal((await machines("rg-upgrade", "c1", "nodepool1")).length, 4, "the surge node and the nodes already reimaged stay");

    const again = await finish(emu, await put(path, body));
    assert.equal(again.status, "Succeeded", JSON.stringify(again));
    const fixed = await get(path);
    assert.equal(fixed.properties.provisioningState, "Succeeded");
    assert.equal(fixed.properties.agentPoolProfiles[0].provisioningState, "Succeeded");
    assert.equal(fixed.properties.agentPoolProfiles[0].currentOrchestratorVersion, "1.34.1", "the retry finished the pool's upgrade");
    assert.equal((await machines("rg-upgrade", "c1", "nodepool1")).length, 3, "and removed the surge node");
  });

  test("delay: the held step completes exactly the duration later; percentComplete holds meanwhile", async () => {
    await emu.createGroup("rg-delay");
    const path = mcPath("rg-delay", "c1");
    const f = await add({ match: { resourceId: path, step: "Provisioning control plane" }, effect: { delay: "PT7M" } });
    const aao = await put(path, clusterBody(), 201);
    const start = await opStatus(emu, aao);
    // The control plane step ends at 120 s of the 280 s plan, held until 120 s + 7 min = 540 s.
    await advance(emu, "PT2M");
    const held = await opStatus(emu, aao);
    assert.equal(held.status, "InProgress");
    assert.equal(held.percentComplete, 42);
    await advance(emu, "PT6M59S");
    const still = await opStatus(emu, aao);
    assert.deepEqual([still.status, still.percentComplete], ["InProgress", 42], "frozen during the delay");
    assert.deepEqual(await machines("rg-delay", "c1", "nodepool1"), [], "no node yet: the steps after the held one wait");
    await advance(emu, "PT1S");
    const moved = await opStatus(emu, aao);
    assert.equal(moved.status, "InProgress");
    assert.ok(moved.percentComplete >= 42);
    const done = await finish(emu, aao, "PT30S");
    assert.equal(done.status, "Succeeded");
    assert.equal(Date.parse(done.endTime) - Date.parse(start.startTime), (planSeconds(3) + 7 * 60) * 1000, "the plan plus exactly seven minutes");
    assert.deepEqual([(await fault(f.id)).seen, (await fault(f.id)).fired], [1, 1]);
    assertStatus(await emu.request("DELETE", `/_aksemu/faults/${f.id}`), 204);
  });

  test("hang: the step never completes, the operation stays InProgress at a frozen percentComplete; abort cancels it", async () => {
    await emu.createGroup("rg-hang");
    const path = mcPath("rg-hang", "c1");
    const f = await add({ match: { resourceId: path, operationType: "PutManagedCluster", step: "setControlPlaneVersion" }, effect: { hang: true } });
    const aao = await put(path, clusterBody(), 201);
    await advance(emu, "PT3M");
    const first = await opStatus(emu, aao);
    await advance(emu, "P1D");
    const later = await opStatus(emu, aao);
    assert.deepEqual([first.status, later.status], ["InProgress", "InProgress"]);
    assert.equal(later.percentComplete, first.percentComplete);
    assert.equal((await latest("rg-hang", "c1")).status, "InProgress");
    // Another write is refused while it hangs, as with any operation in progress.
    const blocked = await emu.request("PUT", q(path), { body: clusterBody() });
    assert.equal(blocked.status, 409, blocked.text);

    assertStatus(await emu.request("POST", q(`${path}/abort`)), 204);
    assert.equal((await opStatus(emu, aao)).status, "Canceling");
    const ended = await finish(emu, aao, "PT5S");
    assert.equal(ended.status, "Canceled");
    assert.equal((await get(path)).properties.provisioningState, "Canceled");
    assertStatus(await emu.request("DELETE", `/_aksemu/faults/${f.id}`), 204);
    // With the fault gone, the next PUT runs to the end.
    assert.equal((await finish(emu, await put(path, clusterBody()))).status, "Succeeded");
  });

  test("transient: the first create fails, the retry succeeds", async () => {
    await emu.createGroup("rg-transient");
    const path = mcPath("rg-transient", "c1");
    await add({ id: "flaky", match: { resourceId: path, step: "Installing system add-ons" }, effect: { transient: { code: "InvalidParameter", message: "Temporary failure installing add-ons." } } });
    const first = await finish(emu, await put(path, clusterBody(), 201));
    assert.equal(first.status, "Failed");
    assert.deepEqual(first.error, { code: "InvalidParameter", message: "Temporary failure installing add-ons." });
    assert.equal((await get(path)).properties.provisioningState, "Failed");
    const f = await fault("flaky");
    assert.deepEqual([f.times, f.remaining, f.fired], [1, 0, 1]);
    const retry = await finish(emu, await put(path, clusterBody()));
    assert.equal(retry.status, "Succeeded");
    assert.equal((await get(path)).properties.provisioningState, "Succeeded");
  });

  test("probability with a seed: the same draws every time, whichever cluster and operation ids", async () => {
    await emu.createGroup("rg-prob");
    const nodes = 10;
    const body = clusterBody({ properties: { agentPoolProfiles: [{ name: "nodepool1", count: nodes, vmSize: "Standard_DS2_v2", mode: "System" }] } });
    // Which of the 10 node steps a 0.4 draw with seed "s-42" delays, computed from the hash alone.
    const expected = Array.from({ length: nodes }, (_, i) => draw("s-42", i + 1) < 0.4).filter(Boolean).length;
    assert.ok(expected > 0 && expected < nodes, `the seed should delay some steps, not all: ${expected}`);
    const durations: number[] = [];
    for (const name of ["a", "b"]) {
      const path = mcPath("rg-prob", name);
      const f = await add({ id: `p-${name}`, match: { resourceId: path, step: "addNode", probability: 0.4, seed: "s-42" }, effect: { delay: "PT1M" } });
      assert.equal(f.match.seed, "s-42");
      const done = await finish(emu, await put(path, body, 201), "PT1M", 120);
      assert.equal(done.status, "Succeeded");
      durations.push(Date.parse(done.endTime) - Date.parse(done.startTime));
      const after = await fault(`p-${name}`);
      assert.deepEqual([after.seen, after.fired], [nodes, expected]);
    }
    assert.equal(durations[0], durations[1]);
    assert.equal(durations[0], (planSeconds(nodes) + expected * 60) * 1000);
  });

  test("faults are durable: a restart keeps their counters and a delayed step's due time", async () => {
    const durable = refreshing(await startEmulator({ persistent: true }));
    const dataDir = durable.dataDir!;
    try {
      await durable.createGroup("rg");
      const path = mcPath("rg", "c1");
      const res = await durable.request("POST", "/_aksemu/faults", { body: { id: "d", match: { resourceId: path, step: "Provisioning control plane" }, effect: { delay: "PT1H" } } });
      assertStatus(res, 201);
      const created = await durable.request("PUT", q(path), { body: clusterBody() });
      assertStatus(created, 201);
      const aao = String(header(created, "azure-asyncoperation"));
      await advance(durable, "PT10M");
      assert.equal((await opStatus(durable, aao)).status, "InProgress");
      await durable.app.close();

      const again = refreshing(await startEmulator({ dataDir }));
      try {
        const f = await again.request("GET", "/_aksemu/faults/d");
        assertStatus(f, 200);
        assert.deepEqual([f.json.seen, f.json.fired], [1, 1]);
        const url = aao.replace(/^https:\/\/[^/]+/, "");
        const st = await opStatus(again, url);
        assert.equal(st.status, "InProgress");
        await advance(again, "PT50M"); // 60 min in: the step is held until 62 min
        assert.equal((await opStatus(again, url)).status, "InProgress");
        const done = await finish(again, url, "PT1M");
        assert.equal(done.status, "Succeeded");
        assert.equal(Date.parse(done.endTime) - Date.parse(done.startTime), (planSeconds(3) + 3600) * 1000, "the delay resumed with the same due time");
      } finally {
        await again.close();
      }
    } finally {
      const { rmSync } = await import("node:fs");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
