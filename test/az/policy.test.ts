// Azure Policy through the real az 2.45 (proxy mode; api-version 2021-06-01 for definitions and
// assignments, 2020-07-01-preview for exemptions): `az policy definition create --rules --mode
// All`, `show` (a built-in by name: az reads the subscription, then the tenant), `list`;
// `az policy assignment create --policy --scope` with --params, `list`, `update --not-scopes`;
// `az policy exemption create|list|delete`; and seed 002's RequestDisallowedByPolicy row: a deny
// on resource groups without an 'Owner' tag makes `az aks create` fail at the node resource group
// with AKS's text (stderr byte for byte, exit code 1), a deny on the pool's scale set size fails
// the reconcile (`az resource update --ids`) with AKS's preflight text; the remedies (notScopes, an exemption), then the
// reconcile, bring the clusters to Succeeded. az alone: azl has no policy commands.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { serviceError } from "./support/parity.js";
import { azSession } from "./support/session.js";

const RG = "rg-pol";
const S = `/subscriptions/${SUB}`;
// The seed's reconcile (`az aks update` with no option prompts, and az has no terminal here).
const RECONCILE = ["resource", "update", "--ids", `${S}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`, "--query", "properties.provisioningState", "-o", "tsv"];
const ALLOWED_VM_SKUS = "cccc23c7-8427-4f53-ad12-b6a63eb452b3";

const session = azSession("policy", { setup: (emu) => emu.createGroup(RG) });
const { ok } = session;

