// Stored shapes of Microsoft.Network. Store keys are ARM ids lower-cased (arm/ids.ts), so a child
// (a subnet, a security rule, a route) lists under its parent and every type lists under its
// subscription: a virtual network's subnets and a subscription's public IPs are one read each.
import type { Json } from "../../../arm/json.js";
import { fnv1a } from "../../../arm/stable-ids.js";

export const NAMESPACE = "Microsoft.Network";

export type ProvisioningState = "Succeeded" | "Updating" | "Deleting" | "Failed";

/** What every Network resource records. */
export type NetworkResource = {
  /** ARM id in its creator's casing. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  provisioningState: ProvisioningState;
  /** A stable GUID, as Network gives every resource. */
  resourceGuid: string;
  /** Stamped by the store on every write; shown as `W/"<etag>"`. */
  eTag?: string;
};

export type Tracked = NetworkResource & { location: string; tags: Record<string, string> };

export type VirtualNetworkRecord = Tracked & {
  kind: "virtualNetwork";
  addressPrefixes: string[];
  dnsServers: string[];
  enableDdosProtection: boolean;
};

/**
 * NICs of one scale set in a subnet: one NIC per instance, `perNic` IP configurations each; or
 * (`kind: "networkInterface"`) one standalone NIC of `perNic` IP configurations (`instanceIds` [0]).
 */
export type AddressHolder = {
  kind?: "networkInterface";
  /** The scale set's id (caller's casing), or the NIC's. */
  id: string;
  /** The NIC (configuration) name, the scale set's name for AKS. */
  nic: string;
  instanceIds: number[];
  perNic: number;
};

export type SubnetRecord = NetworkResource & {
  kind: "subnet";
  vnetName: string;
  /** One prefix, or several (addressPrefixes): the first is the one addresses come from. */
  addressPrefixes: string[];
  /** Whether the caller wrote `addressPrefixes` (a list) rather than `addressPrefix`. */
  prefixList: boolean;
  networkSecurityGroupId?: string;
  routeTableId?: string;
  natGatewayId?: string;
  serviceEndpoints: Json[];
  delegations: Json[];
  privateEndpointNetworkPolicies: string;
  privateLinkServiceNetworkPolicies: string;
  defaultOutboundAccess?: boolean;
  holders: AddressHolder[];
};

export type SecurityRuleProps = {
  protocol: string;
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  access: "Allow" | "Deny";
  priority: number;
  direction: "Inbound" | "Outbound";
  description?: string;
};

export type NetworkSecurityGroupRecord = Tracked & { kind: "networkSecurityGroup" };

export type SecurityRuleRecord = NetworkResource & { kind: "securityRule"; nsgName: string; rule: SecurityRuleProps };

export type RouteTableRecord = Tracked & { kind: "routeTable"; disableBgpRoutePropagation: boolean };

export type RouteRecord = NetworkResource & { kind: "route"; routeTableName: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string };

export type Sku = { name: "Standard" | "Basic"; tier: "Regional" | "Global" };

export type PublicIpRecord = Tracked & {
  kind: "publicIPAddress";
  sku: Sku;
  allocationMethod: "Static" | "Dynamic";
  version: "IPv4" | "IPv6";
  idleTimeoutInMinutes: number;
  ipAddress?: string;
  zones?: string[];
  domainNameLabel?: string;
  /** The ip configuration (a load balancer's frontend) that uses it. */
  ipConfigurationId?: string;
};

/** A load balancer keeps its child collections as given (ids and types filled in). */
export type LoadBalancerRecord = Tracked & {
  kind: "loadBalancer";
  sku: Sku;
  frontendIPConfigurations: Json[];
  backendAddressPools: Json[];
  loadBalancingRules: Json[];
  probes: Json[];
  inboundNatRules: Json[];
  outboundRules: Json[];
  inboundNatPools: Json[];
};

export type NetworkRecord = VirtualNetworkRecord | SubnetRecord | NetworkSecurityGroupRecord | SecurityRuleRecord | RouteTableRecord | RouteRecord | PublicIpRecord | LoadBalancerRecord;

export type NetworkKind = NetworkRecord["kind"];

/** ARM type names of each kind, as Network spells them. */
export const TYPES: Readonly<Record<NetworkKind, string>> = {
  virtualNetwork: "Microsoft.Network/virtualNetworks",
  subnet: "Microsoft.Network/virtualNetworks/subnets",
  networkSecurityGroup: "Microsoft.Network/networkSecurityGroups",
  securityRule: "Microsoft.Network/networkSecurityGroups/securityRules",
  routeTable: "Microsoft.Network/routeTables",
  route: "Microsoft.Network/routeTables/routes",
  publicIPAddress: "Microsoft.Network/publicIPAddresses",
  loadBalancer: "Microsoft.Network/loadBalancers",
};

export const keyOf = (id: string) => id.toLowerCase();

/** The group id of a resource id (/subscriptions/{s}/resourceGroups/{g}), in its casing. */
export function idParts(id: string): { subscriptionId: string; resourceGroup: string; rest: string[] } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/(.+)$/i.exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, rest: m[3]!.split("/") } : undefined;
}

/** A subnet id's parts, or undefined for anything else. */
export function subnetIdParts(id: string): { subscriptionId: string; resourceGroup: string; vnet: string; subnet: string } | undefined {
  const p = idParts(id);
  if (!p || p.rest.length !== 4 || p.rest[0]!.toLowerCase() !== "virtualnetworks" || p.rest[2]!.toLowerCase() !== "subnets") return undefined;
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, vnet: p.rest[1]!, subnet: p.rest[3]! };
}



/** A stable public address for a public IP (20.x.y.z, never .0 or .255), from its id. */
export function publicAddressFor(seed: string): string {
  const h = fnv1a(seed, 2166136261);
  return `20.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${1 + (h % 254)}`;
}
