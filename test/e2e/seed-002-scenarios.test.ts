// Seed 002 ("Troubleshoot AKS clusters or nodes in a failed state") through the official SDK
// (@azure/arm-containerservice, unmodified but for endpoint and credential): each scenario is put
// in place with POST /_aksemu/scenarios/{name}; the SDK meets the refusal or the failed operation
// with its exact code and text; the activity log holds the Failed event (ARM's gate refusals are
// not the RP's and leave none); the row's remedy, then a reconcile PUT of the unchanged cluster,
// brings it back to Succeeded.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { FAST } from "../support/sdk.js";
import { arm, clients, clusterBody, eventually, rejectsWith } from "./helpers/aks.js";

const RG = "rg-s2";
let emu: Emulator;
let client: ContainerServiceClient;
const body = (count = 2) => clusterBody({ pools: [{ name: "nodepool1", count }] });

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  client = clients(emu).client;
  await client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(), FAST);
});
after(() => emu.close());

const applyScenario = async (name: string, target?: unknown) => {
  const res = await arm(emu, "POST", `/_aksemu/scenarios/${name}`, target);
  assert.equal(res.status, 200, res.text);
  return res.json;
};
const now = async () => (await arm(emu, "GET", "/_aksemu/clock")).json.now as string;
/** The Failed events on the cluster since `t0`, as the seed reads them (az monitor activity-log list --status Failed). */
async function failed(t0: string): Promise<any[]> {
  const filter = encodeURIComponent(`eventTimestamp ge '${t0}' and status eq 'Failed'`);
  const res = await arm(emu, "GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${filter}`);
  assert.equal(res.status, 200, res.text);
  return (res.json.value as any[]).filter((e) => String(e.resourceId).toLowerCase().includes("/managedclusters/c1"));
}
const register = async (namespace: string) => {
  assert.equal((await arm(emu, "POST", `/subscriptions/${SUB}/providers/${namespace}/register?api-version=2022-09-01`)).status, 200);
  await eventually(async () => (await arm(emu, "GET", `/subscriptions/${SUB}/providers/${namespace}?api-version=2022-09-01`)).json.registrationState === "Registered", `${namespace} Registered`);
};
const reconcile = async (count = 2) => {
  const mc = await client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(count), FAST);
  assert.equal(mc.provisioningState, "Succeeded");
};

describe("seed 002 through the SDK", () => {
  test("quota-exceeded-on-scale: the pool scale fails with QuotaExceeded; a raised quota and a reconcile succeed", async () => {
    const { applied } = await applyScenario("quota-exceeded-on-scale", { resourceGroup: RG, cluster: "c1" });
    const t0 = await now();
    await assert.rejects(client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", { count: 3, mode: "System", vmSize: "Standard_DS2_v2" }, FAST), (e: any) => {
      assert.match(e.message, new RegExp(`^The long-running operation has failed\\. QuotaExceeded\\. Create or update VMSS /subscriptions/[^ ]+/virtualMachineScaleSets/aks-nodepool1-\\d{8}-vmss failed\\. Operation could not be completed as it results in exceeding approved Total Regional Cores quota\\. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: ${applied.limit}, Current Usage: ${applied.limit}, Additional Required: 2, `));
      return true;
    });
    assert.equal((await failed(t0)).length, 1);
    assert.equal((await client.agentPools.get(RG, "c1", "nodepool1")).provisioningState, "Failed");
    assert.equal((await arm(emu, "PUT", "/_aksemu/compute/quotas/eastus", { limits: { cores: 100 } })).status, 200);
    await reconcile(3);
    assert.equal((await client.agentPools.get(RG, "c1", "nodepool1")).count, 3);
  });

  for (const [name, namespace, message] of [
    ["compute-provider-not-registered", "Microsoft.Compute", 'autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription is not registered."'],
    ["network-provider-not-registered", "Microsoft.Network", `autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription ${SUB} is not registered with NRP." Details=[]`],
  ] as const) {
    test(`${name}: AKS refuses the scale with SubscriptionNotRegistered; az provider register --namespace ${namespace} fixes it`, async () => {
      await applyScenario(name);
      const t0 = await now();
      await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", { count: 4, mode: "System", vmSize: "Standard_DS2_v2" }, FAST), 409, "SubscriptionNotRegistered", message);
      const events = await failed(t0);
      assert.equal(events.length, 1);
      assert.equal(JSON.parse(events[0].properties.statusMessage).code, "SubscriptionNotRegistered");
      await register(namespace);
      await reconcile(3);
    });
  }

  test("subscription-disabled: the SDK's write is refused with ReadOnlyDisabledSubscription; re-enabled, a reconcile succeeds", async () => {
    await applyScenario("subscription-disabled");
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(3), FAST), 409, "ReadOnlyDisabledSubscription",
      `The subscription '${SUB}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`);
    assert.equal((await client.managedClusters.get(RG, "c1")).provisioningState, "Succeeded", "reads still work");
    assert.equal((await arm(emu, "PUT", `/_aksemu/subscriptions/${SUB}`, { state: "Enabled" })).status, 200);
    await reconcile(3);
  });

  test("provider-not-registered: MissingSubscriptionRegistration until Microsoft.ContainerService is registered", async () => {
    await applyScenario("provider-not-registered");
    await rejectsWith(client.managedClusters.get(RG, "c1"), 409, "MissingSubscriptionRegistration",
      "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.");
    await register("Microsoft.ContainerService");
    await reconcile(3);
  });

  test("infrastructure-transient: the next operation fails once with ReconcileVMSSAgentPoolFailed; reconciling the pool and the cluster succeeds", async () => {
    await applyScenario("infrastructure-transient", { resourceGroup: RG, cluster: "c1" });
    const t0 = await now();
    await assert.rejects(client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(3), FAST), (e: any) => {
      assert.equal(e.message, "The long-running operation has failed. ReconcileVMSSAgentPoolFailed. Internal server error");
      return true;
    });
    assert.equal((await client.managedClusters.get(RG, "c1")).provisioningState, "Failed");
    assert.equal((await failed(t0)).length, 1);
    const pool = await client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", { count: 3, mode: "System", vmSize: "Standard_DS2_v2" }, FAST);
    assert.equal(pool.provisioningState, "Succeeded");
    await reconcile(3);
  });

  test("zonal-allocation-failed: a zonal pool's scale fails with ZonalAllocationFailed; once capacity is back, the same PUT succeeds", async () => {
    const zonal = { count: 1, mode: "User" as const, vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] };
    await client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "zonal", zonal, FAST);
    const { applied } = await applyScenario("zonal-allocation-failed", { resourceGroup: RG, cluster: "c1", pool: "zonal" });
    assert.deepEqual(applied.zones, { "1": 0, "2": 0, "3": 0 });
    const t0 = await now();
    await assert.rejects(client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "zonal", { ...zonal, count: 2 }, FAST), (e: any) => {
      assert.equal(e.message, "The long-running operation has failed. ZonalAllocationFailed. Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at https://aka.ms/allocation-guidance. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure. If the error is due to capacity constrain, consider upgrade with maxUnavailable instead of maxSurge, details: aka.ms/aks/maxUnavailable.");
      return true;
    });
    assert.equal((await failed(t0)).length, 1);
    assert.equal((await arm(emu, "DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3")).status, 204);
    const pool = await client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "zonal", { ...zonal, count: 2 }, FAST);
    assert.deepEqual([pool.provisioningState, pool.count], ["Succeeded", 2]);
  });
});
