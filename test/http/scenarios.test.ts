// Seed 002's scenarios over HTTP (/_aksemu/scenarios): each puts the world into a row's state, the
// user meets the refusal or failed operation with its exact code and text, the activity log holds
// the Failed event (where ARM's gate did not refuse first), and the row's remedy brings the cluster
// back to Succeeded. Expected texts are literals (ERROR-TEXTS.md and the samples named in the catalog).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, apPath, assertAksError, assertGatewayError, assertStatus, assertWrapped, clusterBody, createCluster, mcPath, q, refreshing, rgPath, systemPool, putToEnd } from "./helpers.js";

const LOG = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values`;
const COMPUTE_API = "2026-03-01";
const PROVIDERS_API = "2022-09-01";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
});
after(() => emu.close());

const now = async () => Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
const scenario = async (name: string, body?: unknown) => emu.request("POST", `/_aksemu/scenarios/${name}`, body === undefined ? {} : { body });
const applied = async (name: string, body?: unknown) => {
  const res = await scenario(name, body);
  assertStatus(res, 200);
  return res.json;
};
/** The Failed events since `t0` (ActivityLogs_List with the seed's filter), on one resource. */
async function failedEvents(t0: number, resourceId: string): Promise<any[]> {
  const filter = `eventTimestamp ge '${new Date(t0).toISOString()}' and status eq 'Failed'`;
  const res = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assertStatus(res, 200);
  return (res.json.value as any[]).filter((e) => String(e.resourceId).toLowerCase().startsWith(resourceId.toLowerCase()));
}
const putPool = (rg: string, name: string, pool: string, properties: Record<string, unknown>) => putToEnd(emu, apPath(rg, name, pool), { properties });
const putCluster = (rg: string, name: string, body: unknown) => putToEnd(emu, mcPath(rg, name), body);
const state = async (rg: string, name: string) => (await emu.request("GET", q(mcPath(rg, name)))).json.properties.provisioningState;
const poolState = async (rg: string, name: string, pool: string) => (await emu.request("GET", q(apPath(rg, name, pool)))).json.properties.provisioningState;
const register = async (namespace: string) => {
  assertStatus(await emu.request("POST", q(`/subscriptions/${SUB}/providers/${namespace}/register`, PROVIDERS_API)), 200);
  await advance(emu, "PT10S");
  assert.equal((await emu.request("GET", q(`/subscriptions/${SUB}/providers/${namespace}`, PROVIDERS_API))).json.registrationState, "Registered");
};

describe("the scenario list and bad requests", () => {
  test("GET lists every scenario with its seed row and remedy", async () => {
    const res = await emu.request("GET", "/_aksemu/scenarios");
    assertStatus(res, 200);
    const names = (res.json.value as any[]).map((s) => s.name);
    assert.deepEqual(names, [
      "quota-exceeded-on-scale", "public-ip-limit", "zonal-allocation-failed", "subscription-disabled", "provider-not-registered",
      "compute-provider-not-registered", "network-provider-not-registered", "subnet-full", "outbound-blocked-by-nsg", "virtual-network-blocked-dns", "virtual-network-blocked-firewall", "infrastructure-transient", "node-vm-failed-disk-detach",
      "log-analytics-workspace-missing", "load-balancer-reference-missing", "private-dns-zone-missing", "private-dns-link-overlap", "pdb-blocks-drain", "kube-system-pods-pending", "node-resource-group-locked", "policy-denies-node-resource-group", "policy-denies-node-scale-set",
      "authorization-failed", "linked-authorization-failed", "run-command-pod-cannot-start", "run-command-blocked-by-policy", "run-command-forbidden", "cloud-shell-msi-unavailable",
    ]);
    const quota = res.json.value[0];
    assert.equal(quota.seed.symptom, "QuotaExceeded error");
    assert.ok(quota.remedy.some((r: string) => r.startsWith("az vm list-usage")));
  });

  test("an unknown name is a 404, a bad body a 400, a missing cluster a 404; nothing is written", async () => {
    assertWrapped(await scenario("nope"), "NotFound", /^No scenario 'nope'\. Known: quota-exceeded-on-scale, /);
    assertStatus(await scenario("nope"), 404);
    assertStatus(await scenario("node-vm-failed-disk-detach", { resourceGroup: "rg1", cluster: "x" }), 404);
    const noCluster = await scenario("quota-exceeded-on-scale");
    assertStatus(noCluster, 400);
    assertWrapped(noCluster, "BadRequest", `'quota-exceeded-on-scale' applies to one cluster: give {"resourceGroup": "<group>", "cluster": "<name>"}.`);
    assertWrapped(await scenario("quota-exceeded-on-scale", { resourceGroup: "rg1", cluster: "c1", zone: "1" }), "BadRequest", "Unknown field(s) 'zone': 'quota-exceeded-on-scale' takes 'subscriptionId', 'resourceGroup', 'cluster', 'pool'.");
    assertWrapped(await scenario("subscription-disabled", { resourceGroup: "rg1" }), "BadRequest", "Unknown field(s) 'resourceGroup': 'subscription-disabled' takes 'subscriptionId'.");
    assertWrapped(await scenario("quota-exceeded-on-scale", { resourceGroup: "rg1", cluster: 5 }), "BadRequest", "'cluster' must be a non-empty string, got 5.");
    const missing = await scenario("quota-exceeded-on-scale", { resourceGroup: "rg1", cluster: "ghost" });
    assertStatus(missing, 404);
    assertWrapped(missing, "NotFound", "No managed cluster 'ghost' in resource group 'rg1'.");
    assert.equal((await emu.request("GET", "/_aksemu/subscriptions")).json.value[0].state, "Enabled");
  });
});

// Compute's quota text (ERROR-TEXTS.md §3, as test/http/compute.test.ts spells it).
const quotaText = (o: { limit: number; usage: number; required: number }) =>
  `Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: ${o.limit}, Current Usage: ${o.usage}, Additional Required: ${o.required}, (Minimum) New Limit Required: ${o.usage + o.required}. Setup Alerts when Quota reaches threshold. Learn more at https://aka.ms/quotamonitoringalerting . Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/%7B%22subscriptionId%22:%22${SUB}%22,%22command%22:%22openQuotaApprovalBlade%22,%22quotas%22:[%7B%22location%22:%22eastus%22,%22providerId%22:%22Microsoft.Compute%22,%22resourceName%22:%22cores%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:${o.usage + o.required},%22unit%22:%22Count%22,%22name%22:%7B%22value%22:%22cores%22%7D%7D%7D%7D]%7D by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests`;

