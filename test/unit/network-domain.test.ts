// Microsoft.Network's pure rules: CIDR arithmetic (Azure keeps five addresses of a subnet), subnet
// prefixes against their network and siblings, the addresses NICs claim (SubnetIsFull judged on
// growth only), security rule checks, the cluster network AKS keeps (created where missing, the
// public IP limit), and how many addresses an AKS node takes by network plugin.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addressCapacity, claimAddresses, ipConfigurationIds, releaseAddresses } from "../../src/providers/network/domain/addresses.js";
import { contains, isCanonical, overlaps, parseCidr, usableAddresses } from "../../src/providers/network/domain/cidr.js";
import { clusterNetworkKeys, ensureClusterNetwork } from "../../src/providers/network/domain/cluster-network.js";
import { outboundVerdict } from "../../src/providers/network/domain/egress.js";
import { checkSubnetPrefixes } from "../../src/providers/network/domain/prefixes.js";
import type { NetworkRecord, SubnetRecord } from "../../src/providers/network/domain/records.js";
import { readRule } from "../../src/providers/network/domain/security-rules.js";
import type { ClusterNetworkSpec } from "../../src/providers/network/public.js";
import { addressesPerNode, claimAddressSteps } from "../../src/providers/containerservice/domain/node-network.js";
import { nodeHostOf } from "../../src/providers/containerservice/domain/plans.js";
import { cluster, pool } from "./support/records.js";

const cidr = (t: string) => parseCidr(t)!;

test("CIDRs: parsing, host bits, containment, overlap, and the addresses a subnet hands out", () => {
  assert.equal(parseCidr("10.0.0.0/33"), undefined);
  assert.equal(parseCidr("10.0.256.0/24"), undefined);
  assert.equal(isCanonical(cidr("10.0.0.7/24")), false);
  assert.ok(contains(cidr("10.0.0.0/16"), cidr("10.0.5.0/24")));
  assert.ok(!contains(cidr("10.0.0.0/24"), cidr("10.0.0.0/23")));
  assert.ok(overlaps(cidr("10.0.0.0/24"), cidr("10.0.0.128/25")));
  assert.ok(!overlaps(cidr("10.0.0.0/25"), cidr("10.0.0.128/25")));
  assert.deepEqual(["/24", "/28", "/29", "/30"].map((b) => usableAddresses(cidr(`10.0.0.0${b}`))), [251, 11, 3, 0]);
});

test("subnet prefixes: malformed, host bits, outside the network, overlapping a sibling, none at all", () => {
  const space = [cidr("10.1.0.0/16")];
  const check = (prefixes: string[]) => checkSubnetPrefixes({ name: "v", space }, [{ name: "a", id: "A", prefixes: ["10.1.0.0/24"] }, { name: "b", id: "B", prefixes }])?.refused;
  assert.equal(check(["10.1.1.0/24"]), undefined);
  assert.equal(check(["10.1.1.0/40"]), "invalidAddressPrefixFormat");
  assert.equal(check(["10.1.1.1/24"]), "invalidCidrNotation");
  assert.equal(check(["10.2.0.0/24"]), "subnetRangeOutsideVnet");
  assert.equal(check(["10.1.0.0/23"]), "subnetRangesOverlap");
  assert.equal(check([]), "invalidSubnet");
});

const subnet = (prefix: string, holders: SubnetRecord["holders"] = []): SubnetRecord => ({
  kind: "subnet", id: "/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/s1", subscriptionId: "s", resourceGroup: "n", name: "s1", vnetName: "v",
  addressPrefixes: [prefix], prefixList: false, serviceEndpoints: [], delegations: [], privateEndpointNetworkPolicies: "Disabled", privateLinkServiceNetworkPolicies: "Enabled", holders, provisioningState: "Succeeded", resourceGuid: "g",
});
const SS = "/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/virtualMachineScaleSets/aks-p-1-vmss";

