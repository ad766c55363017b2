// The official Network SDK (@azure/arm-network 36.0.0, api 2025-05-01, unmodified but for endpoint
// and credential): virtual networks and subnets, NSGs and rules, route tables, public IPs and
// usages, each write an LRO the SDK polls to its end; Network's refusals as RestErrors; and with
// the AKS SDK, a pool on a subnet too small for it (SubnetIsFull), then seed 002's remedy.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { NetworkManagementClient } from "@azure/arm-network";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

let emu: Emulator;
let net: NetworkManagementClient;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg-net");
  net = new NetworkManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
});
after(() => emu.close());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejectsWithCode(p: Promise<unknown>, status: number, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e?.name, "RestError", `expected a RestError, got ${e?.name}: ${e?.message}`);
    assert.equal(e.statusCode, status, e.message);
    assert.equal(e.code, code);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test("a virtual network with a subnet, then another subnet; a subnet outside the network is refused", async () => {
  const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait("rg-net", "vnet1", { location: "eastus", addressSpace: { addressPrefixes: ["10.20.0.0/16"] }, subnets: [{ name: "a", addressPrefix: "10.20.0.0/24" }] }, FAST);
  assert.deepEqual([vnet.provisioningState, vnet.subnets?.map((s) => s.name)], ["Succeeded", ["a"]]);
  const b = await net.subnets.beginCreateOrUpdateAndWait("rg-net", "vnet1", "b", { addressPrefix: "10.20.1.0/28" }, FAST);
  assert.deepEqual([b.provisioningState, b.addressPrefix], ["Succeeded", "10.20.1.0/28"]);
  assert.deepEqual((await collect(net.subnets.list("rg-net", "vnet1"))).map((s) => s.name), ["a", "b"]);
  assert.ok((await collect(net.virtualNetworks.listAll())).some((v) => v.name === "vnet1"));
  await rejectsWithCode(
    net.subnets.beginCreateOrUpdateAndWait("rg-net", "vnet1", "c", { addressPrefix: "10.99.0.0/24" }, FAST),
    400,
    "NetcfgSubnetRangeOutsideVnet",
    "Subnet 'c' is not valid because its IP address range is outside the IP address range of virtual network 'vnet1'.",
  );
});

test("an NSG with a rule (its default rules listed); a rule at a taken priority is SecurityRuleConflict; delete a rule", async () => {
  const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait("rg-net", "nsg1", { location: "eastus", securityRules: [{ name: "allow-https", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "*", access: "Allow", priority: 100, direction: "Outbound" }] }, FAST);
  assert.equal(nsg.defaultSecurityRules?.length, 6);
  assert.deepEqual(nsg.securityRules?.map((r) => [r.name, r.priority, r.provisioningState]), [["allow-https", 100, "Succeeded"]]);
  await rejectsWithCode(
    net.securityRules.beginCreateOrUpdateAndWait("rg-net", "nsg1", "deny-all", { protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", access: "Deny", priority: 100, direction: "Outbound" }, FAST),
    400,
    "SecurityRuleConflict",
    "Security rule deny-all conflicts with rule allow-https. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.",
  );
  await net.securityRules.beginDeleteAndWait("rg-net", "nsg1", "allow-https", FAST);
  assert.deepEqual(await collect(net.securityRules.list("rg-net", "nsg1")), []);
  assert.equal((await collect(net.defaultSecurityRules.list("rg-net", "nsg1"))).length, 6);
});

test("a route table, a public IP, and the location's usages; a public IP over the limit is PublicIPCountLimitReached", async () => {
  const rt = await net.routeTables.beginCreateOrUpdateAndWait("rg-net", "rt1", { location: "eastus", routes: [{ name: "r", addressPrefix: "0.0.0.0/0", nextHopType: "Internet" }] }, FAST);
  assert.deepEqual(rt.routes?.map((r) => r.nextHopType), ["Internet"]);
  const ip = await net.publicIPAddresses.beginCreateOrUpdateAndWait("rg-net", "ip1", { location: "eastus", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" }, FAST);
  assert.match(ip.ipAddress ?? "", /^20\./);
  const usages = await collect(net.usages.list("eastus"));
  const ips = usages.find((u) => u.name.value === "PublicIPAddresses");
  assert.deepEqual([ips?.currentValue, ips?.limit, ips?.unit], [1, 1000, "Count"]);
  assert.equal(usages.find((u) => u.name.value === "VirtualNetworks")?.currentValue, 1);
  const limit = await emu.request("PUT", "/_aksemu/network/limits/eastus", { body: { limits: { PublicIPAddresses: 1 } } });
  assert.equal(limit.status, 200);
  try {
    await rejectsWithCode(
      net.publicIPAddresses.beginCreateOrUpdateAndWait("rg-net", "ip2", { location: "eastus", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" }, FAST),
      400,
      "PublicIPCountLimitReached",
      "Cannot create more than 1 public IP addresses for this subscription in this region.",
    );
  } finally {
    await emu.request("DELETE", "/_aksemu/network/limits/eastus");
  }
  await net.publicIPAddresses.beginDeleteAndWait("rg-net", "ip1", FAST);
  assert.deepEqual(await collect(net.publicIPAddresses.list("rg-net")), []);
});

test("AKS on the user's subnet: a scale past the /28 fails with SubnetIsFull; a new pool on a larger subnet and the old one's delete recover; the subnet then goes", async () => {
  const { client } = clients(emu);
  const small = (await net.subnets.get("rg-net", "vnet1", "b")).id!;
  const large = (await net.subnets.get("rg-net", "vnet1", "a")).id!;
  const body = clusterBody({ pools: [{ name: "nodepool1", count: 2 }] });
  body.networkProfile = { networkPlugin: "kubenet" };
  body.agentPoolProfiles![0]!.vnetSubnetID = small;
  await client.managedClusters.beginCreateOrUpdateAndWait("rg-net", "c1", body, FAST);
  assert.equal((await net.subnets.get("rg-net", "vnet1", "b")).ipConfigurations?.length, 2);
  await assert.rejects(client.agentPools.beginCreateOrUpdateAndWait("rg-net", "c1", "nodepool1", { count: 20, mode: "System", vnetSubnetID: small }, FAST), (e: any) => {
    // The SDK's poller: "The long-running operation has failed. <code>. <message>".
    assert.equal(e.message, "The long-running operation has failed. SubnetIsFull. Subnet b with address prefix 10.20.1.0/28 does not have enough capacity for 18 IP addresses.");
    return true;
  });
  assert.equal((await client.agentPools.get("rg-net", "c1", "nodepool1")).provisioningState, "Failed");
  await client.agentPools.beginCreateOrUpdateAndWait("rg-net", "c1", "bigpool", { count: 3, mode: "System", vnetSubnetID: large }, FAST);
  await client.agentPools.beginDeleteAndWait("rg-net", "c1", "nodepool1", FAST);
  assert.equal((await net.subnets.get("rg-net", "vnet1", "b")).ipConfigurations, undefined);
  assert.equal((await net.subnets.get("rg-net", "vnet1", "a")).ipConfigurations?.length, 3);
  await net.subnets.beginDeleteAndWait("rg-net", "vnet1", "b", FAST);
  assert.deepEqual((await collect(net.subnets.list("rg-net", "vnet1"))).map((s) => s.name), ["a"]);
});
