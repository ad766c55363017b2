// Azure Policy through the official SDK (@azure/arm-policy 6.0.0, api-version 2024-05-01,
// unmodified but for endpoint and credential): built-in and custom definitions, assignments at a
// subscription and a group with parameters, notScopes and enforcementMode; the deny they enforce
// on a cluster PUT (a RestError 403 RequestDisallowedByPolicy) and on the node resource group AKS
// creates (the create fails with AKS's ReconcileResourceGroupError); changing the assignment, then
// a reconcile, recovers. The SDK has no exemptions (they exist in preview api-versions only): the
// HTTP and az tiers cover them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PolicyClient } from "@azure/arm-policy";
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

const S = `/subscriptions/${SUB}`;
const ALLOWED_LOCATIONS = "e56962a6-4747-49cd-b67b-bf8b01975c4c";
const NOT_ALLOWED_TYPES = "6c112d4e-5bc7-47ae-a041-ea2d9dccd749";

let emu: Emulator;
let policy: PolicyClient;
let aks: ContainerServiceClient;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg1");
  policy = new PolicyClient(credentialFor(emu), SUB, { endpoint: emu.url });
  aks = clients(emu).client;
});
after(() => emu.close());

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("@azure/arm-policy", () => {
  test("built-ins by name and listed; a custom definition created, read, listed with them and deleted", async () => {
    const b = await policy.policyDefinitions.getBuiltIn(ALLOWED_LOCATIONS);
    assert.equal(b.displayName, "Allowed locations");
    assert.equal(b.policyType, "BuiltIn");
    assert.equal(b.mode, "Indexed");
    assert.equal(b.version, "1.0.0");
    assert.equal((await collect(policy.policyDefinitions.listBuiltIn())).length, 5);
    const created = await policy.policyDefinitions.createOrUpdate("deny-public-ips", {
      displayName: "No public IPs",
      mode: "All",
      policyRule: { if: { field: "type", equals: "Microsoft.Network/publicIPAddresses" }, then: { effect: "deny" } },
    });
    assert.equal(created.id, `${S}/providers/Microsoft.Authorization/policyDefinitions/deny-public-ips`);
    assert.equal(created.policyType, "Custom");
    assert.equal((await policy.policyDefinitions.get("deny-public-ips")).displayName, "No public IPs");
    const all = await collect(policy.policyDefinitions.list());
    assert.ok(all.some((d) => d.name === "deny-public-ips") && all.some((d) => d.name === NOT_ALLOWED_TYPES));
    await assert.rejects(policy.policyDefinitions.get("nope"), (e: any) => e.statusCode === 404 && e.code === "PolicyDefinitionNotFound" && e.message === "The policy definition 'nope' could not be found.");
    await policy.policyDefinitions.delete("deny-public-ips");
    await assert.rejects(policy.policyDefinitions.get("deny-public-ips"), (e: any) => e.statusCode === 404);
  });

  test("Not allowed resource types at a group refuses the cluster PUT with RestError 403; enforcementMode DoNotEnforce lets it through; lists and delete", async () => {
    const scope = `${S}/resourceGroups/rg1`;
    const a = await policy.policyAssignments.create(scope, "no-aks", {
      displayName: "No AKS here",
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${NOT_ALLOWED_TYPES}`,
      parameters: { listOfResourceTypesNotAllowed: { value: ["Microsoft.ContainerService/managedClusters"] } },
    });
    assert.equal(a.scope, scope);
    assert.equal(a.enforcementMode, "Default");
    assert.deepEqual(a.notScopes, []);
    await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait("rg1", "c1", clusterBody(), FAST), (e: any) => {
      assert.equal(e.name, "RestError");
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, "RequestDisallowedByPolicy");
      assert.equal(
        e.message,
        `Resource 'c1' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"No AKS here","id":"${scope}/providers/Microsoft.Authorization/policyAssignments/no-aks"},"policyDefinition":{"name":"Not allowed resource types","id":"/providers/Microsoft.Authorization/policyDefinitions/${NOT_ALLOWED_TYPES}","version":"2.0.0"}}]'.`,
      );
      return true;
    });
    assert.deepEqual((await collect(policy.policyAssignments.listForResourceGroup("rg1"))).map((x) => x.name), ["no-aks"]);
    assert.deepEqual((await collect(policy.policyAssignments.list({ filter: "atScope()" }))).map((x) => x.name), []);
    await policy.policyAssignments.create(scope, "no-aks", { ...a, enforcementMode: "DoNotEnforce" });
    const mc = await aks.managedClusters.beginCreateOrUpdateAndWait("rg1", "c1", clusterBody(), FAST);
    assert.equal(mc.provisioningState, "Succeeded");
    // PolicyAssignments_Update (PATCH): the location a managed identity would live in.
    assert.equal((await policy.policyAssignments.update(scope, "no-aks", { location: "eastus" })).location, "eastus");
    assert.equal((await policy.policyAssignments.getById(`${scope}/providers/Microsoft.Authorization/policyAssignments/no-aks`)).enforcementMode, "DoNotEnforce");
    const deleted = await policy.policyAssignments.delete(scope, "no-aks");
    assert.equal(deleted.name, "no-aks");
    await assert.rejects(policy.policyAssignments.get(scope, "no-aks"), (e: any) => e.statusCode === 404 && e.code === "PolicyAssignmentNotFound");
  });

  test("a deny on resource groups without an Owner tag fails the create at the node resource group; notScopes and a reconcile recover", async () => {
    await policy.policyDefinitions.createOrUpdate("owner-tag", {
      mode: "All",
      parameters: { tagName: { type: "String", defaultValue: "Owner" } },
      policyRule: { if: { allOf: [{ field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" }, { field: "[concat('tags[', parameters('tagName'), ']')]", exists: "false" }] }, then: { effect: "deny" } },
    });
    const definitionId = `${S}/providers/Microsoft.Authorization/policyDefinitions/owner-tag`;
    await policy.policyAssignments.create(S, "owner-tag", { policyDefinitionId: definitionId, nonComplianceMessages: [{ message: "Resource groups need an 'Owner' tag." }] });
    await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait("rg1", "c2", clusterBody(), FAST), (e: any) => {
      assert.equal(
        e.message,
        `The long-running operation has failed. ReconcileResourceGroupError. Resource request failed due to RequestDisallowedByPolicy. Please see https://aka.ms/aks-requestdisallowedbypolicy for more details. The detailed error message: Code="RequestDisallowedByPolicy" Message="Resource 'MC_rg1_c2_eastus' was disallowed by policy. Reasons: 'Resource groups need an 'Owner' tag.'. See error details for policy resource IDs."`,
      );
      return true;
    });
    assert.equal((await aks.managedClusters.get("rg1", "c2")).provisioningState, "Failed");
    await policy.policyAssignments.create(S, "owner-tag", { policyDefinitionId: definitionId, notScopes: [`${S}/resourceGroups/MC_rg1_c2_eastus`] });
    const mc = await aks.managedClusters.beginCreateOrUpdateAndWait("rg1", "c2", clusterBody(), FAST);
    assert.equal(mc.provisioningState, "Succeeded");
    await policy.policyAssignments.delete(S, "owner-tag");
  });
});
