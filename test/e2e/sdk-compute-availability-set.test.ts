// An AKS AvailabilitySet pool through the official SDKs (@azure/arm-containerservice and
// @azure/arm-compute, unmodified but for endpoint and credential): availabilitySets.get and the
// VMs' list, seed 002 Scenario 2 on a standalone VM repaired by virtualMachines.beginUpdateAndWait
// (a PATCH polled through Compute's status URLs) and by beginCreateOrUpdateAndWait (what `az vm
// update` sends), and a capacity reservation created and deleted as the SDK's long-running
// operations, its vCPUs in the usages while it exists.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ComputeManagementClient, type VirtualMachine } from "@azure/arm-compute";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

const NODE_GROUP = "MC_rg-avs_avs1_eastus";
let emu: Emulator;
let compute: ComputeManagementClient;
const vms: VirtualMachine[] = [];

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg-avs");
  compute = new ComputeManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  const { client } = clients(emu);
  const body = clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 2 }] });
  body.agentPoolProfiles = body.agentPoolProfiles!.map((p) => ({ ...p, type: "AvailabilitySet" }));
  await client.managedClusters.beginCreateOrUpdateAndWait("rg-avs", "avs1", body, FAST);
  for await (const vm of compute.virtualMachines.list(NODE_GROUP)) vms.push(vm);
});
after(() => emu.close());

const fail = async (vm: VirtualMachine) => {
  const res = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id: vm.id, provisioningState: "Failed" } });
  assert.equal(res.status, 200, res.text);
};

test("availabilitySets.get names the pool's VMs; virtualMachines.list returns them, each in the set", async () => {
  assert.equal(vms.length, 2);
  const setName = vms[0]!.availabilitySet!.id!.split("/").pop()!;
  assert.match(setName, /^nodepool1-availabilitySet-\d{8}$/);
  const set = await compute.availabilitySets.get(NODE_GROUP, setName);
  assert.deepEqual([set.sku?.name, set.platformFaultDomainCount, set.platformUpdateDomainCount], ["Aligned", 2, 3]);
  assert.deepEqual(set.virtualMachines?.map((v) => v.id), vms.map((v) => v.id));
  assert.match(vms[0]!.name!, /^aks-nodepool1-\d{8}-0$/);
  assert.equal(vms[0]!.provisioningState, "Succeeded");
  assert.equal(vms[0]!.hardwareProfile?.vmSize, "Standard_DS2_v2");
});

test("a Failed VM (a partial disk detach) reads so; virtualMachines.beginUpdateAndWait brings it back", async () => {
  const vm = vms[1]!;
  await fail(vm);
  const view = await compute.virtualMachines.instanceView(NODE_GROUP, vm.name!);
  assert.equal(view.statuses?.[0]?.code, "ProvisioningState/failed/AttachDiskWhileBeingDetached");
  assert.match(view.statuses?.[0]?.message ?? "", new RegExp(`^Cannot attach data disk 'pvc-[0-9a-f-]{36}' to VM '${vm.name}' because the disk is currently being detached`));
  const failed = await compute.virtualMachines.get(NODE_GROUP, vm.name!);
  assert.equal(failed.provisioningState, "Failed");
  const disks = (failed.storageProfile?.dataDisks ?? []).map((d) => ({ ...d, toBeDetached: true, detachOption: "ForceDetach" as const }));
  const updated = await compute.virtualMachines.beginUpdateAndWait(NODE_GROUP, vm.name!, { storageProfile: { dataDisks: disks } }, FAST);
  assert.equal(updated.provisioningState, "Succeeded");
  assert.deepEqual(updated.storageProfile?.dataDisks, []);
});

test("virtualMachines.beginCreateOrUpdateAndWait of the VM as read (az vm update) also repairs it", async () => {
  const vm = vms[0]!;
  await fail(vm);
  const read = await compute.virtualMachines.get(NODE_GROUP, vm.name!);
  const updated = await compute.virtualMachines.beginCreateOrUpdateAndWait(NODE_GROUP, vm.name!, { ...read, storageProfile: { ...read.storageProfile, imageReference: undefined } }, FAST);
  assert.equal(updated.provisioningState, "Succeeded");
});

test("a capacity reservation is the SDK's long-running operation; its vCPUs count in the usages until it is deleted", async () => {
  const cores = async () => {
    for await (const u of compute.usage.list("eastus")) if (u.name.value === "cores") return u.currentValue;
    return -1;
  };
  await compute.capacityReservationGroups.createOrUpdate("rg-avs", "crg", { location: "eastus" });
  const before = await cores();
  const r = await compute.capacityReservations.beginCreateOrUpdateAndWait("rg-avs", "crg", "cr", { location: "eastus", sku: { name: "Standard_D4s_v3", capacity: 2 } }, FAST);
  assert.equal(r.provisioningState, "Succeeded");
  assert.equal(await cores(), before + 8);
  await compute.capacityReservations.beginDeleteAndWait("rg-avs", "crg", "cr", FAST);
  assert.equal(await cores(), before);
});
