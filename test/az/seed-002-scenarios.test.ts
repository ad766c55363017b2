// Seed 002 ("Troubleshoot AKS clusters or nodes in a failed state") end to end through the real az
// 2.45 (proxy mode) and azl against the same emulator: each failure row is put in place with
// POST /_aksemu/scenarios/{name}; the command a user runs fails with the exact block az prints
// (stderr byte for byte, exit code); `monitor activity-log list --status Failed` shows the failed
// operation (ARM's gate logs the writes it refuses before AKS sees them); the row's remedy (a raised quota,
// `provider register`, a re-enabled subscription, `aks nodepool update`) and the seed's reconcile
// (`resource update --ids <cluster id>`) bring the cluster back to Succeeded. One cluster lives
// through all the rows in turn. The clock is instant: az's own waiting ends at its first poll, and
// an operation that fails mid-plan fails at once. Where azl has the command and prints the same,
// both run (`p.same`); where azl has no such command (`provider register`, `aks nodepool update`)
// or deliberately differs (docs/cli.md), az runs alone and the test says so.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getRaw, putCluster } from "../e2e/helpers/azl.js";
import { SUB, type Emulator } from "../support/emulator.js";
import { azSkip, timingReport, type Cli } from "./support/clis.js";
import { azJson, serviceError, type Parity, cliPair } from "./support/parity.js";
import { startProxied } from "./support/proxied.js";

const RG = "rg-s2";
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;
const NODE_RG = `MC_${RG}_c1_eastus`;

let emu: Emulator;
let az: Cli;
let azl: Cli;
let p: Parity;

before(async () => {
  if (azSkip()) return;
  const started = await startProxied({ clock: "instant" });
  emu = started.emu;
  await emu.createGroup(RG);
  await putCluster(emu, RG, "c1", [{ name: "nodepool1", count: 2 }]);
  assert.equal((await getRaw(emu, RG, "c1")).properties.provisioningState, "Succeeded");
  ({ az, azl, p } = await cliPair(started));
});
after(async () => {
  if (az) process.stderr.write(`az tier (seed 002 scenarios) timings:\n${timingReport()}\n`);
  az?.close();
  azl?.close();
  await emu?.close();
});

async function scenario(name: string, body?: unknown): Promise<any> {
  const res = await emu.request("POST", `/_aksemu/scenarios/${name}`, body === undefined ? {} : { body });
  assert.equal(res.status, 200, res.text);
  return res.json;
}
async function control(method: string, path: string, body: unknown): Promise<void> {
  const res = await emu.request(method, path, { body });
  assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
}
/** The emulator's virtual now: the --start-time that finds only what follows (the instant clock runs ahead of the wall clock). */
const now = async (): Promise<string> => (await emu.request("GET", "/_aksemu/clock")).json.now;

/** The seed's check of the activity log: the Failed events of the group since `t0`; both CLIs print the same. */
async function failedEvents(t0: string): Promise<{ op: string; status: string; subStatus: string; error: any }[]> {
  const r = await p.same(() => ["monitor", "activity-log", "list", "--resource-group", RG, "--status", "Failed", "--start-time", t0, "--offset", "1d", "--query", "[].{op:operationName.value, status:status.value, subStatus:subStatus.value, message:properties.statusMessage}"]);
  return (JSON.parse(r.stdout) as { op: string; status: string; subStatus: string; message: string }[]).map((e) => ({ op: e.op, status: e.status, subStatus: e.subStatus, error: JSON.parse(e.message) }));
}
/** The seed's reconcile: `az resource update --ids <cluster id>` (a PUT of the unchanged cluster). */
const reconcile = () => p.same(() => ["resource", "update", "--ids", CLUSTER_ID, "--query", "properties.provisioningState", "-o", "tsv"], { stdout: "Succeeded\n" });
const STATES = ["aks", "show", "-g", RG, "-n", "c1", "--query", "[provisioningState, agentPoolProfiles[].[count, provisioningState]]", "-o", "json"];
const states = (cluster: string, pools: [number, string][]) => p.same(() => STATES, { stdout: azJson([cluster, pools]) });
const provisioningState = (state: string) => p.same(() => ["aks", "show", "-g", RG, "-n", "c1", "--query", "provisioningState", "-o", "tsv"], { stdout: `${state}\n` });

