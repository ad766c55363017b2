// AKS on Microsoft.Network over raw HTTPS: the managed network in the node resource group (VNet,
// subnet, NSG, route table, the `kubernetes` load balancer and its outbound IP), created and deleted
// with the cluster; pools on a subnet of the user's (vnetSubnetID): SubnetNotFound, the addresses
// AKS's plugins take (kubenet and overlay 1 per node, Azure CNI maxPods + 1), SubnetIsFull on
// create, scale and upgrade (surge nodes count), and seed 002's remedy (a new pool on a larger
// subnet, then the old pool deleted); the outbound IP over the region's limit (PublicIPCountLimitReached).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertAksError, assertStatus, clusterBody, createCluster, finish, header, mcPath, q, rgPath, systemPool } from "./helpers.js";
import { netGet, netPut } from "./network-helpers.js";

const NET = "2025-09-01";
const N = (rg: string) => `${rgPath(rg)}/providers/Microsoft.Network`;

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg1");
  await emu.createGroup("net");
  // The user's network: a /28 (11 addresses), a /24 (251), a /26 (59), a /27 (27) and another /24 in one VNet.
  await netPut(emu, `${N("net")}/virtualNetworks/vnet`, {
    location: "eastus",
    properties: { addressSpace: { addressPrefixes: ["10.8.0.0/16"] }, subnets: [{ name: "small", properties: { addressPrefix: "10.8.0.0/28" } }, { name: "large", properties: { addressPrefix: "10.8.1.0/24" } }, { name: "mid", properties: { addressPrefix: "10.8.2.0/26" } }, { name: "shared", properties: { addressPrefix: "10.8.3.0/27" } }, { name: "locked", properties: { addressPrefix: "10.8.4.0/24" } }] },
  });
});
after(() => emu.close());

const SUBNET = (name: string) => `${N("net")}/virtualNetworks/vnet/subnets/${name}`;

/** An AKS PUT followed to its end: the final async status. */
async function aksPut(path: string, body: unknown) {
  const res = await emu.request("PUT", q(path), { body });
  assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
  return finish(emu, String(header(res, "azure-asyncoperation")));
}
const aksGet = async (path: string) => (await emu.request("GET", q(path))).json;
const usedIn = async (subnet: string) => ((await netGet(emu, SUBNET(subnet))).properties.ipConfigurations ?? []).length;

