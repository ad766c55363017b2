// The activity log as the engine writes it, with a toy provider: a request that starts an
// operation logs Started and Accepted, the operation's end logs Succeeded, Failed or Canceled (in
// the transaction that ends it, with the request's caller and correlation id); a write done at
// once logs Started and Succeeded; a refusal, Started and Failed. Events share the change's
// transaction (one persistence commit), and retention bounds them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createClock } from "../../src/clock/clock.js";
import type { ActivityDescriber, ActivityEvent, LoggedOperation, RequestAudit } from "../../src/engine/activity.js";
import type { ActivityOptions } from "../../src/engine/activity-log.js";
import { createEngine } from "../../src/engine/engine.js";
import { abortOperation, operationGroups, type OperationRecord, type Step } from "../../src/engine/operations.js";
import type { StepRunner } from "../../src/engine/step-runner.js";
import { armRequestActivity } from "../../src/providers/activity.js";
import { aksActivity } from "../../src/providers/containerservice/activity.js";
import { resourcesActivity } from "../../src/providers/resources/activity.js";
import { resourceListings } from "../../src/arm/ids.js";
import { providerRunners } from "./support/runners.js";
import { PROVIDERS } from "../../src/providers/index.js";
import { groupDeleteOperation } from "../../src/providers/resources/domain/groups.js";
import type { ResourceGroupRecord } from "../../src/providers/resources/public.js";
import { createStore, type Persistence, type Write } from "../../src/store/store.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const DOC = "/subscriptions/s/resourcegroups/rg/providers/toy.a/things/t1";
const DOC_ID = "/subscriptions/s/resourceGroups/rg/providers/Toy.A/things/t1";

const toy: StepRunner = {
  apply(step, { read, op }) {
    if (step.action.type === "boom") return { error: { code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved quota." } };
    const doc = read.get<{ n: number }>("resources", op.parent)!;
    return { change: { resources: [[op.parent, { ...doc, n: doc.n + 1 }]] } };
  },
  settle: () => ({}),
};

const describer: ActivityDescriber = (r) => armRequestActivity(r, { namespace: "Toy.A", types: ["things"], displays: { "Toy.A/things/write": "Create or Update Thing" } });

function setup(opts: { persistence?: Persistence; retention?: ActivityOptions["retention"] } = {}) {
  const store = createStore(opts.persistence ?? null, { groupOf: { operations: (_k, v) => operationGroups(v as OperationRecord), events: (_k, e) => (e as ActivityEvent).subscriptionId.toLowerCase() } });
  const clock = createClock({ mode: "manual", speed: 0, startAt: T0 });
  let current: RequestAudit | undefined;
  let ids = 0;
  const newId = () => `id-${++ids}`;
  const make = () => createEngine({ store, clock, runners: new Map([["Toy.A", toy]]), activity: { describers: new Map([["toy.a", describer]]), request: () => current, newId, ...(opts.retention ? { retention: opts.retention } : {}) } });
  const engine = make();
  const events = () => [...store.values<ActivityEvent>("events")].sort((a, b) => (a.key < b.key ? -1 : 1));
  /** Runs `fn` as the handler of a request (what the front door notes). */
  const request = <T>(method: string, fn: () => T, over: Partial<RequestAudit> = {}): T => {
    current = { method, path: DOC_ID, namespace: "Toy.A", correlationId: `corr-${method}`, clientRequestId: "client-1", clientIpAddress: "127.0.0.1", caller: "oid-1", appId: "app-1", tenantId: "tenant-1", ...over };
    try {
      return fn();
    } finally {
      current = undefined;
    }
  };
  return { store, clock, engine, events, request, make };
}

const step = (type: string): Step => ({ name: type, durationMs: 10_000, action: { type } });
const operation = (id: string, steps: Step[], now = T0): OperationRecord => ({ id, provider: "Toy.A", parent: DOC, resourceId: DOC_ID, subscriptionId: "s", location: "eastus", operationType: "Put", verb: "Creating", status: "InProgress", startTime: now, steps, stepIndex: 0, stepStartedAt: now, result: "resource" });
const summary = (e: ActivityEvent) => [e.status, e.eventName, e.subStatus?.value ?? "", e.operationId, e.correlationId, e.at - T0];

test("a write that starts an operation: Started and Accepted (201 Created) at once, Succeeded when it ends, with the request's caller and correlation id", () => {
  const env = setup();
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]], operations: [operation("op1", [step("bump"), step("bump")])] }));
  assert.deepEqual(env.events().map(summary), [
    ["Started", "BeginRequest", "", "op1", "corr-PUT", 0],
    ["Accepted", "EndRequest", "Created", "op1", "corr-PUT", 0],
  ]);
  const stored = env.store.get<LoggedOperation>("operations", "op1")!;
  assert.equal(stored.activity?.caller, "oid-1", "the operation keeps its request's origin for its end");
  env.clock.advanceTo(T0 + 20_000);
  const all = env.events();
  assert.deepEqual(all.map(summary).at(-1), ["Succeeded", "EndRequest", "", "op1", "corr-PUT", 20_000]);
  const end = all.at(-1)!;
  assert.deepEqual(
    { caller: end.caller, appId: end.appId, tenantId: end.tenantId, operation: end.operation, display: end.operationDisplay, resourceId: end.resourceId, type: end.resourceType, provider: end.resourceProvider, level: end.level, method: end.method, clientRequestId: end.clientRequestId },
    { caller: "oid-1", appId: "app-1", tenantId: "tenant-1", operation: "Toy.A/things/write", display: "Create or Update Thing", resourceId: DOC_ID, type: "Toy.A/things", provider: "Toy.A", level: "Informational", method: "PUT", clientRequestId: "client-1" },
  );
  assert.deepEqual(end.properties, { eventCategory: "Administrative", entity: DOC_ID, message: "Toy.A/things/write", statusCode: "OK" });
  assert.equal(new Set(all.map((e) => e.eventDataId)).size, 3, "every event has its own id");
});

