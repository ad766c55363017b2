// Seed 002's Network egress causes over raw HTTPS: a custom DNS server that does not forward to
// Azure DNS (K8SAPIServerDNSLookupFailVMExtensionError, exit 52), a firewall the subnet's default
// route sends everything to and an NSG rule that denies TCP 443 out (OutboundConnFailVMExtensionError,
// exit 50). For each: the control API's declarations, the scenario, the failed operation's exact
// code and message, the pool Failed, the Failed event in the activity log, the detector naming the
// cause (the DNS server, the appliance, the rule), the remedy, then a reconcile → Succeeded. Also
// the detectors for a full subnet and the public IP limit.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertStatus, clusterBody, createCluster, finish, header, mcPath, q, refreshing, rgPath, systemPool } from "./helpers.js";
import { detectorAnswer, netGet, netPut } from "./network-helpers.js";

const NET = "2025-09-01";
const N = (rg: string) => `${rgPath(rg)}/providers/Microsoft.Network`;
const VNET = `${N("net")}/virtualNetworks/vnet`;
const SUBNET = (name: string) => `${VNET}/subnets/${name}`;

let emu: Emulator;
const SUBNETS = { dns: "10.9.1.0/24", fw: "10.9.2.0/24", nsg: "10.9.3.0/24", full: "10.9.4.0/28", manual: "10.9.5.0/24" };
const vnetBody = (dnsServers?: string[]) => ({
  location: "eastus",
  properties: {
    addressSpace: { addressPrefixes: ["10.9.0.0/16"] },
    ...(dnsServers ? { dhcpOptions: { dnsServers } } : {}),
    subnets: Object.entries(SUBNETS).map(([name, addressPrefix]) => ({ name, properties: { addressPrefix } })),
  },
});

before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await emu.createGroup("net");
  await netPut(emu, VNET, vnetBody());
});
after(() => emu.close());

