// Network's seed 002 scenarios on a node pool's egress, on its own records and the control API's
// declarations: an NSG rule that denies TCP 443 out ("OutboundConnFailVMExtensionError"), a
// firewall the subnet's default route sends everything to and a custom DNS server with no
// forwarder to Azure DNS ("The virtual network is blocked"). Each is a change made out of band on
// the pool's own subnet (vnetSubnetID), as a network team makes it; the next nodes meet it.
import { badRequest, poolNamed, poolNotFound, RECONCILE, SEED_COMMON, SEED_OTHER, type Scenario, type ScenarioCluster, type ScenarioOutcome, type ScenarioTarget } from "../scenario.js";
import type { Reader } from "../../store/store.js";
import { applianceKey, internetRoute, type ApplianceRecord } from "./domain/appliances.js";
import { outboundVerdict } from "./domain/egress.js";
import { vnetIdOf } from "./domain/node-egress.js";
import { keyOf, type NetworkSecurityGroupRecord, type RouteRecord, type RouteTableRecord, type SecurityRuleProps, type SecurityRuleRecord, type SubnetRecord, type VirtualNetworkRecord } from "./domain/records.js";
import { stableGuid } from "../../arm/stable-ids.js";
import { AZURE_DNS, dnsServerKey, type DnsServerRecord } from "./domain/resolution.js";
import { childrenOf, getOf, inSubscription } from "./repository.js";

/** The custom DNS server and the firewall the scenarios put in place when the network names none. */
export const SCENARIO_DNS_SERVER = "10.254.0.53";
export const SCENARIO_APPLIANCE = "10.254.0.4";
export const DENY_RULE = "aksemu-deny-https-out";
export const EGRESS_NSG = "aksemu-egress-nsg";
export const FIREWALL_ROUTE_TABLE = "aksemu-egress-firewall";
export const FIREWALL_ROUTE = "aksemu-default-via-firewall";

type Found = { pool: string; subnet: SubnetRecord };

/** The pool (`t.pool`, else the first on a subnet of the user's) and the subnet its nodes hold addresses in. */
function poolSubnet(read: Reader, t: ScenarioTarget, name: string): Found | ScenarioOutcome {
  const cluster = t.cluster!;
  const named = t.pool !== undefined ? poolNamed(cluster, t.pool) : undefined;
  if (t.pool !== undefined && !named) return poolNotFound(cluster, t.pool);
  const pools: ScenarioCluster["pools"] = named ? [named] : cluster.pools;
  const subnets = inSubscription(read, t.subscriptionId, "virtualnetworks/subnets", "subnet");
  for (const p of pools) {
    const subnet = subnets.find((s) => s.holders.some((h) => h.id.toLowerCase() === p.scaleSet.toLowerCase()));
    if (subnet) return { pool: p.name, subnet };
  }
  return badRequest(`'${name}' needs a pool with nodes on a subnet of yours (vnetSubnetID): ${t.pool !== undefined ? `agent pool '${t.pool}' is not one` : `no agent pool of '${cluster.name}' is`}.`);
}

const isFound = (x: Found | ScenarioOutcome): x is Found => "subnet" in x;
const groupIdOf = (s: SubnetRecord) => `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Network`;
const vnetOf = (read: Reader, s: SubnetRecord) => getOf(read, keyOf(vnetIdOf(s.id)), "virtualNetwork");