test("a failed step: Failed (level Error) with the operation status JSON in properties.statusMessage", () => {
  const env = setup();
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]], operations: [operation("op1", [step("bump"), step("boom")])] }));
  env.clock.advanceTo(T0 + 20_000);
  const failed = env.events().at(-1)!;
  assert.deepEqual(summary(failed), ["Failed", "EndRequest", "", "op1", "corr-PUT", 20_000]);
  assert.equal(failed.level, "Error");
  assert.deepEqual(JSON.parse(failed.properties["statusMessage"]!), { status: "Failed", error: { code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved quota." } });
});

test("an abort: the abort request logs Started and Succeeded; the operation ends Canceled with its error", () => {
  const env = setup();
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]], operations: [operation("op1", [step("bump"), step("bump")])] }));
  env.clock.advanceTo(T0 + 5_000);
  const running = env.store.get<OperationRecord>("operations", "op1")!;
  env.request("POST", () => env.engine.commit({ operations: [abortOperation(running, T0 + 5_000)] }), { path: `${DOC_ID}/abort`, correlationId: "corr-abort" });
  env.clock.advanceTo(T0 + 60_000);
  const abortId = env.events()[2]!.operationId;
  assert.ok(abortId !== "op1", "a request that starts no operation has an operation id of its own");
  assert.deepEqual(env.events().slice(2).map((e) => [e.operation, ...summary(e)]), [
    ["Toy.A/things/abort/action", "Started", "BeginRequest", "", abortId, "corr-abort", 5_000],
    ["Toy.A/things/abort/action", "Succeeded", "EndRequest", "OK", abortId, "corr-abort", 5_000],
    ["Toy.A/things/write", "Canceled", "EndRequest", "", "op1", "corr-PUT", 10_000],
  ]);
  assert.equal(JSON.parse(env.events().at(-1)!.properties["statusMessage"]!).error.code, "OperationCanceled");
});

test("a write done at once: Started and Succeeded, 201 when it creates the resource, 200 after; once per request", () => {
  const env = setup();
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]] }));
  env.request("PUT", () => {
    env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 1 }]] });
    env.engine.commit({ meta: [["x", 1]] }); // a second commit of the same request logs nothing more
  });
  assert.deepEqual(env.events().map((e) => [e.status, e.subStatus?.value ?? "", e.properties["statusCode"] ?? ""]), [
    ["Started", "", ""],
    ["Succeeded", "Created", "Created"],
    ["Started", "", ""],
    ["Succeeded", "OK", "OK"],
  ]);
});

test("nothing is logged for reads, for namespaces without a describer, or outside a request", () => {
  const env = setup();
  env.request("GET", () => env.engine.commit({ meta: [["x", 1]] }));
  env.request("PUT", () => env.engine.commit({ meta: [["x", 2]] }), { namespace: "Other.Ns" });
  env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]], operations: [operation("op1", [step("bump")])] });
  env.clock.advanceTo(T0 + 60_000);
  assert.deepEqual(env.events(), []);
  assert.equal(env.store.get<LoggedOperation>("operations", "op1")!.activity, undefined);
});

