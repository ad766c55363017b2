// Microsoft.OperationalInsights over HTTP: Log Analytics workspaces (PUT, PATCH, GET, lists, shared
// keys, soft and forced DELETE, bad input), and AKS's monitoring addon (addonProfiles.omsagent)
// pointing at a workspace that is gone: the cluster PUT (upgrade, scale, reconcile, create) fails
// at its first step with GetLogAnalyticsWorkspaceError, the cluster is Failed, the activity log
// holds the Failed event; re-creating the workspace or disabling the addon, then reconciling,
// brings it back to Succeeded. Expected texts are literals (ERROR-TEXTS.md §12, the catalogs' samples).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assertGatewayError, assertStatus, assertWrapped, clusterBody, createCluster, finish, GUID, header, mcPath, putToEnd, q, refreshing, rgPath } from "./helpers.js";

const OI_API = "2022-10-01";
const LOG = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values`;
const wsPath = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
const wsId = (rg: string, name: string) => `/subscriptions/${SUB}/resourcegroups/${rg}/providers/microsoft.operationalinsights/workspaces/${name}`.toLowerCase();
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await emu.createGroup("rg-logs");
});
after(() => emu.close());

const putWs = (rg: string, name: string, body: unknown = { location: "eastus" }, api = OI_API) => emu.request("PUT", q(wsPath(rg, name), api), { body });
const getWs = (rg: string, name: string) => emu.request("GET", q(wsPath(rg, name), OI_API));
const delWs = (rg: string, name: string, force = false) => emu.request("DELETE", q(`${wsPath(rg, name)}${force ? "?force=true" : ""}`, OI_API));
const now = async () => Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
const state = async (name: string) => (await emu.request("GET", q(mcPath("rg1", name)))).json.properties.provisioningState;

/** The cluster with the monitoring addon sending to `workspace` (its id as az passes it). */
const monitored = (workspace: string, extra: Record<string, unknown> = {}) =>
  clusterBody({ properties: { ...extra, addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace } } } } });
const idAsGiven = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${name}`;

// ERROR-TEXTS §12 (Azure/AKS#1380's text, with the code and lower-cased id of terraform-azurerm-aks#90), quoting the workspace's 404.
const workspaceError = (rg: string, name: string) =>
  `Unable to get log analytics workspace info. Resource ID: ${wsId(rg, name)}. Details: autorest/azure: Service returned an error. Status=404 Code="ResourceNotFound" Message="The Resource 'Microsoft.OperationalInsights/workspaces/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`;

async function failedEvents(t0: number, resourceId: string): Promise<any[]> {
  const filter = `eventTimestamp ge '${new Date(t0).toISOString()}' and status eq 'Failed'`;
  const res = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assertStatus(res, 200);
  return (res.json.value as any[]).filter((e) => String(e.resourceId).toLowerCase() === resourceId.toLowerCase());
}

