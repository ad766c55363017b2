// A new node's required egress from its subnet, pure, in the order its custom script extension
// (vmssCSE) checks it: look up the public host (mcr.microsoft.com) through the vnet's DNS, connect
// to it on TCP 443 (the subnet's NSG rules, then the route table's Internet route and its next
// hop), then look up the cluster's API server name. The first that fails decides: the CSE exits
// 50 (ERR_OUTBOUND_CONN_FAIL) for the first three, 52 (ERR_K8S_API_SERVER_DNS_LOOKUP_FAIL) for the
// last. What each check reads is in egress.ts (NSGs), appliances.ts (routes, firewalls) and
// resolution.ts (DNS servers).
import { routeVerdict, type ApplianceRecord } from "./appliances.js";
import { outboundVerdict, type Egress } from "./egress.js";
import type { RouteRecord, SecurityRuleProps, SubnetRecord, VirtualNetworkRecord } from "./records.js";
import { resolverOf, resolves, type DnsServerRecord, type Resolver } from "./resolution.js";

export type NodeEgressInput = {
  subnet: SubnetRecord;
  /** The subnet's virtual network (its DNS servers). */
  vnet: VirtualNetworkRecord | undefined;
  /** The rules of the subnet's NSG, when it has one. */
  nsgRules?: readonly { name: string; rule: SecurityRuleProps }[];
  /** The routes of the subnet's route table (none without one). */
  routes: readonly RouteRecord[];
  dnsServer: (ip: string) => DnsServerRecord | undefined;
  appliance: (ip: string) => ApplianceRecord | undefined;
};

export type NodeEgressVerdict =
  | { ok: true; resolver: Resolver }
  /** The public host's name did not resolve (no DNS server answered). */
  | { ok: false; check: "hostLookup"; resolver: Resolver }
  /** An NSG rule denied the connection. */
  | { ok: false; check: "nsg"; rule: string }
  /** The Internet route dropped it, or sent it to an appliance that does not allow it. */
  | { ok: false; check: "route"; route: RouteRecord; appliance?: string }
  /** The API server's name did not resolve (the server has no forwarder to Azure DNS). */
  | { ok: false; check: "apiServerLookup"; resolver: Resolver };

export function judgeNodeEgress(input: NodeEgressInput, egress: Egress): NodeEgressVerdict {
  const resolver = resolverOf(input.vnet?.dnsServers ?? [], input.dnsServer);
  if (!resolves(resolver, "public")) return { ok: false, check: "hostLookup", resolver };
  if (input.nsgRules) {
    const nsg = outboundVerdict(input.nsgRules, input.subnet.addressPrefixes, egress);
    if (!nsg.allowed) return { ok: false, check: "nsg", rule: nsg.rule };
  }
  const route = routeVerdict(input.routes, egress, input.appliance);
  if (!route.passes) return { ok: false, check: "route", route: route.route, ...(route.appliance !== undefined ? { appliance: route.appliance } : {}) };
  if (!resolves(resolver, "apiServer")) return { ok: false, check: "apiServerLookup", resolver };
  return { ok: true, resolver };
}

/** A subnet's virtual network id (its id without /subnets/{name}). */
export const vnetIdOf = (subnetId: string) => subnetId.replace(/\/subnets\/[^/]+$/i, "");
