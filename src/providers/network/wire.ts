// Network records -> wire JSON, in the shapes of the spec examples (VirtualNetworkGet.json,
// SubnetGet.json, NetworkSecurityGroupCreate.json, PublicIpAddressList.json, UsageListSpacedLocation.json)
// and of what AKS's load balancer really holds. Etags are weak, as Network sends them.
import type { Json } from "../../arm/json.js";
import { ipConfigurationIds } from "./domain/addresses.js";
import { NAMESPACE, TYPES, type LoadBalancerRecord, type NetworkRecord, type NetworkSecurityGroupRecord, type PublicIpRecord, type RouteRecord, type RouteTableRecord, type SecurityRuleProps, type SecurityRuleRecord, type SubnetRecord, type Tracked, type VirtualNetworkRecord } from "./domain/records.js";
import { DEFAULT_RULES } from "./domain/security-rules.js";
import { COLLECTIONS } from "./domain/load-balancers.js";
import type { UsageName } from "./domain/usages.js";

const etag = (r: { eTag?: string }) => (r.eTag ? { etag: `W/"${r.eTag}"` } : {});
const ref = (id: string | undefined) => (id ? { id } : undefined);

function envelope(r: Tracked & { kind: NetworkRecord["kind"] }): Json {
  return { name: r.name, id: r.id, ...etag(r), type: TYPES[r.kind], location: r.location, tags: r.tags };
}

export function renderSubnet(s: SubnetRecord): Json {
  const ipConfigurations = s.holders.flatMap(ipConfigurationIds).map((id) => ({ id }));
  return {
    name: s.name,
    id: s.id,
    ...etag(s),
    type: TYPES.subnet,
    properties: {
      provisioningState: s.provisioningState,
      ...(s.prefixList ? { addressPrefixes: s.addressPrefixes } : { addressPrefix: s.addressPrefixes[0] }),
      ...(s.networkSecurityGroupId ? { networkSecurityGroup: ref(s.networkSecurityGroupId) } : {}),
      ...(s.routeTableId ? { routeTable: ref(s.routeTableId) } : {}),
      ...(s.natGatewayId ? { natGateway: ref(s.natGatewayId) } : {}),
      ...(ipConfigurations.length > 0 ? { ipConfigurations } : {}),
      serviceEndpoints: s.serviceEndpoints,
      delegations: s.delegations,
      privateEndpointNetworkPolicies: s.privateEndpointNetworkPolicies,
      privateLinkServiceNetworkPolicies: s.privateLinkServiceNetworkPolicies,
      ...(s.defaultOutboundAccess !== undefined ? { defaultOutboundAccess: s.defaultOutboundAccess } : {}),
    },
  };
}

export function renderVnet(v: VirtualNetworkRecord, subnets: readonly SubnetRecord[]): Json {
  return {
    ...envelope(v),
    properties: {
      provisioningState: v.provisioningState,
      resourceGuid: v.resourceGuid,
      addressSpace: { addressPrefixes: v.addressPrefixes },
      ...(v.dnsServers.length > 0 ? { dhcpOptions: { dnsServers: v.dnsServers } } : {}),
      subnets: subnets.map(renderSubnet),
      virtualNetworkPeerings: [],
      enableDdosProtection: v.enableDdosProtection,
    },
  };
}

const ruleBody = (id: string, name: string, rule: SecurityRuleProps, state: string, type: string, tag: Json) => ({
  name,
  id,
  ...tag,
  type,
  properties: { provisioningState: state, ...rule },
});

export const renderRule = (r: SecurityRuleRecord): Json => ruleBody(r.id, r.name, r.rule, r.provisioningState, `${TYPES.networkSecurityGroup}/securityRules`, etag(r));

export const renderDefaultRule = (nsgId: string, name: string): Json => {
  const rule = DEFAULT_RULES.find((d) => d.name.toLowerCase() === name.toLowerCase())!;
  const { name: n, ...props } = rule;
  return ruleBody(`${nsgId}/defaultSecurityRules/${n}`, n, props, "Succeeded", `${TYPES.networkSecurityGroup}/defaultSecurityRules`, {});
};

