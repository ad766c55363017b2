// AKS `AvailabilitySet` pools (az's --vm-set-type AvailabilitySet) and the standalone VMs behind
// them (Microsoft.Compute/virtualMachines, availabilitySets): AKS's names, the VMs' wire shape,
// scale and stop/start acting on the VMs, quota, seed 002 Scenario 2 (a VM a partial disk detach
// left Failed, repaired by `az vm update`'s PUT or a PATCH), AKS's rules for such pools, and the
// VMs going with the cluster.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertAksError, assertStatus, assertWrapped, clusterBody, createCluster, finish, header, mcPath, q, rgPath } from "./helpers.js";

const API = "2026-03-01";
const NODE_GROUP = "MC_rg-as_as1_eastus";
const COMPUTE = `${rgPath(NODE_GROUP)}/providers/Microsoft.Compute`;
const vmasPool = (extra: Record<string, unknown> = {}) => ({ name: "nodepool1", type: "AvailabilitySet", count: 2, vmSize: "Standard_DS2_v2", mode: "System", ...extra });
const body = (pool: Record<string, unknown>) => clusterBody({ properties: { agentPoolProfiles: [pool] } });

let emu: Emulator;
let prefix: string;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg-as");
  await createCluster(emu, "rg-as", "as1", body(vmasPool()));
  const sets = await get(`${COMPUTE}/availabilitySets`);
  prefix = `aks-nodepool1-${/^nodepool1-availabilitySet-(\d{8})$/.exec(sets.value[0].name)![1]}-`;
});
after(() => emu.close());

async function get(path: string): Promise<any> {
  const res = await emu.request("GET", q(path, API));
  assertStatus(res, 200);
  return res.json;
}
const vmPath = (i: number) => `${COMPUTE}/virtualMachines/${prefix}${i}`;
const put = async (pool: Record<string, unknown>) => {
  const res = await emu.request("PUT", q(mcPath("rg-as", "as1")), { body: body(pool) });
  assert.ok(res.status === 200 || res.status === 201, res.text);
  return finish(emu, String(header(res, "azure-asyncoperation")));
};

test("an AvailabilitySet pool is an availability set (AKS's name, Aligned, 2 fault and 3 update domains) with one standalone VM per node; no scale set", async () => {
  const sets = (await get(`${COMPUTE}/availabilitySets`)).value;
  assert.equal(sets.length, 1);
  const set = sets[0];
  assert.deepEqual([set.type, set.location, set.sku, set.properties.platformFaultDomainCount, set.properties.platformUpdateDomainCount], ["Microsoft.Compute/availabilitySets", "eastus", { name: "Aligned" }, 2, 3]);
  assert.deepEqual(set.properties.virtualMachines, [{ id: vmPath(0) }, { id: vmPath(1) }]);
  assert.deepEqual((await get(`${COMPUTE}/availabilitySets/${set.name}`)).id, set.id);
  assert.ok((await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/availabilitySets`)).value.some((s: any) => s.id === set.id));
  assert.deepEqual((await get(`${COMPUTE}/virtualMachineScaleSets`)).value, []);

  const vms = (await get(`${COMPUTE}/virtualMachines`)).value;
  assert.deepEqual(vms.map((v: any) => v.name), [`${prefix}0`, `${prefix}1`]);
  const vm = vms[0];
  assert.deepEqual([vm.type, vm.properties.availabilitySet.id, vm.properties.hardwareProfile.vmSize, vm.properties.osProfile.computerName, vm.properties.provisioningState], ["Microsoft.Compute/virtualMachines", set.id, "Standard_DS2_v2", `${prefix}0`, "Succeeded"]);
  assert.match(vm.properties.networkProfile.networkInterfaces[0].id, new RegExp(`/providers/Microsoft\\.Network/networkInterfaces/${prefix}nic-0$`));
  assert.equal(vm.properties.instanceView, undefined);
  const expanded = await get(`${vmPath(1)}?$expand=instanceView`);
  assert.deepEqual(expanded.properties.instanceView.statuses.map((s: any) => s.code), ["ProvisioningState/succeeded", "PowerState/running"]);
  const view = await get(`${vmPath(1)}/instanceView`);
  assert.deepEqual([view.computerName, view.platformFaultDomain, view.platformUpdateDomain], [`${prefix}1`, 1, 1]);
  assert.ok((await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`)).value.some((v: any) => v.id === vm.id));
  // ARM's generic list shows the VMs and the availability set as top-level resources.
  const generic = await emu.request("GET", q(`${rgPath(NODE_GROUP)}/resources`, "2021-04-01"));
  const types = generic.json.value.map((r: any) => r.type);
  assert.deepEqual([types.filter((t: string) => t === "Microsoft.Compute/virtualMachines").length, types.includes("Microsoft.Compute/availabilitySets")], [2, true]);
  // The nodes are the VMs: AKS's machines name them.
  const machines = await emu.request("GET", q(`${apPath("rg-as", "as1", "nodepool1")}/machines`));
  assert.deepEqual(machines.json.value.map((m: any) => [m.name, m.properties.resourceId]), [[`${prefix}0`, vmPath(0)], [`${prefix}1`, vmPath(1)]]);
  // Usage counts one availability set and two VMs.
  const usage = (await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages`)).value;
  assert.deepEqual(["availabilitySets", "virtualMachines"].map((n) => usage.find((u: any) => u.name.value === n).currentValue), [1, 2]);
});

test("scale (the managed cluster PUT) adds and deletes VMs; stop and start deallocate and start them", async () => {
  assert.equal((await put(vmasPool({ count: 3 }))).status, "Succeeded");
  assert.equal((await get(`${COMPUTE}/virtualMachines`)).value.length, 3);
  assert.equal((await put(vmasPool({ count: 2 }))).status, "Succeeded");
  assert.deepEqual((await get(`${COMPUTE}/virtualMachines`)).value.map((v: any) => v.name), [`${prefix}0`, `${prefix}1`]);
  assertStatus(await emu.request("GET", q(vmPath(2), API)), 404);

  const stop = await emu.request("POST", q(`${mcPath("rg-as", "as1")}/stop`));
  assertStatus(stop, 202);
  await finish(emu, String(header(stop, "azure-asyncoperation")));
  assert.equal((await get(`${vmPath(0)}/instanceView`)).statuses[1].code, "PowerState/deallocated");
  const start = await emu.request("POST", q(`${mcPath("rg-as", "as1")}/start`));
  assertStatus(start, 202);
  await finish(emu, String(header(start, "azure-asyncoperation")));
  assert.equal((await get(`${vmPath(0)}/instanceView`)).statuses[1].code, "PowerState/running");
});

test("quota applies to the VMs as to scale set instances: a scale over the regional vCPUs fails with QuotaExceeded", async () => {
  const usage = (await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages`)).value.find((u: any) => u.name.value === "cores").currentValue;
  assertStatus(await emu.request("PUT", "/_aksemu/compute/quotas/eastus", { body: { limits: { cores: usage } } }), 200);
  try {
    const failed = await put(vmasPool({ count: 3 }));
    assert.equal(failed.status, "Failed");
    assert.equal(failed.error.code, "QuotaExceeded");
    assert.match(failed.error.details[0].message, /^Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota|^Operation could not be completed as it results in exceeding approved Total Regional Cores quota/);
  } finally {
    assertStatus(await emu.request("DELETE", "/_aksemu/compute/quotas/eastus"), 204);
  }
  assert.equal((await put(vmasPool({ count: 2 }))).status, "Succeeded", "the reconcile after the quota is raised");
});