const DENY: Omit<SecurityRuleProps, "priority"> = { protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet", access: "Deny", direction: "Outbound", description: "aksemu scenario outbound-blocked-by-nsg" };

const outboundBlockedByNsg: Scenario = {
  name: "outbound-blocked-by-nsg",
  scope: "cluster",
  rank: 66,
  showsPool: true,
  seed: { section: SEED_COMMON, symptom: "OutboundConnFailVMExtensionError", cause: "This error indicates that the VM extension fails to install or update due to a lack of outbound connectivity." },
  sets: `an outbound rule ${DENY_RULE} (Deny TCP 443 to Internet, the lowest free priority from 100) in the NSG of the pool's subnet (vnetSubnetID; \`pool\`, default the first pool on a subnet of yours), or in a new NSG ${EGRESS_NSG} associated with it`,
  sees: { where: "the next nodes of a pool on that subnet (a scale, an upgrade's surge node, a new pool, a reconcile that recreates nodes) fail their CSE; the pool (or cluster) is Failed", code: "OutboundConnFailVMExtensionError" },
  remedy: [
    `delete or override the rule: az network nsg rule delete -g <rg> --nsg-name <nsg> -n ${DENY_RULE}   (Debian's az 2.45 crashes here: az rest --method delete --url <rule id>?api-version=2024-05-01)`,
    RECONCILE,
  ],
  apply(read, t) {
    const found = poolSubnet(read, t, "outbound-blocked-by-nsg");
    if (!isFound(found)) return found;
    const s = found.subnet;
    const vnet = vnetOf(read, s);
    const nsgId = s.networkSecurityGroupId ?? `${groupIdOf(s)}/networkSecurityGroups/${EGRESS_NSG}`;
    const existing = getOf(read, keyOf(nsgId), "networkSecurityGroup");
    const nsg: NetworkSecurityGroupRecord = existing ?? { kind: "networkSecurityGroup", id: nsgId, subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, name: EGRESS_NSG, location: vnet?.location ?? t.cluster!.location, tags: {}, provisioningState: "Succeeded", resourceGuid: stableGuid(keyOf(nsgId)) };
    const others = childrenOf(read, keyOf(nsgId), "securityRule").filter((r) => r.name.toLowerCase() !== DENY_RULE);
    const taken = new Set(others.filter((r) => r.rule.direction === "Outbound").map((r) => r.rule.priority));
    let priority = 100;
    while (taken.has(priority)) priority++;
    const rule: SecurityRuleProps = { ...DENY, priority };
    const decides = outboundVerdict([...others.map((r) => ({ name: r.name, rule: r.rule })), { name: DENY_RULE, rule }], s.addressPrefixes, { protocol: "Tcp", port: 443 });
    if (decides.rule !== DENY_RULE) return badRequest(`'outbound-blocked-by-nsg' cannot take effect: security rule ${decides.rule} of ${nsgId} decides TCP 443 out before priority ${priority}.`);
    const ruleId = `${nsg.id}/securityRules/${DENY_RULE}`;
    const record: SecurityRuleRecord = { kind: "securityRule", id: ruleId, subscriptionId: nsg.subscriptionId, resourceGroup: nsg.resourceGroup, nsgName: nsg.name, name: DENY_RULE, rule, provisioningState: "Succeeded", resourceGuid: stableGuid(keyOf(ruleId)) };
    return {
      change: { resources: [...(existing ? [] : [[keyOf(nsgId), nsg] as const]), [keyOf(ruleId), record], ...(s.networkSecurityGroupId ? [] : [[keyOf(s.id), { ...s, networkSecurityGroupId: nsgId }] as const])] },
      applied: { pool: found.pool, subnet: s.id, networkSecurityGroup: nsg.id, rule: DENY_RULE, priority, access: "Deny", protocol: "Tcp", destinationPortRange: "443", destinationAddressPrefix: "Internet" },
    };
  },
};

const SEED_VNET_BLOCKED = { section: SEED_OTHER, symptom: "The virtual network is blocked", cause: "The operation can't communitcate with the cluster API server or Kubernetes control plane because the firewall or a custom Domain Name System (DNS) setting blocks the outbound connections from the nodes." } as const;

const virtualNetworkBlockedDns: Scenario = {
  name: "virtual-network-blocked-dns",
  scope: "cluster",
  rank: 67,
  showsPool: true,
  seed: SEED_VNET_BLOCKED,
  sets: `the virtual network of the pool's subnet (vnetSubnetID; \`pool\`, default the first pool on a subnet of yours) resolving through a custom DNS server that does not forward to Azure DNS: its own custom servers (dhcpOptions.dnsServers), else ${SCENARIO_DNS_SERVER}, declared {"resolves": "internet"} (/_aksemu/network/dns-servers/{ip}): public names resolve, the cluster's API server name does not`,
  sees: { where: "the next nodes of a pool on that subnet (a scale, an upgrade's surge node, a new pool, a reconcile that recreates nodes) fail their CSE's API server lookup; the pool (or cluster) is Failed", code: "K8SAPIServerDNSLookupFailVMExtensionError" },
  remedy: [
    "set up the DNS resolution to Azure: forward to 168.63.129.16 on the custom server: PUT /_aksemu/network/dns-servers/<ip> {\"resolves\": \"azure\"} (or DELETE it)",
    "or use Azure DNS: az network vnet update -g <rg> -n <vnet> --dns-servers \"\"   (Debian's az 2.45 crashes here: az rest PUT of the vnet without dhcpOptions)",
    RECONCILE,
  ],
  apply(read, t) {
    const found = poolSubnet(read, t, "virtual-network-blocked-dns");
    if (!isFound(found)) return found;
    const vnet = vnetOf(read, found.subnet);
    if (!vnet) return badRequest(`'virtual-network-blocked-dns': the virtual network of ${found.subnet.id} was not found.`);
    const custom = vnet.dnsServers.filter((ip) => ip !== AZURE_DNS);
    const servers = custom.length > 0 ? custom : [SCENARIO_DNS_SERVER];
    const next: VirtualNetworkRecord = { ...vnet, dnsServers: custom.length > 0 ? vnet.dnsServers : [SCENARIO_DNS_SERVER] };
    const declared = servers.map((ip): [string, DnsServerRecord] => [dnsServerKey(ip), { kind: "dnsServer", ip, resolves: "internet" }]);
    return {
      change: { ...(custom.length > 0 ? {} : { resources: [[keyOf(vnet.id), next]] }), meta: declared },
      applied: { pool: found.pool, subnet: found.subnet.id, virtualNetwork: vnet.id, dnsServers: next.dnsServers, resolves: "internet" },
    };
  },
};

const virtualNetworkBlockedFirewall: Scenario = {
  name: "virtual-network-blocked-firewall",
  scope: "cluster",
  rank: 68,
  showsPool: true,
  seed: SEED_VNET_BLOCKED,
  sets: `the Internet route of the pool's subnet (vnetSubnetID; \`pool\`, default the first pool on a subnet of yours) through a firewall that lets nothing out: its route table's 0.0.0.0/0 route to a virtual appliance, else a route ${FIREWALL_ROUTE} (0.0.0.0/0 → VirtualAppliance ${SCENARIO_APPLIANCE}) in its route table or a new one ${FIREWALL_ROUTE_TABLE}; the appliance declared {"allow": []} (/_aksemu/network/appliances/{ip})`,
  sees: { where: "the next nodes of a pool on that subnet (a scale, an upgrade's surge node, a new pool, a reconcile that recreates nodes) fail their CSE's outbound check; the pool (or cluster) is Failed", code: "OutboundConnFailVMExtensionError" },
  remedy: [
    "allow the node's traffic on the firewall (TCP 443 at least, AKS's required outbound rules): PUT /_aksemu/network/appliances/<ip> {\"allow\": [\"443\"]} (or DELETE it: allows everything)",
    "or route the subnet's Internet traffic elsewhere: az network route-table route delete -g <rg> --route-table-name <table> -n <route>   (Debian's az 2.45 crashes here: az rest --method delete --url <route id>?api-version=2024-05-01)",
    RECONCILE,
  ],
  apply(read, t) {
    const found = poolSubnet(read, t, "virtual-network-blocked-firewall");
    if (!isFound(found)) return found;
    const s = found.subnet;
    const tableId = s.routeTableId ?? `${groupIdOf(s)}/routeTables/${FIREWALL_ROUTE_TABLE}`;
    const existing = getOf(read, keyOf(tableId), "routeTable");
    const routes = childrenOf(read, keyOf(tableId), "route");
    const current = internetRoute(routes);
    if (current && current.nextHopType !== "VirtualAppliance") return badRequest(`'virtual-network-blocked-firewall': route ${current.id} already sends the subnet's Internet traffic to ${current.nextHopType}.`);
    const appliance = current?.nextHopIpAddress ?? SCENARIO_APPLIANCE;
    const declared: [string, ApplianceRecord] = [applianceKey(appliance), { kind: "appliance", ip: appliance, allow: [] }];
    const applied = { pool: found.pool, subnet: s.id, routeTable: tableId, route: current?.id ?? `${tableId}/routes/${FIREWALL_ROUTE}`, appliance, allow: [] };
    if (current) return { change: { meta: [declared] }, applied };
    const vnet = vnetOf(read, s);
    const table: RouteTableRecord = existing ?? { kind: "routeTable", id: tableId, subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, name: FIREWALL_ROUTE_TABLE, location: vnet?.location ?? t.cluster!.location, tags: {}, disableBgpRoutePropagation: false, provisioningState: "Succeeded", resourceGuid: stableGuid(keyOf(tableId)) };
    const routeId = `${tableId}/routes/${FIREWALL_ROUTE}`;
    const route: RouteRecord = { kind: "route", id: routeId, subscriptionId: table.subscriptionId, resourceGroup: table.resourceGroup, routeTableName: table.name, name: FIREWALL_ROUTE, addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: appliance, provisioningState: "Succeeded", resourceGuid: stableGuid(keyOf(routeId)) };
    return {
      change: { resources: [...(existing ? [] : [[keyOf(tableId), table] as const]), [keyOf(routeId), route], ...(s.routeTableId ? [] : [[keyOf(s.id), { ...s, routeTableId: tableId }] as const])], meta: [declared] },
      applied,
    };
  },
};

export const EGRESS_SCENARIOS: readonly Scenario[] = [outboundBlockedByNsg, virtualNetworkBlockedDns, virtualNetworkBlockedFirewall];
