// Microsoft.Network through the real az 2.45 (proxy mode). Debian's azure-cli 2.45 ships
// azure-mgmt-network without the models its `network` module loads its arguments from, so every
// `az network ...` command (vnet, subnet, nsg, public-ip, list-usages) crashes inside az before it
// sends anything (against real Azure too): the test pins that, and sends the same requests with
// `az rest` at the api-versions those commands use (2022-01-01). The `az aks` commands run as
// they are: AKS on the user's subnet (--vnet-subnet-id), a pool scaled past its /28 fails with
// SubnetIsFull, seed 002's remedy (a new pool on a larger subnet, then `aks nodepool delete` of
// the old one) recovers, and the freed subnet can go.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { armUrl, azSession } from "./support/session.js";

const RG = "rg-net";
const API = "2022-01-01";
const NET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;

const session = azSession("network");
const { ok } = session;
const rest = session.restAt(API);
const url = (path: string) => armUrl(path, API);
const json = async (args: string[]) => JSON.parse(await ok([...args, "-o", "json"])) as any;
/** az's block for a service error: "(Code) Message", then "Code:" and "Message:" lines. */
const fails = async (args: string[], code: string, message: string) => {
  const r = await session.az.run(args);
  assert.equal(r.code, 1, `az ${args.join(" ")} should fail: ${r.stdout}`);
  assert.ok(r.stderr.includes(`(${code}) ${message}\nCode: ${code}\nMessage: ${message}`), r.stderr);
};
/** `az rest` refused: az prints the status and Network's wrapped body. */
const restFails = async (method: string, path: string, body: unknown, code: string, message: string) => {
  const r = await session.az.run(["rest", "--method", method, "--url", url(path), "--body", JSON.stringify(body)]);
  assert.equal(r.code, 1, r.stdout);
  const printed = /\((\{.*\})\)\s*$/s.exec(r.stderr.trim());
  assert.ok(printed, r.stderr);
  assert.deepEqual(JSON.parse(printed[1]!).error, { code, message });
};