describe("seed 002 scenarios", () => {
  after(async () => {
    await emu.request("DELETE", "/_aksemu/compute/quotas/eastus");
    await emu.request("DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3");
  });
  test("quota-exceeded-on-scale: a scale fails with QuotaExceeded; raising the quota and reconciling the unchanged cluster succeeds", async () => {
    await createCluster(emu, "rg1", "cq", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 2 })] } }));
    const first = await applied("quota-exceeded-on-scale", { resourceGroup: "rg1", cluster: "cq" });
    const again = await applied("quota-exceeded-on-scale", { resourceGroup: "rg1", cluster: "cq" });
    assert.deepEqual(again.applied, first.applied, "idempotent");
    const used: number = first.applied.currentUsage;
    assert.deepEqual(first.applied, { location: "eastus", quota: "cores", limit: used, currentUsage: used });
    const t0 = await now();
    const failed = await putPool("rg1", "cq", "nodepool1", { count: 3, mode: "System", vmSize: "Standard_DS2_v2" });
    const vmss = (await emu.request("GET", q(`${rgPath("MC_rg1_cq_eastus")}/providers/Microsoft.Compute/virtualMachineScaleSets`, COMPUTE_API))).json.value[0];
    const message = `Create or update VMSS ${vmss.id} failed. ${quotaText({ limit: used, usage: used, required: 2 })}`;
    assert.deepEqual([failed.status, failed.error.code, failed.error.message], ["Failed", "QuotaExceeded", message]);
    const events = await failedEvents(t0, mcPath("rg1", "cq"));
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.deepEqual(JSON.parse(events[0].properties.statusMessage).error.code, "QuotaExceeded");
    assert.equal(await poolState("rg1", "cq", "nodepool1"), "Failed");

    assertStatus(await emu.request("PUT", "/_aksemu/compute/quotas/eastus", { body: { limits: { cores: 100 } } }), 200);
    const body = clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 3 })] } });
    assert.equal((await putCluster("rg1", "cq", body)).status, "Succeeded");
    assert.equal(await state("rg1", "cq"), "Succeeded");
    assert.equal(await poolState("rg1", "cq", "nodepool1"), "Succeeded");
    assertStatus(await emu.request("DELETE", "/_aksemu/compute/quotas/eastus"), 204);
  });

  test("zonal-allocation-failed: a scale fails with ZonalAllocationFailed; freeing capacity and reconciling succeeds", async () => {
    await createCluster(emu, "rg1", "cz", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 3, vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] })] } }));
    const res = await applied("zonal-allocation-failed", { resourceGroup: "rg1", cluster: "cz" });
    assert.deepEqual(res.applied, { pool: "nodepool1", location: "eastus", vmSize: "Standard_D4s_v3", zones: { "1": 0, "2": 0, "3": 0 } });
    const t0 = await now();
    const failed = await putPool("rg1", "cz", "nodepool1", { count: 4, mode: "System", vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] });
    assert.deepEqual([failed.status, failed.error.code, failed.error.message], [
      "Failed", "ZonalAllocationFailed",
      "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at https://aka.ms/allocation-guidance. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure. If the error is due to capacity constrain, consider upgrade with maxUnavailable instead of maxSurge, details: aka.ms/aks/maxUnavailable.",
    ]);
    assert.equal((await failedEvents(t0, mcPath("rg1", "cz"))).length, 1);
    assert.equal(await poolState("rg1", "cz", "nodepool1"), "Failed");

    assertStatus(await emu.request("DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3"), 204);
    const body = clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 4, vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] })] } });
    assert.equal((await putCluster("rg1", "cz", body)).status, "Succeeded");
    assert.equal(await state("rg1", "cz"), "Succeeded");
  });

  test("zonal-allocation-failed needs a zonal pool: a 400 that says so", async () => {
    await createCluster(emu, "rg1", "cr");
    assertWrapped(await scenario("zonal-allocation-failed", { resourceGroup: "rg1", cluster: "cr" }), "BadRequest", "'zonal-allocation-failed' needs a zonal pool: no agent pool of 'cr' has no availabilityZones.");
    assertWrapped(await scenario("zonal-allocation-failed", { resourceGroup: "rg1", cluster: "cr", pool: "nodepool1" }), "BadRequest", "'zonal-allocation-failed' needs a zonal pool: agent pool 'nodepool1' has no availabilityZones.");
  });

  test("subscription-disabled: writes are refused (ReadOnlyDisabledSubscription) at ARM's gate; re-enabling and reconciling succeeds", async () => {
    assert.deepEqual((await applied("subscription-disabled")).applied, { subscriptionId: SUB, state: "Disabled" });
    await applied("subscription-disabled");
    assertGatewayError(await emu.request("PUT", q(mcPath("rg1", "cr")), { body: clusterBody() }), 409, "ReadOnlyDisabledSubscription",
      `The subscription '${SUB}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`);
    assertStatus(await emu.request("GET", q(mcPath("rg1", "cr"))), 200);
    assertStatus(await emu.request("PUT", `/_aksemu/subscriptions/${SUB}`, { body: { state: "Enabled" } }), 200);
    assert.equal((await putCluster("rg1", "cr", clusterBody())).status, "Succeeded");
  });

  test("provider-not-registered: Microsoft.ContainerService is refused (MissingSubscriptionRegistration) until registered", async () => {
    assert.deepEqual((await applied("provider-not-registered")).applied, { namespace: "Microsoft.ContainerService", registrationState: "Unregistered" });
    assertGatewayError(await emu.request("PUT", q(mcPath("rg1", "cr")), { body: clusterBody() }), 409, "MissingSubscriptionRegistration",
      "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.");
    await register("Microsoft.ContainerService");
    assert.equal((await putCluster("rg1", "cr", clusterBody())).status, "Succeeded");
  });

  for (const [name, namespace, text] of [
    ["compute-provider-not-registered", "Microsoft.Compute", 'autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription is not registered."'],
    ["network-provider-not-registered", "Microsoft.Network", `autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription ${SUB} is not registered with NRP." Details=[]`],
  ] as const) {
    test(`${name}: AKS refuses node writes with SubscriptionNotRegistered (logged Failed); registering ${namespace} and reconciling succeeds`, async () => {
      assert.deepEqual((await applied(name)).applied, { namespace, registrationState: "Unregistered" });
      assert.equal((await emu.request("GET", q(`/subscriptions/${SUB}/providers/${namespace}`, PROVIDERS_API))).json.registrationState, "Unregistered");
      const t0 = await now();
      assertAksError(await emu.request("PUT", q(apPath("rg1", "cr", "nodepool1")), { body: { properties: { count: 4, mode: "System", vmSize: "Standard_DS2_v2" } } }), 409, "SubscriptionNotRegistered", text, null);
      assertAksError(await emu.request("PUT", q(mcPath("rg1", "cr")), { body: clusterBody() }), 409, "SubscriptionNotRegistered", text, null);
      const events = await failedEvents(t0, mcPath("rg1", "cr"));
      assert.equal(events.length, 2, JSON.stringify(events));
      assert.equal(JSON.parse(events[0].properties.statusMessage).code, "SubscriptionNotRegistered");
      // Reads and deletes stay open.
      assertStatus(await emu.request("GET", q(mcPath("rg1", "cr"))), 200);
      await register(namespace);
      assert.equal((await putCluster("rg1", "cr", clusterBody())).status, "Succeeded");
    });
  }

  test("node-vm-failed-disk-detach (Scenario 2): a node VM Failed as a partial detach leaves it; az vmss update-instances (manualupgrade) repairs it", async () => {
    await createCluster(emu, "rg1", "cvm");
    const res = await applied("node-vm-failed-disk-detach", { resourceGroup: "rg1", cluster: "cvm" });
    const vm = `${String(res.applied.scaleSet)}/virtualMachines/${String(res.applied.instanceId)}`;
    const failed = await emu.request("GET", q(`${vm}/instanceView`, COMPUTE_API));
    assertStatus(failed, 200);
    assert.equal(failed.json.statuses[0].code, "ProvisioningState/failed/AttachDiskWhileBeingDetached");
    assert.match(failed.json.statuses[0].message, /^Cannot attach data disk '.+' to VM '.+' because the disk is currently being detached or the last detach operation failed\./);
    assert.equal((await emu.request("GET", q(vm, COMPUTE_API))).json.properties.provisioningState, "Failed");
    const upgrade = await emu.request("POST", q(`${String(res.applied.scaleSet)}/manualupgrade`, COMPUTE_API), { body: { instanceIds: [String(res.applied.instanceId)] } });
    assertStatus(upgrade, 202);
    await advance(emu, "PT1M");
    assert.equal((await emu.request("GET", q(vm, COMPUTE_API))).json.properties.provisioningState, "Succeeded");
  });

  test("infrastructure-transient: the next operation fails once (ReconcileVMSSAgentPoolFailed); reconciling the pool and the cluster succeeds", async () => {
    const res = await applied("infrastructure-transient", { resourceGroup: "rg1", cluster: "cr" });
    const again = await applied("infrastructure-transient", { resourceGroup: "rg1", cluster: "cr" });
    assert.equal(again.applied.faultId, res.applied.faultId);
    assert.equal((await emu.request("GET", "/_aksemu/faults")).json.value.filter((f: any) => f.id === res.applied.faultId).length, 1, "one fault, replaced");
    const t0 = await now();
    const failed = await putCluster("rg1", "cr", clusterBody());
    assert.deepEqual([failed.status, failed.error.code, failed.error.message], ["Failed", "ReconcileVMSSAgentPoolFailed", "Internal server error"]);
    assert.equal(await state("rg1", "cr"), "Failed");
    assert.equal((await failedEvents(t0, mcPath("rg1", "cr"))).length, 1);
    assert.equal((await putPool("rg1", "cr", "nodepool1", { count: 3, mode: "System", vmSize: "Standard_DS2_v2" })).status, "Succeeded");
    assert.equal((await putCluster("rg1", "cr", clusterBody())).status, "Succeeded");
    assert.equal(await state("rg1", "cr"), "Succeeded");
  });
  test("log-analytics-workspace-missing: needs the monitoring addon (400); deletes its workspace, the next cluster PUT fails with GetLogAnalyticsWorkspaceError; re-creating the workspace and reconciling succeeds", async () => {
    assertWrapped(await scenario("log-analytics-workspace-missing", { resourceGroup: "rg1", cluster: "cr" }), "BadRequest",
      "'log-analytics-workspace-missing' needs the monitoring addon: managed cluster 'cr' has no enabled addonProfiles.omsagent with a logAnalyticsWorkspaceResourceID (az aks enable-addons -a monitoring --workspace-resource-id <id>).");
    const ws = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/logs1`;
    assertStatus(await emu.request("PUT", q(ws, "2022-10-01"), { body: { location: "eastus" } }), 201);
    const body = clusterBody({ properties: { addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: ws } } } } });
    assert.equal((await putCluster("rg1", "cr", body)).status, "Succeeded");
    const res = await applied("log-analytics-workspace-missing", { resourceGroup: "rg1", cluster: "cr" });
    assert.deepEqual(res.applied, { workspace: ws, resourceId: mcPath("rg1", "cr") });
    assert.deepEqual((await applied("log-analytics-workspace-missing", { resourceGroup: "rg1", cluster: "cr" })).applied, res.applied, "idempotent");
    assertStatus(await emu.request("GET", q(ws, "2022-10-01")), 404);
    const t0 = await now();
    const failed = await putCluster("rg1", "cr", body);
    assert.deepEqual([failed.status, failed.error.code, failed.error.message], [
      "Failed", "GetLogAnalyticsWorkspaceError",
      `Unable to get log analytics workspace info. Resource ID: ${ws.toLowerCase()}. Details: autorest/azure: Service returned an error. Status=404 Code="ResourceNotFound" Message="The Resource 'Microsoft.OperationalInsights/workspaces/logs1' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`,
    ]);
    assert.equal(await state("rg1", "cr"), "Failed");
    assert.equal((await failedEvents(t0, mcPath("rg1", "cr"))).length, 1);
    assertStatus(await emu.request("PUT", q(ws, "2022-10-01"), { body: { location: "eastus" } }), 201);
    assert.equal((await putCluster("rg1", "cr", body)).status, "Succeeded");
    assert.equal(await state("rg1", "cr"), "Succeeded");
  });
});
