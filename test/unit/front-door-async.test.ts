// Handlers may be async and a reply may be a stream: the front door sends chunks as they come
// (the shape a Kubernetes watch or a run-command log will take), over a real HTTP socket.
import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createClock } from "../../src/clock/clock.js";
import { createEngine } from "../../src/engine/engine.js";
import type { Route } from "../../src/arm/router.js";
import { createFrontDoor } from "../../src/server/front-door.js";
import { createStore } from "../../src/store/store.js";

async function serve(routes: Route[]) {
  const store = createStore(null);
  const clock = createClock({ mode: "manual", speed: 0, startAt: 0 });
  const engine = createEngine({ store, clock, runners: new Map() });
  const handle = createFrontDoor({
    routes, namespaces: new Map(), engine, clock, loose: false, tenantId: "t", subscriptions: () => [], defaultHost: "x", newId: () => "id", log: () => {},
    authenticate: (h) => { if (h !== "Bearer ok") throw new Error("unexpected"); return { principal: { objectId: "o", clientId: "c", tenantId: "t" }, requireTenant: () => {} }; },
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void handle(req, res, Buffer.concat(chunks).toString("utf8"), false));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function get(port: number, path: string, onChunk: (text: string) => void = () => {}): Promise<{ status: number; chunks: { at: number; text: string }[]; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = request({ host: "127.0.0.1", port, path, headers: { authorization: "Bearer ok" } }, (res) => {
      const chunks: { at: number; text: string }[] = [];
      res.on("data", (c: Buffer) => {
        chunks.push({ at: Date.now() - started, text: c.toString("utf8") });
        onChunk(c.toString("utf8"));
      });
      res.on("end", () => resolve({ status: res.statusCode!, chunks, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("an async handler's streamed reply arrives chunk by chunk, before the stream ends", async () => {
  // The second event is produced only once the client holds the first (or after 5 s, so a server
  // that buffers the stream fails the test rather than hanging it): no timing to race on a busy machine.
  let received!: () => void;
  const firstReceived = new Promise<void>((r) => (received = r));
  let producedSecondAfterFirstArrived = false;
  async function* events() {
    yield '{"type":"ADDED"}\n';
    producedSecondAfterFirstArrived = await Promise.race([firstReceived.then(() => true), delay(5_000).then(() => false)]);
    yield '{"type":"MODIFIED"}\n';
  }
  const route: Route = { method: "GET", pattern: "/watch", apiVersions: { kind: "none" }, handler: async () => ({ status: 200, stream: events(), contentType: "application/json" }) };
  const srv = await serve([route]);
  try {
    const res = await get(srv.port, "/watch", () => received());
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.headers["transfer-encoding"], "chunked");
    assert.deepEqual(res.chunks.map((c) => c.text), ['{"type":"ADDED"}\n', '{"type":"MODIFIED"}\n']);
    assert.ok(producedSecondAfterFirstArrived, "the first chunk was sent before the second was produced");
  } finally {
    await srv.close();
  }
});

test("an async handler's rejection with a plain error is a logged 500 in ARM's shape, not a hang", async () => {
  const route: Route = { method: "GET", pattern: "/broken", apiVersions: { kind: "none" }, handler: async () => { await delay(1); throw new Error("bug"); } };
  const srv = await serve([route]);
  try {
    const res = await get(srv.port, "/broken");
    assert.equal(res.status, 500);
    assert.equal(JSON.parse(res.chunks.map((c) => c.text).join("")).error.code, "InternalServerError");
  } finally {
    await srv.close();
  }
});
