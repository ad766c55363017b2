// Microsoft.Network's egress rules for new nodes, pure: what a vnet's DNS servers resolve (Azure
// DNS, an undeclared custom server, "internet", "none", the first that answers), which route
// carries Internet traffic and what its next hop does (a declared or undeclared appliance, None),
// the control API's declarations, and the CSE's order of checks (lookup, NSG, route, API server lookup).
import assert from "node:assert/strict";
import { test } from "node:test";
import { decideAppliancePut, internetRoute, routeVerdict, type ApplianceRecord } from "../../src/providers/network/domain/appliances.js";
import { judgeNodeEgress, type NodeEgressInput } from "../../src/providers/network/domain/node-egress.js";
import type { RouteRecord, SubnetRecord, VirtualNetworkRecord } from "../../src/providers/network/domain/records.js";
import { AZURE_DNS, decideDnsServerPut, isIpv4, resolverOf, resolves, type DnsServerRecord } from "../../src/providers/network/domain/resolution.js";

const declared = (table: Record<string, DnsServerRecord["resolves"]>) => (ip: string): DnsServerRecord | undefined => (table[ip] ? { kind: "dnsServer", ip, resolves: table[ip]! } : undefined);
const appliances = (table: Record<string, string[]>) => (ip: string): ApplianceRecord | undefined => (table[ip] ? { kind: "appliance", ip, allow: table[ip]! } : undefined);
const route = (name: string, addressPrefix: string, nextHopType: string, nextHopIpAddress?: string): RouteRecord => ({
  kind: "route", id: `/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/routeTables/rt/routes/${name}`, subscriptionId: "s", resourceGroup: "net", routeTableName: "rt", name,
  addressPrefix, nextHopType, ...(nextHopIpAddress ? { nextHopIpAddress } : {}), provisioningState: "Succeeded", resourceGuid: "g",
});
const HTTPS = { protocol: "Tcp", port: 443 } as const;

test("DNS: no servers or 168.63.129.16 is Azure DNS; an undeclared custom server forwards to it; the first server that answers decides", () => {
  const none = declared({});
  assert.deepEqual(resolverOf([], none), { server: AZURE_DNS, resolves: "azure", custom: false });
  assert.deepEqual(resolverOf([AZURE_DNS], declared({ [AZURE_DNS]: "none" })), { server: AZURE_DNS, resolves: "azure", custom: false });
  assert.deepEqual(resolverOf(["10.0.0.53"], none), { server: "10.0.0.53", resolves: "azure", custom: true });
  const table = declared({ "10.0.0.53": "none", "10.0.0.54": "internet" });
  assert.deepEqual(resolverOf(["10.0.0.53", "10.0.0.54"], table), { server: "10.0.0.54", resolves: "internet", custom: true });
  assert.deepEqual(resolverOf(["10.0.0.53"], table), { server: "10.0.0.53", resolves: "none", custom: true });
  assert.deepEqual(resolverOf(["10.0.0.53", AZURE_DNS], table).resolves, "azure");
  assert.deepEqual([resolves({ resolves: "internet" }, "public"), resolves({ resolves: "internet" }, "apiServer"), resolves({ resolves: "none" }, "public"), resolves({ resolves: "azure" }, "apiServer")], [true, false, false, true]);
});

test("routes: a service tag route covering mcr.microsoft.com wins over 0.0.0.0/0; VirtualAppliance passes what it allows (undeclared: everything), None and VnetLocal drop", () => {
  const viaFw = route("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4");
  const mcrDirect = route("mcr", "MicrosoftContainerRegistry", "Internet");
  assert.equal(internetRoute([viaFw, mcrDirect]), mcrDirect);
  assert.equal(internetRoute([route("onprem", "192.168.0.0/16", "VirtualNetworkGateway")]), undefined);
  assert.deepEqual(routeVerdict([], HTTPS, appliances({})), { passes: true });
  assert.equal(routeVerdict([viaFw], HTTPS, appliances({})).passes, true);
  assert.deepEqual(routeVerdict([viaFw], HTTPS, appliances({ "10.0.1.4": ["80"] })), { passes: false, route: viaFw, appliance: "10.0.1.4" });
  assert.equal(routeVerdict([viaFw], HTTPS, appliances({ "10.0.1.4": ["400-500"] })).passes, true);
  assert.equal(routeVerdict([viaFw], HTTPS, appliances({ "10.0.1.4": ["*"] })).passes, true);
  assert.equal(routeVerdict([viaFw, mcrDirect], HTTPS, appliances({ "10.0.1.4": [] })).passes, true);
  for (const hop of ["None", "VnetLocal"]) assert.equal(routeVerdict([route("x", "0.0.0.0/0", hop)], HTTPS, appliances({})).passes, false);
  assert.equal(routeVerdict([route("x", "0.0.0.0/0", "VirtualNetworkGateway")], HTTPS, appliances({})).passes, true);
});

