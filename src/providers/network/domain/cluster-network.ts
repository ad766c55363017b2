// The network AKS keeps in a cluster's node resource group, pure: what a cluster needs (the
// managed virtual network aks-vnet-<digits> with aks-subnet, the agent pool NSG, the kubenet route
// table, the `kubernetes` standard load balancer and its managed outbound public IPs), created
// where missing (a reconcile brings back what was deleted), and the keys of all of it for the
// cluster's delete. New public IPs are judged against the subscription's limit in the location.
import type { NetworkRefusal } from "../errors.js";
import type { ClusterNetworkSpec } from "../public.js";
import { frontendIps, aksLoadBalancer } from "./load-balancers.js";
import { loadBalancerReferenceRefusal, reconcileAksLoadBalancer, sameLoadBalancer } from "./lb-reconcile.js";
import { keyOf, publicAddressFor, type LoadBalancerRecord, type NetworkRecord, type NetworkSecurityGroupRecord, type PublicIpRecord, type RouteTableRecord, type SubnetRecord, type VirtualNetworkRecord } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";
import { checkPublicIpLimit, type NetworkLimitsRecord } from "./usages.js";

/** AKS's managed network: 10.224.0.0/12, its one subnet 10.224.0.0/16 (the AKS docs' defaults). */
export const MANAGED_VNET_PREFIX = "10.224.0.0/12";
export const MANAGED_SUBNET_PREFIX = "10.224.0.0/16";
export const OUTBOUND_IP_TAG = { "aks-managed-type": "aks-slb-managed-outbound-ip" } as const;

const N = "/providers/Microsoft.Network";

/** The ids AKS gives its network resources in the node resource group. */
export function clusterNetworkIds(spec: ClusterNetworkSpec) {
  const g = spec.nodeResourceGroupId;
  const vnet = `${g}${N}/virtualNetworks/aks-vnet-${spec.digits}`;
  return {
    vnet,
    subnet: `${vnet}/subnets/aks-subnet`,
    nsg: `${g}${N}/networkSecurityGroups/aks-agentpool-${spec.digits}-nsg`,
    routeTable: `${g}${N}/routeTables/aks-agentpool-${spec.digits}-routetable`,
    loadBalancer: `${g}${N}/loadBalancers/kubernetes`,
    /** Managed outbound IPs are named by a GUID, as AKS names them. */
    publicIp: (i: number) => `${g}${N}/publicIPAddresses/${stableGuid(`${spec.seed}#outbound-ip-${i}`)}`,
  };
}

function groupParts(groupId: string): { subscriptionId: string; resourceGroup: string } {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(groupId);
  if (!m) throw new Error(`not a resource group id: ${groupId}`);
  return { subscriptionId: m[1]!, resourceGroup: m[2]! };
}

export type ClusterNetworkWorld = {
  get: (key: string) => NetworkRecord | undefined;
  /** Public IPs of the subscription in the cluster's location now. */
  publicIpCount: number;
  limits: NetworkLimitsRecord | undefined;
};

const base = (group: ReturnType<typeof groupParts>, id: string) => ({ id, ...group, name: id.slice(id.lastIndexOf("/") + 1), provisioningState: "Succeeded" as const, resourceGuid: stableGuid(id.toLowerCase()) });

