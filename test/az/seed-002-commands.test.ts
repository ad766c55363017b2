// Seed 002's az commands that az 2.45 has and this emulator now answers, run with the real az
// through proxy mode: the node resource group and its scale sets, quota, `resource list`, `group
// list`, and `provider register` (the remedy for an unregistered namespace). Debian's azure-cli 2.45
// ships azure-mgmt-compute without its v2022_11_01 models, so every `az vm`/`az vmss` command
// crashes inside az before it sends anything (against real Azure too): the test pins that, and reads
// the same scale sets, instances and usages with `az rest`. azl has no vmss/vm commands: az alone.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { azSession } from "./support/session.js";

const session = azSession("seed 002 commands");
const NODE_RG = "MC_rg-seed2_c1_eastus";

const ok = async (args: string[]) => {
  const r = await session.az.run(args);
  assert.equal(r.code, 0, `az ${args.join(" ")}: ${r.stderr}`);
  assert.equal(r.stderr, "", `az ${args.join(" ")}`);
  return r.stdout;
};

describe("seed 002's compute and resource commands through az 2.45", { skip: azSkip() }, () => {
  test("the node resource group's scale set and its instances, as az vmss shows them", async () => {
    await ok(["group", "create", "-n", "rg-seed2", "-l", "eastus", "-o", "none"]);
    await ok(["aks", "create", "-g", "rg-seed2", "-n", "c1", "-c", "2", "--generate-ssh-keys", "-o", "none"]);
    const groups = JSON.parse(await ok(["group", "list", "--query", "[].{name:name, managedBy:managedBy}"])) as { name: string; managedBy: string | null }[];
    assert.deepEqual(groups.find((g) => g.name === NODE_RG), { name: NODE_RG, managedBy: `/subscriptions/${SUB}/resourceGroups/rg-seed2/providers/Microsoft.ContainerService/managedClusters/c1` });
    // az's own crash, client-side: no request reaches any server.
    const crashed = await session.az.run(["vmss", "list", "-g", NODE_RG]);
    assert.equal(crashed.code, 1);
    assert.match(crashed.stderr, /ValueError: API version 2022-11-01 does not have operation group 'virtual_machine_scale_sets'/);
    const compute = `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets`;
    const rest = async (path: string, query: string) => JSON.parse(await ok(["rest", "--method", "get", "--url", `https://management.azure.com${path}${path.includes("?") ? "&" : "?"}api-version=2024-07-01`, "--query", query])) as unknown;
    const sets = (await rest(compute, "value[].{name:name, capacity:sku.capacity, state:properties.provisioningState}")) as { name: string; capacity: number; state: string }[];
    assert.equal(sets.length, 1);
    assert.match(sets[0]!.name, /^aks-nodepool1-\d{8}-vmss$/);
    assert.deepEqual([sets[0]!.capacity, sets[0]!.state], [2, "Succeeded"]);
    const instances = (await rest(`${compute}/${sets[0]!.name}/virtualMachines`, "value[].{id:instanceId, computer:properties.osProfile.computerName, state:properties.provisioningState}")) as { id: string; computer: string; state: string }[];
    assert.deepEqual(instances.map((i) => [i.id, i.state]), [["0", "Succeeded"], ["1", "Succeeded"]]);
    assert.deepEqual(instances.map((i) => i.computer), [`${sets[0]!.name}000000`, `${sets[0]!.name}000001`]);
  });

  test("the location's usages show the nodes' vCPUs against the quota; az resource list finds the cluster and its scale set", async () => {
    const usage = JSON.parse(await ok(["rest", "--method", "get", "--url", `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages?api-version=2024-07-01`, "--query", "value[?name.value=='cores'].{current:currentValue, limit:limit}"])) as { current: number; limit: number }[];
    // Two Standard_DS2_v2 nodes: 4 vCPUs.
    assert.deepEqual(usage, [{ current: 4, limit: 1000 }]);
    const resources = JSON.parse(await ok(["resource", "list", "--query", "[].type"])) as string[];
    assert.ok(resources.includes("Microsoft.ContainerService/managedClusters"), resources.join(", "));
    assert.ok(resources.includes("Microsoft.Compute/virtualMachineScaleSets"), resources.join(", "));
    const inGroup = JSON.parse(await ok(["resource", "list", "-g", "rg-seed2", "--query", "[].name"])) as string[];
    assert.deepEqual(inGroup, ["c1"]);
  });

  test("az provider register: the remedy for an unregistered namespace; az waits with --wait until Registered", async () => {
    const unregister = await session.az.run(["provider", "unregister", "--namespace", "Microsoft.ContainerService", "--wait"]);
    assert.equal(unregister.code, 0, unregister.stderr);
    // `az rest` sends the request as is (the aks commands would register the namespace themselves
    // first: test/az/seed-002-scenarios.test.ts), so ARM's gate answers.
    const cluster = `https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg-seed2/providers/Microsoft.ContainerService/managedClusters/c1?api-version=2022-11-01`;
    const refused = await session.az.run(["rest", "--method", "get", "--url", cluster]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /MissingSubscriptionRegistration/);
    assert.match(refused.stderr, /The subscription is not registered to use namespace 'Microsoft\.ContainerService'\. See https:\/\/aka\.ms\/rps-not-found for how to register subscriptions\./);
    await ok(["provider", "register", "--namespace", "Microsoft.ContainerService", "--wait"]);
    assert.equal((await ok(["provider", "show", "-n", "Microsoft.ContainerService", "--query", "registrationState", "-o", "tsv"])).trim(), "Registered");
    assert.equal((await ok(["aks", "show", "-g", "rg-seed2", "-n", "c1", "--query", "provisioningState", "-o", "tsv"])).trim(), "Succeeded");
  });
});