test("claims: one NIC per instance, perNic addresses each; only growth is judged; exact replaces; release frees", () => {
  const s = subnet("10.0.0.0/28"); // 11 addresses
  const three = claimAddresses(s, { holder: SS, nic: "aks-p-1-vmss", instanceIds: [0, 1, 2], perNic: 3 }) as SubnetRecord;
  assert.deepEqual(three.holders, [{ id: SS, nic: "aks-p-1-vmss", instanceIds: [0, 1, 2], perNic: 3 }]);
  assert.equal(ipConfigurationIds(three.holders[0]!)[4], `${SS}/virtualMachines/1/networkInterfaces/aks-p-1-vmss/ipConfigurations/ipconfig2`);
  assert.deepEqual(claimAddresses(three, { holder: SS, nic: "aks-p-1-vmss", instanceIds: [3], perNic: 3 }), { refused: "subnetIsFull", params: { subnet: "s1", prefix: "10.0.0.0/28", count: 3 } });
  // The same ids again (a retried scale) add nothing; exact keeps only those named.
  assert.equal((claimAddresses(three, { holder: SS, nic: "aks-p-1-vmss", instanceIds: [1, 2], perNic: 3 }) as SubnetRecord).holders[0]!.instanceIds.length, 3);
  assert.deepEqual((claimAddresses(three, { holder: SS, nic: "aks-p-1-vmss", instanceIds: [2], perNic: 3, exact: true }) as SubnetRecord).holders[0]!.instanceIds, [2]);
  // A subnet over its size (held before it shrank) keeps its NICs: a claim that does not grow is not refused.
  const over = subnet("10.0.0.0/29", three.holders);
  assert.ok(!("refused" in claimAddresses(over, { holder: SS, nic: "aks-p-1-vmss", instanceIds: [0], perNic: 3 })));
  assert.deepEqual(releaseAddresses(three, { holder: SS, instanceIds: [0, 1] }).holders[0]!.instanceIds, [2]);
  assert.deepEqual(releaseAddresses(three, { holder: SS.toUpperCase() }).holders, []);
  assert.equal(addressCapacity(subnet("10.0.0.0/24")), 251);
});