async function netDelete(path: string) {
  const res = await emu.request("DELETE", q(path, NET));
  assertStatus(res, 202);
  await finish(emu, String(header(res, "azure-asyncoperation")), "PT5S");
}
async function aksPut(path: string, body: unknown) {
  const res = await emu.request("PUT", q(path), { body });
  assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
  return finish(emu, String(header(res, "azure-asyncoperation")));
}
const aksGet = async (path: string) => (await emu.request("GET", q(path))).json;
const scenario = async (name: string, body: unknown) => {
  const res = await emu.request("POST", `/_aksemu/scenarios/${name}`, { body });
  assertStatus(res, 200);
  return res.json.applied;
};
const now = async () => (await emu.request("GET", "/_aksemu/clock")).json.now as string;
async function failedEvents(t0: string, cluster: string): Promise<any[]> {
  const filter = encodeURIComponent(`eventTimestamp ge '${t0}' and status eq 'Failed'`);
  const res = await emu.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${filter}`);
  assertStatus(res, 200);
  return (res.json.value as any[]).filter((e) => String(e.resourceId).toLowerCase().includes(`/managedclusters/${cluster}`));
}


const pool = (subnet: string, count: number) => ({ properties: { count, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: SUBNET(subnet) } });
const cluster = (subnet: string, count = 1) => clusterBody({ properties: { networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [systemPool({ count, vnetSubnetID: SUBNET(subnet) })] } });

const CSE_50 = "VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: command terminated with exit status=50\n[stdout]\n\n[stderr]\nnc: connect to mcr.microsoft.com port 443 (tcp) failed: Connection timed out\nCommand exited with non-zero status\"";
const OUTBOUND_MESSAGE = `Unable to establish outbound connection from agents, please see <https://aka.ms/aks-required-ports-and-addresses> for more information. Details: Code="VMExtensionProvisioningError" Message="${CSE_50}"`;
/** The exit-52 CSE text for a node, its date as the node's `date` prints it. */
const DNS_MESSAGE = (node: string) =>
  new RegExp(
    `^Agents are unable to resolve Kubernetes API server name\\. It's likely custom DNS server is not correctly configured, please see <https://aka\\.ms/aks/private-cluster#hub-and-spoke-with-custom-dns> for more information\\. Details: Code="VMExtensionProvisioningError" Message="VM has reported a failure when processing extension 'vmssCSE'\\. Error message: "Enable failed: failed to execute command: command terminated with exit status=52\\n\\[stdout\\]\\n\\{\\n"ExitCode": "52",\\n"Output": "(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d UTC \\d{4},${node}\\\\nConnection to mcr\\.microsoft\\.com 443 port \\[tcp/https\\] succeeded!"\\n\\}""$`,
  );

describe("the control API: DNS servers and appliances", () => {
  test("an undeclared DNS server forwards to Azure DNS and an undeclared appliance allows everything; PUT declares, DELETE forgets; bad input is a 400 that says why", async () => {
    assert.deepEqual((await emu.request("GET", "/_aksemu/network/dns-servers/10.1.2.3")).json, { ip: "10.1.2.3", resolves: "azure", declared: false });
    const put = await emu.request("PUT", "/_aksemu/network/dns-servers/10.1.2.3", { body: { resolves: "internet" } });
    assertStatus(put, 200);
    assert.deepEqual(put.json, { ip: "10.1.2.3", resolves: "internet", declared: true });
    assert.deepEqual((await emu.request("GET", "/_aksemu/network/dns-servers/10.1.2.3")).json, { ip: "10.1.2.3", resolves: "internet", declared: true });
    assertStatus(await emu.request("DELETE", "/_aksemu/network/dns-servers/10.1.2.3"), 204);
    assert.equal((await emu.request("GET", "/_aksemu/network/dns-servers/10.1.2.3")).json.declared, false);
    assert.deepEqual((await emu.request("GET", "/_aksemu/network/appliances/10.1.2.4")).json, { ip: "10.1.2.4", allow: ["*"], declared: false });
    const ap = await emu.request("PUT", "/_aksemu/network/appliances/10.1.2.4", { body: { allow: ["443", "80-90"] } });
    assert.deepEqual(ap.json, { ip: "10.1.2.4", allow: ["443", "80-90"], declared: true });
    assertStatus(await emu.request("DELETE", "/_aksemu/network/appliances/10.1.2.4"), 204);
    for (const [path, body, message] of [
      ["dns-servers/10.1.2.3", { resolves: "maybe" }, '"resolves" must be one of "azure", "internet", "none" (azure: forwards to Azure DNS; internet: public names only, not the cluster\'s API server name; none: answers nothing), not "maybe".'],
      ["dns-servers/168.63.129.16", { resolves: "none" }, "168.63.129.16 is Azure DNS: it resolves every name and cannot be declared."],
      ["dns-servers/dns.example", { resolves: "none" }, "'dns.example' is not an IPv4 address: a DNS server is named by its address, e.g. /_aksemu/network/dns-servers/10.0.0.4."],
      ["appliances/10.1.2.4", { allow: ["https"] }, '"https" in "allow" is not a port ("443"), a range ("80-90") or "*".'],
      ["appliances/10.1.2.4", { deny: true }, "Unknown field(s) 'deny': the body takes \"allow\"."],
    ] as const) {
      const res = await emu.request("PUT", `/_aksemu/network/${path}`, { body });
      assertStatus(res, 400);
      assert.equal(res.json.error.message, message);
    }
  });
});

describe("The virtual network is blocked: custom DNS", () => {
  test("a vnet whose custom DNS server does not forward to Azure DNS: new nodes fail with K8SAPIServerDNSLookupFailVMExtensionError; the server fixed, a reconcile succeeds", async () => {
    // A custom server nobody declared forwards to Azure DNS: the cluster is created.
    await netPut(emu, VNET, vnetBody(["10.9.0.53"]));
    await createCluster(emu, "rg1", "dnsc", cluster("dns"));
    assertStatus(await emu.request("PUT", "/_aksemu/network/dns-servers/10.9.0.53", { body: { resolves: "internet" } }), 200);
    const warn = await detectorAnswer(emu, "rg1", "dnsc", "virtual-network-dns");
    assert.equal(warn.status, "Warning");
    const t0 = await now();
    const scaled = await aksPut(apPath("rg1", "dnsc", "nodepool1"), pool("dns", 2));
    assert.deepEqual([scaled.status, scaled.error.code], ["Failed", "K8SAPIServerDNSLookupFailVMExtensionError"]);
    const vmss = (await aksGet(apPath("rg1", "dnsc", "nodepool1"))).properties;
    assert.equal(vmss.provisioningState, "Failed");
    assert.match(scaled.error.message, DNS_MESSAGE("aks-nodepool1-\\d{8}-vmss000001"));
    const events = await failedEvents(t0, "dnsc");
    assert.ok(events.some((e) => JSON.parse(e.properties.statusMessage).error?.code === "K8SAPIServerDNSLookupFailVMExtensionError"), JSON.stringify(events.map((e) => e.properties.statusMessage)));
    const d = await detectorAnswer(emu, "rg1", "dnsc", "virtual-network-dns");
    assert.equal(d.status, "Critical");
    const c = d.insights.find((i) => i.status === "Critical")!;
    assert.match(c.message, /^\S+ failed with K8SAPIServerDNSLookupFailVMExtensionError: DNS server 10\.9\.0\.53 of virtual network 'vnet' does not forward to Azure DNS: the API server's name does not resolve \(subnet of agent pool 'nodepool1'\)\.$/);
    assert.equal(c.data["Cause"], "The virtual network is blocked: The operation can't communitcate with the cluster API server or Kubernetes control plane because the firewall or a custom Domain Name System (DNS) setting blocks the outbound connections from the nodes.");
    assert.deepEqual([c.data["DNS servers"], c.data["Answering server"], c.data["Resolves"]], ["10.9.0.53", "10.9.0.53", "public names only"]);
    assert.deepEqual(c.commands, [
      'PUT /_aksemu/network/dns-servers/10.9.0.53 {"resolves": "azure"}   (the emulator\'s stand-in for a forwarder to 168.63.129.16 on the DNS server)',
      'az network vnet update -g net -n vnet --dns-servers ""',
      `az resource update --ids ${mcPath("rg1", "dnsc")}`,
    ]);
    assert.equal((await detectorAnswer(emu, "rg1", "dnsc", "outbound-connectivity")).status, "Success");
    // Without a fix the reconcile fails again; with the server forwarding, it succeeds.
    assert.equal((await aksPut(mcPath("rg1", "dnsc"), cluster("dns", 2))).error?.code, "K8SAPIServerDNSLookupFailVMExtensionError");
    assertStatus(await emu.request("PUT", "/_aksemu/network/dns-servers/10.9.0.53", { body: { resolves: "azure" } }), 200);
    const reconciled = await aksPut(mcPath("rg1", "dnsc"), cluster("dns", 2));
    assert.equal(reconciled.status, "Succeeded", JSON.stringify(reconciled.error));
    assert.equal((await aksGet(apPath("rg1", "dnsc", "nodepool1"))).properties.provisioningState, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "dnsc", "virtual-network-dns")).status, "Success");
  });

  test("scenario virtual-network-blocked-dns: the vnet resolves through 10.254.0.53 (internet only); Azure DNS again (no dnsServers) and a reconcile succeed", async () => {
    await netPut(emu, VNET, vnetBody());
    await createCluster(emu, "rg1", "dnss", cluster("manual"));
    const applied = await scenario("virtual-network-blocked-dns", { resourceGroup: "rg1", cluster: "dnss" });
    assert.deepEqual(applied, { pool: "nodepool1", subnet: SUBNET("manual"), virtualNetwork: VNET, dnsServers: ["10.254.0.53"], resolves: "internet" });
    assert.deepEqual((await netGet(emu, VNET)).properties.dhcpOptions, { dnsServers: ["10.254.0.53"] });
    const scaled = await aksPut(apPath("rg1", "dnss", "nodepool1"), pool("manual", 2));
    assert.equal(scaled.error.code, "K8SAPIServerDNSLookupFailVMExtensionError");
    await netPut(emu, VNET, vnetBody());
    assert.equal((await aksPut(mcPath("rg1", "dnss"), cluster("manual", 2))).status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "dnss", "virtual-network-dns")).status, "Success");
  });

  test("a DNS server that answers nothing: the CSE's outbound check cannot resolve mcr.microsoft.com (exit status 50)", async () => {
    await netPut(emu, VNET, vnetBody(["10.9.0.54"]));
    await createCluster(emu, "rg1", "dnsn", cluster("full"));
    assertStatus(await emu.request("PUT", "/_aksemu/network/dns-servers/10.9.0.54", { body: { resolves: "none" } }), 200);
    try {
      const scaled = await aksPut(apPath("rg1", "dnsn", "nodepool1"), pool("full", 2));
      assert.equal(scaled.error.code, "OutboundConnFailVMExtensionError");
      assert.ok(scaled.error.message.includes('nc: getaddrinfo for host "mcr.microsoft.com" port 443: Temporary failure in name resolution'), scaled.error.message);
      const d = await detectorAnswer(emu, "rg1", "dnsn", "virtual-network-dns");
      assert.match(d.insights[0]!.message, /failed with OutboundConnFailVMExtensionError: no DNS server of virtual network 'vnet' answers: no name resolves/);
      assert.equal((await detectorAnswer(emu, "rg1", "dnsn", "outbound-connectivity")).status, "Success");
    } finally {
      assertStatus(await emu.request("DELETE", "/_aksemu/network/dns-servers/10.9.0.54"), 204);
      await netPut(emu, VNET, vnetBody());
    }
    assert.equal((await aksPut(mcPath("rg1", "dnsn"), cluster("full", 2))).status, "Succeeded");
  });
});

