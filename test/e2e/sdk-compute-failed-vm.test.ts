// Seed 002, Scenario 2 through the official Compute SDK (@azure/arm-compute 24.1.0, api
// 2026-03-01, unmodified but for endpoint and credential): a node VM a partial disk detach left
// Failed reads so (getInstanceView), and both remedies run as the SDK's long-running operations:
// virtualMachineScaleSets.updateInstances (az vmss update-instances) and virtualMachineScaleSetVMs
// update (az vm update on a scale set VM), polling Compute's own operation status URLs.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ComputeManagementClient } from "@azure/arm-compute";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

const NODE_GROUP = "MC_rg-fvm_fvm1_eastus";
let emu: Emulator;
let compute: ComputeManagementClient;
let vmss: string;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg-fvm");
  compute = new ComputeManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  const { client } = clients(emu);
  await client.managedClusters.beginCreateOrUpdateAndWait("rg-fvm", "fvm1", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 2 }] }), FAST);
  for await (const ss of compute.virtualMachineScaleSets.list(NODE_GROUP)) vmss = ss.name!;
});
after(() => emu.close());

const fail = async (instanceId: string) => {
  const id = `/subscriptions/${SUB}/resourceGroups/${NODE_GROUP}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${instanceId}`;
  const res = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id, provisioningState: "Failed" } });
  assert.equal(res.status, 200, res.text);
};

test("a Failed VM through the SDK, then virtualMachineScaleSets.beginUpdateInstancesAndWait brings it back", async () => {
  await fail("1");
  const vm = await compute.virtualMachineScaleSetVMs.get(NODE_GROUP, vmss, "1");
  assert.equal(vm.provisioningState, "Failed");
  assert.equal(vm.storageProfile?.dataDisks?.[0]?.toBeDetached, true);
  const view = await compute.virtualMachineScaleSetVMs.getInstanceView(NODE_GROUP, vmss, "1");
  const status = view.statuses?.[0];
  assert.equal(status?.code, "ProvisioningState/failed/AttachDiskWhileBeingDetached");
  assert.equal(status?.level, "Error");
  assert.match(status?.message ?? "", new RegExp(`^Cannot attach data disk 'pvc-[0-9a-f-]{36}' to VM '${vmss}_1' because the disk is currently being detached or the last detach operation failed\\. `));

  await compute.virtualMachineScaleSets.beginUpdateInstancesAndWait(NODE_GROUP, vmss, { instanceIds: ["1"] }, FAST);
  const fixed = await compute.virtualMachineScaleSetVMs.get(NODE_GROUP, vmss, "1");
  assert.equal(fixed.provisioningState, "Succeeded");
  assert.deepEqual(fixed.storageProfile?.dataDisks, []);
});

test("virtualMachineScaleSetVMs.beginUpdateAndWait with the disk toBeDetached returns the VM Succeeded", async () => {
  await fail("0");
  const vm = await compute.virtualMachineScaleSetVMs.get(NODE_GROUP, vmss, "0");
  const disks = (vm.storageProfile?.dataDisks ?? []).map((d) => ({ ...d, toBeDetached: true, detachOption: "ForceDetach" as const }));
  const updated = await compute.virtualMachineScaleSetVMs.beginUpdateAndWait(NODE_GROUP, vmss, "0", { ...vm, storageProfile: { ...vm.storageProfile, dataDisks: disks } }, FAST);
  assert.equal(updated.provisioningState, "Succeeded");
  assert.equal(updated.instanceId, "0");
});

test("updateInstances with an instance id the scale set lacks is refused with Compute's InvalidParameter", async () => {
  await assert.rejects(compute.virtualMachineScaleSets.beginUpdateInstancesAndWait(NODE_GROUP, vmss, { instanceIds: ["267"] }, FAST), (e: any) => {
    assert.equal(e.statusCode, 400);
    assert.match(e.message, /The provided instanceId 267 is not an active Virtual Machine Scale Set VM instanceId\./);
    return true;
  });
});