test("a refused write: Started and Failed with the error body ARM answered, in a transaction of its own; after a logged commit, nothing more", () => {
  const env = setup();
  const body = { code: "InvalidParameter", details: null, message: "The value of parameter x is invalid.", subcode: "" };
  env.request("PUT", () => env.engine.logRefusal(400, body));
  const [started, failed] = env.events();
  assert.deepEqual([started!.status, failed!.status, failed!.level, failed!.subStatus], ["Started", "Failed", "Error", { value: "BadRequest", localizedValue: "Bad Request (HTTP Status Code: 400)" }]);
  assert.equal(failed!.properties["statusMessage"], JSON.stringify(body));
  assert.equal(failed!.properties["statusCode"], "BadRequest");
  env.request("PUT", () => {
    env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]] });
    env.engine.logRefusal(409, { error: { code: "Conflict", message: "late" } });
  });
  assert.deepEqual(env.events().map((e) => e.status), ["Started", "Failed", "Started", "Succeeded"]);
  env.engine.logRefusal(400, body); // no request in flight
  assert.equal(env.events().length, 4);
});

test("a request the provider answers at once though it starts an operation (registration): Started and Succeeded, nothing at its end", () => {
  const env = setup();
  const sync: ActivityDescriber = (r) => ({ ...describer(r)!, synchronous: true });
  const engine = createEngine({ store: env.store, clock: env.clock, runners: new Map([["Toy.A", toy]]), activity: { describers: new Map([["Toy.A", sync]]), request: () => audit, newId: () => "x" } });
  const audit: RequestAudit = { method: "POST", path: `${DOC_ID}/register`, namespace: "toy.a", correlationId: "c", caller: "o", appId: "a", tenantId: "t" };
  engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]], operations: [operation("reg", [step("bump")])] });
  env.clock.advanceTo(T0 + 60_000);
  assert.deepEqual(env.events().map((e) => [e.status, e.subStatus?.value ?? ""]), [["Started", ""], ["Succeeded", "OK"]]);
});

test("events are written in the change's own transaction: one persistence commit (one fsync) per request and per catch-up", () => {
  const commits: Write[][] = [];
  const persistence: Persistence = { loadAll: () => [], read: () => undefined, commit: (w) => void commits.push([...w]), close: () => {} };
  const env = setup({ persistence });
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]], operations: [operation("op1", [step("bump")])] }));
  assert.equal(commits.length, 1);
  assert.deepEqual(commits[0]!.map((w) => w.collection).sort(), ["events", "events", "operations", "resources"]);
  env.clock.advanceTo(T0 + 60_000);
  assert.equal(commits.length, 2);
  assert.deepEqual(new Set(commits[1]!.map((w) => w.collection)), new Set(["events", "operations", "resources", "meta"]));
});

test("retention: events older than the window, and the oldest beyond the cap, are dropped in the transaction that adds new ones", () => {
  const env = setup({ retention: { maxAgeMs: 60_000, maxEvents: 5 } });
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]] }));
  env.clock.advanceTo(T0 + 30_000);
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 1 }]] }));
  assert.equal(env.events().length, 4);
  env.clock.advanceTo(T0 + 61_000);
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 2 }]] }));
  assert.deepEqual(env.events().map((e) => e.at - T0), [30_000, 30_000, 61_000, 61_000], "the two of T0 are past 60 s");
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 3 }]] }));
  assert.deepEqual(env.events().map((e) => e.at - T0), [30_000, 61_000, 61_000, 61_000, 61_000], "at most 5, the oldest go");
});

test("after a restart the log goes on: keys keep their order and are never reused", () => {
  const env = setup();
  env.request("PUT", () => env.engine.commit({ resources: [[DOC, { id: DOC_ID, n: 0 }]] }));
  env.engine.stop();
  const again = env.make();
  env.request("PUT", () => again.commit({ resources: [[DOC, { id: DOC_ID, n: 1 }]] }));
  const keys = env.events().map((e) => e.key);
  assert.equal(new Set(keys).size, 4);
  assert.deepEqual(env.events().map((e) => e.seq), [0, 1, 2, 3]);
});