test("the control API's bodies: resolves one of azure, internet, none; allow a list of ports, ranges or *", () => {
  assert.deepEqual(decideDnsServerPut("10.0.0.53", { resolves: "Internet" }), { kind: "dnsServer", ip: "10.0.0.53", resolves: "internet" });
  assert.ok("bad" in decideDnsServerPut("10.0.0.53", { resolves: "public" }));
  assert.ok("bad" in decideDnsServerPut("10.0.0.53", { resolves: "azure", extra: 1 }));
  assert.ok("bad" in decideDnsServerPut("10.0.0.300", { resolves: "azure" }));
  assert.ok("bad" in decideDnsServerPut(AZURE_DNS, { resolves: "none" }));
  assert.deepEqual(decideAppliancePut("10.0.1.4", { allow: [] }, isIpv4), { kind: "appliance", ip: "10.0.1.4", allow: [] });
  assert.deepEqual(decideAppliancePut("10.0.1.4", { allow: ["443", "8000-9000", "*"] }, isIpv4), { kind: "appliance", ip: "10.0.1.4", allow: ["443", "8000-9000", "*"] });
  for (const allow of [["0"], ["70000"], ["90-80"], ["https"], [443], "443"]) assert.ok("bad" in decideAppliancePut("10.0.1.4", { allow }, isIpv4), JSON.stringify(allow));
});

test("a new node's egress in the CSE's order: the public lookup, the NSG, the route, then the API server lookup", () => {
  const subnet = { kind: "subnet", id: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/a", addressPrefixes: ["10.0.1.0/24"] } as SubnetRecord;
  const vnet = (dnsServers: string[]) => ({ kind: "virtualNetwork", dnsServers }) as unknown as VirtualNetworkRecord;
  const deny = { name: "deny-443", rule: { protocol: "Tcp", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet", access: "Deny", priority: 100, direction: "Outbound" } as const };
  const fw = route("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4");
  const input = (over: Partial<NodeEgressInput>): NodeEgressInput => ({ subnet, vnet: vnet([]), routes: [], dnsServer: declared({}), appliance: appliances({}), ...over });
  assert.equal(judgeNodeEgress(input({}), HTTPS).ok, true);
  // Every check fails: the lookup comes first.
  const all = { vnet: vnet(["10.0.0.53"]), nsgRules: [deny], routes: [fw], appliance: appliances({ "10.0.1.4": [] }) };
  assert.deepEqual(judgeNodeEgress(input({ ...all, dnsServer: declared({ "10.0.0.53": "none" }) }), HTTPS), { ok: false, check: "hostLookup", resolver: { server: "10.0.0.53", resolves: "none", custom: true } });
  assert.deepEqual(judgeNodeEgress(input({ ...all, dnsServer: declared({ "10.0.0.53": "internet" }) }), HTTPS), { ok: false, check: "nsg", rule: "deny-443" });
  assert.deepEqual(judgeNodeEgress(input({ ...all, nsgRules: [], dnsServer: declared({ "10.0.0.53": "internet" }) }), HTTPS), { ok: false, check: "route", route: fw, appliance: "10.0.1.4" });
  assert.deepEqual(judgeNodeEgress(input({ vnet: vnet(["10.0.0.53"]), dnsServer: declared({ "10.0.0.53": "internet" }) }), HTTPS), { ok: false, check: "apiServerLookup", resolver: { server: "10.0.0.53", resolves: "internet", custom: true } });
});
