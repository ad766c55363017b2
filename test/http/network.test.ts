// Microsoft.Network over raw HTTPS: virtual networks and subnets (prefix checks with Network's
// codes and texts), NSGs with their default rules and rule checks, route tables, public IPs with
// the per-region limit (PublicIPCountLimitReached), load balancers, usages, and the LRO contract
// (201 + Azure-AsyncOperation, Updating -> Succeeded; DELETE 202, then 404; 204 when absent).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assertGatewayError, assertStatus, assertWrapped, finish, header, q, rgPath } from "./helpers.js";

const API = "2025-09-01";
const N = (rg: string) => `${rgPath(rg)}/providers/Microsoft.Network`;
const VNET = `${N("net")}/virtualNetworks/vnet1`;
const NSG = `${N("net")}/networkSecurityGroups/nsg1`;

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("net");
});
after(() => emu.close());

const put = (path: string, body: unknown, api = API) => emu.request("PUT", q(path, api), { body });
const get = (path: string, api = API) => emu.request("GET", q(path, api));
/** A PUT that starts Network's operation, followed to Succeeded. */
async function putDone(path: string, body: unknown, expected: 200 | 201 = 201) {
  const res = await put(path, body);
  assertStatus(res, expected);
  const st = await finish(emu, String(header(res, "azure-asyncoperation")), "PT5S");
  assert.deepEqual(st, { status: "Succeeded" });
  return res;
}
async function deleteDone(path: string) {
  const res = await emu.request("DELETE", q(path, API));
  assertStatus(res, 202);
  assert.ok(header(res, "location"), "Location header");
  const st = await finish(emu, String(header(res, "azure-asyncoperation")), "PT5S");
  assert.equal(st.status, "Succeeded");
}