export function renderNsg(n: NetworkSecurityGroupRecord, rules: readonly SecurityRuleRecord[], subnets: readonly SubnetRecord[]): Json {
  return {
    ...envelope(n),
    properties: {
      provisioningState: n.provisioningState,
      resourceGuid: n.resourceGuid,
      flushConnection: false,
      securityRules: rules.map(renderRule),
      defaultSecurityRules: DEFAULT_RULES.map((d) => renderDefaultRule(n.id, d.name)),
      ...(subnets.length > 0 ? { subnets: subnets.map((s) => ({ id: s.id })) } : {}),
    },
  };
}

export const renderRoute = (r: RouteRecord): Json => ({
  name: r.name,
  id: r.id,
  ...etag(r),
  type: TYPES.route,
  properties: { provisioningState: r.provisioningState, addressPrefix: r.addressPrefix, nextHopType: r.nextHopType, ...(r.nextHopIpAddress ? { nextHopIpAddress: r.nextHopIpAddress } : {}), hasBgpOverride: false },
});

export function renderRouteTable(t: RouteTableRecord, routes: readonly RouteRecord[], subnets: readonly SubnetRecord[]): Json {
  return {
    ...envelope(t),
    properties: {
      provisioningState: t.provisioningState,
      resourceGuid: t.resourceGuid,
      disableBgpRoutePropagation: t.disableBgpRoutePropagation,
      routes: routes.map(renderRoute),
      ...(subnets.length > 0 ? { subnets: subnets.map((s) => ({ id: s.id })) } : {}),
    },
  };
}

export function renderPublicIp(p: PublicIpRecord): Json {
  return {
    ...envelope(p),
    ...(p.zones ? { zones: p.zones } : {}),
    sku: p.sku,
    properties: {
      provisioningState: p.provisioningState,
      resourceGuid: p.resourceGuid,
      ...(p.ipAddress ? { ipAddress: p.ipAddress } : {}),
      publicIPAddressVersion: p.version,
      publicIPAllocationMethod: p.allocationMethod,
      idleTimeoutInMinutes: p.idleTimeoutInMinutes,
      ...(p.domainNameLabel ? { dnsSettings: { domainNameLabel: p.domainNameLabel, fqdn: `${p.domainNameLabel}.${p.location}.cloudapp.azure.com` } } : {}),
      ipTags: [],
      ...(p.ipConfigurationId ? { ipConfiguration: { id: p.ipConfigurationId } } : {}),
      ddosSettings: { protectionMode: "VirtualNetworkInherited" },
    },
  };
}

export function renderLoadBalancer(lb: LoadBalancerRecord): Json {
  const children = Object.fromEntries(
    COLLECTIONS.map((c) => [c, lb[c].map((x) => ({ ...x, ...etag(lb), properties: { provisioningState: lb.provisioningState, ...(x["properties"] as Json) } }))]),
  );
  return { ...envelope(lb), sku: lb.sku, properties: { provisioningState: lb.provisioningState, resourceGuid: lb.resourceGuid, ...children } };
}

export function renderUsage(sub: string, location: string, q: UsageName, currentValue: number, limit: number): Json {
  return { name: { localizedValue: q.localizedValue, value: q.value }, currentValue, id: `/subscriptions/${sub}/providers/${NAMESPACE}/locations/${location}/usages/${q.value}`, limit, unit: "Count" };
}

/** Network's Azure-AsyncOperation body: the status, and the error when it failed. */
export function renderAsyncOperation(op: { status: string; error?: { code: string; message: string; details?: unknown[] } }): Json {
  const status = op.status === "Canceling" ? "InProgress" : op.status;
  return { status, ...(op.error && status !== "Succeeded" ? { error: { code: op.error.code, message: op.error.message, details: op.error.details ?? [] } } : {}) };
}