describe("Log Analytics workspaces", () => {
  test("PUT creates (201) in WorkspacesGet.json's shape; PUT again updates (200) and keeps the customerId; GET, lists and shared keys", async () => {
    const created = await putWs("rg-logs", "Logs-One", { location: "East US", tags: { team: "a" }, properties: { sku: { name: "pergb2018" }, retentionInDays: 60 } });
    assertStatus(created, 201);
    const w = created.json;
    assert.deepEqual(Object.keys(w), ["properties", "id", "name", "type", "location", "tags", "etag"]);
    assert.deepEqual([w.id, w.name, w.type, w.location, w.tags], [wsId("rg-logs", "logs-one"), "Logs-One", "Microsoft.OperationalInsights/workspaces", "eastus", { team: "a" }]);
    assert.match(w.properties.customerId, GUID);
    assert.equal(w.properties.provisioningState, "Succeeded");
    assert.equal(w.properties.sku.name, "PerGB2018");
    assert.match(w.properties.sku.lastSkuUpdate, RFC1123);
    assert.match(w.properties.createdDate, RFC1123);
    assert.deepEqual([w.properties.retentionInDays, w.properties.publicNetworkAccessForIngestion, w.properties.publicNetworkAccessForQuery], [60, "Enabled", "Enabled"]);
    assert.deepEqual(w.properties.workspaceCapping.dailyQuotaGb, -1);

    const again = await putWs("rg-logs", "logs-one", { location: "eastus" });
    assertStatus(again, 200);
    assert.deepEqual([again.json.properties.customerId, again.json.name, again.json.properties.retentionInDays], [w.properties.customerId, "Logs-One", 60]);
    const patched = await emu.request("PATCH", q(wsPath("rg-logs", "logs-one"), OI_API), { body: { properties: { retentionInDays: 90 }, tags: { team: "b" } } });
    assertStatus(patched, 200);
    assert.deepEqual([patched.json.properties.retentionInDays, patched.json.tags], [90, { team: "b" }]);

    assert.equal((await getWs("rg-logs", "LOGS-ONE")).json.properties.customerId, w.properties.customerId);
    await putWs("rg-logs", "logs-two");
    const byGroup = await emu.request("GET", q(`${rgPath("rg-logs")}/providers/Microsoft.OperationalInsights/workspaces`, OI_API));
    assert.deepEqual(byGroup.json.value.map((x: any) => x.name), ["Logs-One", "logs-two"]);
    const bySub = await emu.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.OperationalInsights/workspaces`, OI_API));
    assert.ok(bySub.json.value.some((x: any) => x.name === "logs-two"));
    assert.equal(bySub.json.nextLink, undefined);
    const keys = await emu.request("POST", q(`${wsPath("rg-logs", "logs-one")}/sharedKeys`, "2020-08-01"));
    assertStatus(keys, 200);
    assert.deepEqual(Object.keys(keys.json), ["primarySharedKey", "secondarySharedKey"]);
    assert.match(keys.json.primarySharedKey, /^[A-Za-z0-9+/]{86}==$/);
    assert.notEqual(keys.json.primarySharedKey, keys.json.secondarySharedKey);
  });

  test("DELETE is soft: GET is ResourceNotFound, re-creating recovers the same customerId; force=true deletes for good; a second DELETE is 204", async () => {
    const { customerId } = (await putWs("rg-logs", "logs-soft")).json.properties;
    assertStatus(await delWs("rg-logs", "logs-soft"), 200);
    assertGatewayError(await getWs("rg-logs", "logs-soft"), 404, "ResourceNotFound", "The Resource 'Microsoft.OperationalInsights/workspaces/logs-soft' under resource group 'rg-logs' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    assertStatus(await delWs("rg-logs", "logs-soft"), 204);
    const back = await putWs("rg-logs", "logs-soft");
    assertStatus(back, 201);
    assert.equal(back.json.properties.customerId, customerId);
    assertStatus(await delWs("rg-logs", "logs-soft", true), 200);
    assert.notEqual((await putWs("rg-logs", "logs-soft")).json.properties.customerId, customerId);
  });

  test("bad input: names, location, sku, a missing group, an unknown api-version; nothing is written", async () => {
    assertWrapped(await putWs("rg-logs", "bad_name"), "InvalidParameter", /^Workspace name must start and end with an alphanumeric character, and may contain only alphanumeric and hyphen characters\. Operation Id: '[0-9a-f]{32}'$/);
    assertWrapped(await putWs("rg-logs", "abc"), "InvalidParameter", /^The workspace name must be between 4 and 63 characters\. Operation Id: '[0-9a-f]{32}'$/);
    const noLocation = await putWs("rg-logs", "logs-x", { properties: {} });
    assertStatus(noLocation, 400);
    assertWrapped(noLocation, "LocationRequired", "The location property is required for this definition.");
    assertWrapped(await putWs("rg-logs", "logs-x", { location: "eastus", properties: { sku: { name: "Gold" } } }), "InvalidParameter", /^The value of 'properties\.sku\.name' is invalid: it must be one of Free, Standard, Premium, PerNode, PerGB2018, Standalone, CapacityReservation, LACluster\. Operation Id: '[0-9a-f]{32}'$/);
    assertWrapped(await putWs("rg-logs", "logs-x", { location: "eastus", properties: { retentionInDays: 5000 } }), "InvalidParameter", /^The value of 'properties\.retentionInDays' is invalid: it must be a whole number of days from 7 to 730\./);
    assertGatewayError(await putWs("rg-nowhere", "logs-x"), 404, "ResourceGroupNotFound", "Resource group 'rg-nowhere' could not be found.");
    assertGatewayError(await getWs("rg-logs", "logs-x"), 404, "ResourceNotFound", /^The Resource 'Microsoft\.OperationalInsights\/workspaces\/logs-x' under resource group 'rg-logs' was not found\./);
    const oldApi = await putWs("rg-logs", "logs-x", { location: "eastus" }, "2019-01-01");
    assertGatewayError(oldApi, 400, "NoRegisteredProviderFound", /^No registered resource provider found for location 'eastus' and API version '2019-01-01' for type 'workspaces'\. The supported api-versions are '2015-11-01-preview, 2020-03-01-preview, 2020-08-01, 2020-10-01, 2021-06-01, 2021-12-01-preview, 2022-10-01, 2023-09-01, 2025-02-01, 2025-07-01, 2026-03-01'\./);
  });
});

describe("the monitoring addon and a workspace that is gone", () => {
  test("upgrade and scale fail with GetLogAnalyticsWorkspaceError (cluster Failed, a Failed event); re-creating the workspace and reconciling succeeds", async () => {
    await putWs("rg-logs", "aks-logs");
    const ws = idAsGiven("rg-logs", "aks-logs");
    await createCluster(emu, "rg1", "mon", monitored(ws));
    assert.equal((await emu.request("GET", q(mcPath("rg1", "mon")))).json.properties.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID, ws);
    assertStatus(await delWs("rg-logs", "aks-logs"), 200);

    const t0 = await now();
    const upgrade = await putToEnd(emu, mcPath("rg1", "mon"), monitored(ws, { kubernetesVersion: "1.34" }));
    assert.deepEqual([upgrade.status, upgrade.error.code, upgrade.error.message], ["Failed", "GetLogAnalyticsWorkspaceError", workspaceError("rg-logs", "aks-logs")]);
    const mc = (await emu.request("GET", q(mcPath("rg1", "mon")))).json.properties;
    // It failed first: nothing was upgraded.
    assert.deepEqual([mc.provisioningState, mc.currentKubernetesVersion], ["Failed", "1.33.3"]);
    const events = await failedEvents(t0, mcPath("rg1", "mon"));
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(JSON.parse(events[0].properties.statusMessage).error.code, "GetLogAnalyticsWorkspaceError");

    // The failed upgrade stays asked for (the spec says 1.34): the scale sends it as az would.
    const scale = await putToEnd(emu, mcPath("rg1", "mon"), monitored(ws, { kubernetesVersion: "1.34", agentPoolProfiles: [{ name: "nodepool1", count: 4, vmSize: "Standard_DS2_v2", mode: "System" }] }));
    assert.deepEqual([scale.status, scale.error.code], ["Failed", "GetLogAnalyticsWorkspaceError"]);
    assert.equal(await state("mon"), "Failed");

    // Remedy: the workspace again (recovered), then the reconcile (the unchanged cluster).
    assertStatus(await putWs("rg-logs", "aks-logs"), 201);
    assert.equal((await putToEnd(emu, mcPath("rg1", "mon"), monitored(ws, { kubernetesVersion: "1.34", agentPoolProfiles: [{ name: "nodepool1", count: 4, vmSize: "Standard_DS2_v2", mode: "System" }] }))).status, "Succeeded");
    const healed = (await emu.request("GET", q(mcPath("rg1", "mon")))).json.properties;
    assert.deepEqual([healed.provisioningState, healed.currentKubernetesVersion, healed.agentPoolProfiles[0].count], ["Succeeded", "1.34.1", 4]);
  });

  test("disabling the addon is the other remedy; a workspace whose group is gone words ResourceGroupNotFound", async () => {
    await emu.createGroup("rg-gone");
    await putWs("rg-gone", "gone-logs");
    const ws = idAsGiven("rg-gone", "gone-logs");
    await createCluster(emu, "rg1", "mon2", monitored(ws));
    assertStatus(await emu.request("DELETE", q(rgPath("rg-gone"), "2021-04-01")), 202);
    await emu.advance("PT5M");
    const failed = await putToEnd(emu, mcPath("rg1", "mon2"), monitored(ws));
    assert.equal(failed.error.message, `Unable to get log analytics workspace info. Resource ID: ${wsId("rg-gone", "gone-logs")}. Details: autorest/azure: Service returned an error. Status=404 Code="ResourceGroupNotFound" Message="Resource group 'rg-gone' could not be found.". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`);
    // az aks disable-addons -a monitoring: the addon off (its config dropped), the PUT reconciles.
    const off = clusterBody({ properties: { addonProfiles: { omsagent: { enabled: false } } } });
    assert.equal((await putToEnd(emu, mcPath("rg1", "mon2"), off)).status, "Succeeded");
    assert.equal(await state("mon2"), "Succeeded");
  });

  test("a create naming a workspace that never existed fails at its first step with nothing built; with the workspace made, the PUT again succeeds", async () => {
    const ws = idAsGiven("rg-logs", "never-made");
    const res = await emu.request("PUT", q(mcPath("rg1", "mon3")), { body: monitored(ws) });
    assertStatus(res, 201);
    const created = await finish(emu, String(header(res, "azure-asyncoperation")));
    assert.deepEqual([created.status, created.error.code, created.error.message], ["Failed", "GetLogAnalyticsWorkspaceError", workspaceError("rg-logs", "never-made")]);
    const groups = await emu.request("GET", q(`/subscriptions/${SUB}/resourcegroups`, "2021-04-01"));
    assert.ok(!groups.json.value.some((g: any) => g.name === "MC_rg1_mon3_eastus"), "no node resource group");
    assertStatus(await putWs("rg-logs", "never-made"), 201);
    assert.equal((await putToEnd(emu, mcPath("rg1", "mon3"), monitored(ws))).status, "Succeeded");
    assert.equal((await emu.request("GET", q(`${mcPath("rg1", "mon3")}/agentPools/nodepool1`))).json.properties.count, 3);
  });
});
