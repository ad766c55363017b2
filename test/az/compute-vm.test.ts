// Seed 002, Scenario 2 for an availability set cluster, with the real az 2.45 through proxy mode:
// `az aks create --vm-set-type AvailabilitySet` builds an availability set and one VM per node;
// a node VM a partial disk detach left Failed is repaired by `az vm update -g <rg> -n <vm>`. Debian's
// az 2.45 crashes inside every `az vm` command before it sends anything (its azure-mgmt-compute lacks
// the 2022-11-01 models), so the test pins that and sends what `az vm update` sends (GET, then a PUT
// of the VM as read with its image reference cleared) with `az rest`, and a PATCH the same way.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { azSession } from "./support/session.js";

const NODE_RG = "MC_rg-vmas_c1_eastus";
const session = azSession("compute-vm");
const { ok } = session;
const rest = session.restAt("2022-11-01");

describe("az vm update on an availability set cluster's node VM (az 2.45, az rest)", { skip: azSkip() }, () => {
  test("az aks create --vm-set-type AvailabilitySet: an availability set and a VM per node; a Failed VM is repaired by az vm update's PUT, and by a PATCH", async () => {
    await ok(["group", "create", "-n", "rg-vmas", "-l", "eastus", "-o", "none"]);
    await ok(["aks", "create", "-g", "rg-vmas", "-n", "c1", "-c", "2", "--vm-set-type", "AvailabilitySet", "--generate-ssh-keys", "-o", "none"]);
    const compute = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute`;
    const sets = await rest("get", `${compute}/availabilitySets`);
    assert.match(sets.value[0].name, /^nodepool1-availabilitySet-\d{8}$/);
    const vms = (await rest("get", `${compute}/virtualMachines`)).value as any[];
    assert.deepEqual(vms.map((v) => v.properties.availabilitySet.id.toLowerCase()), vms.map(() => sets.value[0].id.toLowerCase()));
    const name = vms[0].name as string;
    assert.match(name, /^aks-nodepool1-\d{8}-0$/);

    // az's own crash, client-side: no request reaches any server.
    const crashed = await session.az.run(["vm", "update", "-g", NODE_RG, "-n", name]);
    assert.equal(crashed.code, 1);
    assert.match(crashed.stderr, /ValueError: API version 2022-11-01 does not have operation group 'virtual_machines'/);

    const fail = await session.emu.request("PUT", "/_aksemu/compute/instances", { body: { id: vms[0].id, provisioningState: "Failed" } });
    assert.equal(fail.status, 200, fail.text);
    const failed = await rest("get", `${compute}/virtualMachines/${name}`);
    assert.equal(failed.properties.provisioningState, "Failed");
    // What az vm update sends: the VM as read, image reference cleared, PUT back.
    const sent = await rest("put", `${compute}/virtualMachines/${name}`, { ...failed, properties: { ...failed.properties, storageProfile: { ...failed.properties.storageProfile, imageReference: null } } });
    assert.equal(sent.properties.provisioningState, "Updating");
    const view = await rest("get", `${compute}/virtualMachines/${name}/instanceView`);
    assert.equal(view.statuses[0].code, "ProvisioningState/succeeded");
    assert.equal((await rest("get", `${compute}/virtualMachines/${name}`)).properties.provisioningState, "Succeeded");

    // The scenario control route leaves the same VM Failed; a PATCH (VirtualMachines_Update) repairs it too.
    const scenario = await session.emu.request("POST", "/_aksemu/scenarios/node-vm-failed-disk-detach", { body: { resourceGroup: "rg-vmas", cluster: "c1" } });
    assert.equal(scenario.status, 200, scenario.text);
    assert.equal((await rest("get", `${compute}/virtualMachines/${name}`)).properties.provisioningState, "Failed");
    const patched = await rest("patch", `${compute}/virtualMachines/${name}`, { properties: {} });
    assert.equal(patched.properties.provisioningState, "Updating");
    assert.equal((await rest("get", `${compute}/virtualMachines/${name}`)).properties.provisioningState, "Succeeded");
    assert.equal((await ok(["aks", "show", "-g", "rg-vmas", "-n", "c1", "--query", "agentPoolProfiles[0].type", "-o", "tsv"])).trim(), "AvailabilitySet");
  });
});
