// Pure tables: which clusters read a Log Analytics workspace (the monitoring addon as AKS and az
// spell it), and what a workspace PUT decides (names, defaults, soft-delete recovery).
import assert from "node:assert/strict";
import { test } from "node:test";
import { monitoringWorkspace, workspaceKeysSteps } from "../../src/providers/containerservice/domain/monitoring.js";
import { decideWorkspace, RECOVERY_MS, type DeletedWorkspace, type WorkspaceInput } from "../../src/providers/operationalinsights/domain/workspaces.js";

const WS = "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/logs1";

test("the monitoring addon's workspace: enabled (true or \"true\"), keys in any casing; off or without an id, none", () => {
  const table: [unknown, string | undefined][] = [
    [{ omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WS } } }, WS],
    [{ omsAgent: { enabled: "true", config: { loganalyticsworkspaceresourceid: ` ${WS}/` } } }, WS],
    [{ omsagent: { enabled: false, config: { logAnalyticsWorkspaceResourceID: WS } } }, undefined],
    [{ omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: "" } } }, undefined],
    [{ omsagent: { enabled: true } }, undefined],
    [{ azurepolicy: { enabled: true } }, undefined],
    [undefined, undefined],
  ];
  for (const [addonProfiles, expected] of table) assert.equal(monitoringWorkspace({ addonProfiles }), expected, JSON.stringify(addonProfiles));
  const steps = workspaceKeysSteps({ addonProfiles: table[0]![0] });
  assert.deepEqual(steps.map((s) => [s.provider, s.target, s.action.type]), [["Microsoft.OperationalInsights", WS.toLowerCase(), "getSharedKeys"]]);
  assert.deepEqual(workspaceKeysSteps({}), []);
});

const fresh = { customerId: "new-guid", sharedKeys: { primary: "p", secondary: "s" }, operationId: "0".repeat(32) };
const input = (o: Partial<WorkspaceInput> = {}): WorkspaceInput => ({
  body: { location: "eastus" },
  patch: false,
  id: WS,
  parts: { subscriptionId: "s1", resourceGroup: "rg1", name: "logs1" },
  location: "eastus",
  existing: undefined,
  deleted: undefined,
  now: 1_000_000,
  fresh,
  ...o,
});

test("a new workspace: lower-cased id, the service's defaults (PerGB2018, 30 days, no cap, public access)", () => {
  const w = decideWorkspace(input());
  assert.ok(!("refused" in w));
  assert.deepEqual([w.id, w.name, w.customerId, w.sku.name, w.retentionInDays, w.dailyQuotaGb, w.publicNetworkAccessForQuery], [WS.toLowerCase(), "logs1", "new-guid", "PerGB2018", 30, -1, "Enabled"]);
});

test("names: 4 to 63 letters, digits and inner hyphens", () => {
  const refusal = (name: string) => {
    const r = decideWorkspace(input({ parts: { subscriptionId: "s1", resourceGroup: "rg1", name } }));
    return "refused" in r ? r.refused : "ok";
  };
  assert.deepEqual(["logs", "a-b-c-d", "abc", "x".repeat(64), "-logs", "logs-", "lo_gs"].map(refusal), ["ok", "ok", "workspaceNameLength", "workspaceNameLength", "invalidWorkspaceName", "invalidWorkspaceName", "invalidWorkspaceName"]);
});

test("a workspace deleted less than 14 days ago, re-created in its location, is recovered (customerId, keys, creation date)", () => {
  const deleted: DeletedWorkspace = { kind: "deletedWorkspace", customerId: "old-guid", location: "eastus", createdAt: 5, sharedKeys: { primary: "P", secondary: "S" }, deletedAt: 1_000 };
  const recovered = decideWorkspace(input({ deleted }));
  assert.ok(!("refused" in recovered));
  assert.deepEqual([recovered.customerId, recovered.sharedKeys.primary, recovered.createdAt], ["old-guid", "P", 5]);
  const late = decideWorkspace(input({ deleted, now: 1_000 + RECOVERY_MS }));
  const elsewhere = decideWorkspace(input({ deleted, location: "westus2" }));
  assert.deepEqual([late, elsewhere].map((w) => ("refused" in w ? w.refused : w.customerId)), ["new-guid", "new-guid"]);
});