test("providers name requests as ARM does: the RBAC action of the URL, in the provider's casing, with its display names", () => {
  const mc = "/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/c1";
  assert.deepEqual(aksActivity({ method: "PUT", path: mc }), {
    subscriptionId: "s",
    operation: "Microsoft.ContainerService/managedClusters/write",
    operationDisplay: "Create or Update Managed Cluster",
    resourceId: mc,
    resourceType: "Microsoft.ContainerService/managedClusters",
    resourceProvider: "Microsoft.ContainerService",
  });
  const name = (method: string, path: string) => aksActivity({ method, path })?.operation;
  assert.equal(name("DELETE", mc), "Microsoft.ContainerService/managedClusters/delete");
  assert.equal(name("PATCH", mc), "Microsoft.ContainerService/managedClusters/write");
  assert.equal(name("POST", `${mc}/stop`), "Microsoft.ContainerService/managedClusters/stop/action");
  assert.equal(name("POST", `${mc}/rotateClusterCertificates`), "Microsoft.ContainerService/managedClusters/rotateClusterCertificates/action");
  assert.equal(name("PUT", `${mc}/agentPools/np2`), "Microsoft.ContainerService/managedClusters/agentPools/write");
  assert.equal(aksActivity({ method: "POST", path: `${mc}/agentPools/np2/abort` })?.resourceId, `${mc}/agentPools/np2`);
  assert.equal(name("PUT", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Other/things/x"), undefined);
  assert.deepEqual(resourcesActivity({ method: "PUT", path: "/subscriptions/s/resourcegroups/rg1" }), {
    subscriptionId: "s",
    operation: "Microsoft.Resources/subscriptions/resourceGroups/write",
    operationDisplay: "Update resource group",
    resourceId: "/subscriptions/s/resourcegroups/rg1",
    resourceType: "Microsoft.Resources/subscriptions/resourceGroups",
    resourceProvider: "Microsoft.Resources",
  });
  assert.equal(resourcesActivity({ method: "DELETE", path: "/subscriptions/s/resourceGroups/rg1" })?.operation, "Microsoft.Resources/subscriptions/resourceGroups/delete");
  const reg = resourcesActivity({ method: "POST", path: "/subscriptions/s/providers/Microsoft.ContainerService/register" })!;
  assert.deepEqual([reg.operation, reg.resourceId, reg.synchronous], ["Microsoft.ContainerService/register/action", "/subscriptions/s/providers/Microsoft.ContainerService", true]);
  assert.equal(resourcesActivity({ method: "GET", path: "/subscriptions/s/resourceGroups/rg1" }), undefined);
});

test("a failed resource group delete (the real providers): the DELETE is Started and Accepted (202); the group's operation ends Failed with its error", () => {
  const GROUP = "/subscriptions/s/resourcegroups/rg";
  const group: ResourceGroupRecord = { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", subscriptionId: "s", name: "rg", location: "eastus", provisioningState: "Succeeded" };
  const store = createStore(null, { groupOf: { resources: (k) => resourceListings(k), operations: (_k, v) => operationGroups(v as OperationRecord), events: (_k, e) => (e as ActivityEvent).subscriptionId.toLowerCase() } });
  const clock = createClock({ mode: "manual", speed: 0, startAt: T0 });
  let current: RequestAudit | undefined;
  const engine = createEngine({
    store,
    clock,
    runners: providerRunners(),
    beforeStep: (s) => (s.name === "Deleting resource group rg" ? { code: "InternalServerError", message: "An internal error occurred." } : undefined),
    activity: { describers: new Map(PROVIDERS.flatMap((p) => (p.activity ? [[p.namespace, p.activity] as const] : []))), request: () => current, newId: (() => { let n = 0; return () => `id-${++n}`; })() },
  });
  engine.commit({ resources: [[GROUP, group]] });
  current = { method: "DELETE", path: group.id, namespace: "Microsoft.Resources", correlationId: "corr-del", caller: "oid", appId: "app", tenantId: "t" };
  engine.commit({ resources: [[GROUP, { ...group, provisioningState: "Deleting", deletion: { operationId: "del", startedAt: T0 } }]], operations: [groupDeleteOperation({ group, key: GROUP, id: "del", now: T0, steps: [] })] });
  current = undefined;
  clock.advanceTo(T0 + 3600_000);
  const events = [...store.values<ActivityEvent>("events")].sort((a, b) => (a.key < b.key ? -1 : 1));
  assert.deepEqual(events.map((e) => [e.operation, e.status, e.subStatus?.value ?? "", e.operationId, e.correlationId]), [
    ["Microsoft.Resources/subscriptions/resourceGroups/delete", "Started", "", "del", "corr-del"],
    ["Microsoft.Resources/subscriptions/resourceGroups/delete", "Accepted", "Accepted", "del", "corr-del"],
    ["Microsoft.Resources/subscriptions/resourceGroups/delete", "Failed", "", "del", "corr-del"],
  ]);
  assert.deepEqual(JSON.parse(events[2]!.properties["statusMessage"]!), { status: "Failed", error: { code: "InternalServerError", message: "An internal error occurred." } });
  assert.equal(events[2]!.operationDisplay, "Delete resource group");
});