test("seed 002, Scenario 2: a VM a partial disk detach left Failed; az vm update's PUT and a PATCH bring it back", async () => {
  const failed = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id: vmPath(0), provisioningState: "Failed", disk: "pvc-1" } });
  assertStatus(failed, 200);
  const vm = await get(`${vmPath(0)}?$expand=instanceView`);
  assert.equal(vm.properties.provisioningState, "Failed");
  assert.deepEqual(vm.properties.storageProfile.dataDisks.map((d: any) => [d.name, d.toBeDetached]), [["pvc-1", true]]);
  const status = vm.properties.instanceView.statuses[0];
  assert.deepEqual([status.code, status.message], [
    "ProvisioningState/failed/AttachDiskWhileBeingDetached",
    `Cannot attach data disk 'pvc-1' to VM '${prefix}0' because the disk is currently being detached or the last detach operation failed. Please wait until the disk is completely detached and then try again or delete/detach the disk explicitly again.`,
  ]);
  // az vm update: GET, then PUT the VM as shown, the image reference cleared.
  const shown = { ...vm, properties: { ...vm.properties, instanceView: undefined, storageProfile: { ...vm.properties.storageProfile, imageReference: null } } };
  const res = await emu.request("PUT", q(vmPath(0), API), { body: shown });
  assertStatus(res, 200);
  assert.equal(res.json.properties.provisioningState, "Updating");
  const asyncUrl = String(header(res, "azure-asyncoperation"));
  assert.match(asyncUrl, /\/providers\/Microsoft\.Compute\/locations\/eastus\/operations\/[0-9a-f-]+\?api-version=2026-03-01$/);
  assert.equal(header(res, "location"), asyncUrl.replace("?api-version", "?monitor=true&api-version"));
  assert.equal((await finish(emu, asyncUrl)).status, "Succeeded");
  const fixed = await get(vmPath(0));
  assert.deepEqual([fixed.properties.provisioningState, fixed.properties.storageProfile.dataDisks], ["Succeeded", []]);

  // The scenario puts the first VM of the pool in the same state; a PATCH repairs it.
  const scenario = await emu.request("POST", "/_aksemu/scenarios/node-vm-failed-disk-detach", { body: { resourceGroup: "rg-as", cluster: "as1" } });
  assertStatus(scenario, 200);
  assert.equal(JSON.stringify(scenario.json).includes(vmPath(0)), true, scenario.text);
  assert.equal((await get(vmPath(0))).properties.provisioningState, "Failed");
  const patch = await emu.request("PATCH", q(vmPath(0), API), { body: { properties: { storageProfile: { dataDisks: [] } } } });
  assertStatus(patch, 200);
  assert.equal((await finish(emu, String(header(patch, "azure-asyncoperation")))).status, "Succeeded");
  assert.equal((await get(vmPath(0))).properties.provisioningState, "Succeeded");
});

