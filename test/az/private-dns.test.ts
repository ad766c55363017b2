// Private clusters through the real az 2.45 (proxy mode): `az aks create --enable-private-cluster`
// gives a privateFQDN and AKS's zone in the node resource group; `az aks get-credentials` names the
// private FQDN; seed 002's "Private DNS Zone InternalOperationError" (scenario
// private-dns-zone-missing): `az aks nodepool scale` fails with az's block for the code and the
// modelled text, the seed's reconcile (`az resource update --ids`) recreates the zone, the pool Succeeded again.
// `az network private-dns zone|link vnet list` work in Debian's az 2.45 (unlike `az network vnet`);
// the A record is read with `az rest`.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { azSession } from "./support/session.js";

const RG = "rg-pdns";
const session = azSession("private-dns");
const { ok } = session;
const rest = session.restAt("2020-06-01");
const json = async (args: string[]) => JSON.parse(await ok([...args, "-o", "json"])) as any;

describe("private clusters through az 2.45", { skip: azSkip() }, () => {
  test("aks create --enable-private-cluster; the zone deleted: nodepool scale fails with InternalOperationError; the reconcile recovers", async () => {
    await ok(["group", "create", "-n", RG, "-l", "eastus", "-o", "none"]);
    const c = await json(["aks", "create", "-g", RG, "-n", "c1", "-c", "1", "--enable-private-cluster", "--generate-ssh-keys"]);
    assert.match(c.privateFqdn, /^c1-rg-pdns-[0-9a-f]{6}-[0-9a-f]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
    assert.deepEqual([c.apiServerAccessProfile.enablePrivateCluster, c.apiServerAccessProfile.privateDnsZone], [true, "system"]);
    const zoneName = c.privateFqdn.slice(c.privateFqdn.indexOf(".") + 1);
    const zone = `/subscriptions/${SUB}/resourceGroups/${c.nodeResourceGroup}/providers/Microsoft.Network/privateDnsZones/${zoneName}`;
    const zones = await json(["network", "private-dns", "zone", "list", "-g", c.nodeResourceGroup]);
    assert.deepEqual(zones.map((z: any) => [z.name, z.numberOfVirtualNetworkLinks, z.provisioningState]), [[zoneName, 1, "Succeeded"]]);
    const links = await json(["network", "private-dns", "link", "vnet", "list", "-g", c.nodeResourceGroup, "-z", zoneName]);
    assert.match(links[0].virtualNetwork.id, /\/virtualNetworks\/aks-vnet-\d{8}$/);
    assert.equal((await rest("get", `${zone}/A/${c.privateFqdn.split(".")[0]}`)).properties.aRecords.length, 1);

    const creds = await session.az.run(["aks", "get-credentials", "-g", RG, "-n", "c1", "--file", "-"]);
    assert.equal(creds.code, 0, creds.stderr);
    assert.match(creds.stdout, new RegExp(`server: https://${c.privateFqdn.replace(/\./g, "\\.")}:443\\n`));

    const applied = await session.emu.request("POST", "/_aksemu/scenarios/private-dns-zone-missing", { body: { resourceGroup: RG, cluster: "c1" } });
    assert.equal(applied.status, 200, applied.text);
    const scaled = await session.az.run(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "-c", "2"]);
    assert.equal(scaled.code, 1, scaled.stdout);
    const inner = `The Resource 'Microsoft.Network/privateDnsZones/${zoneName}' under resource group '${c.nodeResourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
    const message = `Reconcile private dns failed. Details: Get private dns zone failed. Subscription: ${SUB}; resource group: ${c.nodeResourceGroup}; private dns zone: ${zoneName}. Message: ${inner}`;
    assert.ok(scaled.stderr.includes(`(InternalOperationError) ${message}\nCode: InternalOperationError\nMessage: ${message}`), scaled.stderr);
    assert.equal((await json(["aks", "nodepool", "show", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1"])).provisioningState, "Failed");

    // The seed's reconcile.
    await ok(["resource", "update", "--ids", c.id, "-o", "none"]);
    assert.equal((await json(["aks", "show", "-g", RG, "-n", "c1"])).provisioningState, "Succeeded");
    assert.equal((await rest("get", zone)).properties.numberOfVirtualNetworkLinks, 1);
    const pool = await json(["aks", "nodepool", "show", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1"]);
    assert.deepEqual([pool.provisioningState, pool.count], ["Succeeded", 2]);
  });
});
