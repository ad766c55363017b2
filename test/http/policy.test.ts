// Azure Policy over HTTP: built-in and custom definitions, assignments and exemptions with the
// spec's shapes, and ARM's policy gate: deny on every PUT and PATCH at the front door (403
// RequestDisallowedByPolicy with ERROR-TEXTS.md §6's body) and on what AKS creates in its node
// resource group (the operation fails with AKS's wrapping; an exemption or a changed assignment,
// then a reconcile, recovers). Expected texts are literals.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, assertStatus, assertWrapped, clusterBody, createCluster, header, mcPath, q, refreshing, rgPath, apPath, putToEnd } from "./helpers.js";

const API = "2025-11-01";
const AZ_API = "2021-06-01";
const EXEMPTION_API = "2020-07-01-preview";
const AUTH = "/providers/Microsoft.Authorization";
const S = `/subscriptions/${SUB}`;
const LOG = `${S}/providers/Microsoft.Insights/eventtypes/management/values`;

const ALLOWED_LOCATIONS = "e56962a6-4747-49cd-b67b-bf8b01975c4c";
const NOT_ALLOWED_TYPES = "6c112d4e-5bc7-47ae-a041-ea2d9dccd749";
const ALLOWED_VM_SKUS = "cccc23c7-8427-4f53-ad12-b6a63eb452b3";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await emu.createGroup("rg2");
});
after(() => emu.close());

