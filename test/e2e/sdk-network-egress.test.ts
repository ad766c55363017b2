// Seed 002's "The virtual network is blocked" through the official SDKs (@azure/arm-network and
// @azure/arm-containerservice, unmodified but for endpoint and credential): the user's vnet points
// its nodes at a custom DNS server (dhcpOptions.dnsServers) that the control API declares as not
// forwarding to Azure DNS; the pool's scale fails with K8SAPIServerDNSLookupFailVMExtensionError
// (exit status 52) as the SDK reports it; the activity log holds the Failed event; the detector
// names the server; the vnet back on Azure DNS (through the Network SDK) and a reconcile succeed.
// Also the firewall case: a route table through a virtual appliance that lets nothing out.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { ContainerServiceClient, ManagedCluster } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { arm, clients, clusterBody } from "./helpers/aks.js";

const RG = "rg-egress";
let emu: Emulator;
let net: NetworkManagementClient;
let client: ContainerServiceClient;
let subnetId: string;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  net = new NetworkManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  client = clients(emu).client;
  const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(RG, "vnet", { location: "eastus", addressSpace: { addressPrefixes: ["10.30.0.0/16"] }, dhcpOptions: { dnsServers: ["10.30.0.53"] }, subnets: [{ name: "nodes", addressPrefix: "10.30.1.0/24" }] }, FAST);
  subnetId = vnet.subnets![0]!.id!;
});
after(() => emu.close());

const body = (count: number): ManagedCluster => {
  const b = clusterBody({ pools: [{ name: "nodepool1", count }] });
  b.networkProfile = { networkPlugin: "kubenet" };
  b.agentPoolProfiles![0]!.vnetSubnetID = subnetId;
  return b;
};
const scale = (count: number) => client.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", { count, mode: "System", vmSize: "Standard_DS2_v2", vnetSubnetID: subnetId }, FAST);
const now = async () => (await arm(emu, "GET", "/_aksemu/clock")).json.now as string;
async function failedCodes(t0: string): Promise<string[]> {
  const filter = encodeURIComponent(`eventTimestamp ge '${t0}' and status eq 'Failed'`);
  const res = await arm(emu, "GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${filter}`);
  return (res.json.value as any[]).filter((e) => String(e.resourceId).toLowerCase().includes("/managedclusters/c1")).map((e) => JSON.parse(e.properties.statusMessage).error?.code);
}
const detector = async (id: string) => (await arm(emu, "GET", `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1/detectors/${id}?api-version=2024-08-01`)).json.properties;

test("a custom DNS server without a forwarder to Azure DNS: the scale fails with K8SAPIServerDNSLookupFailVMExtensionError; Azure DNS again and a reconcile succeed", async () => {
  // Undeclared, the custom server forwards to Azure DNS: the cluster is created.
  const mc = await client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(1), FAST);
  assert.equal(mc.provisioningState, "Succeeded");
  assert.equal((await arm(emu, "PUT", "/_aksemu/network/dns-servers/10.30.0.53", { resolves: "internet" })).status, 200);
  const t0 = await now();
  await assert.rejects(scale(2), (e: any) => {
    assert.match(
      e.message,
      /^The long-running operation has failed\. K8SAPIServerDNSLookupFailVMExtensionError\. Agents are unable to resolve Kubernetes API server name\. It's likely custom DNS server is not correctly configured, please see <https:\/\/aka\.ms\/aks\/private-cluster#hub-and-spoke-with-custom-dns> for more information\. Details: Code="VMExtensionProvisioningError" Message="VM has reported a failure when processing extension 'vmssCSE'\. Error message: "Enable failed: failed to execute command: command terminated with exit status=52\n\[stdout\]\n\{\n"ExitCode": "52",\n"Output": "[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4},aks-nodepool1-\d{8}-vmss000001\\nConnection to mcr\.microsoft\.com 443 port \[tcp\/https\] succeeded!"\n\}"/,
    );
    return true;
  });
  assert.equal((await client.agentPools.get(RG, "c1", "nodepool1")).provisioningState, "Failed");
  assert.ok((await failedCodes(t0)).includes("K8SAPIServerDNSLookupFailVMExtensionError"));
  const d = await detector("virtual-network-dns");
  assert.equal(d.status.statusId, 0);
  assert.match(d.status.message, /DNS server 10\.30\.0\.53 of virtual network 'vnet' does not forward to Azure DNS/);
  // The seed's remedy: DNS resolution to Azure (the vnet without custom servers), then reconcile.
  await net.virtualNetworks.beginCreateOrUpdateAndWait(RG, "vnet", { location: "eastus", addressSpace: { addressPrefixes: ["10.30.0.0/16"] }, subnets: [{ name: "nodes", addressPrefix: "10.30.1.0/24" }] }, FAST);
  assert.equal((await net.virtualNetworks.get(RG, "vnet")).dhcpOptions, undefined);
  const reconciled = await client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(2), FAST);
  assert.equal(reconciled.provisioningState, "Succeeded");
  assert.equal((await client.agentPools.get(RG, "c1", "nodepool1")).provisioningState, "Succeeded");
  assert.equal((await detector("virtual-network-dns")).status.statusId, 3);
});

test("a route table sending 0.0.0.0/0 to a firewall that lets nothing out: OutboundConnFailVMExtensionError; the firewall allowing 443, a reconcile succeeds", async () => {
  const rt = await net.routeTables.beginCreateOrUpdateAndWait(RG, "egress", { location: "eastus", routes: [{ name: "default", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.30.0.4" }] }, FAST);
  await net.subnets.beginCreateOrUpdateAndWait(RG, "vnet", "nodes", { addressPrefix: "10.30.1.0/24", routeTable: { id: rt.id! } }, FAST);
  assert.equal((await arm(emu, "PUT", "/_aksemu/network/appliances/10.30.0.4", { allow: [] })).status, 200);
  await assert.rejects(scale(3), (e: any) => {
    assert.ok(e.message.startsWith("The long-running operation has failed. OutboundConnFailVMExtensionError. Unable to establish outbound connection from agents, please see <https://aka.ms/aks-required-ports-and-addresses> for more information."), e.message);
    assert.ok(e.message.includes("nc: connect to mcr.microsoft.com port 443 (tcp) failed: Connection timed out"), e.message);
    return true;
  });
  const d = await detector("outbound-connectivity");
  assert.match(d.status.message, /route 'default' of route table 'egress' sends Internet traffic to virtual appliance 10\.30\.0\.4, which does not allow TCP 443/);
  assert.equal((await arm(emu, "PUT", "/_aksemu/network/appliances/10.30.0.4", { allow: ["443"] })).status, 200);
  assert.equal((await client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", body(3), FAST)).provisioningState, "Succeeded");
  assert.equal((await client.agentPools.get(RG, "c1", "nodepool1")).count, 3);
});