describe("outbound blocked: a firewall, an NSG rule", () => {
  test("scenario virtual-network-blocked-firewall: 0.0.0.0/0 → VirtualAppliance 10.254.0.4, which lets nothing out: OutboundConnFailVMExtensionError; the appliance allowing 443, a reconcile succeeds", async () => {
    await createCluster(emu, "rg1", "fwc", cluster("fw"));
    const applied = await scenario("virtual-network-blocked-firewall", { resourceGroup: "rg1", cluster: "fwc" });
    const table = `${N("net")}/routeTables/aksemu-egress-firewall`;
    assert.deepEqual(applied, { pool: "nodepool1", subnet: SUBNET("fw"), routeTable: table, route: `${table}/routes/aksemu-default-via-firewall`, appliance: "10.254.0.4", allow: [] });
    assert.equal((await netGet(emu, SUBNET("fw"))).properties.routeTable.id, table);
    assert.deepEqual((await netGet(emu, `${table}/routes/aksemu-default-via-firewall`)).properties.nextHopIpAddress, "10.254.0.4");
    const t0 = await now();
    const scaled = await aksPut(apPath("rg1", "fwc", "nodepool1"), pool("fw", 2));
    assert.deepEqual([scaled.status, scaled.error.code, scaled.error.message], ["Failed", "OutboundConnFailVMExtensionError", OUTBOUND_MESSAGE]);
    assert.equal((await aksGet(apPath("rg1", "fwc", "nodepool1"))).properties.provisioningState, "Failed");
    assert.equal((await failedEvents(t0, "fwc")).length > 0, true);
    const d = await detectorAnswer(emu, "rg1", "fwc", "outbound-connectivity");
    assert.equal(d.status, "Critical");
    const c = d.insights[0]!;
    assert.match(c.message, /failed with OutboundConnFailVMExtensionError: route 'aksemu-default-via-firewall' of route table 'aksemu-egress-firewall' sends Internet traffic to virtual appliance 10\.254\.0\.4, which does not allow TCP 443 \(subnet of agent pool 'nodepool1'\)\.$/);
    assert.equal(c.data["Route"], "aksemu-default-via-firewall: 0.0.0.0/0 → VirtualAppliance 10.254.0.4");
    assert.deepEqual(c.commands.slice(0, 2), ['PUT /_aksemu/network/appliances/10.254.0.4 {"allow": ["443"]}   (the emulator\'s stand-in for allowing the nodes\' traffic on the firewall)', "az network route-table route delete -g net --route-table-name aksemu-egress-firewall -n aksemu-default-via-firewall"]);
    assertStatus(await emu.request("PUT", "/_aksemu/network/appliances/10.254.0.4", { body: { allow: ["443"] } }), 200);
    assert.match((await detectorAnswer(emu, "rg1", "fwc", "outbound-connectivity")).insights[0]!.message, /the nodes' egress is no longer blocked: reconcile the cluster\.$/);
    assert.equal((await aksPut(mcPath("rg1", "fwc"), cluster("fw", 2))).status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "fwc", "outbound-connectivity")).status, "Success");
  });

  test("scenario outbound-blocked-by-nsg: aksemu-deny-https-out in a new NSG on the subnet: a Warning first, then OutboundConnFailVMExtensionError naming the rule; the rule deleted, a reconcile succeeds", async () => {
    await createCluster(emu, "rg1", "nsgc", cluster("nsg"));
    const applied = await scenario("outbound-blocked-by-nsg", { resourceGroup: "rg1", cluster: "nsgc" });
    const nsg = `${N("net")}/networkSecurityGroups/aksemu-egress-nsg`;
    assert.deepEqual(applied, { pool: "nodepool1", subnet: SUBNET("nsg"), networkSecurityGroup: nsg, rule: "aksemu-deny-https-out", priority: 100, access: "Deny", protocol: "Tcp", destinationPortRange: "443", destinationAddressPrefix: "Internet" });
    assert.deepEqual(await scenario("outbound-blocked-by-nsg", { resourceGroup: "rg1", cluster: "nsgc" }), applied);
    const before = await detectorAnswer(emu, "rg1", "nsgc", "outbound-connectivity");
    assert.equal(before.status, "Warning");
    assert.equal(before.insights[0]!.message, "New nodes of agent pool 'nodepool1' will fail: security rule 'aksemu-deny-https-out' of network security group 'aksemu-egress-nsg' denies TCP 443 out to the Internet.");
    const scaled = await aksPut(apPath("rg1", "nsgc", "nodepool1"), pool("nsg", 2));
    assert.deepEqual([scaled.error.code, scaled.error.message], ["OutboundConnFailVMExtensionError", OUTBOUND_MESSAGE]);
    const c = (await detectorAnswer(emu, "rg1", "nsgc", "outbound-connectivity")).insights[0]!;
    assert.equal(c.status, "Critical");
    assert.equal(c.data["Deciding rule"], "aksemu-deny-https-out");
    assert.equal(c.data["Cause"], "OutboundConnFailVMExtensionError: This error indicates that the VM extension fails to install or update due to a lack of outbound connectivity.");
    assert.equal(c.commands[0], "az network nsg rule delete -g net --nsg-name aksemu-egress-nsg -n aksemu-deny-https-out");
    await netDelete(`${nsg}/securityRules/aksemu-deny-https-out`);
    assert.equal((await aksPut(mcPath("rg1", "nsgc"), cluster("nsg", 2))).status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "nsgc", "outbound-connectivity")).status, "Success");
  });

  test("the scenarios need a pool on a subnet of yours", async () => {
    await createCluster(emu, "rg1", "managed", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 })] } }));
    for (const name of ["outbound-blocked-by-nsg", "virtual-network-blocked-dns", "virtual-network-blocked-firewall"]) {
      const res = await emu.request("POST", `/_aksemu/scenarios/${name}`, { body: { resourceGroup: "rg1", cluster: "managed" } });
      assertStatus(res, 400);
      assert.equal(res.json.error.message, `'${name}' needs a pool with nodes on a subnet of yours (vnetSubnetID): no agent pool of 'managed' is.`);
    }
  });
});