describe("Microsoft.Network through az 2.45", { skip: azSkip() }, () => {
  test("`az network` crashes inside Debian's az 2.45; az rest creates a vnet and subnets, refuses an overlap, adds and deletes an NSG rule, attaches the NSG, lists public IPs and usages", async () => {
    const crashed = await session.az.run(["network", "vnet", "list", "-g", RG]);
    assert.equal(crashed.code, 1);
    assert.match(crashed.stderr, /AttributeError: 'NoneType' object has no attribute 'standard_medium'/);

    await ok(["group", "create", "-n", RG, "-l", "eastus", "-o", "none"]);
    const vnet = await rest("put", `${NET}/virtualNetworks/vnet1`, { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.30.0.0/16"] }, subnets: [{ name: "small", properties: { addressPrefix: "10.30.0.0/28" } }] } });
    assert.deepEqual([vnet.properties.provisioningState, vnet.properties.subnets.map((s: any) => s.name)], ["Updating", ["small"]]);
    assert.equal(await rest("get", `${NET}/virtualNetworks/vnet1/subnets/small`, undefined, "properties.provisioningState"), "Succeeded");
    await rest("put", `${NET}/virtualNetworks/vnet1/subnets/large`, { properties: { addressPrefix: "10.30.1.0/24" } });
    await restFails("put", `${NET}/virtualNetworks/vnet1/subnets/clash`, { properties: { addressPrefix: "10.30.1.128/25" } }, "NetcfgSubnetRangesOverlap", "Subnet 'clash' is not valid because its IP address range overlaps with that of an existing subnet in virtual network 'vnet1'.");

    await rest("put", `${NET}/networkSecurityGroups/nsg1`, { location: "eastus" });
    const rule = { properties: { priority: 200, direction: "Outbound", access: "Deny", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "*" } };
    await rest("put", `${NET}/networkSecurityGroups/nsg1/securityRules/deny-https`, rule);
    assert.deepEqual(await rest("get", `${NET}/networkSecurityGroups/nsg1`, undefined, "properties.securityRules[].name"), ["deny-https"]);
    await restFails("put", `${NET}/networkSecurityGroups/nsg1/securityRules/low`, { properties: { ...rule.properties, priority: 50 } }, "SecurityRuleInvalidPriority", "Security rule has invalid Priority. Value provided: 50 Allowed range 100-4096.");
    await ok(["rest", "--method", "delete", "--url", url(`${NET}/networkSecurityGroups/nsg1/securityRules/deny-https`)]);
    assert.deepEqual(await rest("get", `${NET}/networkSecurityGroups/nsg1/securityRules`, undefined, "value"), []);
    const large = await rest("get", `${NET}/virtualNetworks/vnet1/subnets/large`);
    const updated = await rest("put", `${NET}/virtualNetworks/vnet1/subnets/large`, { ...large, properties: { ...large.properties, networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg1` } } });
    assert.equal(updated.properties.networkSecurityGroup.id, `${NET}/networkSecurityGroups/nsg1`);

    await rest("put", `${NET}/publicIPAddresses/ip1`, { location: "eastus", sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static" } });
    assert.deepEqual(await rest("get", `${NET}/publicIPAddresses`, undefined, "value[].{name:name, sku:sku.name, method:properties.publicIPAllocationMethod}"), [{ name: "ip1", sku: "Standard", method: "Static" }]);
    const usage = await rest("get", `/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/usages`, undefined, "value[?name.value=='PublicIPAddresses'].{current:currentValue, limit:limit}");
    assert.deepEqual(usage, [{ current: 1, limit: 1000 }]);
  });

  test("AKS on the user's subnet: a scale past the /28 fails with SubnetIsFull; a new pool on a larger subnet and the old pool's delete recover; the subnet then goes", async () => {
    const small = `${NET}/virtualNetworks/vnet1/subnets/small`;
    const large = `${NET}/virtualNetworks/vnet1/subnets/large`;
    // --skip-subnet-role-assignment: az 2.45 would grant the cluster's identity Network Contributor on
    // the subnet, but that call crashes inside Debian's az ("'RoleAssignmentsOperations' object has no
    // attribute 'config'") and az retries it for 110 s before it warns and goes on.
    await ok(["aks", "create", "-g", RG, "-n", "c1", "-c", "3", "--network-plugin", "kubenet", "--vnet-subnet-id", small, "--skip-subnet-role-assignment", "--generate-ssh-keys", "-o", "none"]);
    assert.equal(await rest("get", small, undefined, "length(properties.ipConfigurations)"), 3);
    await fails(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "-c", "12"], "SubnetIsFull", "Subnet small with address prefix 10.30.0.0/28 does not have enough capacity for 9 IP addresses.");
    assert.equal((await ok(["aks", "nodepool", "show", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "--query", "provisioningState", "-o", "tsv"])).trim(), "Failed");
    const first = await rest("get", small, undefined, "properties.ipConfigurations[0].id");
    const held = await session.az.run(["rest", "--method", "delete", "--url", url(small)]);
    assert.equal(held.code, 1);
    assert.ok(held.stderr.includes(`"code":"InUseSubnetCannotBeDeleted","message":"Subnet small is in use by ${first} and cannot be deleted.`), held.stderr);

    await ok(["aks", "nodepool", "add", "-g", RG, "--cluster-name", "c1", "-n", "bigpool", "-c", "4", "--mode", "System", "--vnet-subnet-id", large, "-o", "none"]);
    await ok(["aks", "nodepool", "delete", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1"]);
    assert.deepEqual(await json(["aks", "nodepool", "list", "-g", RG, "--cluster-name", "c1", "--query", "[].{name:name, count:count, state:provisioningState}"]), [{ name: "bigpool", count: 4, state: "Succeeded" }]);
    assert.equal(await rest("get", large, undefined, "length(properties.ipConfigurations)"), 4);
    await ok(["rest", "--method", "delete", "--url", url(small)]);
    assert.deepEqual(await rest("get", `${NET}/virtualNetworks/vnet1/subnets`, undefined, "value[].name"), ["large"]);
  });
});