test("bad VM writes: a PUT of a VM that does not exist, a PATCH of one, a resize, a move; the control API names the VM it lacks", async () => {
  const create = await emu.request("PUT", q(`${COMPUTE}/virtualMachines/myvm`, API), { body: { location: "eastus", properties: {} } });
  assertStatus(create, 400);
  assertWrapped(create, "NotSupported", /^Virtual machine 'myvm' does not exist, and aksemu does not create standalone virtual machines/);
  const missing = await emu.request("PATCH", q(`${COMPUTE}/virtualMachines/myvm`, API), { body: { properties: {} } });
  assertStatus(missing, 404);
  assertWrapped(missing, "ResourceNotFound", /Microsoft\.Compute\/virtualMachines\/myvm/);
  const resize = await emu.request("PATCH", q(vmPath(1), API), { body: { properties: { hardwareProfile: { vmSize: "Standard_D4s_v3" } } } });
  assertStatus(resize, 409);
  assertWrapped(resize, "PropertyChangeNotAllowed", /^Changing property 'hardwareProfile\.vmSize' is not allowed/);
  const move = await emu.request("PUT", q(vmPath(1), API), { body: { location: "westus2", properties: {} } });
  assertStatus(move, 409);
  assertWrapped(move, "InvalidResourceLocation", /westus2/);
  const notAVm = await emu.request("PUT", q(vmPath(1), API), { body: [] });
  assertStatus(notAVm, 400);
  const control = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id: `${COMPUTE}/virtualMachines/nope`, provisioningState: "Failed" } });
  assertStatus(control, 404);
  assertWrapped(control, "NotFound", /^No VM .*\/virtualMachines\/nope/);
});

test("AKS's rules: the agent pool API refuses a cluster with an AvailabilitySet pool; such a pool has no zones and is its cluster's only pool", async () => {
  const add = await emu.request("PUT", q(apPath("rg-as", "as1", "user1")), { body: { properties: { count: 1, mode: "User" } } });
  assertAksError(add, 400, "AgentPoolAPIsNotSupported", "AgentPool APIs supported only for clusters with VMSS agentpools. For more information, please check https://aka.ms/multiagentpoollimitations");
  const del = await emu.request("DELETE", q(apPath("rg-as", "as1", "nodepool1")));
  assertAksError(del, 400, "AgentPoolAPIsNotSupported", /^AgentPool APIs supported only/);

  await emu.createGroup("rg-as2");
  const zonal = await emu.request("PUT", q(mcPath("rg-as2", "z1")), { body: body(vmasPool({ availabilityZones: ["1", "2"] })) });
  assertAksError(zonal, 400, "InvalidParameter", "The value of parameter agentPoolProfile.availabilityZones is invalid. Please see https://aka.ms/aks-naming-rules for more details.", "agentPoolProfile.availabilityZones");
  const autoscale = await emu.request("PUT", q(mcPath("rg-as2", "z1")), { body: body(vmasPool({ enableAutoScaling: true, minCount: 1, maxCount: 3 })) });
  assertAksError(autoscale, 400, "InvalidParameter", /agentPoolProfile\.enableAutoScaling/, "agentPoolProfile.enableAutoScaling");
  const two = await emu.request("PUT", q(mcPath("rg-as2", "z1")), { body: clusterBody({ properties: { agentPoolProfiles: [vmasPool(), { name: "user1", count: 1, mode: "User" }] } }) });
  assertAksError(two, 400, "InvalidParameter", /a cluster with an AvailabilitySet agent pool has that agent pool only/, "properties.agentPoolProfiles");
  const zero = await emu.request("PUT", q(mcPath("rg-as2", "z1")), { body: body(vmasPool({ mode: "User", count: 0 })) });
  assertStatus(zero, 400);
});

test("deleting the cluster deletes the availability set and its VMs", async () => {
  const res = await emu.request("DELETE", q(mcPath("rg-as", "as1")));
  assertStatus(res, 202);
  await finish(emu, String(header(res, "azure-asyncoperation")));
  assertStatus(await emu.request("GET", q(vmPath(0), API)), 404);
  assertStatus(await emu.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, API)), 200);
  assert.deepEqual((await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`)).value, []);
  assert.deepEqual((await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/availabilitySets`)).value, []);
});