describe("AKS on Microsoft.Network", () => {
  test("without vnetSubnetID: aks-vnet-<8 digits> with aks-subnet, the NSG, kubenet's route table and the `kubernetes` load balancer with one outbound IP live in the node resource group, and go with the cluster", async () => {
    await createCluster(emu, "rg1", "managed", clusterBody({ properties: { networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [systemPool({ count: 2 })] } }));
    const mc = "MC_rg1_managed_eastus";
    const vnets = (await netGet(emu, `${N(mc)}/virtualNetworks`)).value;
    assert.equal(vnets.length, 1);
    const [vnet] = vnets;
    assert.match(vnet.name, /^aks-vnet-\d{8}$/);
    const digits = vnet.name.slice("aks-vnet-".length);
    assert.deepEqual(vnet.properties.addressSpace.addressPrefixes, ["10.224.0.0/12"]);
    const subnet = vnet.properties.subnets[0];
    assert.deepEqual([subnet.name, subnet.properties.addressPrefix], ["aks-subnet", "10.224.0.0/16"]);
    assert.equal(subnet.properties.networkSecurityGroup.id, `${N(mc)}/networkSecurityGroups/aks-agentpool-${digits}-nsg`);
    assert.equal(subnet.properties.routeTable.id, `${N(mc)}/routeTables/aks-agentpool-${digits}-routetable`);
    // The nodes' scale set joins aks-subnet.
    const sets = (await emu.request("GET", q(`${rgPath(mc)}/providers/Microsoft.Compute/virtualMachineScaleSets`, "2024-07-01"))).json.value;
    assert.equal(sets[0].properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].properties.ipConfigurations[0].properties.subnet.id, subnet.id);
    const lb = await netGet(emu, `${N(mc)}/loadBalancers/kubernetes`);
    assert.deepEqual([lb.sku, lb.tags], [{ name: "Standard", tier: "Regional" }, { "aks-managed-cluster-name": "managed", "aks-managed-cluster-rg": "rg1" }]);
    const ips = (await netGet(emu, `${N(mc)}/publicIPAddresses`)).value;
    assert.equal(ips.length, 1);
    assert.equal(ips[0].tags["aks-managed-type"], "aks-slb-managed-outbound-ip");
    assert.deepEqual([ips[0].sku.name, ips[0].properties.publicIPAllocationMethod], ["Standard", "Static"]);
    const frontend = lb.properties.frontendIPConfigurations[0];
    assert.deepEqual([frontend.name, frontend.properties.publicIPAddress.id, ips[0].properties.ipConfiguration.id], [ips[0].name, ips[0].id, frontend.id]);
    assert.deepEqual(lb.properties.outboundRules.map((r: any) => [r.name, r.properties.frontendIPConfigurations[0].id]), [["aksOutboundRule", frontend.id]]);
    // The pool shows no vnetSubnetID (AKS leaves it empty for its managed network: Azure/AKS#3130).
    assert.equal((await aksGet(apPath("rg1", "managed", "nodepool1"))).properties.vnetSubnetID, undefined);

    const del = await emu.request("DELETE", q(mcPath("rg1", "managed")));
    assertStatus(del, 202);
    assert.equal((await finish(emu, String(header(del, "azure-asyncoperation")))).status, "Succeeded");
    const all = (await netGet(emu, `/subscriptions/${SUB}/providers/Microsoft.Network/publicIPAddresses`)).value;
    assert.ok(!all.some((p: any) => p.id === ips[0].id), "the outbound IP went with the cluster");
    assert.ok(!(await netGet(emu, `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`)).value.some((v: any) => v.id === vnet.id));
  });

  test("a vnetSubnetID that names no subnet is SubnetNotFound", async () => {
    const ghost = `${N("net")}/virtualNetworks/vnet/subnets/ghost`;
    const res = await emu.request("PUT", q(mcPath("rg1", "nosub")), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ vnetSubnetID: ghost })] } }) });
    assertAksError(res, 400, "SubnetNotFound", `Could not find subnet ghost in vnet vnet from resource group net of subscription ${SUB}.`);
    assertStatus(await emu.request("GET", q(mcPath("rg1", "nosub"))), 404);
  });

  test("seed 002: a kubenet pool on a /28 takes one address a node; a scale past the subnet fails with SubnetIsFull; a new pool on a larger subnet and the old pool's delete recover", async () => {
    await createCluster(emu, "rg1", "c1", clusterBody({ properties: { networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [systemPool({ count: 3, vnetSubnetID: SUBNET("small") })] } }));
    assert.equal(await usedIn("small"), 3);
    const ids = (await netGet(emu, SUBNET("small"))).properties.ipConfigurations.map((c: any) => c.id);
    assert.match(ids[0], new RegExp(`^/subscriptions/${SUB}/resourceGroups/MC_rg1_c1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-\\d{8}-vmss/virtualMachines/0/networkInterfaces/aks-nodepool1-\\d{8}-vmss/ipConfigurations/ipconfig1$`));
    assert.equal((await aksGet(apPath("rg1", "c1", "nodepool1"))).properties.vnetSubnetID, SUBNET("small"));
    const ghost = await emu.request("PUT", q(apPath("rg1", "c1", "ghost")), { body: { properties: { count: 1, vnetSubnetID: SUBNET("ghost") } } });
    assertAksError(ghost, 400, "SubnetNotFound", `Could not find subnet ghost in vnet vnet from resource group net of subscription ${SUB}.`);
    // 11 addresses: 9 more nodes do not fit beside the 3.
    const scaled = await aksPut(apPath("rg1", "c1", "nodepool1"), { properties: { count: 12, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: SUBNET("small") } });
    assert.equal(scaled.status, "Failed");
    assert.deepEqual([scaled.error.code, scaled.error.message], ["SubnetIsFull", "Subnet small with address prefix 10.8.0.0/28 does not have enough capacity for 9 IP addresses."]);
    assert.equal((await aksGet(apPath("rg1", "c1", "nodepool1"))).properties.provisioningState, "Failed");
    assert.equal(await usedIn("small"), 3, "nothing was claimed");
    // In use: the subnet cannot go.
    const held = await emu.request("DELETE", q(SUBNET("small"), NET));
    assertStatus(held, 400);
    assert.equal(held.json.error.code, "InUseSubnetCannotBeDeleted");
    assert.match(held.json.error.message, /^Subnet small is in use by \/subscriptions\/.+\/ipConfigurations\/ipconfig1 and cannot be deleted\. In order to delete the subnet, delete all the resources within the subnet\. See aka\.ms\/deletesubnet\.$/);

    // The remedy: a new System pool on the larger subnet, then the old pool deleted.
    const added = await aksPut(apPath("rg1", "c1", "bigpool"), { properties: { count: 5, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: SUBNET("large") } });
    assert.equal(added.status, "Succeeded", JSON.stringify(added.error));
    assert.equal(await usedIn("large"), 5);
    const del = await emu.request("DELETE", q(apPath("rg1", "c1", "nodepool1")));
    assertStatus(del, 202);
    assert.equal((await finish(emu, String(header(del, "azure-asyncoperation")))).status, "Succeeded");
    assert.equal(await usedIn("small"), 0);
    const c1 = await aksGet(mcPath("rg1", "c1"));
    assert.deepEqual(c1.properties.agentPoolProfiles.map((p: any) => [p.name, p.count, p.provisioningState]), [["bigpool", 5, "Succeeded"]]);
  });

  test("Azure CNI on the node subnet takes maxPods + 1 addresses a node (default maxPods 30), surge nodes included; overlay one a node", async () => {
    await createCluster(emu, "rg1", "cni", clusterBody({ properties: { networkProfile: { networkPlugin: "azure" }, agentPoolProfiles: [systemPool({ count: 1, vnetSubnetID: SUBNET("mid") })] } }));
    const pool = await aksGet(apPath("rg1", "cni", "nodepool1"));
    assert.equal(pool.properties.maxPods, 30);
    assert.equal(await usedIn("mid"), 31);
    // Two nodes: 62 of the /26's 59.
    const scaled = await aksPut(apPath("rg1", "cni", "nodepool1"), { properties: { count: 2, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: SUBNET("mid") } });
    assert.deepEqual([scaled.status, scaled.error.code, scaled.error.message], ["Failed", "SubnetIsFull", "Subnet mid with address prefix 10.8.2.0/26 does not have enough capacity for 31 IP addresses."]);
    // An upgrade's surge node needs its 31 addresses too: refused the same way.
    const upgraded = await aksPut(mcPath("rg1", "cni"), clusterBody({ properties: { kubernetesVersion: "1.34", networkProfile: { networkPlugin: "azure" }, agentPoolProfiles: [systemPool({ count: 1, vnetSubnetID: SUBNET("mid") })] } }));
    assert.deepEqual([upgraded.status, upgraded.error.code], ["Failed", "SubnetIsFull"]);

    await createCluster(emu, "rg1", "ovl", clusterBody({ properties: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" }, agentPoolProfiles: [systemPool({ count: 2, vnetSubnetID: SUBNET("large") })] } }));
    assert.equal(await usedIn("large"), 5 + 2);
  });

  test("the cluster's outbound IP over the region's public IP limit: the create fails with PublicIPCountLimitReached in AKS's load balancer text; a higher limit and a reconcile recover", async () => {
    const usage = async () => ((await netGet(emu, `/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/usages`)).value as any[]).find((u) => u.name.value === "PublicIPAddresses");
    const used = (await usage()).currentValue;
    assertStatus(await emu.request("PUT", "/_aksemu/network/limits/eastus", { body: { limits: { PublicIPAddresses: used } } }), 200);
    try {
      const body = clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 })] } });
      const created = await aksPut(mcPath("rg1", "iplimit"), body);
      assert.equal(created.status, "Failed");
      assert.equal(created.error.code, "PublicIPCountLimitReached");
      assert.equal(
        created.error.message,
        `Reconcile standard load balancer failed. Details: outboundReconciler retry failed: Category: ClientError; SubCode: PublicIPCountLimitReached; Dependency: Microsoft.Network/PublicIPAddresses; OrginalError: Code="PublicIPCountLimitReached" Message="Cannot create more than ${used} public IP addresses for this subscription in this region." Details=[]; AKSTeam: Networking, Retriable: false.`,
      );
      assert.equal((await aksGet(mcPath("rg1", "iplimit"))).properties.provisioningState, "Failed");
      assertStatus(await emu.request("PUT", "/_aksemu/network/limits/eastus", { body: { limits: { PublicIPAddresses: used + 1 } } }), 200);
      const reconciled = await aksPut(mcPath("rg1", "iplimit"), body);
      assert.equal(reconciled.status, "Succeeded", JSON.stringify(reconciled.error));
      assert.equal((await usage()).currentValue, used + 1);
      assert.equal((await netGet(emu, `${N("MC_rg1_iplimit_eastus")}/loadBalancers/kubernetes`)).properties.frontendIPConfigurations.length, 1);
    } finally {
      assertStatus(await emu.request("DELETE", "/_aksemu/network/limits/eastus"), 204);
    }
  });

  test("an NSG rule on the pool's subnet that denies TCP 443 out fails node provisioning with OutboundConnFailVMExtensionError; without the rule a reconcile recovers", async () => {
    const nsg = `${N("net")}/networkSecurityGroups/egress`;
    await netPut(emu, nsg, { location: "eastus", properties: { securityRules: [{ name: "deny-https-out", properties: { priority: 100, direction: "Outbound", access: "Deny", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet" } }] } });
    await netPut(emu, SUBNET("locked"), { properties: { addressPrefix: "10.8.4.0/24", networkSecurityGroup: { id: nsg } } });
    const body = clusterBody({ properties: { networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [systemPool({ count: 2, vnetSubnetID: SUBNET("locked") })] } });
    const created = await aksPut(mcPath("rg1", "egress"), body);
    assert.equal(created.status, "Failed");
    assert.equal(created.error.code, "OutboundConnFailVMExtensionError");
    const cse = "VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: command terminated with exit status=50\n[stdout]\n\n[stderr]\nnc: connect to mcr.microsoft.com port 443 (tcp) failed: Connection timed out\nCommand exited with non-zero status\"";
    assert.equal(created.error.message, `Unable to establish outbound connection from agents, please see <https://aka.ms/aks-required-ports-and-addresses> for more information. Details: Code="VMExtensionProvisioningError" Message="${cse}"`);
    assert.equal((await aksGet(mcPath("rg1", "egress"))).properties.provisioningState, "Failed");
    // A rule of higher priority that allows it wins; here the deny goes.
    const del = await emu.request("DELETE", q(`${nsg}/securityRules/deny-https-out`, NET));
    assertStatus(del, 202);
    await finish(emu, String(header(del, "azure-asyncoperation")), "PT5S");
    const reconciled = await aksPut(mcPath("rg1", "egress"), body);
    assert.equal(reconciled.status, "Succeeded", JSON.stringify(reconciled.error));
    const c = await aksGet(mcPath("rg1", "egress"));
    assert.deepEqual([c.properties.provisioningState, c.properties.agentPoolProfiles[0].count], ["Succeeded", 2]);
    assert.equal((await emu.request("GET", q(`${apPath("rg1", "egress", "nodepool1")}/machines`))).json.value.length, 2);
  });

  test("scenario public-ip-limit: one more managed outbound IP fails with PublicIPCountLimitReached; back to the default limit, a reconcile adds it", async () => {
    await createCluster(emu, "rg1", "pipc", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 })] } }));
    const res = await emu.request("POST", "/_aksemu/scenarios/public-ip-limit", { body: { resourceGroup: "rg1", cluster: "pipc" } });
    assertStatus(res, 200);
    const limit = res.json.applied.limit;
    assert.deepEqual(res.json.applied, { location: "eastus", quota: "PublicIPAddresses", limit, currentUsage: limit });
    const two = clusterBody({ properties: { networkProfile: { loadBalancerProfile: { managedOutboundIPs: { count: 2 } } }, agentPoolProfiles: [systemPool({ count: 1 })] } });
    const failed = await aksPut(mcPath("rg1", "pipc"), two);
    assert.deepEqual([failed.status, failed.error.code], ["Failed", "PublicIPCountLimitReached"]);
    assert.ok(failed.error.message.includes(`Message="Cannot create more than ${limit} public IP addresses for this subscription in this region."`), failed.error.message);
    assertStatus(await emu.request("DELETE", "/_aksemu/network/limits/eastus"), 204);
    assert.equal((await aksPut(mcPath("rg1", "pipc"), two)).status, "Succeeded");
    assert.equal((await netGet(emu, `${N("MC_rg1_pipc_eastus")}/loadBalancers/kubernetes`)).properties.frontendIPConfigurations.length, 2);
  });

  test("scenario subnet-full: another NIC takes the pool's subnet's free addresses; the next node fails with SubnetIsFull", async () => {
    await createCluster(emu, "rg1", "sfc", clusterBody({ properties: { networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [systemPool({ count: 2, vnetSubnetID: SUBNET("shared") })] } }));
    const res = await emu.request("POST", "/_aksemu/scenarios/subnet-full", { body: { resourceGroup: "rg1", cluster: "sfc" } });
    assertStatus(res, 200);
    assert.deepEqual(res.json.applied, { pool: "nodepool1", subnet: SUBNET("shared"), addressPrefix: "10.8.3.0/27", addressesTaken: 25, free: 0 });
    assert.equal(await usedIn("shared"), 27);
    const scaled = await aksPut(apPath("rg1", "sfc", "nodepool1"), { properties: { count: 3, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: SUBNET("shared") } });
    assert.deepEqual([scaled.status, scaled.error.code, scaled.error.message], ["Failed", "SubnetIsFull", "Subnet shared with address prefix 10.8.3.0/27 does not have enough capacity for 1 IP addresses."]);
    const none = await emu.request("POST", "/_aksemu/scenarios/subnet-full", { body: { resourceGroup: "rg1", cluster: "pipc" } });
    assertStatus(none, 400);
    assert.equal(none.json.error.message, "'subnet-full' needs a pool with nodes on a subnet of yours (vnetSubnetID): no agent pool of 'pipc' is.");
  });
});
