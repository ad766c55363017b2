// The front door replays a pure read (Route.pure: GET managedCluster, agent pool, their lists;
// Reply.pure: an ended operation's status) while the store is unchanged (server/read-cache.ts): the same bytes, fresh request ids; never
// across a write, another caller, another origin or an expired token.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createReadCache } from "../../src/server/read-cache.js";
import { clusterBody, createCluster, header, mcPath, putGroup, q } from "./helpers.js";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { assignRole, authorizationFailed, newPrincipal } from "../support/rbac.js";

describe("read cache (unit)", () => {
  test("a hit needs the revision it was stored at; full, it starts again empty", () => {
    // Each entry counts its body, its key and 320 bytes of bookkeeping against the bound.
    const cache = createReadCache(4000);
    cache.put("a", { revision: 3, origin: "https://x", status: 200, headers: {}, body: Buffer.from("x".repeat(100)) });
    assert.equal(cache.get("a", 3)?.body.length, 100);
    assert.equal(cache.get("a", 4), undefined);
    cache.put("b", { revision: 3, origin: "https://x", status: 200, headers: {}, body: Buffer.from("y".repeat(120)) });
    assert.equal(cache.get("a", 3)?.body.length, 100);
    // Over an eighth of the bound: never kept.
    cache.put("c", { revision: 3, origin: "https://x", status: 200, headers: {}, body: Buffer.from("z".repeat(200)) });
    assert.equal(cache.get("c", 3), undefined);
    for (let i = 0; i < 10; i++) cache.put(`k${i}`, { revision: 3, origin: "https://x", status: 200, headers: {}, body: Buffer.from("w".repeat(110)) });
    assert.equal(cache.get("a", 3), undefined);
    assert.ok(cache.get("k9", 3));
  });
});

describe("read cache keys (unit)", () => {
  test("a caller is named by an id, not its token; an id is never another caller's; a lookup remembers no one", () => {
    const cache = createReadCache(1_000_000);
    const reply = { revision: 1, origin: "https://x", status: 200, headers: {}, body: Buffer.from("{}") };
    const token = `Bearer ${"t".repeat(1200)}`;
    // A lookup by a caller never seen: no key, nothing recorded.
    assert.equal(cache.key(token, "h", "/x", false), undefined);
    assert.equal(cache.key(token, "h", "/x", false), undefined);
    const a = cache.key(token, "h", "/x", true)!;
    assert.equal(cache.key(token, "h", "/x", false), a);
    assert.ok(a.length < 40, a);
    assert.notEqual(cache.key("Bearer other", "h", "/x", true), a);
    assert.notEqual(cache.key(token, "h2", "/x", true), a);
    cache.put(a, reply);
    assert.ok(cache.get(a, 1));
    // Lookups by thousands of unknown headers neither wipe the replies nor grow anything.
    for (let i = 0; i < 5000; i++) assert.equal(cache.key(`Bearer stranger-${i}`, "h", "/x", false), undefined);
    assert.ok(cache.get(a, 1));
    // Past 4,096 callers kept, the ids and the replies start again; no key comes back for someone else.
    const seen = new Set([a]);
    for (let i = 0; i < 5000; i++) {
      const k = cache.key(`Bearer caller-${i}`, "h", "/x", true)!;
      assert.ok(!seen.has(k), k);
      seen.add(k);
    }
    assert.equal(cache.get(a, 1), undefined);
    assert.equal(cache.key(token, "h", "/x", false), undefined);
    assert.ok(!seen.has(cache.key(token, "h", "/x", true)!));
  });

  test("the callers' headers are bounded by bytes too: a quarter of the replies' bound", () => {
    const cache = createReadCache(40_000);
    const first = cache.key(`Bearer ${"a".repeat(4000)}`, "h", "/x", true)!;
    cache.put(first, { revision: 1, origin: "https://x", status: 200, headers: {}, body: Buffer.from("{}") });
    // 10,000 bytes of headers: the third 4 KB header starts everything again.
    cache.key(`Bearer ${"b".repeat(4000)}`, "h", "/x", true);
    assert.ok(cache.get(first, 1));
    cache.key(`Bearer ${"c".repeat(4000)}`, "h", "/x", true);
    assert.equal(cache.get(first, 1), undefined);
    assert.equal(cache.key(`Bearer ${"a".repeat(4000)}`, "h", "/x", false), undefined);
  });
});