test("security rules: priority 100-4096, direction, access, protocol and ports checked; the rule as Network stores it", () => {
  const base = { priority: 200, direction: "outbound", access: "deny", protocol: "tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet" };
  assert.deepEqual(readRule("R", { properties: base }), { protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet", access: "Deny", priority: 200, direction: "Outbound" });
  assert.deepEqual(readRule("R", { properties: { ...base, priority: 4097 } }), { refused: "securityRuleInvalidPriority", params: { priority: "4097" } });
  assert.deepEqual(readRule("R", { properties: { ...base, destinationPortRange: "70000" } }), { refused: "securityRuleInvalidProperty", params: { rule: "R", property: "DestinationPortRange", value: "70000" } });
  assert.deepEqual(readRule("R", { properties: { ...base, direction: "Sideways" } }), { refused: "securityRuleInvalidProperty", params: { rule: "R", property: "Direction", value: "Sideways" } });
});

const SPEC: ClusterNetworkSpec = { nodeResourceGroupId: "/subscriptions/s/resourceGroups/MC_rg_c1_eastus", location: "eastus", tags: { "aks-managed-cluster-name": "c1" }, seed: "c1", digits: "12345678", managedVnet: true, routeTable: true, outboundIps: 1 };

test("a cluster's network: everything missing is created; again, nothing; an outbound IP over the limit is refused; its keys for the delete", () => {
  const first = ensureClusterNetwork(SPEC, { get: () => undefined, publicIpCount: 0, limits: undefined });
  assert.ok(!("refused" in first));
  assert.deepEqual(first.puts.map((r) => r.kind).sort(), ["loadBalancer", "networkSecurityGroup", "publicIPAddress", "routeTable", "subnet", "virtualNetwork"]);
  const world = new Map(first.puts.map((r) => [r.id.toLowerCase(), r] as const));
  const get = (k: string) => world.get(k) as NetworkRecord | undefined;
  assert.deepEqual(ensureClusterNetwork(SPEC, { get, publicIpCount: 1, limits: undefined }), { puts: [], deletes: [] });
  assert.deepEqual(ensureClusterNetwork({ ...SPEC, outboundIps: 2 }, { get, publicIpCount: 1, limits: { kind: "networkLimits", subscriptionId: "s", location: "eastus", limits: { PublicIPAddresses: 1 } } }), { refused: "publicIpCountLimitReached", params: { limit: 1 } });
  assert.equal(clusterNetworkKeys(SPEC, { get }).length, 6);
  // Pools all on the user's subnets: no managed VNet.
  const byo = ensureClusterNetwork({ ...SPEC, managedVnet: false, routeTable: false, outboundIps: 0 }, { get: () => undefined, publicIpCount: 0, limits: undefined });
  assert.deepEqual(!("refused" in byo) && byo.puts.map((r) => r.kind).sort(), ["loadBalancer", "networkSecurityGroup"]);
});

test("AKS: addresses a node takes (Azure CNI maxPods + 1; kubenet, overlay, a pod subnet 1) and the claim step it plans", () => {
  const host = (networkProfile: Record<string, unknown>) => nodeHostOf(cluster({ spec: { networkProfile } }));
  const p = pool("p", { spec: { count: 2, maxPods: 30, vnetSubnetID: "/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/s1" } });
  assert.equal(addressesPerNode(host({ networkPlugin: "azure" }).network, p), 31);
  assert.equal(addressesPerNode(host({ networkPlugin: "azure", networkPluginMode: "overlay" }).network, p), 1);
  assert.equal(addressesPerNode(host({ networkPlugin: "kubenet" }).network, p), 1);
  assert.equal(addressesPerNode(host({ networkPlugin: "azure" }).network, { spec: { ...p.spec, podSubnetID: "x" } }), 1);
  const [claim] = claimAddressSteps(host({ networkPlugin: "azure" }), p, [0, 1]);
  assert.deepEqual([claim!.provider, claim!.target, claim!.name, claim!.durationMs], ["Microsoft.Network", String(p.spec["vnetSubnetID"]).toLowerCase(), "Reserving 62 IP addresses in subnet s1", 0]);
  assert.deepEqual(claimAddressSteps(host({ networkPlugin: "azure" }), pool("m", { spec: { count: 2 } }), [0, 1]), [], "the managed network: no claim");
});

test("egress: the first matching outbound rule by priority decides TCP 443 to the Internet; the defaults allow it", () => {
  const rule = (name: string, priority: number, access: "Allow" | "Deny", over: Record<string, unknown> = {}) => ({ name, rule: { priority, access, direction: "Outbound" as const, protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet", ...over } });
  const egress = { protocol: "Tcp" as const, port: 443 };
  const net = ["10.0.0.0/24"];
  assert.deepEqual(outboundVerdict([], net, egress), { allowed: true, rule: "AllowInternetOutBound" });
  assert.deepEqual(outboundVerdict([rule("deny", 200, "Deny")], net, egress), { allowed: false, rule: "deny" });
  assert.deepEqual(outboundVerdict([rule("deny", 200, "Deny"), rule("allow", 150, "Allow")], net, egress), { allowed: true, rule: "allow" });
  // Another port, a private destination, another subnet as source: the rule does not apply.
  assert.equal(outboundVerdict([rule("deny", 200, "Deny", { destinationPortRange: "80" })], net, egress).allowed, true);
  assert.equal(outboundVerdict([rule("deny", 200, "Deny", { destinationAddressPrefix: "10.9.0.0/16" })], net, egress).allowed, true);
  assert.equal(outboundVerdict([rule("deny", 200, "Deny", { sourceAddressPrefix: "10.9.0.0/16" })], net, egress).allowed, true);
  assert.equal(outboundVerdict([rule("deny", 200, "Deny", { destinationPortRange: "400-500", protocol: "*", destinationAddressPrefix: "*" })], net, egress).allowed, false);
});