describe("Microsoft.Network", () => {
  test("a virtual network: 201 Updating with Azure-AsyncOperation, Succeeded after its operation; GET, lists, subnets inline", async () => {
    const res = await put(VNET, { location: "eastus", tags: { team: "a" }, properties: { addressSpace: { addressPrefixes: ["10.1.0.0/16"] }, subnets: [{ name: "s1", properties: { addressPrefix: "10.1.0.0/24" } }] } });
    assertStatus(res, 201);
    assert.equal(res.json.properties.provisioningState, "Updating");
    assert.match(String(header(res, "azure-asyncoperation")), new RegExp(`/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/operations/[^?]+\\?api-version=${API}$`));
    assert.deepEqual(await finish(emu, String(header(res, "azure-asyncoperation")), "PT5S"), { status: "Succeeded" });
    const got = await get(VNET);
    assertStatus(got, 200);
    assert.equal(got.json.type, "Microsoft.Network/virtualNetworks");
    assert.match(got.json.etag, /^W\/"/);
    assert.deepEqual(got.json.properties.addressSpace, { addressPrefixes: ["10.1.0.0/16"] });
    assert.equal(got.json.properties.provisioningState, "Succeeded");
    assert.deepEqual(got.json.properties.subnets.map((s: any) => [s.name, s.properties.addressPrefix, s.properties.provisioningState]), [["s1", "10.1.0.0/24", "Succeeded"]]);
    const listed = await get(`${N("net")}/virtualNetworks`);
    assert.deepEqual(listed.json.value.map((v: any) => v.name), ["vnet1"]);
    const all = await get(`/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`);
    assert.ok(all.json.value.some((v: any) => v.id === VNET));
    const missing = await get(`${N("net")}/virtualNetworks/nope`);
    assertGatewayError(missing, 404, "ResourceNotFound", "The Resource 'Microsoft.Network/virtualNetworks/nope' under resource group 'net' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
  });

  test("subnets: PUT, GET, list; prefixes outside the network, overlapping, malformed or with host bits are Network's 400s", async () => {
    await putDone(`${VNET}/subnets/s2`, { properties: { addressPrefix: "10.1.1.0/24" } });
    const s2 = await get(`${VNET}/subnets/s2`);
    assert.deepEqual([s2.json.name, s2.json.type, s2.json.properties.addressPrefix, s2.json.properties.privateEndpointNetworkPolicies], ["s2", "Microsoft.Network/virtualNetworks/subnets", "10.1.1.0/24", "Disabled"]);
    assert.deepEqual((await get(`${VNET}/subnets`)).json.value.map((s: any) => s.name), ["s1", "s2"]);
    const cases: [string, string, string][] = [
      ["10.2.0.0/24", "NetcfgSubnetRangeOutsideVnet", "Subnet 'bad' is not valid because its IP address range is outside the IP address range of virtual network 'vnet1'."],
      ["10.1.0.128/25", "NetcfgSubnetRangesOverlap", "Subnet 'bad' is not valid because its IP address range overlaps with that of an existing subnet in virtual network 'vnet1'."],
      ["10.1.2.0/33", "InvalidAddressPrefixFormat", `Address prefix 10.1.2.0/33 of resource ${VNET}/subnets/bad is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`],
      ["10.1.2.7/24", "InvalidCIDRNotation", `The address prefix 10.1.2.7/24 in resource ${VNET}/subnets/bad has an invalid CIDR notation. For the given prefix length, the address prefix should be 10.1.2.0/24.`],
    ];
    for (const [prefix, code, message] of cases) {
      const res = await put(`${VNET}/subnets/bad`, { properties: { addressPrefix: prefix } });
      assertStatus(res, 400);
      assertWrapped(res, code, message);
    }
    const none = await put(`${VNET}/subnets/bad`, { properties: {} });
    assertWrapped(none, "NetcfgInvalidSubnet", "Subnet 'bad' is not valid in virtual network 'vnet1'.");
    const noNsg = await put(`${VNET}/subnets/bad`, { properties: { addressPrefix: "10.1.9.0/24", networkSecurityGroup: { id: `${N("net")}/networkSecurityGroups/ghost` } } });
    assertWrapped(noNsg, "InvalidResourceReference", `Resource ${N("net")}/networkSecurityGroups/ghost referenced by resource ${VNET}/subnets/bad was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`);
    const noVnet = await put(`${N("net")}/virtualNetworks/ghost/subnets/x`, { properties: { addressPrefix: "10.0.0.0/24" } });
    assertStatus(noVnet, 404);
    assertWrapped(noVnet, "NotFound", `Resource ${N("net")}/virtualNetworks/ghost not found.`);
    const missing = await get(`${VNET}/subnets/nope`);
    assertStatus(missing, 404);
    assertWrapped(missing, "NotFound", `Resource ${VNET}/subnets/nope not found.`);
  });

  test("an NSG has Network's six default rules; rules are checked (priority range, one per priority and direction) and listed; a subnet may use it, then it cannot go", async () => {
    const created = await putDone(NSG, { location: "eastus" });
    assert.deepEqual(created.json.properties.defaultSecurityRules.map((r: any) => [r.name, r.properties.priority, r.properties.direction, r.properties.access]), [
      ["AllowVnetInBound", 65000, "Inbound", "Allow"],
      ["AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow"],
      ["DenyAllInBound", 65500, "Inbound", "Deny"],
      ["AllowVnetOutBound", 65000, "Outbound", "Allow"],
      ["AllowInternetOutBound", 65001, "Outbound", "Allow"],
      ["DenyAllOutBound", 65500, "Outbound", "Deny"],
    ]);
    const rule = { properties: { access: "Deny", destinationAddressPrefix: "11.0.0.0/8", destinationPortRange: "8080", direction: "Outbound", priority: 100, sourceAddressPrefix: "10.0.0.0/8", sourcePortRange: "*", protocol: "*" } };
    const r1 = await putDone(`${NSG}/securityRules/rule1`, rule);
    // SecurityRules_CreateOrUpdate's example body, provisioningState first.
    assert.deepEqual(r1.json.properties, { provisioningState: "Updating", ...rule.properties });
    const clash = await put(`${NSG}/securityRules/rule2`, rule);
    assertWrapped(clash, "SecurityRuleConflict", "Security rule rule2 conflicts with rule rule1. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.");
    const low = await put(`${NSG}/securityRules/rule2`, { properties: { ...rule.properties, priority: 50 } });
    assertWrapped(low, "SecurityRuleInvalidPriority", "Security rule has invalid Priority. Value provided: 50 Allowed range 100-4096.");
    const got = await get(NSG);
    assert.deepEqual(got.json.properties.securityRules.map((r: any) => r.name), ["rule1"]);
    assert.equal((await get(`${NSG}/defaultSecurityRules`)).json.value.length, 6);
    await putDone(`${VNET}/subnets/s3`, { properties: { addressPrefix: "10.1.3.0/24", networkSecurityGroup: { id: NSG } } });
    assert.deepEqual((await get(NSG)).json.properties.subnets, [{ id: `${VNET}/subnets/s3` }]);
    const inUse = await emu.request("DELETE", q(NSG, API));
    assertWrapped(inUse, "InUseNetworkSecurityGroupCannotBeDeleted", `Network security group ${NSG} cannot be deleted because it is in use by the following resources: ${VNET}/subnets/s3.`);
    await deleteDone(`${NSG}/securityRules/rule1`);
    assertStatus(await get(`${NSG}/securityRules/rule1`), 404);
    assertStatus(await emu.request("DELETE", q(`${NSG}/securityRules/rule1`, API)), 204);
  });

  test("route tables and routes: a virtual appliance hop needs its address", async () => {
    const table = `${N("net")}/routeTables/rt1`;
    await putDone(table, { location: "eastus", properties: { routes: [{ name: "default", properties: { addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.1.0.4" } }] } });
    const got = await get(table);
    assert.deepEqual(got.json.properties.routes.map((r: any) => [r.name, r.properties.nextHopType, r.properties.nextHopIpAddress]), [["default", "VirtualAppliance", "10.1.0.4"]]);
    const bad = await put(`${table}/routes/r2`, { properties: { addressPrefix: "10.9.0.0/16", nextHopType: "VirtualAppliance" } });
    assertStatus(bad, 400);
    await putDone(`${table}/routes/r2`, { properties: { addressPrefix: "10.9.0.0/16", nextHopType: "Internet" } });
    assert.equal((await get(`${table}/routes`)).json.value.length, 2);
  });

  test("public IPs: Standard is Static with an address, Standard and Dynamic is refused; over the region's limit is PublicIPCountLimitReached; usages count them", async () => {
    const ip1 = `${N("net")}/publicIPAddresses/ip1`;
    const created = await putDone(ip1, { location: "eastus", sku: { name: "Standard" } });
    assert.deepEqual([created.json.sku, created.json.properties.publicIPAllocationMethod], [{ name: "Standard", tier: "Regional" }, "Static"]);
    assert.match((await get(ip1)).json.properties.ipAddress, /^20\.\d+\.\d+\.\d+$/);
    const dynamic = await put(`${N("net")}/publicIPAddresses/ip2`, { location: "eastus", sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Dynamic" } });
    assertWrapped(dynamic, "StandardAndStandardV2SkuPublicIPAddressesMustBeStatic", `Standard sku publicIp ${N("net")}/publicIPAddresses/ip2 must have AllocationMethod set to Static.`);
    const usage = async () => ((await get(`/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/usages`)).json.value as any[]).find((u) => u.name.value === "PublicIPAddresses");
    const before = await usage();
    assert.deepEqual({ ...before, currentValue: 0 }, { name: { localizedValue: "Public IP Addresses", value: "PublicIPAddresses" }, currentValue: 0, id: `/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/usages/PublicIPAddresses`, limit: 1000, unit: "Count" });
    assertStatus(await emu.request("PUT", "/_aksemu/network/limits/eastus", { body: { limits: { PublicIPAddresses: before.currentValue } } }), 200);
    try {
      assert.equal((await usage()).limit, before.currentValue);
      const over = await put(`${N("net")}/publicIPAddresses/ip3`, { location: "eastus", sku: { name: "Standard" } });
      assertStatus(over, 400);
      assertWrapped(over, "PublicIPCountLimitReached", `Cannot create more than ${before.currentValue} public IP addresses for this subscription in this region.`);
      // An update of an existing address is not a new one.
      await putDone(ip1, { location: "eastus", sku: { name: "Standard" }, tags: { a: "b" } }, 200);
    } finally {
      assertStatus(await emu.request("DELETE", "/_aksemu/network/limits/eastus"), 204);
    }
    const bad = await emu.request("PUT", "/_aksemu/network/limits/eastus", { body: { limits: { PublicIps: 3 } } });
    assertStatus(bad, 400);
    assert.match(bad.json.error.message, /^Unknown quota 'PublicIps': one of VirtualNetworks, /);
  });

  test("a load balancer takes its frontends' public IPs (which then cannot go); a rule naming a missing frontend is InvalidResourceReference", async () => {
    const lb = `${N("net")}/loadBalancers/lb1`;
    const ip = `${N("net")}/publicIPAddresses/ip1`;
    const fe = `${lb}/frontendIPConfigurations/fe`;
    await putDone(lb, { location: "eastus", sku: { name: "Standard" }, properties: { frontendIPConfigurations: [{ name: "fe", properties: { publicIPAddress: { id: ip } } }], backendAddressPools: [{ name: "be" }], outboundRules: [{ name: "out", properties: { protocol: "All", frontendIPConfigurations: [{ id: fe }], backendAddressPool: { id: `${lb}/backendAddressPools/be` } } }] } });
    assert.deepEqual((await get(ip)).json.properties.ipConfiguration, { id: fe });
    const held = await emu.request("DELETE", q(ip, API));
    assertWrapped(held, "PublicIPAddressCannotBeDeleted", `Public IP address ${ip} can not be deleted since it is still allocated to resource ${fe}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.`);
    const dangling = await put(`${N("net")}/loadBalancers/lb2`, { location: "eastus", properties: { loadBalancingRules: [{ name: "r", properties: { frontendIPConfiguration: { id: `${N("net")}/loadBalancers/lb2/frontendIPConfigurations/gone` } } }] } });
    assertWrapped(dangling, "InvalidResourceReference", `Resource ${N("net")}/loadBalancers/lb2/frontendIPConfigurations/gone referenced by resource ${N("net")}/loadBalancers/lb2/loadBalancingRules/r was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`);
    await deleteDone(lb);
    assert.equal((await get(ip)).json.properties.ipConfiguration, undefined);
    await deleteDone(ip);
    assertStatus(await get(ip), 404);
  });

  test("the api-versions az 2.45 and @azure/arm-network 36 send are served; an unknown one is NoRegisteredProviderFound", async () => {
    for (const v of ["2022-01-01", "2022-05-01", "2021-08-01", "2025-05-01"]) assertStatus(await get(VNET, v), 200);
    const res = await get(VNET, "2099-01-01");
    assertGatewayError(res, 400, "NoRegisteredProviderFound", /^No registered resource provider found for location 'eastus' and API version '2099-01-01' for type 'virtualNetworks'\./);
  });

  test("a network delete takes its subnets; a delete of what is absent is 204; a resource group delete takes its network", async () => {
    const v2 = `${N("net")}/virtualNetworks/vnet2`;
    await putDone(v2, { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.5.0.0/16"] }, subnets: [{ name: "a", properties: { addressPrefix: "10.5.0.0/24" } }] } });
    await deleteDone(v2);
    assertStatus(await get(`${v2}/subnets/a`), 404);
    assertStatus(await emu.request("DELETE", q(v2, API)), 204);
    await emu.createGroup("gone");
    await putDone(`${N("gone")}/virtualNetworks/v`, { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.6.0.0/16"] }, subnets: [{ name: "a", properties: { addressPrefix: "10.6.0.0/24" } }] } });
    const del = await emu.request("DELETE", q(rgPath("gone"), "2021-04-01"));
    assertStatus(del, 202);
    for (let i = 0; i < 10 && (await emu.request("GET", q(rgPath("gone"), "2021-04-01"))).status !== 404; i++) await emu.advance("PT1M");
    const all = await get(`/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`);
    assert.ok(!all.json.value.some((v: any) => v.id.includes("/resourceGroups/gone/")), "the group's network is gone");
  });
});