const definitionPath = (name: string) => `${S}${AUTH}/policyDefinitions/${name}`;
const assignmentPath = (scope: string, name: string) => `${scope}${AUTH}/policyAssignments/${name}`;
const exemptionPath = (scope: string, name: string) => `${scope}${AUTH}/policyExemptions/${name}`;
const put = (path: string, body: unknown, api = API) => emu.request("PUT", q(path, api), { body });
const get = (path: string, api = API) => emu.request("GET", q(path, api));
const del = (path: string, api = API) => emu.request("DELETE", q(path, api));
const assign = async (scope: string, name: string, properties: Record<string, unknown>) => {
  const res = await put(assignmentPath(scope, name), { properties });
  assertStatus(res, 201);
  return res.json;
};
const ownerTagRule = {
  if: { allOf: [{ field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" }, { field: "tags['Owner']", exists: "false" }] },
  then: { effect: "deny" },
};

describe("policy definitions", () => {
  test("a built-in is served at the tenant with its rule and version, and listed", async () => {
    const res = await get(`${AUTH}/policyDefinitions/${ALLOWED_VM_SKUS}`);
    assertStatus(res, 200);
    assert.deepEqual(Object.keys(res.json), ["properties", "id", "type", "name"]);
    assert.equal(res.json.id, `/providers/Microsoft.Authorization/policyDefinitions/${ALLOWED_VM_SKUS}`);
    assert.equal(res.json.type, "Microsoft.Authorization/policyDefinitions");
    assert.equal(res.json.properties.displayName, "Allowed virtual machine size SKUs");
    assert.equal(res.json.properties.policyType, "BuiltIn");
    assert.equal(res.json.properties.mode, "Indexed");
    assert.equal(res.json.properties.version, "1.0.1");
    assert.deepEqual(res.json.properties.policyRule.if.allOf[0], { field: "type", equals: "Microsoft.Compute/virtualMachines" });
    const list = await get(`${AUTH}/policyDefinitions`);
    assertStatus(list, 200);
    assert.deepEqual(list.json.value.map((d: any) => d.name).sort(), ["95edb821-ddaf-4404-9732-666045e056b4", ALLOWED_VM_SKUS, NOT_ALLOWED_TYPES, ALLOWED_LOCATIONS, "febd0533-8e55-448f-b837-bd0e06f16469"].sort());
    assertWrapped(await get(`${AUTH}/policyDefinitions/nope`), "PolicyDefinitionNotFound", "The policy definition 'nope' could not be found.");
  });

  test("a custom definition: PUT 201 (create and update), GET, listed with the built-ins, DELETE 200 then 204", async () => {
    const body = { properties: { displayName: "Require an Owner tag on groups", mode: "All", description: "d", metadata: { category: "Tags" }, policyRule: ownerTagRule } };
    const created = await put(definitionPath("owner-tag"), body, AZ_API);
    assertStatus(created, 201);
    assert.equal(created.json.id, `${S}/providers/Microsoft.Authorization/policyDefinitions/owner-tag`);
    assert.equal(created.json.properties.policyType, "Custom");
    assert.equal(created.json.properties.metadata.category, "Tags");
    assert.equal(typeof created.json.properties.metadata.createdBy, "string");
    assert.equal(created.json.properties.metadata.updatedOn, null);
    assertStatus(await put(definitionPath("owner-tag"), body), 201);
    const got = await get(definitionPath("OWNER-TAG"));
    assertStatus(got, 200);
    assert.notEqual(got.json.properties.metadata.updatedOn, null);
    const list = await get(`${S}${AUTH}/policyDefinitions`);
    assert.ok(list.json.value.some((d: any) => d.name === "owner-tag") && list.json.value.some((d: any) => d.name === ALLOWED_LOCATIONS));
    const customOnly = await emu.request("GET", `${S}${AUTH}/policyDefinitions?api-version=${API}&$filter=${encodeURIComponent("policyType eq 'Custom'")}`);
    assert.deepEqual(customOnly.json.value.map((d: any) => d.name), ["owner-tag"]);
    // A built-in read at the subscription is not there (az falls back to the tenant on this 404).
    assertWrapped(await get(definitionPath(ALLOWED_LOCATIONS)), "PolicyDefinitionNotFound", `The policy definition '${ALLOWED_LOCATIONS}' could not be found.`);
    assertStatus(await del(definitionPath("owner-tag")), 200);
    assertStatus(await del(definitionPath("owner-tag")), 204);
  });

  test("bad definitions are refused with the reason", async () => {
    assertWrapped(await put(definitionPath("bad1"), { properties: { mode: "All", policyRule: { if: { field: "type", equals: "x" }, then: { effect: "explode" } } } }), "InvalidPolicyRule", /^Failed to parse policy rule: 'The policy effect 'explode' is not supported\./);
    assertWrapped(await put(definitionPath("bad2"), { properties: { mode: "All", policyRule: { if: { field: "location", in: "[parameters('locs')]" }, then: { effect: "deny" } } } }), "InvalidPolicyRule", "Failed to parse policy rule: 'The parameter 'locs' is used in the policy rule but not defined in the policy definition's parameters.'.");
    assertWrapped(await put(definitionPath("bad3"), { properties: { mode: "Everything", policyRule: ownerTagRule } }), "InvalidPolicyMode", /^The policy definition mode 'Everything' is not supported/);
    assertWrapped(await put(definitionPath("bad4"), { properties: { mode: "All" } }), "InvalidPolicyRule", "Failed to parse policy rule: 'The policy rule is missing.'.");
    assertWrapped(await put(definitionPath("bad5"), { properties: { mode: "All", parameters: { p: { type: "Text" } }, policyRule: ownerTagRule } }), "InvalidPolicyParameterType", /^The policy parameter 'p' has an unsupported type 'Text'/);
    assertStatus(await get(definitionPath("bad1")), 404);
  });
});

describe("policy assignments and exemptions", () => {
  test("PUT 201 at a subscription and a group, GET, lists at each scope with atScope() and atExactScope(), DELETE 200 with the assignment then 204", async () => {
    const a = await assign(S, "locs", { displayName: "Allowed locations", policyDefinitionId: `${AUTH}/policyDefinitions/${ALLOWED_LOCATIONS}`, parameters: { listOfAllowedLocations: { value: ["eastus"] } }, enforcementMode: "DoNotEnforce" });
    assert.deepEqual(Object.keys(a), ["properties", "id", "type", "name"]);
    assert.equal(a.id, `${S}/providers/Microsoft.Authorization/policyAssignments/locs`);
    assert.equal(a.properties.scope, S);
    assert.deepEqual(a.properties.notScopes, []);
    assert.equal(a.properties.enforcementMode, "DoNotEnforce");
    assert.match(a.properties.instanceId, /^[0-9a-f-]{36}$/);
    await assign(rgPath("rg1"), "types", { policyDefinitionId: `${AUTH}/policyDefinitions/${NOT_ALLOWED_TYPES}`, parameters: { listOfResourceTypesNotAllowed: { value: ["Microsoft.Network/publicIPAddresses"] } } });
    assertStatus(await get(assignmentPath(rgPath("rg1"), "types")), 200);
    const names = async (path: string) => {
      const res = await emu.request("GET", path);
      assertStatus(res, 200);
      return (res.json.value as any[]).map((x) => x.name).sort();
    };
    assert.deepEqual(await names(q(`${S}${AUTH}/policyAssignments`, AZ_API)), ["locs", "types"]);
    assert.deepEqual(await names(`${S}${AUTH}/policyAssignments?api-version=${API}&$filter=atScope()`), ["locs"]);
    assert.deepEqual(await names(q(`${rgPath("rg1")}${AUTH}/policyAssignments`, API)), ["locs", "types"]);
    assert.deepEqual(await names(`${rgPath("rg1")}${AUTH}/policyAssignments?api-version=${API}&$filter=atExactScope()`), ["types"]);
    assert.deepEqual(await names(q(`${rgPath("rg2")}${AUTH}/policyAssignments`, API)), ["locs"]);
    assertWrapped(await emu.request("GET", `${S}${AUTH}/policyAssignments?api-version=${API}&$filter=${encodeURIComponent("name eq 'x'")}`), "InvalidFilterInQueryString", "The filter 'name eq 'x'' is not supported. The supported filters are: atScope(), atExactScope(), policyDefinitionId eq '{id}'.");
    const deleted = await del(assignmentPath(rgPath("rg1"), "types"));
    assertStatus(deleted, 200);
    assert.equal(deleted.json.name, "types");
    assertStatus(await del(assignmentPath(rgPath("rg1"), "types")), 204);
    assertWrapped(await get(assignmentPath(rgPath("rg1"), "types")), "PolicyAssignmentNotFound", "The policy assignment 'types' could not be found.");
    assertStatus(await del(assignmentPath(S, "locs")), 200);
  });

  test("assignments are checked against their definition: missing, undefined and disallowed parameter values, unknown definitions, missing groups", async () => {
    const locs = `${AUTH}/policyDefinitions/${ALLOWED_LOCATIONS}`;
    assertWrapped(await put(assignmentPath(S, "a1"), { properties: { policyDefinitionId: locs } }), "MissingPolicyParameter", `The policy assignment 'a1' is missing the parameter 'listOfAllowedLocations' as defined in the policy definition '${ALLOWED_LOCATIONS} version 1.0.0'.`);
    assertWrapped(
      await put(assignmentPath(S, "a1"), { properties: { policyDefinitionId: locs, parameters: { listOfAllowedLocations: { value: ["eastus"] }, foo: { value: 1 }, bar: { value: 2 } } } }),
      "UndefinedPolicyParameter",
      `The policy assignment 'a1' has the parameter(s) 'foo,bar' which are not defined in the policy definition '${ALLOWED_LOCATIONS} version 1.0.0'.`,
    );
    assertWrapped(
      await put(assignmentPath(S, "a1"), { properties: { policyDefinitionId: `${AUTH}/policyDefinitions/${NOT_ALLOWED_TYPES}`, parameters: { listOfResourceTypesNotAllowed: { value: [] }, effect: { value: "deny" } } } }),
      "PolicyParameterValueNotAllowed",
      `The value 'deny' is not allowed for policy parameter 'effect' in policy definition '${NOT_ALLOWED_TYPES} version 2.0.0'. The allowed values are 'Audit, Deny, Disabled'.`,
    );
    assertWrapped(await put(assignmentPath(S, "a1"), { properties: { policyDefinitionId: definitionPath("nope") } }), "PolicyDefinitionNotFound", `The policy assignment create request is invalid. The policy definition '${definitionPath("nope")}' could not be found.`);
    assertWrapped(await put(assignmentPath(rgPath("nogroup"), "a1"), { properties: { policyDefinitionId: locs } }), "ResourceGroupNotFound", "Resource group 'nogroup' could not be found.");
    assertWrapped(await put(assignmentPath(S, "a1"), { properties: {} }), "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Required property 'policyDefinitionId' not found in JSON.'.");
    assertStatus(await get(assignmentPath(S, "a1")), 404);
  });

  test("an exemption: PUT 201 then 200 (Waiver, Mitigated), GET with systemData, listed, DELETE 200 then 204; one naming no assignment or of another scope is refused", async () => {
    const a = await assign(rgPath("rg2"), "locs2", { policyDefinitionId: `${AUTH}/policyDefinitions/${ALLOWED_LOCATIONS}`, parameters: { listOfAllowedLocations: { value: ["eastus"] } } });
    const body = (category: string) => ({ properties: { policyAssignmentId: a.id, exemptionCategory: category, displayName: "Exempt demo", description: "demo" } });
    const created = await put(exemptionPath(rgPath("rg2"), "ex1"), body("waiver"), EXEMPTION_API);
    assertStatus(created, 201);
    assert.deepEqual(Object.keys(created.json), ["properties", "systemData", "id", "type", "name"]);
    assert.equal(created.json.properties.exemptionCategory, "Waiver");
    assert.equal(created.json.type, "Microsoft.Authorization/policyExemptions");
    assertStatus(await put(exemptionPath(rgPath("rg2"), "ex1"), body("Mitigated"), "2026-01-01-preview"), 200);
    const got = await get(exemptionPath(rgPath("rg2"), "ex1"), "2025-12-01-preview");
    assert.equal(got.json.properties.exemptionCategory, "Mitigated");
    assert.match(got.json.systemData.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.deepEqual(((await get(`${rgPath("rg2")}${AUTH}/policyExemptions`, EXEMPTION_API)).json.value as any[]).map((e) => e.name), ["ex1"]);
    assertWrapped(await put(exemptionPath(rgPath("rg2"), "ex2"), { properties: { policyAssignmentId: `${S}${AUTH}/policyAssignments/none`, exemptionCategory: "Waiver" } }, EXEMPTION_API), "PolicyAssignmentNotFound", `The policy exemption create request is invalid. The policy assignment '${S}${AUTH}/policyAssignments/none' could not be found.`);
    assertWrapped(await put(exemptionPath(rgPath("rg1"), "ex2"), body("Waiver"), EXEMPTION_API), "InvalidCreatePolicyExemptionRequest", /^The policy exemption create request is invalid\. The exemption scope/);
    assertWrapped(await put(exemptionPath(rgPath("rg2"), "ex2"), { properties: { policyAssignmentId: a.id, exemptionCategory: "Forever" } }, EXEMPTION_API), "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'The exemption category 'Forever' is not one of 'Waiver', 'Mitigated'.'.");
    assertStatus(await del(exemptionPath(rgPath("rg2"), "ex1"), EXEMPTION_API), 200);
    assertStatus(await del(exemptionPath(rgPath("rg2"), "ex1"), EXEMPTION_API), 204);
    assertWrapped(await get(exemptionPath(rgPath("rg2"), "ex1"), EXEMPTION_API), "PolicyExemptionNotFound", "The policy exemption 'ex1' could not be found.");
    assertStatus(await del(assignmentPath(rgPath("rg2"), "locs2")), 200);
  });
});

describe("deny at ARM's gate", () => {
  test("Allowed locations refuses a cluster PUT outside the list with 403 RequestDisallowedByPolicy, its policy identifiers and evaluation details; reads pass", async () => {
    await assign(S, "allowed-locations", { displayName: "Allowed locations for clusters", policyDefinitionId: `${AUTH}/policyDefinitions/${ALLOWED_LOCATIONS}`, parameters: { listOfAllowedLocations: { value: ["eastus", "westeurope"] } } });
    try {
      const res = await emu.request("PUT", q(mcPath("rg1", "westc")), { body: clusterBody({ location: "West US 2" }) });
      assert.equal(res.status, 403, res.text);
      assert.equal(header(res, "x-ms-failure-cause"), "gateway");
      assert.deepEqual(Object.keys(res.json.error), ["code", "target", "message", "additionalInfo"]);
      assert.equal(res.json.error.code, "RequestDisallowedByPolicy");
      assert.equal(res.json.error.target, "westc");
      assert.equal(
        res.json.error.message,
        `Resource 'westc' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"Allowed locations for clusters","id":"${S}/providers/Microsoft.Authorization/policyAssignments/allowed-locations"},"policyDefinition":{"name":"Allowed locations","id":"/providers/Microsoft.Authorization/policyDefinitions/${ALLOWED_LOCATIONS}","version":"1.0.0"}}]'.`,
      );
      const info = res.json.error.additionalInfo[0];
      assert.equal(info.type, "PolicyViolation");
      assert.equal(info.info.policyDefinitionDisplayName, "Allowed locations");
      assert.equal(info.info.policyAssignmentScope, S);
      assert.deepEqual(info.info.policyAssignmentParameters, { listOfAllowedLocations: { value: ["eastus", "westeurope"] } });
      assert.deepEqual(info.info.evaluationDetails.evaluatedExpressions[0], { result: "True", expressionKind: "Field", expression: "location", path: "location", expressionValue: "westus2", targetValue: ["eastus", "westeurope"], operator: "NotIn" });
      assertStatus(await emu.request("GET", q(mcPath("rg1", "westc"))), 404);
      // The refused write is in the activity log, Failed with the body ARM answered.
      const log = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(`eventTimestamp ge '${new Date(0).toISOString()}' and status eq 'Failed'`)}`);
      assertStatus(log, 200);
      const failed = (log.json.value as any[]).find((e) => String(e.resourceId).toLowerCase().endsWith("/managedclusters/westc"));
      assert.ok(failed, "a Failed event for the refused PUT");
      assert.equal(JSON.parse(failed.properties.statusMessage).error.code, "RequestDisallowedByPolicy");
    } finally {
      assertStatus(await del(assignmentPath(S, "allowed-locations")), 200);
    }
  });

  test("enforcementMode DoNotEnforce, notScopes and an exemption let the write through; PATCH is judged on the resource it leaves", async () => {
    await createCluster(emu, "rg2", "tagged", clusterBody({ tags: { env: "dev" } }));
    await put(definitionPath("no-prod-tag"), { properties: { mode: "Indexed", policyRule: { if: { allOf: [{ field: "type", equals: "Microsoft.ContainerService/managedClusters" }, { field: "tags['env']", equals: "prod" }, { field: "location", equals: "eastus" }] }, then: { effect: "Deny" } } } });
    const a = await assign(rgPath("rg2"), "no-prod", { policyDefinitionId: definitionPath("no-prod-tag"), nonComplianceMessages: [{ message: "No production clusters in rg2." }] });
    const patch = () => emu.request("PATCH", q(mcPath("rg2", "tagged")), { body: { tags: { env: "prod" } } });
    const passes = async () => {
      const res = await patch();
      assert.ok(res.status === 200 || res.status === 202, `${res.status} ${res.text}`);
      await advance(emu, "PT10M");
    };
    const refused = await patch();
    assertWrapped(refused, "RequestDisallowedByPolicy", "Resource 'tagged' was disallowed by policy. Reasons: 'No production clusters in rg2.'. See error details for policy resource IDs.", "tagged");
    // The location the PATCH does not name is the cluster's own.
    assert.deepEqual(refused.json.error.additionalInfo[0].info.evaluationDetails.evaluatedExpressions[2].expressionValue, "eastus");
    await assign(rgPath("rg2"), "no-prod", { policyDefinitionId: definitionPath("no-prod-tag"), enforcementMode: "DoNotEnforce" });
    await passes();
    await assign(rgPath("rg2"), "no-prod", { policyDefinitionId: definitionPath("no-prod-tag"), notScopes: [mcPath("rg2", "tagged")] });
    await passes();
    await assign(rgPath("rg2"), "no-prod", { policyDefinitionId: definitionPath("no-prod-tag") });
    assertStatus(await patch(), 403);
    assertStatus(await put(exemptionPath(rgPath("rg2"), "prod-ok"), { properties: { policyAssignmentId: a.id, exemptionCategory: "Waiver" } }, EXEMPTION_API), 201);
    await passes();
    assertStatus(await del(assignmentPath(rgPath("rg2"), "no-prod")), 200);
  });
});

describe("deny on what AKS creates for the user", () => {
  test("a policy requiring an Owner tag on resource groups fails the create at the node resource group (ReconcileResourceGroupError); notScopes, then a reconcile, recovers", async () => {
    await put(definitionPath("owner-tag-groups"), { properties: { mode: "All", policyRule: ownerTagRule } });
    await assign(S, "owner-tag", { displayName: "Require Owner tag", policyDefinitionId: definitionPath("owner-tag-groups") });
    try {
      const st = await putToEnd(emu, mcPath("rg1", "c1"), clusterBody());
      assert.equal(st.status, "Failed");
      assert.equal(st.error.code, "ReconcileResourceGroupError");
      assert.equal(
        st.error.message,
        `Resource request failed due to RequestDisallowedByPolicy. Please see https://aka.ms/aks-requestdisallowedbypolicy for more details. The detailed error message: Code="RequestDisallowedByPolicy" Message="Resource 'MC_rg1_c1_eastus' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"Require Owner tag","id":"${S}/providers/Microsoft.Authorization/policyAssignments/owner-tag"},"policyDefinition":{"name":"owner-tag-groups","id":"${S}/providers/Microsoft.Authorization/policyDefinitions/owner-tag-groups"}}]'."`,
      );
      assert.equal((await emu.request("GET", q(mcPath("rg1", "c1")))).json.properties.provisioningState, "Failed");
      assertStatus(await emu.request("GET", q(rgPath("MC_rg1_c1_eastus"), "2021-04-01")), 404);
      // A group the user creates without the tag is refused at the gate; with it, it is not.
      assertStatus(await emu.request("PUT", q(rgPath("rg3"), "2021-04-01"), { body: { location: "eastus" } }), 403);
      assertStatus(await emu.request("PUT", q(rgPath("rg3"), "2021-04-01"), { body: { location: "eastus", tags: { Owner: "me" } } }), 201);
      // The remedy: leave the node resource group out of the assignment, then reconcile.
      await assign(S, "owner-tag", { displayName: "Require Owner tag", policyDefinitionId: definitionPath("owner-tag-groups"), notScopes: [rgPath("MC_rg1_c1_eastus")] });
      const again = await putToEnd(emu, mcPath("rg1", "c1"), clusterBody());
      assert.equal(again.status, "Succeeded", JSON.stringify(again));
      assertStatus(await emu.request("GET", q(rgPath("MC_rg1_c1_eastus"), "2021-04-01")), 200);
    } finally {
      assertStatus(await del(assignmentPath(S, "owner-tag")), 200);
    }
  });

  test("the policy-denies-node-scale-set scenario fails a reconcile at the pool's scale set; scaling down is not judged; an exemption at the node resource group, then a reconcile, recovers", async () => {
    await createCluster(emu, "rg1", "c2");
    const applied = await emu.request("POST", "/_aksemu/scenarios/policy-denies-node-scale-set", { body: { resourceGroup: "rg1", cluster: "c2" } });
    assertStatus(applied, 200);
    const mc = `${S}/resourceGroups/MC_rg1_c2_eastus`;
    const assignmentId = `${mc}/providers/Microsoft.Authorization/policyAssignments/allowed-scale-set-skus`;
    // Removing a node deletes an instance (a POST in ARM's terms): not judged.
    const down = await putToEnd(emu, apPath("rg1", "c2", "nodepool1"), { properties: { count: 2, vmSize: "Standard_DS2_v2", mode: "System" } });
    assert.equal(down.status, "Succeeded", JSON.stringify(down));
    const st = await putToEnd(emu, mcPath("rg1", "c2"), clusterBody());
    assert.equal(st.status, "Failed");
    assert.equal(st.error.code, "RequestDisallowedByPolicy");
    assert.match(st.error.message, /^Preflight validation check for resource\(s\) for container service c2 in resource group MC_rg1_c2_eastus failed\. Message: Resource 'aks-nodepool1-\d{8}-vmss' was disallowed by policy\. Policy identifiers: '\[\{"policyAssignment":\{"name":"Allowed virtual machine scale set SKUs","id":"[^"]+allowed-scale-set-skus"\}/);
    assert.equal((await emu.request("GET", q(mcPath("rg1", "c2")))).json.properties.provisioningState, "Failed");
    assertStatus(await put(exemptionPath(mc, "sku-waiver"), { properties: { policyAssignmentId: assignmentId, exemptionCategory: "Waiver" } }, EXEMPTION_API), 201);
    const fixed = await putToEnd(emu, mcPath("rg1", "c2"), clusterBody());
    assert.equal(fixed.status, "Succeeded", JSON.stringify(fixed));
  });

  test("the policy-denies-node-resource-group scenario: a new cluster fails with the real reason; DoNotEnforce, then a reconcile, recovers", async () => {
    assertStatus(await emu.request("POST", "/_aksemu/scenarios/policy-denies-node-resource-group", { body: {} }), 200);
    const st = await putToEnd(emu, mcPath("rg2", "c3"), clusterBody());
    assert.equal(st.error.code, "ReconcileResourceGroupError");
    assert.equal(
      st.error.message,
      `Resource request failed due to RequestDisallowedByPolicy. Please see https://aka.ms/aks-requestdisallowedbypolicy for more details. The detailed error message: Code="RequestDisallowedByPolicy" Message="Resource 'MC_rg2_c3_eastus' was disallowed by policy. Reasons: 'Resource group validation failed since you did not supply a 'Owner' tag. Please specify an 'Owner' tag with your Microsoft alias as value.'. See error details for policy resource IDs."`,
    );
    const res = await emu.request("PUT", q(assignmentPath(S, "require-owner-tag"), AZ_API), { body: { properties: { policyDefinitionId: definitionPath("aksemu-require-owner-tag-on-resource-groups"), enforcementMode: "DoNotEnforce" } } });
    assertStatus(res, 201);
    const fixed = await putToEnd(emu, mcPath("rg2", "c3"), clusterBody());
    assert.equal(fixed.status, "Succeeded", JSON.stringify(fixed));
    assertStatus(await del(assignmentPath(S, "require-owner-tag")), 200);
  });
});
