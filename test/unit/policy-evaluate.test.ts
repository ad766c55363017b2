// Azure Policy's rule evaluator and enforcement, pure: the built-in definitions saved from
// Azure/azure-policy (Allowed locations, Not allowed resource types, Allowed VM SKUs) and custom
// rules with the if/then grammar, against resource views; which assignments deny, and the texts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PolicyView } from "../../src/providers/provider.js";
import { BUILTIN_DEFINITIONS } from "../../src/providers/authorization/policy/domain/builtin-definitions.js";
import { denials, disallowedMessage, policyViolation } from "../../src/providers/authorization/policy/domain/enforce.js";
import { evaluateRule, ruleProblem } from "../../src/providers/authorization/policy/domain/evaluate.js";
import type { PolicyAssignment, PolicyDefinition, PolicyExemption, PolicyRule, PolicyState } from "../../src/providers/authorization/policy/domain/records.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const S = `/subscriptions/${SUB}`;
const RG = `${S}/resourceGroups/rg1`;
const MC_RG = `${S}/resourceGroups/MC_rg1_c1_eastus`;

const builtin = (name: string) => BUILTIN_DEFINITIONS.find((d) => d.properties.displayName === name)!;
const ALLOWED_LOCATIONS = builtin("Allowed locations");
const NOT_ALLOWED_TYPES = builtin("Not allowed resource types");
const ALLOWED_VM_SKUS = builtin("Allowed virtual machine size SKUs");

const vmss = (size: string, location = "eastus"): PolicyView => ({ id: `${MC_RG}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-np-1-vmss`, type: "Microsoft.Compute/virtualMachineScaleSets", name: "aks-np-1-vmss", location, sku: { name: size, tier: "Standard", capacity: 3 }, properties: {} });
const vm = (size: string): PolicyView => ({ id: `${MC_RG}/providers/Microsoft.Compute/virtualMachines/aks-np-1-0`, type: "Microsoft.Compute/virtualMachines", name: "aks-np-1-0", location: "eastus", properties: { hardwareProfile: { vmSize: size } } });
const group = (name: string, tags?: Record<string, string>): PolicyView => ({ id: `${S}/resourceGroups/${name}`, type: "Microsoft.Resources/subscriptions/resourceGroups", name, location: "eastus", ...(tags ? { tags } : {}), properties: { provisioningState: "Succeeded" } });
const cluster = (sizes: string[]): PolicyView => ({
  id: `${RG}/providers/Microsoft.ContainerService/managedClusters/c1`,
  type: "Microsoft.ContainerService/managedClusters",
  name: "c1",
  location: "eastus",
  tags: { env: "dev" },
  properties: { kubernetesVersion: "1.33", agentPoolProfiles: sizes.map((vmSize, i) => ({ name: `np${i}`, vmSize, count: 3, mode: i === 0 ? "System" : "User" })) },
});

const run = (rule: PolicyRule, view: PolicyView, parameters: Record<string, unknown> = {}) => {
  const out = evaluateRule(rule, { view, parameters, subscriptionId: SUB });
  assert.ok(!("error" in out), JSON.stringify(out));
  return out;
};
const denies = (rule: PolicyRule, view: PolicyView, parameters: Record<string, unknown> = {}) => {
  const out = run(rule, view, parameters);
  return out.matched && out.effect?.toLowerCase() === "deny";
};

