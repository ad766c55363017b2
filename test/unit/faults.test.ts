// The fault rules, pure: which steps a fault matches (type, resource, provider, step), when it
// fires (nth occurrence, seeded probability, times), and how a control-API body becomes a fault
// or the message of a 400 naming the bad field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { entry } from "../../src/arm/catalog.js";
import { draw, effectOf, indexCodes, matches, meet, parseFault, underId, type Fault, type FaultMatch, type StepOccurrence } from "../../src/control/fault-rules.js";
import type { Step } from "../../src/engine/operations.js";

const CLUSTER = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1";
const step = (name: string, type = "progress", extra: Partial<Step> = {}): Step => ({ name, durationMs: 1000, action: { type }, ...extra });
const occ = (s: Step, over: Partial<StepOccurrence["op"]> = {}, stepIndex = 0): StepOccurrence => ({
  op: { id: "op1", provider: "Microsoft.ContainerService", operationType: "PutManagedCluster", resourceId: CLUSTER, status: "InProgress", ...over },
  step: s,
  stepIndex,
});
const fault = (match: FaultMatch, over: Partial<Fault> = {}): Fault => ({ id: "f", match, effect: { hang: true }, seen: 0, fired: 0, createdAt: 0, ...over });

test("filters: operation type, provider, step (action type, name or the start of a name), all case-insensitive and ANDed", () => {
  const node = occ(step("Provisioning node aks-np-1-vmss000000", "addNode"));
  assert.equal(matches({ operationType: "putmanagedcluster" }, node), true);
  assert.equal(matches({ operationType: "PutAgentPool" }, node), false);
  assert.equal(matches({ provider: "microsoft.containerservice" }, node), true);
  assert.equal(matches({ provider: "Microsoft.Resources" }, node), false);
  assert.equal(matches({ provider: "Microsoft.Resources" }, occ(step("x", "deletePool", { provider: "Microsoft.Resources" }))), true, "the step's own provider counts");
  assert.equal(matches({ step: "ADDNODE" }, node), true, "action type");
  assert.equal(matches({ step: "Provisioning node aks-np-1-vmss000000" }, node), true, "name");
  assert.equal(matches({ step: "provisioning node" }, node), true, "start of the name");
  assert.equal(matches({ step: "node" }, node), false, "not any substring");
  assert.equal(matches({ step: "addNode", operationType: "PutAgentPool" }, node), false, "filters are ANDed");
});

test("resourceId: exact or a prefix at a segment boundary, case-insensitive, against the operation's resource or the step's target", () => {
  assert.equal(underId(CLUSTER, CLUSTER.toLowerCase()), true);
  assert.equal(underId(CLUSTER, "/subscriptions/s/resourceGroups/RG/"), true, "a group prefix, trailing slash ignored");
  assert.equal(underId(CLUSTER, "/subscriptions/s/resourceGroups/r"), false, "not in the middle of a segment");
  assert.equal(underId(`${CLUSTER}2`, CLUSTER), false);
  const s = step("Deleting control plane", "progress", { target: "/subscriptions/s/resourcegroups/rg2/providers/microsoft.containerservice/managedclusters/c9" });
  const groupDelete = occ(s, { resourceId: "/subscriptions/s/resourceGroups/rg2", provider: "Microsoft.Resources", operationType: "DeleteResourceGroup" });
  assert.equal(matches({ resourceId: "/subscriptions/s/resourceGroups/rg2/providers/Microsoft.ContainerService/managedClusters/C9" }, groupDelete), true, "the step's target");
  assert.equal(matches({ resourceId: "/subscriptions/s/resourceGroups/rg2" }, groupDelete), true, "the operation's resource");
  assert.equal(matches({ resourceId: CLUSTER }, groupDelete), false);
});

test("only a running operation's steps match: an abort's wind-down is never faulted", () => {
  assert.equal(matches({ step: "Canceling operation" }, occ(step("Canceling operation"), { status: "Canceling" })), false);
});

