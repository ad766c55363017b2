// The official Compute SDK (@azure/arm-compute 24.1.0, api 2026-03-01, unmodified but for endpoint
// and credential) reads what AKS made: the node pool's scale set and its VMs, the location's
// usages and the resource SKUs; and it sees an AKS scale over quota fail, then succeed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ComputeManagementClient } from "@azure/arm-compute";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

let emu: Emulator;
let compute: ComputeManagementClient;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg-vm");
  compute = new ComputeManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  const { client } = clients(emu);
  await client.managedClusters.beginCreateOrUpdateAndWait("rg-vm", "vm1", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 3 }] }), FAST);
});
after(() => emu.close());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const NODE_GROUP = "MC_rg-vm_vm1_eastus";

test("the pool's scale set and its VMs through virtualMachineScaleSets and virtualMachineScaleSetVMs", async () => {
  const sets = await collect(compute.virtualMachineScaleSets.list(NODE_GROUP));
  assert.equal(sets.length, 1);
  const ss = sets[0]!;
  assert.match(ss.name ?? "", /^aks-nodepool1-\d{8}-vmss$/);
  assert.deepEqual(ss.sku, { name: "Standard_DS2_v2", tier: "Standard", capacity: 3 });
  // The SDK flattens `properties`.
  assert.equal(ss.provisioningState, "Succeeded");
  assert.equal(ss.upgradePolicy?.mode, "Manual");
  assert.equal(ss.virtualMachineProfile?.osProfile?.computerNamePrefix, ss.name);
  const got = await compute.virtualMachineScaleSets.get(NODE_GROUP, ss.name!);
  assert.equal(got.id, ss.id);
  assert.ok((await collect(compute.virtualMachineScaleSets.listAll())).some((s) => s.id === ss.id));

  const vms = await collect(compute.virtualMachineScaleSetVMs.list(NODE_GROUP, ss.name!, { expand: "instanceView" }));
  assert.deepEqual(vms.map((v) => v.instanceId), ["0", "1", "2"]);
  assert.deepEqual(vms.map((v) => v.osProfile?.computerName), [0, 1, 2].map((i) => `${ss.name}00000${i}`));
  assert.ok(vms.every((v) => v.instanceView?.statuses?.some((s) => s.code === "PowerState/running")));
  const one = await compute.virtualMachineScaleSetVMs.get(NODE_GROUP, ss.name!, "2");
  assert.equal(one.name, `${ss.name}_2`);
});

test("usages and resource SKUs", async () => {
  const usages = await collect(compute.usage.list("eastus"));
  const cores = usages.find((u) => u.name.value === "cores");
  assert.deepEqual([cores?.currentValue, cores?.limit, cores?.name.localizedValue, cores?.unit], [6, 1000, "Total Regional vCPUs", "Count"]);
  assert.equal(usages.find((u) => u.name.value === "standardDSv2Family")?.currentValue, 6);
  const skus = await collect(compute.resourceSkus.list({ filter: "location eq 'eastus'" }));
  const ds2 = skus.find((s) => s.name === "Standard_DS2_v2");
  assert.deepEqual([ds2?.resourceType, ds2?.family, ds2?.locationInfo?.[0]?.zones], ["virtualMachines", "standardDSv2Family", ["1", "2", "3"]]);
});

test("an AKS scale over the quota fails with QuotaExceeded; after raising it, the same PUT succeeds and the scale set follows", async () => {
  const { client } = clients(emu);
  const set = await emu.request("PUT", "/_aksemu/compute/quotas/eastus", { body: { limits: { standardDSv2Family: 8 } } });
  assert.equal(set.status, 200, set.text);
  await assert.rejects(client.agentPools.beginCreateOrUpdateAndWait("rg-vm", "vm1", "nodepool1", { count: 5, mode: "System" }, FAST), (e: any) => {
    // The SDK's poller: "The long-running operation has failed. <code>. <message>".
    assert.match(e.message, /^The long-running operation has failed\. QuotaExceeded\. Create or update VMSS \/subscriptions\/[^ ]+\/virtualMachineScaleSets\/aks-nodepool1-\d{8}-vmss failed\. Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota\. /);
    return true;
  });
  assert.equal((await client.agentPools.get("rg-vm", "vm1", "nodepool1")).provisioningState, "Failed");
  assert.equal(((await emu.request("PUT", "/_aksemu/compute/quotas/eastus", { body: { limits: { standardDSv2Family: 100 } } })).status), 200);
  const pool = await client.agentPools.beginCreateOrUpdateAndWait("rg-vm", "vm1", "nodepool1", { count: 5, mode: "System" }, FAST);
  assert.equal(pool.provisioningState, "Succeeded");
  const ss = (await collect(compute.virtualMachineScaleSets.list(NODE_GROUP)))[0]!;
  assert.equal(ss.sku?.capacity, 5);
});
