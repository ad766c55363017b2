// Microsoft.Resources, pure: group names, what a group PUT makes of a group, and the operation a
// group delete starts. Refusals are rendered as the handlers render them, texts byte for byte.
import assert from "node:assert/strict";
import { test } from "node:test";
import { errorFactory, type ApiError } from "../../src/arm/api-error.js";
import type { Step } from "../../src/engine/operations.js";
import { decideGroupPut, groupDeleteOperation, isTagMap, validateGroupName, type ResourcesRefusal } from "../../src/providers/resources/domain/groups.js";
import { RESOURCES_ERRORS } from "../../src/providers/resources/errors.js";
import type { ResourceGroupRecord } from "../../src/providers/resources/public.js";

const { unwrap } = errorFactory(RESOURCES_ERRORS);
const T0 = Date.parse("2024-02-21T13:33:55Z");

function rendered(refusal: ResourcesRefusal): ApiError {
  try {
    unwrap(refusal);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("not a refusal");
}

const nameText = (name: string) =>
  `Resource group name '${name}' is invalid. The name can be up to 90 characters in length and can contain alphanumeric characters, underscores, parentheses, hyphens, and periods but cannot end with a period.`;

// ---------------------------------------------------------------------------------------------
// validateGroupName

const validNames = ["rg", "a", "My_RG-1.(dev)", "rg.v2", "x".repeat(90), "(x)", "-leading-hyphen", "_", "1234"];
for (const name of validNames) {
  test(`validateGroupName: '${name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name}' is valid`, () => assert.equal(validateGroupName(name), undefined));
}

const invalidNames = ["", "rg.", "grupo-ñ.", "x".repeat(91), "rg/x", "rg x", "rg#1", "rg%", "rg\\x", "rg:1", ".", "rg\n"];
for (const name of invalidNames) {
  test(`validateGroupName: ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)} is refused 400 InvalidResourceGroupName`, () => {
    const refusal = validateGroupName(name);
    assert.ok(refusal, "expected a refusal");
    const err = rendered(refusal);
    assert.deepEqual({ status: err.status, code: err.code, envelope: err.envelope, message: err.message }, { status: 400, code: "InvalidResourceGroupName", envelope: "gateway", message: nameText(name) });
  });
}

// ARM documents "Unicode characters that match the allowed characters" as valid.
test("validateGroupName: Unicode letters and digits are valid, as ARM documents", () => {
  // .NET's \w: letters, combining marks (a decomposed accent), decimal digits, connector punctuation.
  for (const name of ["grupo-ñ", "ressources-é", "資源グループ", "cafe\u0301", "rg\u0663", "rg\u203F1"]) assert.equal(validateGroupName(name), undefined, name);
  for (const name of ["rg½", "rg²"]) assert.notEqual(validateGroupName(name), undefined, name);
});

// ---------------------------------------------------------------------------------------------
// decideGroupPut

const group = (over: Partial<ResourceGroupRecord> = {}): ResourceGroupRecord => ({
  kind: "resourceGroup",
  id: "/subscriptions/s/resourceGroups/MyRG",
  subscriptionId: "s",
  name: "MyRG",
  location: "eastus",
  tags: { old: "1" },
  managedBy: "/subscriptions/s/providers/x",
  provisioningState: "Succeeded",
  eTag: "e1",
  ...over,
});

type PutCase = { name: string; input: Parameters<typeof decideGroupPut>[0]; expect?: ResourceGroupRecord; refused?: { status: number; code: string; message: string } };

const putCases: PutCase[] = [
  {
    name: "create: id from the subscription and the name as given",
    input: { sub: "s", name: "MyRG", location: "westeurope", tags: { env: "dev" }, managedBy: undefined, existing: undefined },
    expect: { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/MyRG", subscriptionId: "s", name: "MyRG", location: "westeurope", tags: { env: "dev" }, provisioningState: "Succeeded" },
  },
  {
    name: "create with managedBy",
    input: { sub: "s", name: "rg", location: "eastus", tags: undefined, managedBy: "/subscriptions/s/providers/Microsoft.Foo/bars/b", existing: undefined },
    expect: { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", subscriptionId: "s", name: "rg", location: "eastus", managedBy: "/subscriptions/s/providers/Microsoft.Foo/bars/b", provisioningState: "Succeeded" },
  },
  {
    name: "a managedBy that is not a string is ignored",
    input: { sub: "s", name: "rg", location: "eastus", tags: undefined, managedBy: 42, existing: undefined },
    expect: { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/rg", subscriptionId: "s", name: "rg", location: "eastus", provisioningState: "Succeeded" },
  },
  {
    name: "update keeps the id and name casing of the creation; tags and managedBy are replaced (dropped when absent)",
    input: { sub: "s", name: "myrg", location: "eastus", tags: undefined, managedBy: undefined, existing: group() },
    expect: { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/MyRG", subscriptionId: "s", name: "MyRG", location: "eastus", provisioningState: "Succeeded" },
  },
  {
    name: "update with new tags",
    input: { sub: "s", name: "MYRG", location: "eastus", tags: { a: "b" }, managedBy: undefined, existing: group() },
    expect: { kind: "resourceGroup", id: "/subscriptions/s/resourceGroups/MyRG", subscriptionId: "s", name: "MyRG", location: "eastus", tags: { a: "b" }, provisioningState: "Succeeded" },
  },
  {
    name: "a group cannot move",
    input: { sub: "s", name: "myrg", location: "westus2", tags: undefined, managedBy: undefined, existing: group() },
    refused: { status: 409, code: "InvalidResourceGroupLocation", message: "Invalid resource group location 'westus2'. The Resource group already exists in location 'eastus'." },
  },
];

for (const c of putCases) {
  test(`decideGroupPut: ${c.name}`, () => {
    const result = decideGroupPut(c.input);
    if (c.refused) {
      assert.ok("refused" in result, "expected a refusal");
      const err = rendered(result);
      assert.deepEqual({ status: err.status, code: err.code, message: err.message }, c.refused);
      return;
    }
    assert.deepEqual(result, c.expect);
  });
}

// ---------------------------------------------------------------------------------------------
// isTagMap

const tagCases: [unknown, boolean][] = [
  [{}, true],
  [{ a: "b", c: "" }, true],
  [{ a: 1 }, false],
  [{ a: null }, false],
  [["a"], false],
  [null, false],
  ["a=b", false],
  [undefined, false],
];
for (const [value, ok] of tagCases) {
  test(`isTagMap: ${JSON.stringify(value) ?? "undefined"} is ${ok ? "" : "not "}a tag map`, () => assert.equal(isTagMap(value), ok));
}

// ---------------------------------------------------------------------------------------------
// groupDeleteOperation

test("groupDeleteOperation: the other providers' steps, then the group itself; a running noContent operation", () => {
  const cascade: Step[] = [
    { name: "Deleting node n0", durationMs: 10_000, action: { type: "removeNode" }, provider: "Microsoft.ContainerService", target: "/k" },
    { name: "Deleting control plane", durationMs: 45_000, action: { type: "progress" }, provider: "Microsoft.ContainerService", target: "/k" },
  ];
  const g = group();
  const op = groupDeleteOperation({ group: g, key: "/subscriptions/s/resourcegroups/myrg", id: "grp-op", now: T0, steps: cascade });
  assert.deepEqual(op, {
    id: "grp-op",
    provider: "Microsoft.Resources",
    parent: "/subscriptions/s/resourcegroups/myrg",
    resourceId: "/subscriptions/s/resourceGroups/MyRG",
    subscriptionId: "s",
    location: "eastus",
    operationType: "DeleteResourceGroup",
    verb: "Deleting",
    status: "InProgress",
    startTime: T0,
    steps: [...cascade, { name: "Deleting resource group MyRG", durationMs: 5000, action: { type: "deleteResourceGroup" } }],
    stepIndex: 0,
    stepStartedAt: T0,
    result: "noContent",
  });
});

test("groupDeleteOperation: an empty group is deleted in one step", () => {
  const op = groupDeleteOperation({ group: group({ name: "rg" }), key: "/subscriptions/s/resourcegroups/rg", id: "x", now: T0, steps: [] });
  assert.deepEqual(op.steps.map((s) => [s.name, s.action.type, s.durationMs]), [["Deleting resource group rg", "deleteResourceGroup", 5000]]);
});
