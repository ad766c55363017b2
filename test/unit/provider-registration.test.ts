// Microsoft.Resources, pure: provider registration (states in time, transitions, their operation and
// how its end settles the record), the Provider body, the generic view of stored resources and the
// $filter of the generic lists.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LOCATIONS } from "../../src/arm/locations.js";
import type { OperationRecord } from "../../src/engine/operations.js";
import { genericResource, renderGeneric } from "../../src/providers/resources/domain/generic-resources.js";
import { locationDisplayName } from "../../src/providers/resources/domain/location-names.js";
import { findNamespace, renderProvider } from "../../src/providers/resources/domain/provider-info.js";
import { decideRegistration, isRegistered, registrationKey, registrationState, settleRegistration, type RegistrationRecord } from "../../src/providers/resources/domain/registration.js";
import { matchesFilter, parseFilter } from "../../src/providers/resources/domain/resource-filter.js";
import { resourcesSteps } from "../../src/providers/resources/steps.js";

const T0 = Date.parse("2024-02-21T13:33:55Z");
const SUB = "00000000-0000-0000-0000-000000000001";
const NS = "Microsoft.ContainerService";
const record = (state: RegistrationRecord["state"], since = T0, operationId = "op1"): RegistrationRecord => ({ kind: "providerRegistration", subscriptionId: SUB, namespace: NS, state, since, operationId });

// ---------------------------------------------------------------------------------------------
// registration states

const states: [string, RegistrationRecord | undefined, number, string, boolean][] = [
  ["no record", undefined, T0, "Registered", true],
  ["Registering, 9.999 s in", record("Registering"), T0 + 9_999, "Registering", false],
  ["Registering, 10 s in", record("Registering"), T0 + 10_000, "Registered", true],
  ["Unregistering, just started", record("Unregistering"), T0, "Unregistering", false],
  ["Unregistering, 10 s in", record("Unregistering"), T0 + 10_000, "Unregistered", false],
  ["Unregistered", record("Unregistered"), T0 + 1e9, "Unregistered", false],
  ["NotRegistered", record("NotRegistered"), T0 + 1e9, "NotRegistered", false],
  ["Registered", record("Registered"), T0, "Registered", true],
];
for (const [name, rec, at, expected, registered] of states) {
  test(`registrationState: ${name} → ${expected}`, () => {
    assert.equal(registrationState(rec, at), expected);
    assert.equal(isRegistered(rec, at), registered);
  });
}

test("registrationKey: one record per subscription and namespace, whatever their casing", () => {
  assert.equal(registrationKey(SUB.toUpperCase(), "microsoft.containerservice"), registrationKey(SUB, NS));
  assert.notEqual(registrationKey(SUB, NS), registrationKey(SUB, "Microsoft.Resources"));
});

// ---------------------------------------------------------------------------------------------
// decisions

test("decideRegistration: unregister from the default starts a 10 s operation owned by Microsoft.Resources", () => {
  const d = decideRegistration({ sub: SUB, namespace: NS, action: "unregister", existing: undefined, now: T0, operationId: "op1" });
  assert.deepEqual(d.record, record("Unregistering"));
  assert.equal(d.forget, undefined);
  const op = d.operation!;
  assert.deepEqual(
    { provider: op.provider, parent: op.parent, resourceId: op.resourceId, status: op.status, type: op.operationType, steps: op.steps.map((s) => [s.durationMs, s.action.type]) },
    { provider: "Microsoft.Resources", parent: `/subscriptions/${SUB}/providers/microsoft.containerservice`, resourceId: `/subscriptions/${SUB}/providers/${NS}`, status: "InProgress", type: "UnregisterProvider", steps: [[10_000, "progress"]] },
  );
});

test("decideRegistration: asking for the state it is in or moving to changes nothing", () => {
  for (const [action, existing, at] of [
    ["register", undefined, T0],
    ["register", record("Registering"), T0 + 5_000],
    ["register", record("Registering"), T0 + 20_000],
    ["unregister", record("Unregistering"), T0 + 1],
    ["unregister", record("Unregistered"), T0],
  ] as const) {
    const d = decideRegistration({ sub: SUB, namespace: NS, action, existing, now: at, operationId: "op2" });
    assert.equal(d.operation, undefined, `${action} on ${existing?.state ?? "none"}`);
    assert.equal(d.forget, undefined);
  }
});

test("decideRegistration: a transition supersedes the one in flight and forgets its operation", () => {
  const d = decideRegistration({ sub: SUB, namespace: NS, action: "register", existing: record("Unregistering"), now: T0 + 3_000, operationId: "op2" });
  assert.deepEqual(d.record, record("Registering", T0 + 3_000, "op2"));
  assert.equal(d.operation?.id, "op2");
  assert.equal(d.forget, "op1");
});

test("settleRegistration: the record settles when its own operation ends, not a superseded one", () => {
  assert.deepEqual(settleRegistration(record("Registering"), { id: "op1" }, T0 + 10_000), record("Registered", T0 + 10_000));
  assert.deepEqual(settleRegistration(record("Unregistering"), { id: "op1" }, T0 + 10_000), record("Unregistered", T0 + 10_000));
  assert.equal(settleRegistration(record("Registering", T0, "op2"), { id: "op1" }, T0 + 10_000), undefined);
  assert.equal(settleRegistration(undefined, { id: "op1" }, T0), undefined);
});

