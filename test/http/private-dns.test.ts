// Microsoft.Network's private DNS zones over raw HTTPS (2020-06-01 shapes: zones, links, A record
// sets, ALL, the privateDnsOperationStatuses/Results LRO), the overlapping-namespace rule, and
// private clusters: the private FQDN, AKS's "system" zone in the node resource group, a custom
// zone's name and permission, seed 002's "Private DNS Zone InternalOperationError" (scenario
// private-dns-zone-missing) and the overlapping link (private-dns-link-overlap), each cause →
// code, message, state, activity-log event → remedy → Succeeded; the API unreachable from outside.
import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assignRole, newPrincipal } from "../support/rbac.js";
import { apPath, assertAksError, assertStatus, assertWrapped, clusterBody, createCluster, finish, GUID, header, mcPath, putToEnd, q, rgPath } from "./helpers.js";
import { detectorAnswer } from "./network-helpers.js";

const DNS = "2020-06-01";
const zonePath = (rg: string, zone: string) => `${rgPath(rg)}/providers/Microsoft.Network/privateDnsZones/${zone}`;
const LOG = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values`;

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg1");
  await emu.createGroup("hub");
});
after(() => emu.close());

/** A zone or link write (202) followed to its end through its Azure-AsyncOperation. */
async function dnsWrite(method: string, path: string, body?: unknown): Promise<any> {
  const res = await emu.request(method, q(path, DNS), body === undefined ? {} : { body });
  assertStatus(res, 202);
  return finish(emu, String(header(res, "azure-asyncoperation")), "PT5S");
}

const vnetId = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.Network/virtualNetworks/${name}`;

