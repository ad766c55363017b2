// Microsoft.Authorization's writes in the activity log (role definitions and assignments, locks,
// policy definitions, assignments and exemptions at any scope: Started then Succeeded; a refused
// one: Started then Failed with the refusal in statusMessage), and its share of a resource group
// delete: the group's role assignments, policy assignments and exemptions (at it and under it)
// go when the group goes, and stay when the group's delete fails.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, type Emulator } from "../support/emulator.js";
import { startEmulator } from "../support/emulator.js";
import { assignRole, authorizationFailed, AUTH_API, newPrincipal, ROLES } from "../support/rbac.js";
import { assertStatus, createCluster, header, q, refreshing, rgPath, RG_API } from "./helpers.js";

const S = `/subscriptions/${SUB}`;
const AUTH = "/providers/Microsoft.Authorization";
const LOG = `${S}/providers/Microsoft.Insights/eventtypes/management/values`;
const POLICY_API = "2025-11-01";
const EXEMPTION_API = "2020-07-01-preview";
const LOCK_API = "2020-05-01";
const ALLOWED_LOCATIONS = "e56962a6-4747-49cd-b67b-bf8b01975c4c";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
});
after(() => emu.close());

const now = async () => Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
/** The events on one resource since `t`, oldest first, as [operation, status, subStatus, display]. */
async function eventsOn(resourceId: string, t: number): Promise<any[]> {
  const filter = `eventTimestamp ge '${new Date(t).toISOString()}' and resourceUri eq '${resourceId}'`;
  const res = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assertStatus(res, 200);
  return (res.json.value as any[]).reverse();
}
const brief = (e: any) => [e.operationName.value, e.status.value, e.subStatus.value];