describe("replayed reads over HTTPS", () => {
  let emu: Emulator;
  const MC = mcPath("rg-rc", "c1");
  before(async () => {
    emu = await startEmulator();
    assert.equal((await putGroup(emu, "rg-rc")).status, 201);
    await createCluster(emu, "rg-rc", "c1", clusterBody({ tags: { v: "1" } }));
  });
  after(() => emu.close());

  test("the same bytes with fresh request ids; a write in between is seen at once", async () => {
    const a = await emu.request("GET", q(MC));
    const b = await emu.request("GET", q(MC), { headers: { "x-ms-client-request-id": "mine" } });
    assert.equal(a.status, 200);
    assert.equal(b.text, a.text);
    assert.notEqual(header(b, "x-ms-request-id"), header(a, "x-ms-request-id"));
    assert.equal(header(b, "x-ms-client-request-id"), "mine");
    assert.equal(header(b, "content-type"), "application/json; charset=utf-8");
    assert.equal(Number(header(b, "content-length")), Buffer.byteLength(b.text));
    assert.equal(a.json.properties.provisioningState, "Succeeded");
    // A tags update is an operation (202): the next read shows it under way.
    const patched = await emu.request("PATCH", q(MC), { body: { tags: { v: "2" } } });
    assert.equal(patched.status, 202, patched.text);
    const after = (await emu.request("GET", q(MC))).json;
    assert.equal(after.properties.provisioningState, "Updating");
  });

  test("another caller is judged by RBAC, not served what the first one read", async () => {
    assert.equal((await emu.request("GET", q(MC))).status, 200);
    const p = await newPrincipal(emu, "no-access");
    const denied = await emu.request("GET", q(MC), { auth: p.token });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.message, authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/read", MC));
    await assignRole(emu, p.objectId, "Reader");
    assert.equal((await emu.request("GET", q(MC), { auth: p.token })).status, 200);
  });

  test("a token that is no longer valid is refused even for a read answered before", async () => {
    const ok = await emu.request("GET", q(MC), { auth: "not-a-token" });
    assert.equal(ok.status, 401);
    assert.equal(ok.json.error.code, "InvalidAuthenticationToken");
  });
});

describe("operation status replies", () => {
  let emu: Emulator;
  // Real time, sped up: a running operation's percentComplete moves with no write to the store.
  before(async () => {
    emu = await startEmulator({ clock: "realtime", speed: 300 });
    assert.equal((await putGroup(emu, "rg-op")).status, 201);
  });
  after(() => emu.close());

  test("a running operation's status moves with the clock (never replayed); an ended one's is replayed byte for byte", async () => {
    const put = await emu.request("PUT", q(mcPath("rg-op", "c1")), { body: clusterBody() });
    assert.equal(put.status, 201, put.text);
    const url = String(header(put, "azure-asyncoperation")).replace(emu.url, "");
    const seen = new Set<number>();
    let last: { status: string; percentComplete: number } | undefined;
    for (let i = 0; i < 1000 && last?.status !== "Succeeded"; i++) {
      last = (await emu.request("GET", url)).json;
      if (last!.status === "InProgress") seen.add(last!.percentComplete);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(last?.status, "Succeeded");
    // Within each step too: replayed, it would change only when a step is written (7 steps).
    assert.ok(seen.size >= 12, `percentComplete moved while running: ${[...seen].join(", ")}`);
    const a = await emu.request("GET", url);
    const b = await emu.request("GET", url);
    assert.equal(b.text, a.text);
    assert.notEqual(header(b, "x-ms-request-id"), header(a, "x-ms-request-id"));
  });
});
