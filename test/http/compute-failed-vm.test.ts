// Seed 002, Scenario 2: "an Azure Disk detach operation may partially fail, which leaves the node
// VM in a failed state"; `az vmss update-instances` (POST .../manualupgrade) or `az vm update` (PUT
// of the scale set VM) brings it back. The control API puts a VM in that state; the remedies are
// Compute operations with Compute's async contract. Expected texts are literals (the sources are
// named in src/providers/compute/errors.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, assertStatus, assertWrapped, createCluster, header, mcPath, opStatus, q, rgPath } from "./helpers.js";

const API = "2026-03-01";
const GROUP = "MC_rg-fv_fv1_eastus";
const COMPUTE_OPS = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/operations/`;
let emu: Emulator;
let vmss: string;
let vmssPath: string;

before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg-fv");
  await createCluster(emu, "rg-fv", "fv1");
  const list = await emu.request("GET", q(`${rgPath(GROUP)}/providers/Microsoft.Compute/virtualMachineScaleSets`, API));
  assertStatus(list, 200);
  vmss = (list.json.value as any[])[0].name;
  vmssPath = `${rgPath(GROUP)}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}`;
});
after(() => emu.close());

const vmId = (i: number) => `${vmssPath}/virtualMachines/${i}`;
const failVm = async (i: number, disk?: string) => {
  const res = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id: vmId(i), provisioningState: "Failed", ...(disk ? { disk } : {}) } });
  assertStatus(res, 200);
  return res.json;
};
const getVm = async (i: number) => {
  const res = await emu.request("GET", q(`${vmId(i)}?$expand=instanceView`, API));
  assertStatus(res, 200);
  return res.json;
};
const detachText = (disk: string, i: number) =>
  `Cannot attach data disk '${disk}' to VM '${vmss}_${i}' because the disk is currently being detached or the last detach operation failed. Please wait until the disk is completely detached and then try again or delete/detach the disk explicitly again.`;

test("a VM a partial disk detach left Failed: provisioningState, instance view, the disk still toBeDetached, the scale set's summary", async () => {
  await failVm(1, "pvc-0a60a51f-85fd-11e9-aeac-000d3a2eb756");
  const vm = await getVm(1);
  assert.equal(vm.properties.provisioningState, "Failed");
  const [disk] = vm.properties.storageProfile.dataDisks;
  assert.deepEqual([disk.lun, disk.name, disk.toBeDetached, disk.managedDisk.id], [0, "pvc-0a60a51f-85fd-11e9-aeac-000d3a2eb756", true, `/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.Compute/disks/pvc-0a60a51f-85fd-11e9-aeac-000d3a2eb756`]);
  const status = vm.properties.instanceView.statuses[0];
  assert.deepEqual(
    { ...status, time: undefined },
    { code: "ProvisioningState/failed/AttachDiskWhileBeingDetached", level: "Error", displayStatus: "Provisioning failed", message: detachText("pvc-0a60a51f-85fd-11e9-aeac-000d3a2eb756", 1), time: undefined },
  );
  assert.match(status.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
  assert.equal(vm.properties.instanceView.statuses[1].code, "PowerState/running");
  const view = await emu.request("GET", q(`${vmId(1)}/instanceView`, API));
  assert.equal(view.json.statuses[0].code, "ProvisioningState/failed/AttachDiskWhileBeingDetached");
  const ssView = await emu.request("GET", q(`${vmssPath}/instanceView`, API));
  assert.deepEqual(ssView.json.virtualMachine.statusesSummary, [{ code: "ProvisioningState/succeeded", count: 2 }, { code: "ProvisioningState/failed/AttachDiskWhileBeingDetached", count: 1 }]);
  // The other VMs are untouched.
  assert.equal((await getVm(0)).properties.provisioningState, "Succeeded");
});

test("az vmss update-instances: POST manualupgrade answers 202 with Compute's status URLs; the VM is Succeeded when it ends", async () => {
  await failVm(2);
  const res = await emu.request("POST", q(`${vmssPath}/manualupgrade`, API), { body: { instanceIds: ["2"] } });
  assertStatus(res, 202);
  const asyncUrl = String(header(res, "azure-asyncoperation"));
  const location = String(header(res, "location"));
  assert.ok(asyncUrl.startsWith(`${emu.url}${COMPUTE_OPS}`) && asyncUrl.endsWith(`?api-version=${API}`), asyncUrl);
  assert.equal(location, asyncUrl.replace("?api-version", "?monitor=true&api-version"));
  const running = await opStatus(emu, asyncUrl);
  assert.deepEqual(Object.keys(running), ["startTime", "status", "name"]);
  assert.equal(running.status, "InProgress");
  assert.equal(asyncUrl.includes(`/operations/${running.name}?`), true);
  assertStatus(await emu.request("GET", location), 202);
  assert.equal((await getVm(2)).properties.provisioningState, "Failed", "still Failed while the update runs");

  await advance(emu, "PT1M");
  const done = await opStatus(emu, asyncUrl);
  assert.deepEqual([done.status, Object.keys(done)], ["Succeeded", ["startTime", "endTime", "status", "name"]]);
  const monitor = await emu.request("GET", location);
  assert.deepEqual([monitor.status, monitor.text], [200, ""]);
  const vm = await getVm(2);
  assert.equal(vm.properties.provisioningState, "Succeeded");
  assert.deepEqual(vm.properties.storageProfile.dataDisks, [], "the detach completed");
  assert.equal(vm.properties.instanceView.statuses[0].code, "ProvisioningState/succeeded");
});

test("az vm update on a scale set VM: PUT with a data disk toBeDetached / ForceDetach answers 200 Updating; then Succeeded", async () => {
  const failed = await failVm(0);
  const disk = failed.properties.storageProfile.dataDisks[0];
  assert.match(disk.name, /^pvc-[0-9a-f-]{36}$/);
  const body = { location: "eastus", properties: { storageProfile: { dataDisks: [{ ...disk, toBeDetached: true, detachOption: "ForceDetach" }] } } };
  const res = await emu.request("PUT", q(vmId(0), API), { body });
  assertStatus(res, 200);
  assert.equal(res.json.properties.provisioningState, "Updating");
  const asyncUrl = String(header(res, "azure-asyncoperation"));
  await advance(emu, "PT1M");
  assert.equal((await opStatus(emu, asyncUrl)).status, "Succeeded");
  assert.equal((await getVm(0)).properties.provisioningState, "Succeeded");
});

test("the cluster stays reconcilable: a PUT of the unchanged cluster succeeds and the repaired VMs stay Succeeded", async () => {
  await failVm(1);
  const fixed = await emu.request("POST", q(`${vmssPath}/manualupgrade`, API), { body: { instanceIds: ["*"] } });
  assertStatus(fixed, 202);
  await advance(emu, "PT1M");
  const cluster = await emu.request("GET", q(mcPath("rg-fv", "fv1")));
  const put = await emu.request("PUT", q(mcPath("rg-fv", "fv1")), { body: { location: cluster.json.location, properties: { dnsPrefix: cluster.json.properties.dnsPrefix, agentPoolProfiles: cluster.json.properties.agentPoolProfiles.map((p: any) => ({ name: p.name, count: p.count, vmSize: p.vmSize, mode: p.mode })) } } });
  assert.ok(put.status === 200 || put.status === 201, put.text);
  await advance(emu, "PT30M");
  assert.equal((await opStatus(emu, String(header(put, "azure-asyncoperation")))).status, "Succeeded");
  for (const i of [0, 1, 2]) assert.equal((await getVm(i)).properties.provisioningState, "Succeeded");
});

test("bad requests: manualupgrade without or with unknown instance ids, a missing scale set or VM, an unknown operation", async () => {
  const none = await emu.request("POST", q(`${vmssPath}/manualupgrade`, API), { body: {} });
  assertStatus(none, 400);
  assertWrapped(none, "InvalidParameter", "Required parameter 'instanceIds' is missing (null).", "instanceIds");
  const unknown = await emu.request("POST", q(`${vmssPath}/manualupgrade`, API), { body: { instanceIds: ["267"] } });
  assertStatus(unknown, 400);
  assertWrapped(unknown, "InvalidParameter", "The provided instanceId 267 is not an active Virtual Machine Scale Set VM instanceId.", "instanceIds");
  const noSet = await emu.request("POST", q(`${rgPath(GROUP)}/providers/Microsoft.Compute/virtualMachineScaleSets/nope/manualupgrade`, API), { body: { instanceIds: ["0"] } });
  assertStatus(noSet, 404);
  assert.equal(noSet.json.error.code, "ResourceNotFound");
  const noVm = await emu.request("PUT", q(vmId(9), API), { body: { properties: {} } });
  assertStatus(noVm, 404);
  const badVm = await emu.request("PUT", q(vmId(0), API), { body: [] });
  assertStatus(badVm, 400);
  assertWrapped(badVm, "InvalidParameter", "Required parameter 'parameters' is missing (null).", "parameters");
  const noOp = await emu.request("GET", q(`${COMPUTE_OPS}00000000-0000-0000-0000-000000000000`, API));
  assertStatus(noOp, 404);
  assertWrapped(noOp, "NotFound", "The entity was not found in this Azure location.");
});

test("control API: clear 400s and 404s; Succeeded clears a failure at once", async () => {
  const cases: [unknown, RegExp][] = [
    ["x", /^Expected a JSON object/],
    [{ id: vmId(0), provisioningState: "Failed", extra: 1 }, /^Unknown field\(s\) 'extra'/],
    [{ id: vmssPath, provisioningState: "Failed" }, /^"id" must be a scale set VM's ARM id/],
    [{ id: vmId(0), provisioningState: "Broken" }, /^"provisioningState" must be "Failed"/],
    [{ id: vmId(0), provisioningState: "Failed", disk: "a/b" }, /^"disk" must be a data disk name/],
    [{ id: vmId(0), provisioningState: "Succeeded", disk: "d1" }, /^"disk" only goes with/],
  ];
  for (const [body, message] of cases) {
    const res = await emu.request("PUT", "/_aksemu/compute/instances", { body });
    assertStatus(res, 400);
    assertWrapped(res, "BadRequest", message);
  }
  const missing = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id: vmId(7), provisioningState: "Failed" } });
  assertStatus(missing, 404);
  assertWrapped(missing, "NotFound", /^No scale set VM /);
  await failVm(0);
  const cleared = await emu.request("PUT", "/_aksemu/compute/instances", { body: { id: vmId(0), provisioningState: "Succeeded" } });
  assertStatus(cleared, 200);
  assert.equal(cleared.json.properties.provisioningState, "Succeeded");
});