const assignmentPath = (scope: string, name: string) => `${scope}${AUTH}/policyAssignments/${name}`;
const exemptionPath = (scope: string, name: string) => `${scope}${AUTH}/policyExemptions/${name}`;
const roleAssignmentPath = (scope: string, name: string) => `${scope}${AUTH}/roleAssignments/${name}`;
const allowedLocations = (scope: string) => ({ properties: { policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${ALLOWED_LOCATIONS}`, parameters: { listOfAllowedLocations: { value: ["eastus"] } }, scope } });

/** Runs a group delete to its end: the final answer of its operationresults URL. */
async function deleteGroup(rg: string) {
  const del = await emu.request("DELETE", q(rgPath(rg), RG_API));
  assertStatus(del, 202);
  let result = await emu.request("GET", header(del, "location")!);
  for (let i = 0; i < 40 && result.status === 202; i++) {
    await emu.advance("PT1M");
    result = await emu.request("GET", header(del, "location")!);
  }
  return result;
}

describe("Microsoft.Authorization in the activity log", () => {
  test("role assignment, lock, policy assignment and exemption writes and deletes: Started then Succeeded, named as ARM names them", async () => {
    await emu.createGroup("rg-act");
    const t0 = await now();
    const group = rgPath("rg-act");
    const p = await newPrincipal(emu, "activity reader");
    const ra = roleAssignmentPath(group, "aaaaaaaa-0000-4000-8000-00000000ac71");
    await assignRole(emu, p.objectId, "Reader", group, "aaaaaaaa-0000-4000-8000-00000000ac71");
    assertStatus(await emu.request("DELETE", q(ra, AUTH_API)), 200);
    assert.deepEqual((await eventsOn(ra, t0)).map(brief), [
      ["Microsoft.Authorization/roleAssignments/write", "Started", ""],
      ["Microsoft.Authorization/roleAssignments/write", "Succeeded", "OK"],
      ["Microsoft.Authorization/roleAssignments/delete", "Started", ""],
      ["Microsoft.Authorization/roleAssignments/delete", "Succeeded", "OK"],
    ]);
    const [started] = await eventsOn(ra, t0);
    assert.deepEqual(
      [started.operationName.localizedValue, started.resourceType.value, started.resourceProviderName.value, started.resourceGroupName, started.caller, started.authorization],
      ["Create role assignment", "Microsoft.Authorization/roleAssignments", "Microsoft.Authorization", "rg-act", emu.app.config.principalObjectId, { action: "Microsoft.Authorization/roleAssignments/write", scope: ra }],
    );

    const lock = `${group}${AUTH}/locks/keep`;
    assertStatus(await emu.request("PUT", q(lock, LOCK_API), { body: { properties: { level: "CanNotDelete" } } }), 201);
    assertStatus(await emu.request("DELETE", q(lock, LOCK_API)), 200);
    assert.deepEqual((await eventsOn(lock, t0)).map((e) => [...brief(e), e.operationName.localizedValue]), [
      ["Microsoft.Authorization/locks/write", "Started", "", "Add management locks"],
      ["Microsoft.Authorization/locks/write", "Succeeded", "OK", "Add management locks"],
      ["Microsoft.Authorization/locks/delete", "Started", "", "Delete management locks"],
      ["Microsoft.Authorization/locks/delete", "Succeeded", "OK", "Delete management locks"],
    ]);

    const pa = assignmentPath(group, "allowed-locations");
    assertStatus(await emu.request("PUT", q(pa, POLICY_API), { body: allowedLocations(group) }), 201);
    const ex = exemptionPath(group, "waiver");
    assertStatus(await emu.request("PUT", q(ex, EXEMPTION_API), { body: { properties: { policyAssignmentId: pa, exemptionCategory: "Waiver" } } }), 201);
    assertStatus(await emu.request("DELETE", q(ex, EXEMPTION_API)), 200);
    assertStatus(await emu.request("DELETE", q(pa, POLICY_API)), 200);
    assert.deepEqual((await eventsOn(pa, t0)).map(brief), [
      ["Microsoft.Authorization/policyAssignments/write", "Started", ""],
      ["Microsoft.Authorization/policyAssignments/write", "Succeeded", "OK"],
      ["Microsoft.Authorization/policyAssignments/delete", "Started", ""],
      ["Microsoft.Authorization/policyAssignments/delete", "Succeeded", "OK"],
    ]);
    assert.deepEqual((await eventsOn(ex, t0)).map(brief), [
      ["Microsoft.Authorization/policyExemptions/write", "Started", ""],
      ["Microsoft.Authorization/policyExemptions/write", "Succeeded", "OK"],
      ["Microsoft.Authorization/policyExemptions/delete", "Started", ""],
      ["Microsoft.Authorization/policyExemptions/delete", "Succeeded", "OK"],
    ]);
  });

  test("subscription-level writes (a custom role, a policy definition) are logged too; reads are not", async () => {
    const t0 = await now();
    const role = `${S}${AUTH}/roleDefinitions/bbbbbbbb-0000-4000-8000-00000000ac72`;
    const body = { properties: { roleName: "aksemu activity role", permissions: [{ actions: ["*/read"] }], assignableScopes: [S] } };
    assertStatus(await emu.request("PUT", q(role, AUTH_API), { body }), 201);
    assertStatus(await emu.request("GET", q(role, AUTH_API)), 200);
    assertStatus(await emu.request("DELETE", q(role, AUTH_API)), 200);
    assert.deepEqual((await eventsOn(role, t0)).map(brief), [
      ["Microsoft.Authorization/roleDefinitions/write", "Started", ""],
      ["Microsoft.Authorization/roleDefinitions/write", "Succeeded", "OK"],
      ["Microsoft.Authorization/roleDefinitions/delete", "Started", ""],
      ["Microsoft.Authorization/roleDefinitions/delete", "Succeeded", "OK"],
    ]);
    const def = `${S}${AUTH}/policyDefinitions/aksemu-activity-deny`;
    const rule = { if: { field: "type", equals: "Microsoft.Network/publicIPAddresses" }, then: { effect: "deny" } };
    assertStatus(await emu.request("PUT", q(def, POLICY_API), { body: { properties: { mode: "All", policyRule: rule } } }), 201);
    assert.deepEqual((await eventsOn(def, t0)).map(brief), [
      ["Microsoft.Authorization/policyDefinitions/write", "Started", ""],
      ["Microsoft.Authorization/policyDefinitions/write", "Succeeded", "OK"],
    ]);
  });

  test("a write ARM refuses (a Reader assigning a role): Started, then Failed with the 403 AuthorizationFailed body", async () => {
    await emu.createGroup("rg-act-refused");
    const group = rgPath("rg-act-refused");
    const p = await newPrincipal(emu, "activity refused");
    await assignRole(emu, p.objectId, "Reader", group);
    const t0 = await now();
    const ra = roleAssignmentPath(group, "cccccccc-0000-4000-8000-00000000ac73");
    const body = { properties: { roleDefinitionId: `${S}${AUTH}/roleDefinitions/${ROLES.Owner}`, principalId: p.objectId, principalType: "ServicePrincipal" } };
    const refused = await emu.request("PUT", q(ra, AUTH_API), { body, auth: p.token });
    assertStatus(refused, 403);
    const message = authorizationFailed(p.objectId, "Microsoft.Authorization/roleAssignments/write", ra);
    assert.deepEqual(refused.json, { error: { code: "AuthorizationFailed", message } });
    const events = await eventsOn(ra, t0);
    assert.deepEqual(events.map(brief), [
      ["Microsoft.Authorization/roleAssignments/write", "Started", ""],
      ["Microsoft.Authorization/roleAssignments/write", "Failed", "Forbidden"],
    ]);
    assert.equal(events[1].caller, p.objectId);
    assert.deepEqual(JSON.parse(events[1].properties.statusMessage), { error: { code: "AuthorizationFailed", message } });
  });
});

describe("a resource group delete takes its extension resources along", () => {
  test("role assignments, policy assignments and exemptions at the group and under it go with it; those elsewhere stay", async () => {
    await emu.createGroup("rg-gone");
    await emu.createGroup("rg-stays");
    const gone = rgPath("rg-gone");
    const stays = rgPath("rg-stays");
    const p = await newPrincipal(emu, "cascade reader");
    const workspace = `${gone}/providers/Microsoft.OperationalInsights/workspaces/ws-gone`;
    assertStatus(await emu.request("PUT", q(workspace, "2022-10-01"), { body: { location: "eastus" } }), 201);
    const atGroup = roleAssignmentPath(gone, "dddddddd-0000-4000-8000-00000000ac74");
    const atResource = roleAssignmentPath(workspace, "dddddddd-0000-4000-8000-00000000ac75");
    const elsewhere = roleAssignmentPath(stays, "dddddddd-0000-4000-8000-00000000ac76");
    await assignRole(emu, p.objectId, "Reader", gone, "dddddddd-0000-4000-8000-00000000ac74");
    await assignRole(emu, p.objectId, "Reader", workspace, "dddddddd-0000-4000-8000-00000000ac75");
    await assignRole(emu, p.objectId, "Reader", stays, "dddddddd-0000-4000-8000-00000000ac76");
    const pa = assignmentPath(gone, "allowed-locations");
    const kept = assignmentPath(stays, "allowed-locations");
    assertStatus(await emu.request("PUT", q(pa, POLICY_API), { body: allowedLocations(gone) }), 201);
    assertStatus(await emu.request("PUT", q(kept, POLICY_API), { body: allowedLocations(stays) }), 201);
    const ex = exemptionPath(gone, "waiver");
    assertStatus(await emu.request("PUT", q(ex, EXEMPTION_API), { body: { properties: { policyAssignmentId: pa, exemptionCategory: "Waiver" } } }), 201);
    // The principal reads the group through its assignment, until the group goes.
    assertStatus(await emu.request("GET", q(gone, RG_API), { auth: p.token }), 200);

    const result = await deleteGroup("rg-gone");
    assert.equal(result.status, 200, result.text);
    const listed = await emu.request("GET", q(`${S}${AUTH}/roleAssignments`, AUTH_API));
    const ids = (listed.json.value as any[]).map((a) => a.id.toLowerCase());
    assert.ok(!ids.includes(atGroup.toLowerCase()) && !ids.includes(atResource.toLowerCase()), "the group's role assignments are gone");
    assert.ok(ids.includes(elsewhere.toLowerCase()), "another group's stays");
    const policies = await emu.request("GET", q(`${S}${AUTH}/policyAssignments`, POLICY_API));
    assert.deepEqual((policies.json.value as any[]).map((a) => a.id.toLowerCase()).filter((id) => id.includes("/resourcegroups/rg-")), [kept.toLowerCase()]);
    const exemptions = await emu.request("GET", q(`${S}${AUTH}/policyExemptions`, EXEMPTION_API));
    assert.equal((exemptions.json.value as any[]).filter((e) => e.id.toLowerCase() === ex.toLowerCase()).length, 0);
    // A group of the same name, made again, starts with no role for the principal (RBAC's index follows).
    await emu.createGroup("rg-gone");
    const refused = await emu.request("GET", q(gone, RG_API), { auth: p.token });
    assertStatus(refused, 403);
    assert.equal(refused.json.error.message, authorizationFailed(p.objectId, "Microsoft.Resources/subscriptions/resourceGroups/read", gone));
  });

  test("a group delete that fails (its cluster's node resource group is locked) leaves the group's assignments in place", async () => {
    await emu.createGroup("rg-kept");
    await createCluster(emu, "rg-kept", "c1");
    const group = rgPath("rg-kept");
    const pa = assignmentPath(group, "allowed-locations");
    assertStatus(await emu.request("PUT", q(pa, POLICY_API), { body: allowedLocations(group) }), 201);
    const node = rgPath("MC_rg-kept_c1_eastus");
    const lock = `${node}${AUTH}/locks/mc-lock`;
    assertStatus(await emu.request("PUT", q(lock, LOCK_API), { body: { properties: { level: "CanNotDelete" } } }), 201);
    const result = await deleteGroup("rg-kept");
    assert.equal(result.status, 409, result.text);
    assert.equal(result.json.error.code, "ScopeLocked");
    assertStatus(await emu.request("GET", q(pa, POLICY_API)), 200);
    assertStatus(await emu.request("DELETE", q(lock, LOCK_API)), 200);
  });

  test("a lock on the group refuses its delete at ARM's gate (ScopeLocked); nothing of it goes", async () => {
    await emu.createGroup("rg-locked");
    const group = rgPath("rg-locked");
    const lock = `${group}${AUTH}/locks/keep`;
    assertStatus(await emu.request("PUT", q(lock, LOCK_API), { body: { properties: { level: "CanNotDelete" } } }), 201);
    const del = await emu.request("DELETE", q(group, RG_API));
    assertStatus(del, 409);
    assert.deepEqual(del.json.error, { code: "ScopeLocked", message: `The scope '${group}' cannot perform delete operation because following scope(s) are locked: '${group}'. Please remove the lock and try again.` });
    assertStatus(await emu.request("GET", q(lock, LOCK_API)), 200);
  });
});