/** What is missing of the cluster's network, to create; or PublicIPCountLimitReached for its outbound IPs. */
export function ensureClusterNetwork(spec: ClusterNetworkSpec, world: ClusterNetworkWorld): { puts: NetworkRecord[]; deletes: string[] } | NetworkRefusal {
  const ids = clusterNetworkIds(spec);
  const group = groupParts(spec.nodeResourceGroupId);
  const tracked = (id: string) => ({ ...base(group, id), location: spec.location, tags: spec.tags });
  const has = (id: string) => world.get(keyOf(id)) !== undefined;
  const puts: NetworkRecord[] = [];
  const deletes: string[] = [];
  if (!has(ids.nsg)) puts.push({ kind: "networkSecurityGroup", ...tracked(ids.nsg) } satisfies NetworkSecurityGroupRecord);
  if (spec.routeTable && !has(ids.routeTable)) puts.push({ kind: "routeTable", ...tracked(ids.routeTable), disableBgpRoutePropagation: false } satisfies RouteTableRecord);
  if (spec.managedVnet) {
    if (!has(ids.vnet)) puts.push({ kind: "virtualNetwork", ...tracked(ids.vnet), addressPrefixes: [MANAGED_VNET_PREFIX], dnsServers: [], enableDdosProtection: false } satisfies VirtualNetworkRecord);
    if (!has(ids.subnet)) {
      const { location: _l, tags: _t, ...parts } = tracked(ids.subnet);
      puts.push({
        kind: "subnet",
        ...parts,
        vnetName: `aks-vnet-${spec.digits}`,
        addressPrefixes: [MANAGED_SUBNET_PREFIX],
        prefixList: false,
        networkSecurityGroupId: ids.nsg,
        ...(spec.routeTable ? { routeTableId: ids.routeTable } : {}),
        serviceEndpoints: [],
        delegations: [],
        privateEndpointNetworkPolicies: "Disabled",
        privateLinkServiceNetworkPolicies: "Enabled",
        holders: [],
      } satisfies SubnetRecord);
    }
  }
  if (spec.outboundIps === undefined) return { puts, deletes };
  const wanted = Array.from({ length: spec.outboundIps }, (_, i) => ids.publicIp(i));
  const missing = wanted.filter((id) => !has(id));
  const over = checkPublicIpLimit(world.publicIpCount, missing.length, world.limits);
  if (over) return over;
  const lb = aksLoadBalancer({ ...group, id: ids.loadBalancer, location: spec.location, tags: spec.tags, ipIds: wanted });
  const frontendOf = frontendIps(lb);
  for (const id of wanted) {
    const existing = world.get(keyOf(id)) as PublicIpRecord | undefined;
    const ipConfigurationId = frontendOf.get(id.toLowerCase())!;
    if (existing && existing.ipConfigurationId === ipConfigurationId) continue;
    puts.push({
      kind: "publicIPAddress",
      ...tracked(id),
      ...(existing ? { resourceGuid: existing.resourceGuid } : {}),
      tags: { ...spec.tags, ...OUTBOUND_IP_TAG },
      sku: { name: "Standard", tier: "Regional" },
      allocationMethod: "Static",
      version: "IPv4",
      idleTimeoutInMinutes: 4,
      ipAddress: existing?.ipAddress ?? publicAddressFor(id.toLowerCase()),
      ipConfigurationId,
    } satisfies PublicIpRecord);
  }
  const current = world.get(keyOf(ids.loadBalancer)) as LoadBalancerRecord | undefined;
  // Managed outbound IPs the load balancer had beyond those wanted go with their frontends.
  if (current) for (const ip of frontendIps(current).keys()) if (!wanted.some((w) => w.toLowerCase() === ip) && isManagedOutboundIp(world.get(ip))) deletes.push(ip);
  // AKS's outbound reconciler PUTs the load balancer (lb-reconcile.ts): Network judges its references.
  const next = reconcileAksLoadBalancer(current, lb, (ip) => isManagedOutboundIp(world.get(keyOf(ip))));
  const created = new Set(puts.map((r) => keyOf(r.id)));
  const refused = loadBalancerReferenceRefusal(next, (ip) => created.has(keyOf(ip)) || (world.get(keyOf(ip))?.kind === "publicIPAddress" && !deletes.includes(keyOf(ip))));
  if (refused) return refused;
  if (!current || !sameLoadBalancer(current, next)) puts.push(next);
  return { puts, deletes };
}

const isManagedOutboundIp = (r: NetworkRecord | undefined) => r?.kind === "publicIPAddress" && r.tags["aks-managed-type"] === OUTBOUND_IP_TAG["aks-managed-type"];

/** Every key of the cluster's network, for its delete (the load balancer's managed outbound IPs included). */
export function clusterNetworkKeys(spec: ClusterNetworkSpec, world: Pick<ClusterNetworkWorld, "get">): string[] {
  const ids = clusterNetworkIds(spec);
  const lb = world.get(keyOf(ids.loadBalancer)) as LoadBalancerRecord | undefined;
  const ips = lb ? [...frontendIps(lb).keys()].filter((ip) => isManagedOutboundIp(world.get(ip))) : [];
  const wanted = Array.from({ length: spec.outboundIps ?? 0 }, (_, i) => keyOf(ids.publicIp(i)));
  return [...new Set([ids.loadBalancer, ...ips, ...wanted, ids.subnet, ids.vnet, ids.routeTable, ids.nsg].map(keyOf))].filter((k) => world.get(k) !== undefined);
}
