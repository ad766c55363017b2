// Log Analytics and AKS's monitoring addon through the official SDKs (@azure/arm-operationalinsights
// 9.0.0 for the workspace, @azure/arm-containerservice for the cluster), unmodified but for
// endpoint and credential: the workspace is created, read, listed and its keys fetched; the
// cluster enables the addon on it; with the workspace deleted (by the SDK, and by the
// log-analytics-workspace-missing scenario) the cluster's scale fails with
// GetLogAnalyticsWorkspaceError and the cluster is Failed; re-creating the workspace (the same
// customerId: soft delete) or disabling the addon, then a reconcile, brings it back to Succeeded.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ContainerServiceClient, ManagedCluster } from "@azure/arm-containerservice";
import { OperationalInsightsManagementClient } from "@azure/arm-operationalinsights";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { arm, clients, clusterBody } from "./helpers/aks.js";

const RG = "rg-la";
const WS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/aks-logs`;
const TEXT = `Unable to get log analytics workspace info. Resource ID: ${WS.toLowerCase()}. Details: autorest/azure: Service returned an error. Status=404 Code="ResourceNotFound" Message="The Resource 'Microsoft.OperationalInsights/workspaces/aks-logs' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`;

let emu: Emulator;
let aks: ContainerServiceClient;
let la: OperationalInsightsManagementClient;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  aks = clients(emu).client;
  la = new OperationalInsightsManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
});
after(() => emu.close());

const monitored = (count: number, enabled = true): ManagedCluster => ({
  ...clusterBody({ pools: [{ name: "nodepool1", count }] }),
  addonProfiles: { omsagent: enabled ? { enabled: true, config: { logAnalyticsWorkspaceResourceID: WS } } : { enabled: false } },
});
const scaleFails = async (count: number) => {
  await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", monitored(count), FAST), (e: any) => {
    assert.equal(e.message, `The long-running operation has failed. GetLogAnalyticsWorkspaceError. ${TEXT}`);
    return true;
  });
  assert.equal((await aks.managedClusters.get(RG, "c1")).provisioningState, "Failed");
};

describe("Log Analytics and the monitoring addon through the SDKs", () => {
  test("workspaces: create, get, list, shared keys", async () => {
    const created = await la.workspaces.beginCreateOrUpdateAndWait(RG, "aks-logs", { location: "eastus", sku: { name: "PerGB2018" }, retentionInDays: 30 }, FAST);
    assert.deepEqual([created.name, created.provisioningState, created.sku?.name, created.retentionInDays], ["aks-logs", "Succeeded", "PerGB2018", 30]);
    assert.match(created.customerId!, /^[0-9a-f-]{36}$/);
    assert.equal((await la.workspaces.get(RG, "aks-logs")).customerId, created.customerId);
    const listed = [];
    for await (const w of la.workspaces.listByResourceGroup(RG)) listed.push(w.name);
    assert.deepEqual(listed, ["aks-logs"]);
    const keys = await la.sharedKeysOperations.getSharedKeys(RG, "aks-logs");
    assert.equal(keys.primarySharedKey?.length, 88);
  });

  test("the addon on a deleted workspace: the scale fails (GetLogAnalyticsWorkspaceError); the workspace re-created, the same scale succeeds", async () => {
    const mc = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", monitored(1), FAST);
    assert.deepEqual([mc.provisioningState, mc.addonProfiles?.["omsagent"]?.config?.["logAnalyticsWorkspaceResourceID"]], ["Succeeded", WS]);
    const { customerId } = await la.workspaces.get(RG, "aks-logs");
    await la.workspaces.beginDeleteAndWait(RG, "aks-logs", FAST);
    await scaleFails(2);
    const recovered = await la.workspaces.beginCreateOrUpdateAndWait(RG, "aks-logs", { location: "eastus" }, FAST);
    assert.equal(recovered.customerId, customerId, "a soft-deleted workspace comes back as it was");
    const healed = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", monitored(2), FAST);
    assert.deepEqual([healed.provisioningState, healed.agentPoolProfiles?.[0]?.count], ["Succeeded", 2]);
  });

  test("log-analytics-workspace-missing: the scenario deletes the workspace; disabling the addon is the other remedy", async () => {
    const res = await arm(emu, "POST", "/_aksemu/scenarios/log-analytics-workspace-missing", { resourceGroup: RG, cluster: "c1" });
    assert.equal(res.status, 200, res.text);
    await assert.rejects(la.workspaces.get(RG, "aks-logs"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
    await scaleFails(3);
    const off = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", monitored(3, false), FAST);
    assert.deepEqual([off.provisioningState, off.addonProfiles?.["omsagent"]?.enabled, off.agentPoolProfiles?.[0]?.count], ["Succeeded", false, 3]);
  });
});