/** Compute's quota text (docs/api.md, Errors) for `required` more vCPUs over `limit` (= usage). */
function quotaText(limit: number, required: number): string {
  const needed = limit + required;
  const portal = `https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/%7B%22subscriptionId%22:%22${SUB}%22,%22command%22:%22openQuotaApprovalBlade%22,%22quotas%22:[%7B%22location%22:%22eastus%22,%22providerId%22:%22Microsoft.Compute%22,%22resourceName%22:%22cores%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:${needed},%22unit%22:%22Count%22,%22name%22:%7B%22value%22:%22cores%22%7D%7D%7D%7D]%7D`;
  return `Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: ${limit}, Current Usage: ${limit}, Additional Required: ${required}, (Minimum) New Limit Required: ${needed}. Setup Alerts when Quota reaches threshold. Learn more at https://aka.ms/quotamonitoringalerting . Submit a request for Quota increase at ${portal} by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests`;
}

const DISABLED = `The subscription '${SUB}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`;
const UNREGISTERED = "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.";
const COMPUTE_UNREGISTERED = 'autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription is not registered."';
const NETWORK_UNREGISTERED = `autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription ${SUB} is not registered with NRP." Details=[]`;
// Compute's raw text and AKS's own for a zonal allocation failure (docs/api.md, Errors).
const COMPUTE_ZONAL = "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance";
const AKS_ZONAL = "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at https://aka.ms/allocation-guidance. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure. If the error is due to capacity constrain, consider upgrade with maxUnavailable instead of maxSurge, details: aka.ms/aks/maxUnavailable.";