describe("detectors: a full subnet, the public IP limit", () => {
  test("subnet-is-full names the subnet with its use; public-ip-count-limit the usage and limit", async () => {
    await createCluster(emu, "rg1", "sf", cluster("full"));
    await scenario("subnet-full", { resourceGroup: "rg1", cluster: "sf" });
    const scaled = await aksPut(apPath("rg1", "sf", "nodepool1"), pool("full", 2));
    assert.equal(scaled.error.code, "SubnetIsFull");
    const d = await detectorAnswer(emu, "rg1", "sf", "subnet-is-full");
    assert.equal(d.status, "Critical");
    const c = d.insights[0]!;
    assert.equal(c.message.endsWith("failed with SubnetIsFull: the subnet of agent pool 'nodepool1' does not have enough free addresses for its nodes."), true, c.message);
    assert.deepEqual([c.data["Subnet of nodepool1"], c.data["Address prefix"], c.data["Addresses usable / in use / free"]], [SUBNET("full"), "10.9.4.0/28", "11 / 11 / 0"]);
    assert.equal(c.commands[1], `az aks nodepool add -g rg1 --cluster-name sf -n <new pool> --mode System --vnet-subnet-id ${VNET}/subnets/<larger subnet>`);
    assert.equal(c.commands[2], "az aks nodepool delete -g rg1 --cluster-name sf -n nodepool1");
    assert.equal((await detectorAnswer(emu, "rg1", "sf", "public-ip-count-limit")).status, "Success");

    const limit = (await scenario("public-ip-limit", { resourceGroup: "rg1", cluster: "sf" })).limit;
    try {
      const two = cluster("full", 1);
      (two.properties as any).networkProfile.loadBalancerProfile = { managedOutboundIPs: { count: 2 } };
      assert.equal((await aksPut(mcPath("rg1", "sf"), two)).error.code, "PublicIPCountLimitReached");
      const p = (await detectorAnswer(emu, "rg1", "sf", "public-ip-count-limit")).insights[0]!;
      assert.equal(p.status, "Critical");
      assert.match(p.message, new RegExp(`failed with PublicIPCountLimitReached: the subscription has ${limit} public IP addresses in eastus, its limit is ${limit}\\.$`));
      assert.deepEqual([p.data["Public IP addresses"], p.data["Limit"]], [String(limit), String(limit)]);
    } finally {
      assertStatus(await emu.request("DELETE", "/_aksemu/network/limits/eastus"), 204);
    }
  });
});
