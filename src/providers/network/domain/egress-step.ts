// The probeOutbound step, pure: a subnet's egress world read from Network's records (its vnet, NSG
// rules, route table's routes) and the control API's declarations, and a failed check as Network's
// refusal (worded by the plan's owner: AKS's OutboundConnFailVMExtensionError or
// K8SAPIServerDNSLookupFailVMExtensionError). Detectors read the same world through the same function.
import { refuse, type NetworkRefusal } from "../errors.js";
import type { ApplianceRecord } from "./appliances.js";
import { judgeNodeEgress, vnetIdOf, type NodeEgressInput, type NodeEgressVerdict } from "./node-egress.js";
import { keyOf, type NetworkRecord, type RouteRecord, type SubnetRecord, type VirtualNetworkRecord } from "./records.js";
import type { DnsServerRecord } from "./resolution.js";

export type Declared = {
  dnsServer: (ip: string) => DnsServerRecord | undefined;
  appliance: (ip: string) => ApplianceRecord | undefined;
};

export type EgressWorld = {
  get: (key: string) => NetworkRecord | undefined;
  children: (key: string) => NetworkRecord[];
  declared: Declared;
};

export function nodeEgressInput(subnet: SubnetRecord, world: EgressWorld): NodeEgressInput {
  const vnet = world.get(keyOf(vnetIdOf(subnet.id)));
  const nsgRules = subnet.networkSecurityGroupId
    ? world.children(keyOf(subnet.networkSecurityGroupId)).flatMap((r) => (r.kind === "securityRule" ? [{ name: r.name, rule: r.rule }] : []))
    : undefined;
  const routes = subnet.routeTableId ? world.children(keyOf(subnet.routeTableId)).filter((r): r is RouteRecord => r.kind === "route") : [];
  return {
    subnet,
    vnet: vnet?.kind === "virtualNetwork" ? (vnet as VirtualNetworkRecord) : undefined,
    ...(nsgRules ? { nsgRules } : {}),
    routes,
    dnsServer: world.declared.dnsServer,
    appliance: world.declared.appliance,
  };
}

/** A subnet's egress judged now (for a detector: what the next node would meet). */
export const judgeSubnetEgress = (subnet: SubnetRecord, world: EgressWorld, port = 443): NodeEgressVerdict => judgeNodeEgress(nodeEgressInput(subnet, world), { protocol: "Tcp", port });

/** A failed check as the step's refusal. */
export function egressRefusal(v: Exclude<NodeEgressVerdict, { ok: true }>, subnet: SubnetRecord, probe: { host: string; port: number }): NetworkRefusal {
  const vnet = vnetIdOf(subnet.id);
  switch (v.check) {
    case "hostLookup":
      return refuse("hostNameNotResolved", { host: probe.host, server: v.resolver.server, vnet });
    case "nsg":
      return refuse("outboundBlocked", { host: probe.host, port: probe.port, rule: v.rule, nsg: subnet.networkSecurityGroupId!, subnet: subnet.id });
    case "route": {
      const hop = v.appliance !== undefined ? `sent to virtual appliance ${v.appliance}, which does not allow it` : `dropped: next hop ${v.route.nextHopType}`;
      return refuse("outboundBlockedByRoute", { host: probe.host, port: probe.port, route: v.route.id, hop, subnet: subnet.id });
    }
    case "apiServerLookup":
      return refuse("apiServerNameNotResolved", { server: v.resolver.server, vnet });
  }
}