describe("the built-in definitions saved from Azure/azure-policy", () => {
  test("Allowed locations denies a location not in the list; 'global' is always allowed", () => {
    const rule = ALLOWED_LOCATIONS.properties.policyRule;
    const p = { listOfAllowedLocations: ["eastus", "westeurope"] };
    assert.equal(denies(rule, vmss("Standard_DS2_v2", "westus2"), p), true);
    assert.equal(denies(rule, vmss("Standard_DS2_v2", "eastus"), p), false);
    assert.equal(denies(rule, vmss("Standard_DS2_v2", "global"), p), false);
    // The evaluation details of the denied write, as ARM prints them (the real sample's NotIn and NotEquals rows).
    const out = run(rule, vmss("Standard_DS2_v2", "westus2"), p);
    assert.deepEqual(out.expressions[0], { result: "True", expressionKind: "Field", expression: "location", path: "location", expressionValue: "westus2", targetValue: ["eastus", "westeurope"], operator: "NotIn" });
    assert.deepEqual(out.expressions[1], { result: "True", expressionKind: "Field", expression: "location", path: "location", expressionValue: "westus2", targetValue: "global", operator: "NotEquals" });
    assert.equal(out.expressions.length, 3);
  });

  test("Not allowed resource types denies by type with its Deny default, and audits or does nothing with the effect parameter", () => {
    const rule = NOT_ALLOWED_TYPES.properties.policyRule;
    const list = ["Microsoft.Compute/virtualMachineScaleSets"];
    assert.equal(denies(rule, vmss("Standard_DS2_v2"), { listOfResourceTypesNotAllowed: list, effect: "Deny" }), true);
    assert.equal(denies(rule, group("rg2"), { listOfResourceTypesNotAllowed: list, effect: "Deny" }), false);
    const audited = run(rule, vmss("Standard_DS2_v2"), { listOfResourceTypesNotAllowed: list, effect: "Audit" });
    assert.deepEqual([audited.matched, audited.effect], [true, "Audit"]);
    // The rule's `value: "[field('type')]", exists: true` condition is a Value expression.
    assert.deepEqual(audited.expressions[1], { result: "True", expressionKind: "Value", expression: "[field('type')]", expressionValue: "Microsoft.Compute/virtualMachineScaleSets", targetValue: true, operator: "Exists" });
  });

  test("Allowed virtual machine size SKUs reads a VM's size at properties.hardwareProfile.vmSize, and leaves scale sets alone (it checks VMs only)", () => {
    const rule = ALLOWED_VM_SKUS.properties.policyRule;
    const p = { listOfAllowedSKUs: ["Standard_B2s", "Standard_B2ms"] };
    assert.equal(denies(rule, vm("Standard_D16_v4"), p), true);
    assert.equal(denies(rule, vm("standard_b2s"), p), false, "sizes compare case-insensitively");
    assert.equal(denies(rule, vmss("Standard_D16_v4"), p), false);
    // karpenter-provider-azure#794's evaluation details: the In row of the `not` is False.
    const out = run(rule, vm("Standard_D16_v4"), p);
    assert.deepEqual(out.expressions[1], { result: "False", expressionKind: "Field", expression: "Microsoft.Compute/virtualMachines/sku.name", path: "properties.hardwareProfile.vmSize", expressionValue: "Standard_D16_v4", targetValue: ["Standard_B2s", "Standard_B2ms"], operator: "In" });
  });

  test("every built-in rule parses", () => {
    for (const d of BUILTIN_DEFINITIONS) assert.equal(ruleProblem(d.properties.policyRule, Object.keys(d.properties.parameters ?? {})), undefined, d.properties.displayName);
  });
});