const OWNER_RULES = { if: { allOf: [{ field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" }, { field: "tags['Owner']", exists: "false" }] }, then: { effect: "deny" } };

describe("az policy through az 2.45", { skip: azSkip() }, () => {
  test("definitions: a built-in shown by name, a custom one created from --rules with --mode All and listed", async () => {
    assert.equal(await ok(["policy", "definition", "show", "--name", ALLOWED_VM_SKUS, "--query", "[displayName, policyType, mode]", "-o", "tsv"]), "Allowed virtual machine size SKUs\nBuiltIn\nIndexed\n");
    const rules = join(session.az.dir, "owner-rules.json");
    writeFileSync(rules, JSON.stringify(OWNER_RULES));
    const created = JSON.parse(await ok(["policy", "definition", "create", "--name", "owner-tag", "--display-name", "Require an Owner tag on resource groups", "--rules", rules, "--mode", "All"]));
    assert.equal(created.id, `${S}/providers/Microsoft.Authorization/policyDefinitions/owner-tag`);
    assert.deepEqual([created.policyType, created.mode, created.policyRule], ["Custom", "All", OWNER_RULES]);
    assert.equal(await ok(["policy", "definition", "list", "--query", "[?policyType=='Custom'].name", "-o", "tsv"]), "owner-tag\n");
    const bad = await session.az.run(["policy", "definition", "create", "--name", "bad", "--rules", JSON.stringify({ if: { field: "type", equals: "x" }, then: { effect: "explode" } }), "--mode", "All"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^ERROR: \(InvalidPolicyRule\) Failed to parse policy rule: 'The policy effect 'explode' is not supported\./);
  });

  test("RequestDisallowedByPolicy at the node resource group: az aks create fails with AKS's text; az policy assignment update --not-scopes, then the reconcile (az resource update --ids), succeeds", async () => {
    await ok(["policy", "assignment", "create", "--name", "require-owner", "--display-name", "Require Owner tag", "--policy", "owner-tag", "--scope", S]);
    assert.equal(await ok(["policy", "assignment", "list", "--query", "[].[name, enforcementMode, scope]", "-o", "tsv"]), `require-owner\tDefault\t${S}\n`);
    const create = await session.az.run(["aks", "create", "-g", RG, "-n", "c1", "-c", "1", "--generate-ssh-keys", "--query", "provisioningState", "-o", "tsv"]);
    const identifiers = `[{"policyAssignment":{"name":"Require Owner tag","id":"${S}/providers/Microsoft.Authorization/policyAssignments/require-owner"},"policyDefinition":{"name":"Require an Owner tag on resource groups","id":"${S}/providers/Microsoft.Authorization/policyDefinitions/owner-tag"}}]`;
    const message = `Resource request failed due to RequestDisallowedByPolicy. Please see https://aka.ms/aks-requestdisallowedbypolicy for more details. The detailed error message: Code="RequestDisallowedByPolicy" Message="Resource 'MC_${RG}_c1_eastus' was disallowed by policy. Policy identifiers: '${identifiers}'."`;
    assert.deepEqual(create, { code: 1, stdout: "", stderr: serviceError("ReconcileResourceGroupError", message) });
    assert.equal(await ok(["aks", "show", "-g", RG, "-n", "c1", "--query", "provisioningState", "-o", "tsv"]), "Failed\n");
    // A group the user makes without the tag is refused at ARM's gate with the same policy.
    // azure-core prints the error's target and additionalInfo after the usual block (Info: JSON, four-space indent).
    const group = await session.az.run(["group", "create", "-n", "rg-untagged", "-l", "eastus"]);
    const head = `${serviceError("RequestDisallowedByPolicy", `Resource 'rg-untagged' was disallowed by policy. Policy identifiers: '${identifiers}'.`)}Target: rg-untagged\nAdditional Information:Type: PolicyViolation\nInfo: `;
    assert.equal(group.code, 1);
    assert.equal(group.stderr.slice(0, head.length), head);
    const info = JSON.parse(group.stderr.slice(head.length));
    assert.equal(group.stderr.slice(head.length), `${JSON.stringify(info, null, 4)}\n`);
    assert.deepEqual(
      info.evaluationDetails.evaluatedExpressions.map((e: any) => [e.expression, e.path, e.expressionValue, e.operator, e.result]),
      [["type", "type", "Microsoft.Resources/subscriptions/resourceGroups", "Equals", "True"], ["tags['Owner']", "tags.Owner", undefined, "Exists", "True"]],
    );
    assert.deepEqual([info.policyAssignmentName, info.policyDefinitionEffect, info.policyAssignmentScope], ["require-owner", "Deny", S]);
    // The remedy: leave the node resource group out of the assignment, then reconcile.
    const updated = JSON.parse(await ok(["policy", "assignment", "update", "--name", "require-owner", "--scope", S, "--not-scopes", `${S}/resourceGroups/MC_${RG}_c1_eastus`]));
    assert.deepEqual(updated.notScopes, [`${S}/resourceGroups/MC_${RG}_c1_eastus`]);
    assert.equal(await ok(RECONCILE), "Succeeded\n");
    await ok(["policy", "assignment", "delete", "--name", "require-owner", "--scope", S]);
    assert.equal(await ok(["policy", "assignment", "list", "--query", "length(@)"]), "0\n");
  });

  test("RequestDisallowedByPolicy at the pool's scale set (policy-denies-node-scale-set): the reconcile fails with AKS's preflight text; az policy exemption create at the node resource group, then the reconcile (az resource update --ids), succeeds", async () => {
    const res = await session.emu.request("POST", "/_aksemu/scenarios/policy-denies-node-scale-set", { body: { resourceGroup: RG, cluster: "c1" } });
    assert.equal(res.status, 200, res.text);
    const nodeGroup = `MC_${RG}_c1_eastus`;
    const assignment = `${S}/resourceGroups/${nodeGroup}/providers/Microsoft.Authorization/policyAssignments/allowed-scale-set-skus`;
    const shown = JSON.parse(await ok(["policy", "assignment", "show", "--name", "allowed-scale-set-skus", "--resource-group", nodeGroup]));
    assert.deepEqual(shown.parameters, { listOfAllowedSKUs: { value: ["Standard_B2s"] } });
    const sets = await session.emu.request("GET", `${S}/resourceGroups/${nodeGroup}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01`);
    const vmss = sets.json.value[0].name as string;
    const update = await session.az.run(RECONCILE);
    const identifiers = `[{"policyAssignment":{"name":"Allowed virtual machine scale set SKUs","id":"${assignment}"},"policyDefinition":{"name":"Allowed virtual machine scale set SKUs","id":"${S}/providers/Microsoft.Authorization/policyDefinitions/aksemu-allowed-scale-set-skus"}}]`;
    const message = `Preflight validation check for resource(s) for container service c1 in resource group ${nodeGroup} failed. Message: Resource '${vmss}' was disallowed by policy. Policy identifiers: '${identifiers}'.`;
    assert.deepEqual(update, { code: 1, stdout: "", stderr: serviceError("RequestDisallowedByPolicy", message) });
    const exemption = JSON.parse(await ok(["policy", "exemption", "create", "--name", "sku-waiver", "--policy-assignment", assignment, "--exemption-category", "Waiver", "--resource-group", nodeGroup]));
    assert.deepEqual([exemption.exemptionCategory, exemption.policyAssignmentId], ["Waiver", assignment]);
    assert.equal(await ok(["policy", "exemption", "list", "--resource-group", nodeGroup, "--query", "[].name", "-o", "tsv"]), "sku-waiver\n");
    assert.equal(await ok(RECONCILE), "Succeeded\n");
    await ok(["policy", "exemption", "delete", "--name", "sku-waiver", "--resource-group", nodeGroup]);
    assert.equal(await ok(["policy", "exemption", "list", "--resource-group", nodeGroup, "--query", "length(@)"]), "0\n");
  });
});
