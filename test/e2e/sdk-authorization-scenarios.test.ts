// The authorization-failed scenario through the official clients: the principal it makes
// (@azure/identity with its credentials) reads the cluster and is refused its scale with 403
// AuthorizationFailed (ERROR-TEXTS.md §13); the refusal is in the activity log (@azure/arm-monitor
// is not installed: the log is read over REST) and the authorization-failed detector names it;
// @azure/arm-authorization assigns the remedy's role, and the principal's scale then succeeds.
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, SUB, TENANT, type Emulator } from "../support/emulator.js";
import { authorizationFailed, ROLES } from "../support/rbac.js";
import { credentialFor, FAST } from "../support/sdk.js";

const RG = "rg-sdk-authz";
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;
const POOL = { name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" as const };

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  const aks = new ContainerServiceClient(credentialFor(emu), SUB, { endpoint: emu.url });
  await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", { location: "eastus", dnsPrefix: "c1", agentPoolProfiles: [POOL] }, FAST);
});
after(() => emu.close());

test("authorization-failed: the scenario's principal is refused its scale (403, exact text, logged, detected); a role assignment through the SDK, then the same scale succeeds", async () => {
  const res = await emu.request("POST", "/_aksemu/scenarios/authorization-failed", { body: { resourceGroup: RG, cluster: "c1" } });
  assert.equal(res.status, 200, res.text);
  const p = res.json.applied.principal as { clientId: string; clientSecret: string; objectId: string };
  const credential = new ClientSecretCredential(TENANT, p.clientId, p.clientSecret, { authorityHost: emu.url, disableInstanceDiscovery: true });
  const itsAks = new ContainerServiceClient(credential, SUB, { endpoint: emu.url });

  const cluster = await itsAks.managedClusters.get(RG, "c1");
  assert.equal(cluster.provisioningState, "Succeeded", "Reader reads the cluster");
  const scaled = { ...cluster, agentPoolProfiles: [{ ...POOL, count: 2 }] };
  await assert.rejects(itsAks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", scaled, FAST), (e: any) => {
    assert.equal(e.statusCode, 403);
    assert.equal(e.code, "AuthorizationFailed");
    assert.equal(e.message, authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/write", CLUSTER));
    return true;
  });
  const filter = `eventTimestamp ge '2000-01-01T00:00:00Z' and resourceUri eq '${CLUSTER}' and status eq 'Failed'`;
  const log = await emu.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assert.deepEqual((log.json.value as any[]).map((e) => [e.caller, e.operationName.value, JSON.parse(e.properties.statusMessage).error.code]), [[p.objectId, "Microsoft.ContainerService/managedClusters/write", "AuthorizationFailed"]]);
  const detector = await emu.request("GET", `${CLUSTER}/detectors/authorization-failed?api-version=2024-08-01`);
  assert.equal(detector.json.properties.status.statusId, 0, "Critical");

  const auth = new AuthorizationManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  await auth.roleAssignments.create(CLUSTER, "ffffffff-0000-4000-8000-0000000000d1", {
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES["Azure Kubernetes Service Contributor Role"]}`,
    principalId: p.objectId,
    principalType: "ServicePrincipal",
  });
  const done = await itsAks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", scaled, FAST);
  assert.deepEqual([done.provisioningState, done.agentPoolProfiles?.[0]?.count], ["Succeeded", 2]);
  const after = await emu.request("GET", `${CLUSTER}/detectors/authorization-failed?api-version=2024-08-01`);
  assert.equal(after.json.properties.status.statusId, 3, "Success after the retry");
});