describe("the if/then grammar", () => {
  const rule = (cond: Record<string, unknown>, effect = "deny"): PolicyRule => ({ if: cond, then: { effect } });

  test("equals, notEquals, in, notIn, like, notLike, contains and exists on fields, tags and aliases", () => {
    const c = cluster(["Standard_DS2_v2"]);
    const table: [Record<string, unknown>, boolean][] = [
      [{ field: "type", equals: "microsoft.containerservice/managedclusters" }, true],
      [{ field: "name", notEquals: "c1" }, false],
      [{ field: "location", in: ["eastus", "westus"] }, true],
      [{ field: "location", notIn: ["eastus"] }, false],
      [{ field: "name", like: "C*" }, true],
      [{ field: "id", like: "*/resourceGroups/rg1/*" }, true],
      [{ field: "name", notLike: "prod-*" }, true],
      [{ field: "id", contains: "managedclusters" }, true],
      [{ field: "tags['env']", equals: "dev" }, true],
      [{ field: "tags.env", equals: "DEV" }, true],
      [{ field: "tags[owner]", exists: "false" }, true],
      [{ field: "tags", containsKey: "Env" }, true],
      [{ field: "kind", exists: true }, false],
      [{ field: "Microsoft.ContainerService/managedClusters/kubernetesVersion", like: "1.3*" }, true],
      [{ field: "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].count", greater: 2 }, true],
      [{ field: "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].count", less: 2 }, false],
      [{ field: "name", match: "c#" }, true],
      [{ field: "name", match: "C#" }, false],
      [{ field: "name", matchInsensitively: "C#" }, true],
      // An alias of another type reads as missing: equals fails, notEquals holds.
      [{ field: "Microsoft.Compute/virtualMachineScaleSets/sku.name", equals: "x" }, false],
      [{ field: "Microsoft.Compute/virtualMachineScaleSets/sku.name", notEquals: "x" }, true],
    ];
    for (const [cond, expected] of table) assert.equal(run(rule(cond), c).matched, expected, JSON.stringify(cond));
  });

  test("allOf, anyOf and not combine; short-circuited conditions are not in the evaluation details", () => {
    const c = cluster(["Standard_DS2_v2"]);
    const out = run(rule({ anyOf: [{ field: "location", equals: "eastus" }, { field: "name", equals: "never" }] }), c);
    assert.equal(out.matched, true);
    assert.equal(out.expressions.length, 1);
    assert.equal(run(rule({ allOf: [{ field: "location", equals: "eastus" }, { not: { field: "name", equals: "c1" } }] }), c).matched, false);
  });

  test("a [*] alias holds when every member does: a cluster with one pool outside the allowed sizes is denied", () => {
    const r = rule({ allOf: [{ field: "type", equals: "Microsoft.ContainerService/managedClusters" }, { not: { field: "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].vmSize", in: "[parameters('sizes')]" } }] });
    const p = { sizes: ["Standard_DS2_v2", "Standard_D4s_v3"] };
    assert.equal(denies(r, cluster(["Standard_DS2_v2", "Standard_D4s_v3"]), p), false);
    assert.equal(denies(r, cluster(["Standard_DS2_v2", "Standard_NC6"]), p), true);
    const out = run(r, cluster(["Standard_DS2_v2", "Standard_NC6"]), p);
    assert.equal(out.expressions[1]!.path, "properties.agentPoolProfiles[*].vmSize");
    assert.deepEqual(out.expressions[1]!.expressionValue, ["Standard_DS2_v2", "Standard_NC6"]);
  });

  test("count with where counts the members that match; a value count names its member with current()", () => {
    const c = cluster(["Standard_DS2_v2", "Standard_NC6", "Standard_NC6"]);
    const r = rule({ count: { field: "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*]", where: { field: "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].vmSize", like: "Standard_NC*" } }, greater: 1 });
    const out = run(r, c);
    assert.equal(out.matched, true);
    assert.deepEqual(out.expressions, [{ result: "True", expressionKind: "Count", expression: "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*]", path: "properties.agentPoolProfiles[*]", expressionValue: 2, targetValue: 1, operator: "Greater" }]);
    const v = rule({ count: { value: ["eastus", "westus"], name: "loc", where: { field: "location", equals: "[current('loc')]" } }, equals: 1 });
    assert.equal(run(v, c).matched, true);
  });

  test("template expressions: parameters with defaults, concat, toLower, field(), resourceGroup() and the [[ escape", () => {
    const c = cluster(["Standard_DS2_v2"]);
    assert.equal(run(rule({ value: "[concat(field('name'), '-', toLower(field('location')))]", equals: "c1-eastus" }), c).matched, true);
    assert.equal(run(rule({ value: "[resourceGroup().name]", equals: "rg1" }), c).matched, true);
    assert.equal(run(rule({ field: "[concat('tags[', parameters('tag'), ']')]", exists: "true" }), c, { tag: "env" }).matched, true);
    assert.equal(run(rule({ value: "[[literal]", like: "[lit*" }), c).matched, true);
    assert.deepEqual(evaluateRule(rule({ value: "[parameters('missing')]", equals: "x" }), { view: c, parameters: {}, subscriptionId: SUB }), { error: "The parameter 'missing' is not defined" });
  });

  test("rules that cannot be parsed say why", () => {
    const table: [unknown, RegExp][] = [
      [{ then: { effect: "deny" } }, /'if' condition/],
      [{ if: { field: "type", equals: "x", like: "y" }, then: { effect: "deny" } }, /exactly one operator/],
      [{ if: { field: "type", between: "x" }, then: { effect: "deny" } }, /exactly one operator/],
      [{ if: { allOf: [] }, then: { effect: "deny" } }, /non-empty array/],
      [{ if: { field: "type", equals: "x" }, then: { effect: "explode" } }, /The policy effect 'explode' is not supported/],
      [{ if: { field: "type", in: "[parameters('nope')]" }, then: { effect: "deny" } }, /The parameter 'nope' is used in the policy rule but not defined/],
      [{ if: { value: "[bogus('x')]", equals: "x" }, then: { effect: "deny" } }, /Unknown function 'bogus'/],
      [{ if: { field: "location", in: "eastus" }, then: { effect: "deny" } }, /'in' at 'if' needs an array/],
    ];
    for (const [r, re] of table) assert.match(String(ruleProblem(r, [])), re, JSON.stringify(r));
  });
});

