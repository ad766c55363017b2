// Seed 002, Scenario 2, as pure decisions: the control API's request, a VM a partial detach left
// Failed, manualupgrade's instance ids, and the update step that completes the detach.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyComputeStep } from "../../src/providers/compute/domain/apply-step.js";
import type { ScaleSetRecord } from "../../src/providers/compute/domain/records.js";
import { decideInstanceIds, isVmUpdateBody, parseInstanceState, strandedDiskName, updateInstancesOperation, withFailedDetach, withInstancesUpdated } from "../../src/providers/compute/domain/vm-repair.js";

const SS_ID = "/subscriptions/s/resourceGroups/MC_rg_c1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-np-1-vmss";
const instance = (instanceId: number) => ({ instanceId, power: "running" as const, vmId: `vm-${instanceId}`, createdAt: 0 });
const ss: ScaleSetRecord = {
  kind: "virtualMachineScaleSet", id: SS_ID, subscriptionId: "s", resourceGroup: "MC_rg_c1_eastus", name: "aks-np-1-vmss", location: "eastus", tags: {},
  sku: { name: "Standard_DS2_v2", tier: "Standard", capacity: 3 },
  model: { id: SS_ID, location: "eastus", vmSize: "Standard_DS2_v2", tags: {}, computerNamePrefix: "aks-np-1-vmss", osType: "Linux", osDiskSizeGB: 128, osDiskType: "Managed", priority: "Regular", imageId: "img", adminUsername: "azureuser" },
  uniqueId: "u", timeCreated: 0, instances: [instance(0), instance(1), instance(2)],
};
const FAILURE = { code: "AttachDiskWhileBeingDetached", message: "m", at: 5 };

test("parseInstanceState: a VM id, a state, an optional disk; anything else is a clear refusal", () => {
  assert.deepEqual(parseInstanceState({ id: `${SS_ID}/virtualMachines/2`, provisioningState: "Failed", disk: "pvc-1" }), { scaleSetId: SS_ID, instanceId: 2, provisioningState: "Failed", disk: "pvc-1" });
  assert.deepEqual(parseInstanceState({ id: `${SS_ID.toLowerCase()}/virtualmachines/0`, provisioningState: "Succeeded" }), { scaleSetId: SS_ID.toLowerCase(), instanceId: 0, provisioningState: "Succeeded" });
  for (const body of [null, [], { id: SS_ID, provisioningState: "Failed" }, { id: `${SS_ID}/virtualMachines/0`, provisioningState: "failed" }, { id: `${SS_ID}/virtualMachines/0`, provisioningState: "Failed", x: 1 }]) {
    assert.ok("bad" in parseInstanceState(body), JSON.stringify(body));
  }
});

test("a failed detach leaves the disk toBeDetached and the VM failed; an update completes the detach and clears it", () => {
  const failed = withFailedDetach(ss, 1, "pvc-a", FAILURE);
  assert.deepEqual(failed.instances[1]!.dataDisks, [{ lun: 0, name: "pvc-a", diskSizeGB: 32, toBeDetached: true }]);
  assert.deepEqual(failed.instances[1]!.failure, FAILURE);
  assert.equal(failed.instances[0], ss.instances[0]);
  const twice = withFailedDetach(failed, 1, "pvc-b", FAILURE);
  assert.deepEqual(twice.instances[1]!.dataDisks!.map((d) => [d.lun, d.name]), [[0, "pvc-a"], [1, "pvc-b"]]);
  const out = applyComputeStep(twice, { type: "updateInstances", instanceIds: [1] }, 10, () => assert.fail("no allocation"));
  assert.ok("scaleSet" in out);
  assert.deepEqual(out.scaleSet!.instances[1], instance(1));
  assert.deepEqual(withInstancesUpdated(ss, [0, 1, 2]), ss);
  assert.match(strandedDiskName(instance(1)), /^pvc-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(strandedDiskName(instance(1)), strandedDiskName(instance(1)));
});

test("decideInstanceIds: strings or numbers of existing instances, '*' for all; else Compute's InvalidParameter", () => {
  assert.deepEqual(decideInstanceIds(ss, { instanceIds: ["2", 0, "2"] }), [2, 0]);
  assert.deepEqual(decideInstanceIds(ss, { instanceIds: ["*"] }), [0, 1, 2]);
  assert.deepEqual(decideInstanceIds(ss, {}), { refused: "computeRequiredParameter", params: { name: "instanceIds", target: "instanceIds" } });
  assert.deepEqual(decideInstanceIds(ss, { instanceIds: [] }), { refused: "computeRequiredParameter", params: { name: "instanceIds", target: "instanceIds" } });
  assert.deepEqual(decideInstanceIds(ss, { instanceIds: ["7"] }), { refused: "inactiveInstanceId", params: { instanceId: "7", target: "instanceIds" } });
  assert.deepEqual(decideInstanceIds(ss, { instanceIds: ["x"] }), { refused: "inactiveInstanceId", params: { instanceId: "x", target: "instanceIds" } });
});

test("the update operation: Compute's, one timed step on the scale set", () => {
  const op = updateInstancesOperation({ id: "op1", ss, instanceIds: [1], now: 100, resourceId: SS_ID, operationType: "UpdateInstances", result: "noContent" });
  assert.deepEqual([op.provider, op.parent, op.location, op.status, op.steps.length, op.steps[0]!.action], ["Microsoft.Compute", SS_ID.toLowerCase(), "eastus", "InProgress", 1, { type: "updateInstances", instanceIds: [1] }]);
  assert.equal(isVmUpdateBody({ properties: {} }), true);
  assert.equal(isVmUpdateBody({}), true);
  assert.equal(isVmUpdateBody({ properties: [] }), false);
  assert.equal(isVmUpdateBody(undefined), false);
});
