// Seed 002's Network egress rows through the real az 2.45 (proxy mode): a pool on the user's subnet
// (`aks create --vnet-subnet-id`); each cause put in place with POST /_aksemu/scenarios/{name}
// (a custom DNS server without a forwarder to Azure DNS, a firewall route, an NSG rule); `aks
// nodepool scale` fails with the exact code and first line az prints, `aks show` shows the pool
// Failed, `monitor activity-log list --status Failed` the failed operation; the remedy is written
// with `az rest` (every `az network` command crashes in Debian's az 2.45), or the control API for
// what Azure cannot see (the DNS server, the firewall), and the seed's reconcile
// (`resource update --ids <cluster id>`) brings the cluster back to Succeeded.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { armUrl, azSession } from "./support/session.js";

const RG = "rg-egress";
const API = "2022-01-01";
const NET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;
const VNET = `${NET}/virtualNetworks/vnet`;
const SUBNET = `${VNET}/subnets/nodes`;
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;
const VNET_BODY = { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.40.0.0/16"] }, subnets: [{ name: "nodes", properties: { addressPrefix: "10.40.1.0/24" } }] } };

const session = azSession("network egress");
const { ok } = session;
const rest = session.restAt(API);

const scenario = async (name: string) => {
  const res = await session.emu.request("POST", `/_aksemu/scenarios/${name}`, { body: { resourceGroup: RG, cluster: "c1" } });
  assert.equal(res.status, 200, res.text);
  return res.json.applied;
};
const poolState = async () => JSON.parse(await ok(["aks", "show", "-g", RG, "-n", "c1", "--query", "{state:provisioningState, pool:agentPoolProfiles[0].provisioningState, count:agentPoolProfiles[0].count}", "-o", "json"]));
/** The scale az runs: it fails with the service error's code and its first line. */
async function scaleFails(count: number, code: string, first: string) {
  const r = await session.az.run(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "-c", String(count)]);
  assert.equal(r.code, 1, r.stdout);
  assert.ok(r.stderr.includes(`(${code}) ${first}`), r.stderr);
  assert.ok(r.stderr.includes(`Code: ${code}`), r.stderr);
}
async function failedEvent(t0: string, code: string) {
  const events = JSON.parse(await ok(["monitor", "activity-log", "list", "--resource-group", RG, "--status", "Failed", "--start-time", t0, "--offset", "1d", "--query", "[].properties.statusMessage", "-o", "json"])) as string[];
  assert.ok(events.some((m) => m.includes(`"code":"${code}"`)), JSON.stringify(events));
}
const now = async () => (await session.emu.request("GET", "/_aksemu/clock")).json.now as string;
/** The seed's reconcile, then the cluster and its pool as `aks show` shows them. */
async function reconciled(count: number) {
  await ok(["resource", "update", "--ids", CLUSTER_ID, "-o", "none"]);
  assert.deepEqual(await poolState(), { state: "Succeeded", pool: "Succeeded", count });
}

describe("seed 002's Network egress rows through az 2.45", { skip: azSkip() }, () => {
  test("virtual-network-blocked-dns, -firewall and outbound-blocked-by-nsg: the scale fails, the remedy and resource update --ids recover", async () => {
    await ok(["group", "create", "-n", RG, "-l", "eastus", "-o", "none"]);
    await rest("put", VNET, VNET_BODY);
    await ok(["aks", "create", "-g", RG, "-n", "c1", "-c", "1", "--network-plugin", "kubenet", "--vnet-subnet-id", SUBNET, "--skip-subnet-role-assignment", "--generate-ssh-keys", "-o", "none"]);

    // A custom DNS server with no forwarder to Azure DNS: the API server's name does not resolve (exit 52).
    assert.deepEqual((await scenario("virtual-network-blocked-dns")).dnsServers, ["10.254.0.53"]);
    assert.deepEqual(await rest("get", VNET, undefined, "properties.dhcpOptions.dnsServers"), ["10.254.0.53"]);
    let t0 = await now();
    await scaleFails(2, "K8SAPIServerDNSLookupFailVMExtensionError", "Agents are unable to resolve Kubernetes API server name. It's likely custom DNS server is not correctly configured, please see <https://aka.ms/aks/private-cluster#hub-and-spoke-with-custom-dns> for more information.");
    assert.equal((await poolState()).pool, "Failed");
    await failedEvent(t0, "K8SAPIServerDNSLookupFailVMExtensionError");
    await rest("put", VNET, VNET_BODY); // the vnet on Azure DNS again (az network vnet update --dns-servers "")
    await reconciled(2);

    // A firewall the subnet's default route goes through, letting nothing out (exit 50).
    const fw = await scenario("virtual-network-blocked-firewall");
    assert.equal(await rest("get", SUBNET, undefined, "properties.routeTable.id"), fw.routeTable);
    t0 = await now();
    await scaleFails(3, "OutboundConnFailVMExtensionError", "Unable to establish outbound connection from agents, please see <https://aka.ms/aks-required-ports-and-addresses> for more information.");
    await failedEvent(t0, "OutboundConnFailVMExtensionError");
    await ok(["rest", "--method", "delete", "--url", armUrl(fw.route, API)]); // az network route-table route delete
    await reconciled(3);

    // An NSG rule denying TCP 443 out (exit 50).
    const nsg = await scenario("outbound-blocked-by-nsg");
    assert.deepEqual(await rest("get", `${nsg.networkSecurityGroup}/securityRules`, undefined, "value[].{name:name, access:properties.access, port:properties.destinationPortRange}"), [{ name: "aksemu-deny-https-out", access: "Deny", port: "443" }]);
    await scaleFails(4, "OutboundConnFailVMExtensionError", "Unable to establish outbound connection from agents");
    assert.equal((await poolState()).pool, "Failed");
    await ok(["rest", "--method", "delete", "--url", armUrl(`${nsg.networkSecurityGroup}/securityRules/aksemu-deny-https-out`, API)]); // az network nsg rule delete
    await reconciled(4);
  });
});
