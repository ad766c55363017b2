// Network usages per subscription and location, pure: the quotas Usages_List shows (names and
// order of UsageListSpacedLocation.json), their default limits, the overrides the control API sets,
// and the public IP limit a new address is judged against (PublicIPCountLimitReached).
import type { Bad } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";

export type UsageName = { value: string; localizedValue: string };

/**
 * Usages_List's quotas, in its order, with their default limits: the documented defaults of
 * "Azure subscription and service limits" (networking) where it gives one per subscription and
 * region, else the example's value.
 */
export const NETWORK_QUOTAS: readonly (UsageName & { limit: number })[] = [
  { value: "VirtualNetworks", localizedValue: "Virtual Networks", limit: 1000 },
  { value: "StaticPublicIPAddresses", localizedValue: "Static Public IP Addresses", limit: 1000 },
  { value: "NetworkSecurityGroups", localizedValue: "Network Security Groups", limit: 5000 },
  { value: "PublicIPAddresses", localizedValue: "Public IP Addresses", limit: 1000 },
  { value: "PublicIpPrefixes", localizedValue: "Public Ip Prefixes", limit: 2147483647 },
  { value: "NetworkInterfaces", localizedValue: "Network Interfaces", limit: 65536 },
  { value: "LoadBalancers", localizedValue: "Load Balancers", limit: 1000 },
  { value: "ApplicationGateways", localizedValue: "Application Gateways", limit: 1000 },
  { value: "RouteTables", localizedValue: "Route Tables", limit: 200 },
  { value: "RouteFilters", localizedValue: "Route Filters", limit: 1000 },
  { value: "NetworkWatchers", localizedValue: "Network Watchers", limit: 1 },
  { value: "PacketCaptures", localizedValue: "Packet Captures", limit: 10000 },
  { value: "ApplicationSecurityGroups", localizedValue: "Application Security Groups.", limit: 3000 },
  { value: "DdosProtectionPlans", localizedValue: "DDoS Protection Plans.", limit: 1 },
  { value: "ServiceEndpointPolicies", localizedValue: "Service Endpoint Policies", limit: 500 },
  { value: "NetworkIntentPolicies", localizedValue: "Network Intent Policies", limit: 200 },
  { value: "DnsServersPerVirtualNetwork", localizedValue: "DNS servers per Virtual Network", limit: 20 },
  { value: "SubnetsPerVirtualNetwork", localizedValue: "Subnets per Virtual Network", limit: 3000 },
  { value: "IPConfigurationsPerVirtualNetwork", localizedValue: "IP Configurations per Virtual Network", limit: 65536 },
  { value: "PeeringsPerVirtualNetwork", localizedValue: "Peerings per Virtual Network", limit: 500 },
  { value: "SecurityRulesPerNetworkSecurityGroup", localizedValue: "Security rules per Network Security Group", limit: 1000 },
  { value: "SecurityRulesPerNetworkIntentPolicy", localizedValue: "Security rules per Network Intent Policy", limit: 100 },
  { value: "RoutesPerNetworkIntentPolicy", localizedValue: "Routes per Network Intent Policy", limit: 100 },
  { value: "SecurityRuleAddressesOrPortsPerNetworkSecurityGroup", localizedValue: "Security rules addresses or ports per Network Security Group", limit: 4000 },
  { value: "InboundRulesPerLoadBalancer", localizedValue: "Inbound Rules per Load Balancer", limit: 1500 },
  { value: "FrontendIPConfigurationPerLoadBalancer", localizedValue: "Frontend IP Configurations per Load Balancer", limit: 600 },
  { value: "OutboundRulesPerLoadBalancer", localizedValue: "Outbound Rules per Load Balancer", limit: 600 },
  { value: "RoutesPerRouteTable", localizedValue: "Routes per Route Table", limit: 400 },
  { value: "SecondaryIPConfigurationsPerNetworkInterface", localizedValue: "Secondary IP Configurations per Network Interface", limit: 256 },
  { value: "InboundRulesPerNetworkInterface", localizedValue: "Inbound rules per Network Interface", limit: 500 },
  { value: "RouteFilterRulesPerRouteFilter", localizedValue: "Route filter rules per Route Filter", limit: 1 },
  { value: "RouteFiltersPerExpressRouteBgpPeering", localizedValue: "Route filters per Express route BGP Peering", limit: 1 },
];

/** Limits set through the control API, per subscription and location (stored in meta). */
export type NetworkLimitsRecord = { kind: "networkLimits"; subscriptionId: string; location: string; limits: Record<string, number> };

export const limitsKey = (subscriptionId: string, location: string) => `networkLimits:/subscriptions/${subscriptionId.toLowerCase()}/locations/${location.toLowerCase()}`;

/** A quota's canonical name (any casing in, Usages_List's casing out), or undefined. */
export const quotaName = (name: string): string | undefined => NETWORK_QUOTAS.find((q) => q.value.toLowerCase() === name.toLowerCase())?.value;

export function limitOf(record: NetworkLimitsRecord | undefined, name: string): number {
  const set = record ? Object.entries(record.limits).find(([k]) => k.toLowerCase() === name.toLowerCase()) : undefined;
  return set ? set[1] : (NETWORK_QUOTAS.find((q) => q.value.toLowerCase() === name.toLowerCase())?.limit ?? 0);
}

/** Whether `adding` more public IPs fit beside the `current` ones of the subscription and location. */
export function checkPublicIpLimit(current: number, adding: number, record: NetworkLimitsRecord | undefined): NetworkRefusal | undefined {
  const limit = limitOf(record, "PublicIPAddresses");
  return adding > 0 && current + adding > limit ? refuse("publicIpCountLimitReached", { limit }) : undefined;
}


/** PUT /_aksemu/network/limits/{location}: `{"limits": {"PublicIPAddresses": 3}}`, merged over what is set. */
export function decideLimitsUpdate(input: { body: unknown; subscriptionId: string; location: string; existing: NetworkLimitsRecord | undefined }): NetworkLimitsRecord | Bad {
  const b = input.body;
  const example = '{"limits": {"PublicIPAddresses": 3}}';
  if (typeof b !== "object" || b === null || Array.isArray(b)) return { bad: `Expected a JSON object such as ${example}.` };
  const unknownFields = Object.keys(b).filter((k) => k !== "limits" && k !== "subscriptionId");
  if (unknownFields.length > 0) return { bad: `Unknown field(s) ${unknownFields.map((k) => `'${k}'`).join(", ")}: the body takes "limits" and "subscriptionId".` };
  const limits = (b as Record<string, unknown>)["limits"];
  if (typeof limits !== "object" || limits === null || Array.isArray(limits) || Object.keys(limits).length === 0) return { bad: `"limits" must name at least one quota, e.g. ${example}.` };
  const merged: Record<string, number> = { ...(input.existing?.limits ?? {}) };
  for (const [k, v] of Object.entries(limits)) {
    const name = quotaName(k);
    if (!name) return { bad: `Unknown quota '${k}': one of ${NETWORK_QUOTAS.map((q) => q.value).join(", ")}.` };
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return { bad: `The limit of '${name}' must be a whole number of 0 or more, not ${JSON.stringify(v)}.` };
    merged[name] = v;
  }
  return { kind: "networkLimits", subscriptionId: input.subscriptionId, location: input.location, limits: merged };
}
