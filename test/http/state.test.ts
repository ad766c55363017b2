// Issue 13's state control over HTTPS: /_aksemu/health without a token; snapshots saved, listed,
// exported, imported and restored exactly (an operation in flight resumes and completes as it
// would have, virtual time returns to the snapshot's); reset of everything, a subscription or a
// resource group; bad snapshots refused with nothing changed; snapshots surviving a restart.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startEmulator, SUB, type Emulator } from "../support/emulator.js";
import { kubeAccess } from "../support/run-command.js";
import { advance, apPath, clusterBody, createCluster, finish, header, mcPath, opStatus, putGroup, q, refreshing } from "./helpers.js";

const clockNow = async (emu: Emulator) => (await emu.request("GET", "/_aksemu/clock")).json.now as string;

describe("health", () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());
  test("GET /_aksemu/health needs no token", async () => {
    const res = await emu.request("GET", "/_aksemu/health", { auth: false });
    assert.equal(res.status, 200);
    assert.equal(res.json.status, "Healthy");
    assert.equal(res.json.version, JSON.parse(readFileSync("package.json", "utf8")).version);
    assert.equal(res.json.store, "memory");
    assert.equal(res.json.clock.mode, "manual");
  });
});

describe("snapshots and reset", () => {
  let emu: Emulator;
  before(async () => {
    emu = refreshing(await startEmulator());
    assert.equal((await putGroup(emu, "rg-a")).status, 201);
    assert.equal((await putGroup(emu, "rg-b")).status, 201);
    await createCluster(emu, "rg-a", "c1", clusterBody({ properties: { dnsPrefix: "c1" } }));
  });
  after(() => emu.close());

  test("snapshot → mutate → restore: the same state, an operation in flight resumes and completes", async () => {
    assert.equal((await emu.request("POST", "/_aksemu/snapshots", { body: { name: "base" } })).status, 201);
    // A scale in flight, then a snapshot of it.
    const scale = await emu.request("PUT", q(apPath("rg-a", "c1", "nodepool1")), { body: { properties: { count: 5, vmSize: "Standard_DS2_v2", mode: "System" } } });
    assert.equal(scale.status, 200, scale.text);
    const async = String(header(scale, "azure-asyncoperation"));
    await advance(emu, "PT30S");
    const mid = await opStatus(emu, async);
    assert.equal(mid.status, "InProgress");
    const midClock = await clockNow(emu);
    const before = (await emu.request("GET", q(mcPath("rg-a", "c1")))).text;
    const saved = await emu.request("POST", "/_aksemu/snapshots", { body: { name: "mid" } });
    assert.equal(saved.status, 201);
    assert.equal(saved.json.virtualTime, midClock);
    // Mutate: finish the scale, create another cluster, move time on.
    assert.equal((await finish(emu, async)).status, "Succeeded");
    await createCluster(emu, "rg-b", "c2", clusterBody({ properties: { dnsPrefix: "c2" } }));
    assert.notEqual(await clockNow(emu), midClock);
    // Restore: exactly the snapshot's state, and its time.
    const restored = await emu.request("POST", "/_aksemu/snapshots/mid/restore");
    assert.equal(restored.status, 200, restored.text);
    assert.equal(await clockNow(emu), midClock);
    assert.equal((await emu.request("GET", q(mcPath("rg-b", "c2")))).status, 404);
    assert.equal((await emu.request("GET", q(mcPath("rg-a", "c1")))).text, before);
    assert.deepEqual(await opStatus(emu, async), mid);
    // The operation goes on from where it was, to the same end.
    const done = await finish(emu, async);
    assert.equal(done.status, "Succeeded");
    const pool = await emu.request("GET", q(apPath("rg-a", "c1", "nodepool1")));
    assert.equal(pool.json.properties.count, 5);
    assert.equal(pool.json.properties.provisioningState, "Succeeded");
  });

  test("a cluster's Kubernetes objects come back with a restore, and the API serves them", async () => {
    const kube = await kubeAccess(emu, "rg-a", "c1");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept" }, data: { a: "1" } };
    assert.equal((await kube.call("POST", "/api/v1/namespaces/default/configmaps", cm)).status, 201);
    assert.equal((await emu.request("POST", "/_aksemu/snapshots", { body: { name: "with-cm" } })).status, 201);
    assert.equal((await kube.call("DELETE", "/api/v1/namespaces/default/configmaps/kept")).status, 200);
    assert.equal((await kube.call("GET", "/api/v1/namespaces/default/configmaps/kept")).status, 404);
    assert.equal((await emu.request("POST", "/_aksemu/snapshots/with-cm/restore")).status, 200);
    const back = await kube.call("GET", "/api/v1/namespaces/default/configmaps/kept");
    assert.equal(back.status, 200);
    assert.deepEqual(back.json.data, { a: "1" });
    assert.equal((await emu.request("DELETE", "/_aksemu/snapshots/with-cm")).status, 200);
  });

  test("list, export and import under another name; a snapshot of another format is refused and nothing changes", async () => {
    const list = await emu.request("GET", "/_aksemu/snapshots");
    assert.deepEqual(list.json.value.map((s: { name: string }) => s.name), ["base", "mid"]);
    const exported = await emu.request("GET", "/_aksemu/snapshots/base");
    assert.equal(exported.status, 200);
    assert.equal(exported.json.format, 1);
    const imported = await emu.request("PUT", "/_aksemu/snapshots/copy", { rawBody: exported.text, headers: { "content-type": "application/json" } });
    assert.equal(imported.status, 201, imported.text);
    const future = await emu.request("PUT", "/_aksemu/snapshots/future", { rawBody: JSON.stringify({ ...exported.json, format: 99, aksemu: "9.9.9" }), headers: { "content-type": "application/json" } });
    assert.equal(future.status, 400);
    assert.equal(future.json.error.message, "Snapshot 'future' cannot be read: its format is 99, and this aksemu reads format 1 (written by aksemu 9.9.9). Nothing was changed.");
    const garbage = await emu.request("PUT", "/_aksemu/snapshots/garbage", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    assert.equal(garbage.status, 400);
    assert.match(garbage.json.error.message, /^Snapshot 'garbage' cannot be read: it is not JSON/);
    const unknown = await emu.request("POST", "/_aksemu/snapshots/nothing/restore");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.message, "No snapshot named 'nothing'.");
    const badName = await emu.request("POST", "/_aksemu/snapshots", { body: { name: "../etc" } });
    assert.equal(badName.status, 400);
    assert.deepEqual((await emu.request("GET", "/_aksemu/snapshots")).json.value.map((s: { name: string }) => s.name), ["base", "copy", "mid"]);
    assert.equal((await emu.request("DELETE", "/_aksemu/snapshots/copy")).status, 200);
    assert.equal((await emu.request("GET", "/_aksemu/snapshots/copy")).status, 404);
  });

  test("reset of one resource group, then of everything; principals stay", async () => {
    await createCluster(emu, "rg-b", "c3", clusterBody({ properties: { dnsPrefix: "c3" } }));
    const principal = await emu.request("POST", "/_aksemu/principals", { body: { displayName: "kept" } });
    assert.equal(principal.status, 201);
    const scoped = await emu.request("POST", "/_aksemu/reset", { body: { subscriptionId: SUB, resourceGroup: "rg-b" } });
    assert.equal(scoped.status, 200, scoped.text);
    assert.equal((await emu.request("GET", q(mcPath("rg-b", "c3")))).status, 404);
    assert.equal((await emu.request("GET", `/subscriptions/${SUB}/resourceGroups/rg-b?api-version=2021-04-01`)).status, 404);
    assert.equal((await emu.request("GET", q(mcPath("rg-a", "c1")))).status, 200);
    // Compute's running vCPU total is counted again from what is left: a new cluster still fits.
    assert.equal((await putGroup(emu, "rg-b")).status, 201);
    await createCluster(emu, "rg-b", "c4", clusterBody({ properties: { dnsPrefix: "c4" } }));
    const all = await emu.request("POST", "/_aksemu/reset", { body: {} });
    assert.equal(all.status, 200);
    assert.equal((await emu.request("GET", q(mcPath("rg-a", "c1")))).status, 404);
    assert.equal((await emu.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`)).json.value.length, 0);
    assert.ok(Math.abs(Date.parse(await clockNow(emu)) - Date.now()) < 60_000);
    const principals = (await emu.request("GET", "/_aksemu/principals")).json;
    assert.ok(JSON.stringify(principals).includes(principal.json.clientId));
    // Snapshots outlive a reset.
    assert.equal((await emu.request("POST", "/_aksemu/snapshots/base/restore")).status, 200);
    assert.equal((await emu.request("GET", q(mcPath("rg-a", "c1")))).status, 200);
    assert.equal((await emu.request("POST", "/_aksemu/reset", { body: { resourceGroup: "rg-a" } })).status, 400);
  });
});

describe("snapshots on a data dir", () => {
  test("a saved snapshot is a file that survives a restart and restores there; exported, it restores on another data dir", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aksemu-state-"));
    const first = refreshing(await startEmulator({ dataDir }));
    try {
      assert.equal((await putGroup(first, "rg-d")).status, 201);
      assert.equal((await first.request("POST", "/_aksemu/snapshots", { body: { name: "with-group" } })).status, 201);
      assert.equal((await first.request("DELETE", `/subscriptions/${SUB}/resourceGroups/rg-d?api-version=2021-04-01`)).status, 202);
    } finally {
      await first.close();
    }
    const second = refreshing(await startEmulator({ dataDir }));
    try {
      assert.deepEqual((await second.request("GET", "/_aksemu/snapshots")).json.value.map((s: { name: string }) => s.name), ["with-group"]);
      assert.equal((await second.request("POST", "/_aksemu/snapshots/with-group/restore")).status, 200);
      assert.equal((await second.request("GET", `/subscriptions/${SUB}/resourceGroups/rg-d?api-version=2021-04-01`)).status, 200);
      // Exported here, imported on another data dir, restored there.
      const exported = await second.request("GET", "/_aksemu/snapshots/with-group");
      const otherDir = mkdtempSync(join(tmpdir(), "aksemu-state-"));
      const third = refreshing(await startEmulator({ dataDir: otherDir }));
      try {
        assert.equal((await third.request("PUT", "/_aksemu/snapshots/moved", { rawBody: exported.text, headers: { "content-type": "application/json" } })).status, 201);
        assert.equal((await third.request("POST", "/_aksemu/snapshots/moved/restore")).status, 200);
        assert.equal((await third.request("GET", `/subscriptions/${SUB}/resourceGroups/rg-d?api-version=2021-04-01`)).status, 200);
      } finally {
        await third.close();
        rmSync(otherDir, { recursive: true, force: true });
      }
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