test("the runner settles a registration operation into the meta record", () => {
  const d = decideRegistration({ sub: SUB, namespace: NS, action: "unregister", existing: undefined, now: T0, operationId: "op1" });
  const key = registrationKey(SUB, NS);
  const read = { get: <T>(c: string, k: string) => (c === "meta" && k === key ? (d.record as T) : undefined), group: () => [], count: () => 0 };
  const ended: OperationRecord = { ...d.operation!, status: "Succeeded", endTime: T0 + 10_000, stepIndex: 1 };
  assert.deepEqual(resourcesSteps.settle(ended, { read, at: T0 + 10_000 }), { meta: [[key, record("Unregistered", T0 + 10_000)]] });
});

// ---------------------------------------------------------------------------------------------
// the Provider body

test("every served location has a display name", () => {
  for (const l of LOCATIONS) assert.notEqual(locationDisplayName(l), l, l);
  assert.equal(locationDisplayName("eastus"), "East US");
  assert.equal(locationDisplayName("mars"), "mars");
});

test("renderProvider: GetProvider.json's fields, api-versions newest first, namespaces matched case-insensitively", () => {
  const catalog = [{ namespace: NS, types: { managedClusters: ["2024-01-01", "2024-09-02-preview", "2024-09-01"], "managedClusters/agentPools": ["2024-01-01"] } }];
  const served = findNamespace(catalog, "MICROSOFT.containerservice")!;
  assert.equal(findNamespace(catalog, "Microsoft.Nope"), undefined);
  assert.deepEqual(renderProvider({ sub: SUB, served, state: "Registering", locations: ["eastus", "westeurope"] }), {
    id: `/subscriptions/${SUB}/providers/${NS}`,
    namespace: NS,
    registrationPolicy: "RegistrationRequired",
    registrationState: "Registering",
    resourceTypes: [
      { resourceType: "managedClusters", locations: ["East US", "West Europe"], apiVersions: ["2024-09-02-preview", "2024-09-01", "2024-01-01"] },
      { resourceType: "managedClusters/agentPools", locations: ["East US", "West Europe"], apiVersions: ["2024-01-01"] },
    ],
  });
});

// ---------------------------------------------------------------------------------------------
// generic resources and $filter

const catalog = [{ namespace: NS, types: { managedClusters: ["2024-01-01"] } }];
const cluster = {
  kind: "managedCluster",
  id: `/subscriptions/${SUB}/resourceGroups/RG1/providers/microsoft.containerservice/MANAGEDCLUSTERS/c1`,
  location: "eastus",
  envelope: { tags: { env: "dev" }, sku: { name: "Base", tier: "Free" }, kind: null },
};

test("genericResource: top-level resources only, type in the provider's casing, ARM fields from the record", () => {
  const r = genericResource(cluster, catalog)!;
  assert.deepEqual(renderGeneric(r), { id: cluster.id, name: "c1", type: "Microsoft.ContainerService/managedClusters", location: "eastus", tags: { env: "dev" }, sku: { name: "Base", tier: "Free" } });
  assert.equal(r.resourceGroup, "RG1");
  // The record's own `kind` is its store discriminator, not ARM's kind.
  assert.equal(genericResource({ ...cluster, envelope: undefined }, catalog)!["kind"], undefined);
  assert.deepEqual(genericResource({ id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Foo/bars/b`, tags: { a: "b" }, managedBy: "x" }, catalog), {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Foo/bars/b`, name: "b", type: "Microsoft.Foo/bars", resourceGroup: "rg", tags: { a: "b" }, managedBy: "x",
  });
  for (const doc of [
    { kind: "resourceGroup", id: `/subscriptions/${SUB}/resourceGroups/rg` },
    { id: `${cluster.id}/agentPools/nodepool1` },
    { id: 3 },
    "text",
    null,
  ]) assert.equal(genericResource(doc, catalog), undefined, JSON.stringify(doc));
});

test("parseFilter: the clauses az resource list sends; anything else is undefined", () => {
  assert.deepEqual(parseFilter("resourceGroup eq 'rg' and name eq 'it''s' and resourceType eq 'A/b'"), [
    { field: "resourcegroup", op: "eq", value: "rg" },
    { field: "name", op: "eq", value: "it's" },
    { field: "resourcetype", op: "eq", value: "A/b" },
  ]);
  assert.deepEqual(parseFilter("startswith(tagname, 'env') AND location eq 'East US'"), [
    { field: "tagname", op: "startswith", value: "env" },
    { field: "location", op: "eq", value: "East US" },
  ]);
  assert.deepEqual(parseFilter("name eq 'a and b'"), [{ field: "name", op: "eq", value: "a and b" }]);
  for (const bad of ["", "name", "name eq", "name eq 'x", "name ne 'x'", "name eq 'x' or name eq 'y'", "name eq 'x' and", "plan eq 'x'", "substringof('x', name)", "name eq 'x' name eq 'y'"]) {
    assert.equal(parseFilter(bad), undefined, bad);
  }
});

test("matchesFilter: names, types, groups and tag names case-insensitively; locations normalized", () => {
  const r = genericResource(cluster, catalog)!;
  const yes = (f: string) => matchesFilter(r, parseFilter(f)!);
  assert.ok(yes("name eq 'C1'"));
  assert.ok(yes("resourceType eq 'microsoft.containerservice/managedclusters'"));
  assert.ok(yes("resourceGroup eq 'rg1'"));
  assert.ok(yes("location eq 'East US'"));
  assert.ok(yes("tagname eq 'ENV'"));
  assert.ok(yes("tagname eq 'env' and tagvalue eq 'dev'"));
  assert.ok(yes("tagvalue eq 'dev'"));
  assert.ok(yes("startswith(tagname, 'E')"));
  assert.ok(!yes("tagname eq 'env' and tagvalue eq 'prod'"));
  assert.ok(!yes("name eq 'c1' and location eq 'westus'"));
  assert.ok(!yes("tagname eq 'team'"));
});