test("nth: every matching step counts; the fault fires at the nth, once unless `times` says more", () => {
  let faults = [fault({ step: "addNode", nth: 3 }, { times: 2 })];
  const fired: boolean[] = [];
  for (let i = 0; i < 6; i++) {
    const met = meet(faults, occ(step(`n${i}`, i === 1 ? "progress" : "addNode"), {}, i));
    if (met.faults) faults = met.faults;
    fired.push(met.fired !== undefined);
  }
  // steps 0,2,3,4,5 match (1 is not an addNode): the 3rd and 4th matches (steps 3 and 4) fire.
  assert.deepEqual(fired, [false, false, false, true, true, false]);
  assert.deepEqual([faults[0]!.seen, faults[0]!.fired], [4, 2], "a spent fault stops counting");
});

test("a step no fault matches writes nothing; the oldest fault that fires wins, the others still count", () => {
  const a = fault({ step: "addNode" }, { id: "a", effect: { delay: "PT1M" } });
  const b = fault({ operationType: "PutManagedCluster" }, { id: "b", effect: { fail: { code: "X", message: "y" } } });
  assert.deepEqual(meet([a, b], occ(step("other"), { operationType: "Other" })), {});
  const met = meet([a, b], occ(step("n", "addNode")));
  assert.equal(met.fault?.id, "a");
  assert.deepEqual(met.fired, { kind: "delay", ms: 60_000 });
  assert.deepEqual(met.faults!.map((f) => [f.id, f.seen, f.fired]), [["a", 1, 1], ["b", 1, 0]]);
  const onlyB = meet(met.faults!, occ(step("p")));
  assert.deepEqual(onlyB.fired, { kind: "fail", error: { code: "X", message: "y" } });
});

test("probability: a seeded draw per occurrence, the same every run, independent of operation ids", () => {
  assert.equal(draw("seed", 1), draw("seed", 1));
  assert.notEqual(draw("seed", 1), draw("seed", 2));
  assert.notEqual(draw("seed", 1), draw("other", 1));
  const values = Array.from({ length: 2000 }, (_, i) => draw("s", i + 1));
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const mean = values.reduce((x, y) => x + y, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.03, `roughly uniform: mean ${mean}`);

  const run = (opId: string) => {
    let faults = [fault({ step: "addNode", probability: 0.3, seed: "42" })];
    const out: boolean[] = [];
    for (let i = 0; i < 50; i++) {
      const met = meet(faults, occ(step(`n${i}`, "addNode"), { id: `${opId}-${i % 5}` }, i));
      faults = met.faults!;
      out.push(met.fired !== undefined);
    }
    return out;
  };
  const first = run("x");
  assert.deepEqual(run("another-op-id"), first);
  const hits = first.filter(Boolean).length;
  assert.ok(hits > 5 && hits < 25, `about 30% of 50: ${hits}`);
  assert.deepEqual(first, Array.from({ length: 50 }, (_, i) => draw("42", i + 1) < 0.3));
  assert.equal(run("x").length, 50);
  // 0 never fires, 1 always does.
  assert.equal(meet([fault({ step: "a", probability: 0 })], occ(step("a"))).fired, undefined);
  assert.notEqual(meet([fault({ step: "a", probability: 1 })], occ(step("a"))).fired, undefined);
});

test("effects as the engine takes them", () => {
  assert.deepEqual(effectOf({ fail: { code: "C", message: "m" } }), { kind: "fail", error: { code: "C", message: "m" } });
  assert.deepEqual(effectOf({ transient: { code: "C", message: "m" } }), { kind: "fail", error: { code: "C", message: "m" } });
  assert.deepEqual(effectOf({ delay: "PT1H30M" }), { kind: "delay", ms: 5_400_000 });
  assert.deepEqual(effectOf({ hang: true }), { kind: "hang" });
});

// --- bodies ---------------------------------------------------------------------------------