describe("which assignments deny a write", () => {
  const custom = (name: string, rule: PolicyRule, mode = "All", parameters: PolicyDefinition["properties"]["parameters"] = undefined): PolicyDefinition => ({
    id: `${S}/providers/Microsoft.Authorization/policyDefinitions/${name}`,
    name,
    properties: { displayName: `Display ${name}`, policyType: "Custom", mode, ...(parameters ? { parameters } : {}), metadata: {}, policyRule: rule },
  });
  const assign = (name: string, definition: PolicyDefinition, scope: string, extra: Partial<PolicyAssignment["properties"]> = {}): PolicyAssignment => ({
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    properties: { policyDefinitionId: definition.id, scope, notScopes: [], parameters: {}, metadata: {}, enforcementMode: "Default", instanceId: "i", ...extra },
  });
  const exempt = (name: string, assignment: PolicyAssignment, scope: string, expiresOn?: string): PolicyExemption => ({
    id: `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}`,
    name,
    scope,
    properties: { policyAssignmentId: assignment.id, policyDefinitionReferenceIds: [], exemptionCategory: "Waiver", ...(expiresOn ? { expiresOn } : {}) },
    systemData: { createdBy: "x", createdByType: "Application", createdAt: "", lastModifiedBy: "x", lastModifiedByType: "Application", lastModifiedAt: "" },
  });
  const ownerTag = custom("require-owner", { if: { allOf: [{ field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" }, { field: "tags['Owner']", exists: "false" }] }, then: { effect: "deny" } });
  const stateWith = (assignments: PolicyAssignment[], exemptions: PolicyExemption[] = [], definitions: PolicyDefinition[] = [ownerTag]): PolicyState => ({
    kind: "policyState",
    subscriptionId: SUB,
    definitions: Object.fromEntries(definitions.map((d) => [d.name.toLowerCase(), d])),
    assignments: Object.fromEntries(assignments.map((a) => [a.id.toLowerCase(), a])),
    exemptions: Object.fromEntries(exemptions.map((e) => [e.id.toLowerCase(), e])),
  });
  const lookup = (state: PolicyState) => (id: string) => BUILTIN_DEFINITIONS.find((d) => d.id.toLowerCase() === id.toLowerCase()) ?? Object.values(state.definitions).find((d) => d.id.toLowerCase() === id.toLowerCase());
  const judge = (state: PolicyState, view: PolicyView, now = 0) => denials({ state, view, now, definition: lookup(state) });

  test("scope, notScopes, DoNotEnforce and exemptions (Waiver, expired) decide whether an assignment applies", () => {
    const a = assign("owner", ownerTag, S);
    assert.equal(judge(stateWith([a]), group("MC_rg1_c1_eastus")).length, 1);
    assert.equal(judge(stateWith([a]), group("MC_rg1_c1_eastus", { owner: "me" })).length, 0, "tag names compare case-insensitively");
    assert.equal(judge(stateWith([assign("owner", ownerTag, RG)]), group("MC_rg1_c1_eastus")).length, 0, "an assignment at another group");
    assert.equal(judge(stateWith([assign("owner", ownerTag, S, { notScopes: [MC_RG.toLowerCase()] })]), group("MC_rg1_c1_eastus")).length, 0);
    assert.equal(judge(stateWith([assign("owner", ownerTag, S, { enforcementMode: "DoNotEnforce" })]), group("MC_rg1_c1_eastus")).length, 0);
    assert.equal(judge(stateWith([a], [exempt("w", a, S)]), group("MC_rg1_c1_eastus")).length, 0);
    assert.equal(judge(stateWith([a], [exempt("w", a, S, "2020-01-01T00:00:00Z")]), group("MC_rg1_c1_eastus"), Date.parse("2021-01-01T00:00:00Z")).length, 1, "an expired exemption");
    assert.equal(judge(stateWith([a], [exempt("w", a, RG)]), group("MC_rg1_c1_eastus")).length, 1, "an exemption of another scope");
  });

  test("Indexed definitions never see resource groups; All definitions do", () => {
    const indexed = custom("idx", ownerTag.properties.policyRule, "Indexed");
    assert.equal(judge(stateWith([assign("a", indexed, S)], [], [indexed]), group("MC_x")).length, 0);
    const locations = assign("loc", ALLOWED_LOCATIONS, S, { parameters: { listOfAllowedLocations: { value: ["westeurope"] } } });
    assert.equal(judge(stateWith([locations]), group("rg9")).length, 0, "Allowed locations excludes resource groups");
    assert.equal(judge(stateWith([locations]), vmss("Standard_DS2_v2")).length, 1);
  });

  test("the message names the policies by display name, with the built-in's version; non-compliance messages become Reasons", () => {
    const a = assign("loc", ALLOWED_LOCATIONS, S, { displayName: "Allowed locations for AKS", parameters: { listOfAllowedLocations: { value: ["westeurope"] } } });
    const v = judge(stateWith([a]), vmss("Standard_DS2_v2"));
    assert.equal(
      disallowedMessage("aks-np-1-vmss", v),
      `Resource 'aks-np-1-vmss' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"Allowed locations for AKS","id":"${S}/providers/Microsoft.Authorization/policyAssignments/loc"},"policyDefinition":{"name":"Allowed locations","id":"/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c","version":"1.0.0"}}]'.`,
    );
    const info = policyViolation(v[0]!) as { type: string; info: Record<string, unknown> };
    assert.equal(info.type, "PolicyViolation");
    assert.deepEqual(Object.keys(info.info), ["policyDefinitionDisplayName", "evaluationDetails", "policyDefinitionId", "policyDefinitionName", "policyDefinitionEffect", "policyAssignmentId", "policyAssignmentName", "policyAssignmentDisplayName", "policyAssignmentScope", "policyAssignmentParameters"]);
    assert.equal(info.info["policyDefinitionEffect"], "Deny");
    const reasons = judge(stateWith([assign("owner", ownerTag, S, { nonComplianceMessages: [{ message: "Resource groups need an 'Owner' tag." }] })]), group("MC_rg1_c1_eastus"));
    assert.equal(disallowedMessage("MC_rg1_c1_eastus", reasons), "Resource 'MC_rg1_c1_eastus' was disallowed by policy. Reasons: 'Resource groups need an 'Owner' tag.'. See error details for policy resource IDs.");
  });
});
