// Management locks through the real az 2.45 (proxy mode; api-version 2016-09-01): `az lock create
// --lock-type CanNotDelete --resource-group`, `az lock list`, `az lock show`, `az lock delete`; a
// group delete refused with ARM's ScopeLocked (stderr byte for byte, exit code 1); and seed 002's
// "resource lock" row (Azure/AKS#3291): a lock on the node resource group fails `az aks nodepool
// scale` to fewer nodes with AKS's text, the pool is Failed, and the remedy (delete the lock, then
// the seed's agent pool reconciliation) brings it back to Succeeded. az alone: azl has no lock commands.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { putCluster } from "../e2e/helpers/azl.js";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { serviceError } from "./support/parity.js";
import { azSession } from "./support/session.js";

const RG = "rg-lock";
const NODE_RG = `MC_${RG}_c1_eastus`;
const GROUP_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const LOCKED_GROUP = `Resource group '${NODE_RG}' under subscription: '${SUB}' is locked, please remove lock and retry. Please see http://aka.ms/azure-lock-resources`;

const session = azSession("locks", {
  setup: async (emu) => {
    await emu.createGroup(RG);
    await putCluster(emu, RG, "c1", [{ name: "nodepool1", count: 2 }]);
  },
});
const { ok } = session;

describe("az lock through az 2.45", { skip: azSkip() }, () => {
  test("az lock create, list, show, delete at a resource group; az group delete refused meanwhile with ScopeLocked", async () => {
    const created = JSON.parse(await ok(["lock", "create", "--name", "rglock", "--lock-type", "CanNotDelete", "--resource-group", RG, "--notes", "keep"]));
    assert.deepEqual(created, { id: `${GROUP_ID}/providers/Microsoft.Authorization/locks/rglock`, level: "CanNotDelete", name: "rglock", notes: "keep", owners: null, resourceGroup: RG, type: "Microsoft.Authorization/locks" });
    const listed = JSON.parse(await ok(["lock", "list", "--resource-group", RG]));
    assert.deepEqual(listed, [created]);
    assert.deepEqual(JSON.parse(await ok(["lock", "show", "--name", "rglock", "--resource-group", RG])), created);
    const refused = await session.az.run(["group", "delete", "--name", RG, "--yes"]);
    const text = `The scope '/subscriptions/${SUB}/resourcegroups/${RG}' cannot perform delete operation because following scope(s) are locked: '${GROUP_ID}'. Please remove the lock and try again.`;
    assert.deepEqual(refused, { code: 1, stdout: "", stderr: serviceError("ScopeLocked", text) });
    assert.equal(await ok(["lock", "delete", "--name", "rglock", "--resource-group", RG]), "");
    assert.deepEqual(JSON.parse(await ok(["lock", "list", "--resource-group", RG])), []);
  });

  test("a CanNotDelete lock on the node resource group fails az aks nodepool scale to fewer nodes; az lock delete and az aks nodepool update bring it back", async () => {
    const vmss = (await session.emu.request("GET", `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01`)).json.value[0].id as string;
    await ok(["lock", "create", "--name", "mclock", "--lock-type", "CanNotDelete", "--resource-group", NODE_RG]);
    const scale = await session.az.run(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "-c", "1"]);
    const aks = `Failed to scale node pool 'nodepool1' in Kubernetes service 'c1'. Error: ${LOCKED_GROUP}`;
    // The LRO ends Failed: az prints the status's error and, as azure-core does, its details (ARM's refusal of the VM delete).
    const arm = `The scope '${vmss}/virtualmachines/1' cannot perform delete operation because following scope(s) are locked: '/subscriptions/${SUB}/resourceGroups/${NODE_RG}'. Please remove the lock and try again.`;
    assert.deepEqual(scale, { code: 1, stdout: "", stderr: `${serviceError("ResourceGroupLocked", aks)}Exception Details:\t(ScopeLocked) ${arm}\n\tCode: ScopeLocked\n\tMessage: ${arm}\n` });
    assert.equal(await ok(["aks", "nodepool", "show", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "--query", "provisioningState", "-o", "tsv"]), "Failed\n");
    assert.deepEqual(JSON.parse(await ok(["lock", "list", "--resource-group", NODE_RG, "--query", "[].[name, level]"])), [["mclock", "CanNotDelete"]]);
    await ok(["lock", "delete", "--name", "mclock", "--resource-group", NODE_RG]);
    // The pool already holds the count asked for: az refuses the same scale again on its own side.
    const same = await session.az.run(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "-c", "1"]);
    assert.deepEqual(same, { code: 1, stdout: "", stderr: "ERROR: The new node count is the same as the current node count.\n" });
    // The seed's agent pool reconciliation: a PUT of the unchanged pool removes the node AKS could not.
    assert.equal(await ok(["aks", "nodepool", "update", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "--query", "[provisioningState, count]", "-o", "tsv"]), "Succeeded\n1\n");
    // Its scale set holds one instance again (az vmss crashes in Debian's az 2.45: az rest reads it).
    const sets = await session.restAt("2024-07-01")("get", `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets`, undefined, "value[].sku.capacity");
    assert.deepEqual(sets, [1]);
  });
});
