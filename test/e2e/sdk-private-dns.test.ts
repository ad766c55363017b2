// Private DNS zones and private clusters through the official SDKs (@azure/arm-privatedns 3.2.0,
// 2020-06-01, and @azure/arm-containerservice, unmodified but for endpoint and credential): zones,
// links and A records with their LROs, the overlapping-namespace refusal; a private cluster's
// privateFQDN and AKS's zone; seed 002's "Private DNS Zone InternalOperationError" (scenario
// private-dns-zone-missing: the pool scale fails, the activity log has it, the reconcile recovers)
// and the custom zone's CustomPrivateDNSZoneMissingPermissionError until the identity may use it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ContainerServiceClient, ManagedCluster } from "@azure/arm-containerservice";
import { MonitorClient } from "@azure/arm-monitor";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assignRole, newPrincipal } from "../support/rbac.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { arm, clients, clusterBody } from "./helpers/aks.js";

const RG = "rg-pdns";
let emu: Emulator;
let aks: ContainerServiceClient;
let dns: PrivateDnsManagementClient;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  aks = clients(emu).client;
  dns = new PrivateDnsManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
});
after(() => emu.close());

const vnet = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${name}`;
const privateCluster = (extra: Record<string, unknown> = {}): ManagedCluster => ({ ...clusterBody(), apiServerAccessProfile: { enablePrivateCluster: true, ...extra } });

describe("@azure/arm-privatedns", () => {
  test("zones, links and A records with their LROs; a vnet linked to an overlapping zone is refused", async () => {
    const zone = await dns.privateZones.beginCreateOrUpdateAndWait(RG, "privatelink.eastus.azmk8s.io", { location: "Global" }, FAST);
    assert.deepEqual([zone.name, zone.location, zone.provisioningState, zone.numberOfRecordSets], ["privatelink.eastus.azmk8s.io", "global", "Succeeded", 1]);
    const link = await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(RG, zone.name!, "hub", { location: "global", virtualNetwork: { id: vnet("hub") }, registrationEnabled: false }, FAST);
    assert.deepEqual([link.virtualNetworkLinkState, link.provisioningState, link.virtualNetwork?.id], ["Completed", "Succeeded", vnet("hub")]);
    const a = await dns.recordSets.createOrUpdate(RG, zone.name!, "A", "api", { ttl: 300, aRecords: [{ ipv4Address: "10.1.0.4" }] });
    assert.deepEqual([a.fqdn, a.aRecords], ["api.privatelink.eastus.azmk8s.io.", [{ ipv4Address: "10.1.0.4" }]]);
    const all = [];
    for await (const r of dns.recordSets.list(RG, zone.name!)) all.push(`${r.type} ${r.name}`);
    assert.deepEqual(all, ["Microsoft.Network/privateDnsZones/SOA @", "Microsoft.Network/privateDnsZones/A api"]);

    const sub = await dns.privateZones.beginCreateOrUpdateAndWait(RG, "c1.privatelink.eastus.azmk8s.io", { location: "global" }, FAST);
    await assert.rejects(dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(RG, sub.name!, "hub", { location: "global", virtualNetwork: { id: vnet("hub") } }, FAST), (e: any) => {
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, "BadRequest");
      assert.equal(e.message, "A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with 'c1.privatelink.eastus.azmk8s.io' and 'privatelink.eastus.azmk8s.io' zones.");
      return true;
    });
    await dns.virtualNetworkLinks.beginDeleteAndWait(RG, zone.name!, "hub", FAST);
    await dns.privateZones.beginDeleteAndWait(RG, zone.name!, FAST);
    await dns.privateZones.beginDeleteAndWait(RG, sub.name!, FAST);
    const left = [];
    for await (const z of dns.privateZones.listByResourceGroup(RG)) left.push(z.name);
    assert.deepEqual(left, []);
  });
});

describe("private clusters through @azure/arm-containerservice", () => {
  test("private-dns-zone-missing: the pool scale fails with InternalOperationError, a Failed event; a reconcile recreates AKS's zone → Succeeded", async () => {
    const c = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", privateCluster(), FAST);
    assert.match(c.privateFqdn!, /^e2e-[0-9a-f]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
    assert.equal(c.apiServerAccessProfile?.privateDNSZone, "system");
    const zoneName = c.privateFqdn!.slice(c.privateFqdn!.indexOf(".") + 1);
    const mc = c.nodeResourceGroup!;
    assert.equal((await dns.privateZones.get(mc, zoneName)).numberOfVirtualNetworkLinks, 1);
    const kube = await aks.managedClusters.listClusterUserCredentials(RG, "c1");
    assert.match(Buffer.from(kube.kubeconfigs![0]!.value!).toString("utf8"), new RegExp(`server: https://\\S+/_aksemu/kubernetes/${c.privateFqdn!.replace(/\./g, "\\.")}\\n`));

    const res = await arm(emu, "POST", "/_aksemu/scenarios/private-dns-zone-missing", { resourceGroup: RG, cluster: "c1" });
    assert.equal(res.status, 200, res.text);
    const since = new Date(Date.parse((await arm(emu, "GET", "/_aksemu/clock")).json.now) - 1000);
    const scale = { count: 2, mode: "System", vmSize: "Standard_DS2_v2" } as const;
    await assert.rejects(aks.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", scale, FAST), (e: any) => {
      assert.equal(e.message, `The long-running operation has failed. InternalOperationError. Reconcile private dns failed. Details: Get private dns zone failed. Subscription: ${SUB}; resource group: ${mc}; private dns zone: ${zoneName}. Message: The Resource 'Microsoft.Network/privateDnsZones/${zoneName}' under resource group '${mc}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
      return true;
    });
    assert.equal((await aks.agentPools.get(RG, "c1", "nodepool1")).provisioningState, "Failed");
    const monitor = new MonitorClient(credentialFor(emu), SUB, { endpoint: emu.url });
    const failed = [];
    for await (const ev of monitor.activityLogs.list(`eventTimestamp ge '${since.toISOString()}' and status eq 'Failed'`)) failed.push(ev);
    const ev = failed.find((e) => e.operationName?.value === "Microsoft.ContainerService/managedClusters/agentPools/write");
    assert.equal(JSON.parse(String(ev?.properties?.["statusMessage"])).error.code, "InternalOperationError");

    const now = await aks.managedClusters.get(RG, "c1");
    const fixed = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", now, FAST);
    assert.equal(fixed.provisioningState, "Succeeded");
    assert.equal((await dns.recordSets.get(mc, zoneName, "A", c.privateFqdn!.split(".")[0]!)).aRecords?.length, 1);
    assert.deepEqual([(await aks.agentPools.get(RG, "c1", "nodepool1")).provisioningState, (await aks.agentPools.get(RG, "c1", "nodepool1")).count], ["Succeeded", 2]);
  });

  test("a custom zone: CustomPrivateDNSZoneMissingPermissionError until the cluster's service principal may use it", async () => {
    const zone = await dns.privateZones.beginCreateOrUpdateAndWait(RG, "team2.privatelink.eastus.azmk8s.io", { location: "global" }, FAST);
    const sp = await newPrincipal(emu, "pdns-sp");
    const body = { ...privateCluster({ privateDNSZone: zone.id! }), dnsPrefix: "c2", servicePrincipalProfile: { clientId: sp.clientId, secret: sp.clientSecret } };
    await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c2", body, FAST), (e: any) => {
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, "CustomPrivateDNSZoneMissingPermissionError");
      assert.equal(e.message, `Service principal or user-assigned identity must be given permission to read and write to custom private dns zone ${zone.id}. Check access result not allowed for action Microsoft.Network/privateDnsZones/read.`);
      return true;
    });
    await assignRole(emu, sp.objectId, "Contributor", zone.id!);
    const c = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c2", body, FAST);
    assert.equal(c.provisioningState, "Succeeded");
    assert.match(c.privateFqdn!, /^c2-[0-9a-f]{8}\.team2\.privatelink\.eastus\.azmk8s\.io$/);
    await aks.managedClusters.beginDeleteAndWait(RG, "c2", FAST);
    // AKS's A record goes with the cluster; the user's zone stays.
    const left = [];
    for await (const r of dns.recordSets.list(RG, zone.name!)) left.push(r.name);
    assert.deepEqual(left, ["@"]);
  });
});