describe("seed 002's failure rows through az 2.45 and azl", { skip: azSkip() }, () => {
  test("quota-exceeded-on-scale: aks scale fails with QuotaExceeded and Compute's detail; a raised quota and resource update --ids bring it back", async () => {
    const { applied } = await scenario("quota-exceeded-on-scale", { resourceGroup: RG, cluster: "c1" });
    // Two Standard_DS2_v2 nodes: the limit is set to the 4 vCPUs in use.
    assert.equal(applied.limit, 4);
    const sets = await emu.request("GET", `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01`);
    const vmss = sets.json.value[0].id as string;
    const t0 = await now();
    // The LRO ends Failed: az prints the status's error and, as azure-core does, its details ("Exception Details:" glued to the tab-indented block).
    const compute = quotaText(4, 2);
    const aks = `Create or update VMSS ${vmss} failed. ${compute}`;
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "-c", "3"], {
      code: 1,
      stderr: `${serviceError("QuotaExceeded", aks)}Exception Details:\t(OperationNotAllowed) ${compute}\n\tCode: OperationNotAllowed\n\tMessage: ${compute}\n`,
    });
    // The cluster PUT failed: the cluster and its pool are Failed, the pool holds the count asked for.
    await states("Failed", [[3, "Failed"]]);
    const events = await failedEvents(t0);
    assert.deepEqual(events.map((e) => [e.op, e.status, e.subStatus, e.error.status, e.error.error.code, e.error.error.details[0].code]), [
      ["Microsoft.ContainerService/managedClusters/write", "Failed", "", "Failed", "QuotaExceeded", "OperationNotAllowed"],
      ["Microsoft.ContainerService/managedClusters/write", "Failed", "", "Failed", "QuotaExceeded", "OperationNotAllowed"],
    ]);
    assert.equal(events[0]!.error.error.message, aks);
    // The seed's remedy: a quota increase, then the reconcile.
    await control("PUT", "/_aksemu/compute/quotas/eastus", { limits: { cores: 100 } });
    await reconcile();
    await states("Succeeded", [[3, "Succeeded"]]);
  });

  test("subscription-disabled: group create and aks scale are refused with ReadOnlyDisabledSubscription, reads work, ARM logs the refusal; re-enabled, the reconcile succeeds", async () => {
    await scenario("subscription-disabled");
    const t0 = await now();
    await p.same(() => ["group", "create", "-n", "rg-s2-other", "-l", "eastus"], { code: 1, stderr: serviceError("ReadOnlyDisabledSubscription", DISABLED) });
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "-c", "4"], { code: 1, stderr: serviceError("ReadOnlyDisabledSubscription", DISABLED) });
    await provisioningState("Succeeded");
    // ARM's gate refuses before AKS, and logs the refused write itself: one Failed event per CLI's scale.
    assert.deepEqual(await failedEvents(t0), [1, 2].map(() => ({ op: "Microsoft.ContainerService/managedClusters/write", status: "Failed", subStatus: "Conflict", error: { error: { code: "ReadOnlyDisabledSubscription", message: DISABLED } } })));
    await control("PUT", `/_aksemu/subscriptions/${SUB}`, { state: "Enabled" });
    await reconcile();
    await states("Succeeded", [[3, "Succeeded"]]);
  });

  test("provider-not-registered: aks show is refused with MissingSubscriptionRegistration; az provider register --wait fixes it", async () => {
    await scenario("provider-not-registered");
    // az's pipeline (azure-mgmt-core's ARMAutoResourceProviderRegistrationPolicy) registers the
    // namespace itself (POST .../register?api-version=2016-02-01), polls until Registered and retries:
    // az succeeds where azl, which does not register for you, prints ARM's refusal.
    const args = ["aks", "show", "-g", RG, "-n", "c1", "--query", "provisioningState", "-o", "tsv"];
    const shown = await az.run(args);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout, "Succeeded\n");
    assert.match(shown.stderr, /^WARNING: Resource provider 'Microsoft\.ContainerService' used by this operation is not registered\. We are registering for you\.\n/);
    await scenario("provider-not-registered");
    assert.deepEqual(await azl.run(args), { code: 1, stdout: "", stderr: serviceError("MissingSubscriptionRegistration", UNREGISTERED) });
    // The seed's remedy (azl has no provider register): Registered 10 s of virtual time later, which --wait polls for.
    assert.deepEqual(await az.run(["provider", "register", "--namespace", "Microsoft.ContainerService", "--wait"]), { code: 0, stdout: "", stderr: "" });
    await provisioningState("Succeeded");
  });

  test("compute-provider-not-registered: AKS refuses aks scale with SubscriptionNotRegistered (a Failed event); az provider register -n Microsoft.Compute, then the scale passes", async () => {
    await scenario("compute-provider-not-registered");
    const t0 = await now();
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "-c", "4"], { code: 1, stderr: serviceError("SubscriptionNotRegistered", COMPUTE_UNREGISTERED) });
    await provisioningState("Succeeded");
    // AKS's own synchronous refusal: logged (Started, then Failed with the body answered), subStatus Conflict.
    const events = await failedEvents(t0);
    assert.deepEqual(events, [1, 2].map(() => ({
      op: "Microsoft.ContainerService/managedClusters/write",
      status: "Failed",
      subStatus: "Conflict",
      error: { code: "SubscriptionNotRegistered", details: null, message: COMPUTE_UNREGISTERED, subcode: "" },
    })));
    assert.deepEqual(await az.run(["provider", "register", "--namespace", "Microsoft.Compute", "--wait"]), { code: 0, stdout: "", stderr: "" });
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "-c", "4", "--query", "[provisioningState, agentPoolProfiles[].count]", "-o", "json"], { stdout: azJson(["Succeeded", [4]]) });
  });

  test("infrastructure-transient: the next aks scale fails with ReconcileVMSSAgentPoolFailed; aks nodepool update (no change) reconciles the pool, resource update --ids the cluster", async () => {
    await scenario("infrastructure-transient", { resourceGroup: RG, cluster: "c1" });
    const t0 = await now();
    const failed = { code: 1, stdout: "", stderr: serviceError("ReconcileVMSSAgentPoolFailed", "Internal server error") };
    const scale = ["aks", "scale", "-g", RG, "-n", "c1", "-c", "5"];
    // The fault fires once: az meets it; applied again (the same world), azl meets it too.
    assert.deepEqual(await az.run(scale), failed);
    await scenario("infrastructure-transient", { resourceGroup: RG, cluster: "c1" });
    assert.deepEqual(await azl.run(scale), failed);
    await states("Failed", [[5, "Failed"]]);
    const events = await failedEvents(t0);
    assert.deepEqual(events.map((e) => [e.op, e.subStatus, e.error]), [1, 2].map(() => ["Microsoft.ContainerService/managedClusters/write", "", { status: "Failed", error: { code: "ReconcileVMSSAgentPoolFailed", message: "Internal server error" } }]));
    // The seed's "agent pool reconciliation": az 2.45's nodepool update with no arguments PUTs the pool back unchanged (azl has no nodepool update).
    assert.deepEqual(await az.run(["aks", "nodepool", "update", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "--query", "[count, provisioningState]", "-o", "tsv"]), { code: 0, stdout: "5\nSucceeded\n", stderr: "" });
    // The pool is back; the cluster stays Failed until its own reconcile.
    await states("Failed", [[5, "Succeeded"]]);
    await reconcile();
    await states("Succeeded", [[5, "Succeeded"]]);
  });

  test("network-provider-not-registered: AKS refuses aks create with SubscriptionNotRegistered (NRP's text, a Failed event); az provider register -n Microsoft.Network, then the create passes", async () => {
    await scenario("network-provider-not-registered");
    const t0 = await now();
    // One cluster name per CLI, so the create after the remedy makes one cluster each.
    const create = (c: Cli) => ["aks", "create", "-g", RG, "-n", c.name === "az" ? "c2" : "c3", "-c", "1", "--generate-ssh-keys", "--query", "provisioningState", "-o", "tsv"];
    await p.same(create, { code: 1, stderr: serviceError("SubscriptionNotRegistered", NETWORK_UNREGISTERED) });
    // Nothing was made: AKS refused before it accepted anything.
    assert.deepEqual(await az.run(["aks", "list", "-g", RG, "--query", "[].name", "-o", "tsv"]), { code: 0, stdout: "c1\n", stderr: "" });
    const events = await failedEvents(t0);
    assert.deepEqual(events.map((e) => [e.op, e.status, e.subStatus, e.error.code, e.error.message]), [1, 2].map(() => ["Microsoft.ContainerService/managedClusters/write", "Failed", "Conflict", "SubscriptionNotRegistered", NETWORK_UNREGISTERED]));
    assert.deepEqual(await az.run(["provider", "register", "--namespace", "Microsoft.Network", "--wait"]), { code: 0, stdout: "", stderr: "" });
    assert.deepEqual(await az.run(["provider", "show", "-n", "Microsoft.Network", "--query", "registrationState", "-o", "tsv"]), { code: 0, stdout: "Registered\n", stderr: "" });
    await p.same(create, { stdout: "Succeeded\n" });
  });

  test("zonal-allocation-failed: a zonal pool's aks scale fails with ZonalAllocationFailed and Compute's detail; capacity back, resource update --ids brings it to Succeeded", async () => {
    // A zonal pool (azl has no --zones: az adds it).
    const add = await az.run(["aks", "nodepool", "add", "-g", RG, "--cluster-name", "c1", "-n", "zonal", "-c", "1", "-s", "Standard_D4s_v3", "--zones", "1", "2", "3", "--query", "[count, availabilityZones, provisioningState]", "-o", "json"]);
    assert.deepEqual([add.code, add.stderr, JSON.parse(add.stdout)], [0, "", [1, ["1", "2", "3"], "Succeeded"]]);
    const { applied } = await scenario("zonal-allocation-failed", { resourceGroup: RG, cluster: "c1", pool: "zonal" });
    assert.deepEqual(applied, { pool: "zonal", location: "eastus", vmSize: "Standard_D4s_v3", zones: { "1": 0, "2": 0, "3": 0 } });
    const t0 = await now();
    // Each CLI asks for one more node; AKS's text, then Compute's error from details (as azure-core prints it).
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "--nodepool-name", "zonal", "-c", "2"], {
      code: 1,
      stderr: `${serviceError("ZonalAllocationFailed", AKS_ZONAL)}Exception Details:\t(ZonalAllocationFailed) ${COMPUTE_ZONAL}\n\tCode: ZonalAllocationFailed\n\tMessage: ${COMPUTE_ZONAL}\n`,
    });
    await states("Failed", [[5, "Succeeded"], [2, "Failed"]]);
    const events = await failedEvents(t0);
    assert.deepEqual(events.map((e) => [e.op, e.status, e.error.status, e.error.error.code, e.error.error.message, e.error.error.details[0].code]), [1, 2].map(() => ["Microsoft.ContainerService/managedClusters/write", "Failed", "Failed", "ZonalAllocationFailed", AKS_ZONAL, "ZonalAllocationFailed"]));
    // The seed's remedy: capacity comes back (the control API), then the reconcile.
    const freed = await emu.request("DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3");
    assert.equal(freed.status, 204, freed.text);
    await reconcile();
    await states("Succeeded", [[5, "Succeeded"], [2, "Succeeded"]]);
  });

  test("log-analytics-workspace-missing: with the monitoring addon's workspace gone, aks scale fails with GetLogAnalyticsWorkspaceError; re-creating it or aks disable-addons -a monitoring, then the reconcile, brings it back", async () => {
    // Debian's az 2.45 sometimes crashes in `monitor log-analytics workspace create` (and `delete`):
    // its LRO poller thread and the main thread import `requests` at once ("partially initialized
    // module"), client-side. Either it works, or the same PUT goes through `az rest`.
    const ws = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/aks-logs`;
    const makeWorkspace = async () => {
      const made = await az.run(["monitor", "log-analytics", "workspace", "create", "-g", RG, "-n", "aks-logs", "-l", "eastus", "--query", "provisioningState", "-o", "tsv"]);
      if (made.code === 0) return assert.deepEqual(made, { code: 0, stdout: "Succeeded\n", stderr: "" });
      assert.match(made.stderr, /ImportError: cannot import name '_basic_auth_str' from partially initialized module 'requests\.auth'/);
      const url = `https://management.azure.com${ws}?api-version=2022-10-01`;
      assert.deepEqual(await az.run(["rest", "--method", "put", "--url", url, "--body", '{"location": "eastus"}', "--query", "properties.provisioningState", "-o", "tsv"]), { code: 0, stdout: "Succeeded\n", stderr: "" });
    };
    await makeWorkspace();
    const shown = await az.run(["monitor", "log-analytics", "workspace", "show", "-g", RG, "-n", "aks-logs", "--query", "provisioningState", "-o", "tsv"]);
    assert.deepEqual(shown, { code: 0, stdout: "Succeeded\n", stderr: "" });
    // az 2.45 reads the workspace (api-version 2015-11-01-preview), then PUTs the cluster; aksemu gives
    // the addon no identity of its own, so az skips the Monitoring Metrics Publisher assignment and says so.
    const enabled = await az.run(["aks", "enable-addons", "-a", "monitoring", "-g", RG, "-n", "c1", "--workspace-resource-id", ws, "--query", "[provisioningState, addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID]", "-o", "tsv"]);
    assert.deepEqual(enabled, { code: 0, stdout: `Succeeded\n${ws}\n`, stderr: "WARNING: Could not find service principal or user assigned MSI for roleassignment\n" });

    const { applied } = await scenario("log-analytics-workspace-missing", { resourceGroup: RG, cluster: "c1" });
    assert.deepEqual(applied, { workspace: ws, resourceId: CLUSTER_ID });
    assert.equal((await az.run(["monitor", "log-analytics", "workspace", "show", "-g", RG, "-n", "aks-logs"])).code, 3, "the workspace is gone");
    const t0 = await now();
    const text = `Unable to get log analytics workspace info. Resource ID: ${ws.toLowerCase()}. Details: autorest/azure: Service returned an error. Status=404 Code="ResourceNotFound" Message="The Resource 'Microsoft.OperationalInsights/workspaces/aks-logs' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`;
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "--nodepool-name", "nodepool1", "-c", "6"], { code: 1, stderr: serviceError("GetLogAnalyticsWorkspaceError", text) });
    // The scale failed at its first step: the cluster and the pool it was scaling are Failed, nothing else moved.
    await states("Failed", [[6, "Failed"], [2, "Succeeded"]]);
    const events = await failedEvents(t0);
    assert.deepEqual(events.map((e) => [e.op, e.status, e.error.error.code, e.error.error.message]), [1, 2].map(() => ["Microsoft.ContainerService/managedClusters/write", "Failed", "GetLogAnalyticsWorkspaceError", text]));
    // Remedy 1: the workspace again (recovered, the same name), then the seed's reconcile.
    await makeWorkspace();
    await reconcile();
    await states("Succeeded", [[6, "Succeeded"], [2, "Succeeded"]]);
    // Remedy 2: gone again, the addon disabled (azl has no disable-addons: az alone) reconciles at once.
    await scenario("log-analytics-workspace-missing", { resourceGroup: RG, cluster: "c1" });
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "c1", "--nodepool-name", "nodepool1", "-c", "5"], { code: 1, stderr: serviceError("GetLogAnalyticsWorkspaceError", text) });
    const disabled = await az.run(["aks", "disable-addons", "-a", "monitoring", "-g", RG, "-n", "c1", "--query", "[provisioningState, addonProfiles.omsagent.enabled]", "-o", "tsv"]);
    assert.deepEqual(disabled, { code: 0, stdout: "Succeeded\nfalse\n", stderr: "" });
    await reconcile();
    await states("Succeeded", [[5, "Succeeded"], [2, "Succeeded"]]);
  });
});
