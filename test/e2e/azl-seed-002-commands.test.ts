// The seed 002 commands that already have a server side: find the cluster (group list, resource
// list, aks show --query id) and reconcile it with `az resource update --ids <AKS cluster id>`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { loggedIn, putCluster, seedArgs, type Azl } from "./helpers/azl.js";

let emu: Emulator;
let azl: Azl;
const RG = "rg-seed2";
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  await putCluster(emu, RG, "c2");
  azl = await loggedIn(emu);
});
after(async () => {
  azl.close();
  await emu.close();
});

test("az aks show -n <cluster name> -g <cluster resource group>  -o json --query id", async () => {
  const r = await azl.run(...seedArgs("az aks show -n <cluster name> -g <cluster resource group>  -o json --query id", { "<cluster name>": "c2", "<cluster resource group>": RG }));
  assert.equal(r.code, 0, r.stderr);
  const id = `/subscriptions/${(await azl.json("account", "show")).id}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c2`;
  assert.equal(r.stdout, `${JSON.stringify(id)}\n`);
});

test("az group list and az resource list --resource-group find the cluster", async () => {
  const groups = await azl.json("group", "list");
  assert.ok(groups.some((g: { name: string }) => g.name === RG));
  const resources = await azl.json("resource", "list", "--resource-group", RG);
  assert.deepEqual(resources.map((r: { name: string; type: string }) => [r.name, r.type]), [["c2", "Microsoft.ContainerService/ManagedClusters"]]);
});

test("az resource update --ids <AKS cluster id> reconciles the cluster (a PUT with nothing changed)", async () => {
  const id = (await azl.run("aks", "show", "-n", "c2", "-g", RG, "--query", "id", "-o", "tsv")).stdout.trim();
  const before = (await azl.json("aks", "operation", "show-latest", "-g", RG, "-n", "c2")).name;
  const updated = await azl.json(...seedArgs("az resource update --ids <AKS cluster id>", { "<AKS cluster id>": id }));
  assert.equal(updated.properties.provisioningState, "Succeeded");
  const latest = await azl.json("aks", "operation", "show-latest", "-g", RG, "-n", "c2");
  assert.notEqual(latest.name, before);
  assert.deepEqual([latest.operationType, latest.subOperationType, latest.status], ["PutManagedCluster", "Updating", "Succeeded"]);
});