const CATALOG = {
  plain: entry({ status: 400, code: "PlainError", envelope: "aks", message: () => "Something plain went wrong." }),
  withParams: entry<{ what: string }>({ status: 409, code: "ParamError", envelope: "aks", message: (p) => `The ${p.what} failed.` }),
  both: entry<{ x: string }>({ status: 409, code: "PlainError", envelope: "aks", message: (p) => p.x }),
};
const codes = indexCodes([CATALOG]);
const parse = (body: unknown, exists: (id: string) => boolean = () => false) => parseFault(body, { codes, newId: () => "generated", now: 7, exists });
const error = (body: unknown) => {
  const r = parse(body);
  assert.ok("error" in r, `expected a refusal for ${JSON.stringify(body)}`);
  return r.error;
};

test("a valid body: defaults (generated id, times 1 for nth and transient, unlimited otherwise), canonical code and the catalog's text", () => {
  assert.deepEqual(parse({ match: { step: "addNode", nth: 2 }, effect: { fail: { code: "plainerror" } } }), {
    fault: { id: "generated", match: { step: "addNode", nth: 2 }, effect: { fail: { code: "PlainError", message: "Something plain went wrong." } }, times: 1, seen: 0, fired: 0, createdAt: 7 },
  });
  const t = parse({ id: "t1", match: { operationType: " PutAgentPool " }, effect: { transient: { code: "ParamError", message: "boom", details: [{ code: "Inner", message: "inner" }] } } });
  assert.ok("fault" in t);
  assert.deepEqual(t.fault.match, { operationType: "PutAgentPool" });
  assert.deepEqual(t.fault.effect, { transient: { code: "ParamError", message: "boom", details: [{ code: "Inner", message: "inner" }] } });
  assert.equal(t.fault.times, 1);
  const d = parse({ match: { resourceId: "/subscriptions/s", probability: 0.25, seed: 9 }, effect: { delay: "pt90s" }, times: 4 });
  assert.ok("fault" in d);
  assert.deepEqual([d.fault.match.seed, d.fault.effect, d.fault.times], ["9", { delay: "PT90S" }, 4]);
  const h = parse({ match: { provider: "Microsoft.ContainerService" }, effect: { hang: true } });
  assert.ok("fault" in h);
  assert.equal(h.fault.times, undefined);
});

test("bad bodies: the message names the field", () => {
  const m = { step: "x" };
  assert.equal(error(null), 'The body must be a JSON object {"match": {...}, "effect": {...}}, got null.');
  assert.match(error({ match: {}, effect: { hang: true } }), /^'match' names no step/);
  assert.match(error({ match: { nth: 1, probability: 0.5, step: "x" }, effect: { hang: true } }), /^'match.nth' and 'match.probability' exclude each other/);
  assert.equal(error({ match: m, effect: { fail: { code: "Nope" } } }), "'effect.fail.code' 'Nope' is not in any error catalog; use a code listed in docs/api.md (Errors), e.g. \"OperationNotAllowed\" or \"InvalidParameter\".");
  assert.equal(error({ match: m, effect: { fail: { code: "ParamError" } } }), "'effect.fail.message' is required: every catalogued 'ParamError' text takes parameters, so give the text to fail with.");
  assert.equal(error({ match: m, effect: { delay: "P" } }), "'effect.delay' must be an ISO 8601 duration such as \"PT5M\", got \"P\".");
  assert.equal(error({ match: m, effect: { delay: 60 } }), "'effect.delay' must be an ISO 8601 duration such as \"PT5M\", got 60.");
  assert.equal(error({ match: m, effect: { hang: true }, times: 0 }), "'times' must be an integer of 1 or more, got 0.");
  assert.equal(error({ match: { ...m, probability: 0.5, seed: "" }, effect: { hang: true } }), "'match.seed' must be a non-empty string or an integer, got \"\".");
  assert.equal(error({ match: m, effect: { fail: { code: "PlainError", details: {} } } }), "'effect.fail.details' must be an array of {\"code\", \"message\"}, got {}.");
  const dup = parse({ id: "A", match: m, effect: { hang: true } }, (id) => id === "A");
  assert.deepEqual(dup, { error: "A fault with id 'A' already exists.", conflict: true });
});