describe("private DNS zones", () => {
  test("zone, link and A record: 202 with privateDnsOperationStatuses/Results, the examples' shapes, ALL with the SOA", async () => {
    const path = zonePath("hub", "contoso.internal");
    const res = await emu.request("PUT", q(path, DNS), { body: { location: "Global", tags: { k: "v" } } });
    assertStatus(res, 202);
    const aao = String(header(res, "azure-asyncoperation"));
    assert.match(aao, new RegExp(`/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network/privateDnsOperationStatuses/[0-9a-f-]{36}\\?api-version=2020-06-01$`));
    assert.match(String(header(res, "location")), /\/resourceGroups\/hub\/providers\/Microsoft\.Network\/privateDnsOperationResults\/[0-9a-f-]{36}\?api-version=2020-06-01$/);
    assert.equal((await emu.request("GET", aao)).json.status, "InProgress");
    assert.equal((await finish(emu, aao, "PT5S")).status, "Succeeded");
    const zone = (await emu.request("GET", q(path, DNS))).json;
    assert.equal(zone.etag.length, 36);
    assert.deepEqual({ ...zone, etag: "" }, {
      id: path, name: "contoso.internal", type: "Microsoft.Network/privateDnsZones", etag: "", location: "global", tags: { k: "v" },
      properties: { maxNumberOfRecordSets: 5000, numberOfRecordSets: 1, maxNumberOfVirtualNetworkLinks: 100, numberOfVirtualNetworkLinks: 0, maxNumberOfVirtualNetworkLinksWithRegistration: 50, numberOfVirtualNetworkLinksWithRegistration: 0, provisioningState: "Succeeded" },
    });
    const one = await emu.request("PUT", q(zonePath("hub", "contoso"), DNS), { body: { location: "global" } });
    assertWrapped(one, "BadRequest", "The zone name 'contoso' does not have enough labels. Zone names must have two or more labels.");

    assert.equal((await dnsWrite("PUT", `${path}/virtualNetworkLinks/l1`, { location: "global", properties: { virtualNetwork: { id: vnetId("hub", "v1") }, registrationEnabled: false } })).status, "Succeeded");
    const link = (await emu.request("GET", q(`${path}/virtualNetworkLinks/l1`, DNS))).json;
    assert.deepEqual(link.properties, { virtualNetwork: { id: vnetId("hub", "v1") }, registrationEnabled: false, virtualNetworkLinkState: "Completed", provisioningState: "Succeeded" });
    assert.equal(link.type, "Microsoft.Network/privateDnsZones/virtualNetworkLinks");

    const a = await emu.request("PUT", q(`${path}/A/recordA`, DNS), { body: { properties: { ttl: 3600, aRecords: [{ ipv4Address: "10.0.0.4" }] } } });
    assertStatus(a, 201);
    assert.deepEqual({ ...a.json, etag: "" }, { id: `${path}/A/recorda`, etag: "", name: "recorda", type: "Microsoft.Network/privateDnsZones/A", properties: { metadata: {}, ttl: 3600, fqdn: "recorda.contoso.internal.", isAutoRegistered: false, aRecords: [{ ipv4Address: "10.0.0.4" }] } });
    assertWrapped(await emu.request("PUT", q(`${path}/A/bad`, DNS), { body: { properties: { aRecords: [{ ipv4Address: "10.0.0.300" }] } } }), "BadRequest", "The record set is invalid: The IPv4 address '10.0.0.300' of an A record is invalid.");
    const all = (await emu.request("GET", q(`${path}/ALL`, DNS))).json.value;
    assert.deepEqual(all.map((r: any) => `${r.type} ${r.name}`), ["Microsoft.Network/privateDnsZones/SOA @", "Microsoft.Network/privateDnsZones/A recorda"]);
    assert.equal((await emu.request("GET", q(path, DNS))).json.properties.numberOfRecordSets, 2);

    // A zone with links does not go; without them it goes, its records with it.
    const refused = await emu.request("DELETE", q(path, DNS));
    assertWrapped(refused, "Conflict", "The private DNS zone 'contoso.internal' cannot be deleted: a Private DNS zone cannot be deleted unless all virtual network links to it are removed.");
    assert.equal((await dnsWrite("DELETE", `${path}/virtualNetworkLinks/l1`)).status, "Succeeded");
    assert.equal((await dnsWrite("DELETE", path)).status, "Succeeded");
    assertWrapped(await emu.request("GET", q(path, DNS)), "ResourceNotFound", "The Resource 'Microsoft.Network/privateDnsZones/contoso.internal' under resource group 'hub' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    assertStatus(await emu.request("DELETE", q(path, DNS)), 204);
  });

  test("a vnet cannot be linked to two zones with overlapping namespaces (ERROR-TEXTS §12)", async () => {
    const parent = zonePath("hub", "privatelink.eastus.azmk8s.io");
    const child = zonePath("hub", "abc.privatelink.eastus.azmk8s.io");
    assert.equal((await dnsWrite("PUT", parent, { location: "global" })).status, "Succeeded");
    assert.equal((await dnsWrite("PUT", child, { location: "global" })).status, "Succeeded");
    const vnet = { location: "global", properties: { virtualNetwork: { id: vnetId("hub", "v2") } } };
    assert.equal((await dnsWrite("PUT", `${parent}/virtualNetworkLinks/p`, vnet)).status, "Succeeded");
    const res = await emu.request("PUT", q(`${child}/virtualNetworkLinks/c`, DNS), { body: vnet });
    assertWrapped(res, "BadRequest", "A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with 'abc.privatelink.eastus.azmk8s.io' and 'privatelink.eastus.azmk8s.io' zones.");
    // Another vnet may be.
    assert.equal((await dnsWrite("PUT", `${child}/virtualNetworkLinks/c`, { location: "global", properties: { virtualNetwork: { id: vnetId("hub", "v3") } } })).status, "Succeeded");
  });
});

/** Whether a direct-form request to the cluster's API gets any answer (a private cluster's closes the connection). */
function directKube(fqdn: string, token: string): Promise<{ status?: number; error?: string }> {
  const u = new URL(`${emu.url}/_aksemu/kubernetes/${fqdn}/api/v1/nodes`);
  return new Promise((resolve) => {
    const req = httpsRequest(u, { method: "GET", headers: { authorization: `Bearer ${token}` }, ca: emu.app.tls.caCertPem }, (res) => {
      res.resume();
      resolve({ status: res.statusCode! });
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

const kubeconfig = async (rg: string, name: string) => {
  const res = await emu.request("POST", q(`${mcPath(rg, name)}/listClusterUserCredential`));
  assertStatus(res, 200);
  const text = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
  return { server: /server: (\S+)/.exec(text)![1]!, token: /token: (\S+)/.exec(text)![1]! };
};

describe("private clusters", () => {
  test("system zone: privateFQDN, AKS's zone with its A record and link in the node resource group, the API unreachable from outside", async () => {
    const got = await createCluster(emu, "rg1", "priv", clusterBody({ properties: { apiServerAccessProfile: { enablePrivateCluster: true } } }));
    const p = got.properties;
    assert.match(p.privateFQDN, /^dns1-[0-9a-f]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
    assert.match(p.fqdn, /^dns1-[0-9a-f]{8}\.hcp\.eastus\.azmk8s\.io$/);
    assert.deepEqual(p.apiServerAccessProfile, { privateDNSZone: "system", enablePrivateClusterPublicFQDN: true, enablePrivateCluster: true });
    const zoneName = p.privateFQDN.slice(p.privateFQDN.indexOf(".") + 1);
    const zone = zonePath("MC_rg1_priv_eastus", zoneName);
    const record = (await emu.request("GET", q(`${zone}/A/${p.privateFQDN.split(".")[0]}`, DNS))).json;
    assert.match(record.properties.aRecords[0].ipv4Address, /^10\.\d+\.\d+\.\d+$/);
    const links = (await emu.request("GET", q(`${zone}/virtualNetworkLinks`, DNS))).json.value;
    assert.equal(links.length, 1);
    assert.match(links[0].properties.virtualNetwork.id, /\/resourceGroups\/MC_rg1_priv_eastus\/providers\/Microsoft\.Network\/virtualNetworks\/aks-vnet-\d{8}$/);
    assert.match(links[0].name, GUID);

    // The kubeconfig names the private FQDN; from outside nothing answers there.
    const kc = await kubeconfig("rg1", "priv");
    assert.equal(kc.server, `${emu.url}/_aksemu/kubernetes/${p.privateFQDN}`);
    assert.deepEqual(await directKube(p.privateFQDN, kc.token), { error: "ECONNRESET" });
    assert.deepEqual(await directKube(p.fqdn, kc.token), { error: "ECONNRESET" });

    // Without a public FQDN: no fqdn at all.
    const nopub = await createCluster(emu, "rg1", "priv2", clusterBody({ properties: { dnsPrefix: "dns2", apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false } } }));
    assert.equal(nopub.properties.fqdn, undefined);
    assert.match(nopub.properties.privateFQDN, /^dns2-/);
    // Whether a cluster is private is fixed at creation.
    const change = await emu.request("PUT", q(mcPath("rg1", "priv2")), { body: clusterBody({ properties: { dnsPrefix: "dns2", apiServerAccessProfile: { enablePrivateCluster: false } } }) });
    assertAksError(change, 400, "PropertyChangeNotAllowed", "Changing property 'apiServerAccessProfile.enablePrivateCluster' is not allowed.", "apiServerAccessProfile.enablePrivateCluster");
  });

  test("private-dns-zone-missing: the next pool scale fails with InternalOperationError (modelled text), the pool Failed, a Failed event; the reconcile recreates the zone → Succeeded", async () => {
    const got = await createCluster(emu, "rg1", "pz", clusterBody({ properties: { dnsPrefix: "pz", apiServerAccessProfile: { enablePrivateCluster: true } } }));
    const fqdn = got.properties.privateFQDN as string;
    const zoneName = fqdn.slice(fqdn.indexOf(".") + 1);
    const zoneId = zonePath("MC_rg1_pz_eastus", zoneName);
    const applied = await emu.request("POST", "/_aksemu/scenarios/private-dns-zone-missing", { body: { resourceGroup: "rg1", cluster: "pz" } });
    assertStatus(applied, 200);
    assert.deepEqual(applied.json.applied, { deletedZone: zoneId });
    assertStatus(await emu.request("GET", q(zoneId, DNS)), 404);
    assert.equal((await detectorAnswer(emu, "rg1", "pz", "private-dns-zone")).status, "Warning");

    const t0 = (await emu.request("GET", "/_aksemu/clock")).json.now as string;
    const failed = await putToEnd(emu, apPath("rg1", "pz", "nodepool1"), { properties: { count: 4, vmSize: "Standard_DS2_v2", mode: "System" } });
    const inner = `The Resource 'Microsoft.Network/privateDnsZones/${zoneName}' under resource group 'MC_rg1_pz_eastus' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
    assert.deepEqual(failed.error, {
      code: "InternalOperationError",
      message: `Reconcile private dns failed. Details: Get private dns zone failed. Subscription: ${SUB}; resource group: MC_rg1_pz_eastus; private dns zone: ${zoneName}. Message: ${inner}`,
      details: [{ code: "ResourceNotFound", message: inner }],
    });
    assert.equal((await emu.request("GET", q(apPath("rg1", "pz", "nodepool1")))).json.properties.provisioningState, "Failed");
    const events = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(`eventTimestamp ge '${t0}' and status eq 'Failed'`)}`);
    const ev = events.json.value.find((e: any) => e.operationName.value === "Microsoft.ContainerService/managedClusters/agentPools/write");
    assert.ok(ev, JSON.stringify(events.json.value.map((e: any) => e.operationName.value)));
    assert.equal(JSON.parse(ev.properties.statusMessage).error.code, "InternalOperationError");
    const d = await detectorAnswer(emu, "rg1", "pz", "private-dns-zone");
    assert.equal(d.status, "Critical");
    assert.equal(d.insights[0]!.data["Zone state"], "not found");

    // The remedy: reconcile (a PUT of the cluster as it is now): AKS recreates its zone, link and record.
    const now = (await emu.request("GET", q(mcPath("rg1", "pz")))).json;
    const fixed = await putToEnd(emu, mcPath("rg1", "pz"), { location: "eastus", properties: now.properties });
    assert.equal(fixed.status, "Succeeded", JSON.stringify(fixed));
    assertStatus(await emu.request("GET", q(`${zoneId}/A/${fqdn.split(".")[0]}`, DNS)), 200);
    assert.equal((await emu.request("GET", q(`${zoneId}/virtualNetworkLinks`, DNS))).json.value.length, 1);
    assert.equal((await detectorAnswer(emu, "rg1", "pz", "private-dns-zone")).status, "Success");
    // The reconcile carried the pool's asked count out too.
    assert.deepEqual(["provisioningState", "count"].map((k) => (now.properties.agentPoolProfiles[0] as any)[k]), ["Failed", 4]);
    assert.equal((await emu.request("GET", q(apPath("rg1", "pz", "nodepool1")))).json.properties.provisioningState, "Succeeded");
  });

  test("private-dns-link-overlap: the reconcile fails with CreateOrUpdateVirtualNetworkLinkFailed (ERROR-TEXTS §12); the overlapping link deleted → Succeeded", async () => {
    const got = await createCluster(emu, "rg1", "po", clusterBody({ properties: { dnsPrefix: "po", apiServerAccessProfile: { enablePrivateCluster: true } } }));
    const fqdn = got.properties.privateFQDN as string;
    const zoneName = fqdn.slice(fqdn.indexOf(".") + 1);
    const applied = await emu.request("POST", "/_aksemu/scenarios/private-dns-link-overlap", { body: { resourceGroup: "rg1", cluster: "po" } });
    assertStatus(applied, 200);
    const failed = await putToEnd(emu, mcPath("rg1", "po"), { location: "eastus", properties: got.properties });
    const linkName = String(applied.json.applied.deletedLink).split("/").pop();
    const dnsText = `A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with '${zoneName}' and '${zoneName}' zones.`;
    assert.deepEqual(failed.error, {
      code: "CreateOrUpdateVirtualNetworkLinkFailed",
      message: `Reconcile private dns failed. Details: Create or update virtual network link failed. Subscription: ${SUB}; resource group: MC_rg1_po_eastus; private dns zone: ${zoneName}; virtual network link: ${linkName}. Message: ${dnsText}`,
      details: [{ code: "BadRequest", message: dnsText }],
    });
    assert.equal((await emu.request("GET", q(mcPath("rg1", "po")))).json.properties.provisioningState, "Failed");
    assert.equal((await dnsWrite("DELETE", String(applied.json.applied.overlappingLink))).status, "Succeeded");
    assert.equal((await putToEnd(emu, mcPath("rg1", "po"), { location: "eastus", properties: got.properties })).status, "Succeeded");
  });

  test("custom zone: its name as AKS allows, and CustomPrivateDNSZoneMissingPermissionError until the cluster's identity may use it", async () => {
    const bad = zonePath("hub", "corp.example.com");
    const wrong = await emu.request("PUT", q(mcPath("rg1", "pc")), { body: clusterBody({ properties: { dnsPrefix: "pc", apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: bad } } }) });
    assertAksError(wrong, 400, "InvalidParameter", `The value of parameter apiServerAccessProfile.privateDNSZone is invalid: '${bad}'. It must be 'system', 'none' or the resource ID of a private DNS zone whose name is one of 'private.eastus.azmk8s.io,privatelink.eastus.azmk8s.io,[a-zA-Z0-9-]{1,32}.private.eastus.azmk8s.io,[a-zA-Z0-9-]{1,32}.privatelink.eastus.azmk8s.io'. Please see https://aka.ms/aks/private-cluster for more details.`, "apiServerAccessProfile.privateDNSZone");

    const zone = zonePath("hub", "team1.privatelink.eastus.azmk8s.io");
    assert.equal((await dnsWrite("PUT", zone, { location: "global" })).status, "Succeeded");
    const sp = await newPrincipal(emu, "aks-control-plane");
    const body = clusterBody({ properties: { dnsPrefix: "pc", servicePrincipalProfile: { clientId: sp.clientId, secret: sp.clientSecret }, apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: zone } } });
    const refused = await emu.request("PUT", q(mcPath("rg1", "pc")), { body });
    assertAksError(refused, 400, "CustomPrivateDNSZoneMissingPermissionError", `Service principal or user-assigned identity must be given permission to read and write to custom private dns zone ${zone}. Check access result not allowed for action Microsoft.Network/privateDnsZones/read.`);
    assertStatus(await emu.request("GET", q(mcPath("rg1", "pc"))), 404);
    await assignRole(emu, sp.objectId, "Contributor", zone);
    const got = await createCluster(emu, "rg1", "pc", body);
    assert.match(got.properties.privateFQDN, /^pc-[0-9a-f]{8}\.team1\.privatelink\.eastus\.azmk8s\.io$/);
    assertStatus(await emu.request("GET", q(`${zone}/A/${got.properties.privateFQDN.split(".")[0]}`, DNS)), 200);
  });
});
