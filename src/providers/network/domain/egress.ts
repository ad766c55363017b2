// Outbound access from a subnet, pure: its NSG's rules and the default ones, evaluated as Network
// evaluates them (lowest priority number first, the first that matches decides) for a node's
// required egress (TCP 443 to the Internet: mcr.microsoft.com, the API server; AKS's required
// outbound network rules). A rule matches on direction, protocol, destination port and a
// destination that covers the Internet (*, Internet, 0.0.0.0/0, the Azure service tags AKS's
// endpoints are in) from a source that covers the subnet.
import { contains, parseCidr } from "./cidr.js";
import type { SecurityRuleProps } from "./records.js";
import { DEFAULT_RULES } from "./security-rules.js";

export type Egress = { protocol: "Tcp" | "Udp"; port: number };

const INTERNET = /^(\*|internet|0\.0\.0\.0\/0|azurecloud(\..+)?|microsoftcontainerregistry(\..+)?|azurefrontdoor\.firstparty)$/i;

const ports = (single?: string, many?: string[]) => [...(single ? [single] : []), ...(many ?? [])];
const prefixes = (single?: string, many?: string[]) => [...(single ? [single] : []), ...(many ?? [])];

function portMatches(ranges: string[], port: number): boolean {
  return ranges.some((r) => {
    if (r === "*") return true;
    const [lo, hi] = r.split("-").map(Number);
    return port >= lo! && port <= (hi ?? lo!);
  });
}

function sourceMatches(sources: string[], subnetPrefixes: readonly string[]): boolean {
  return sources.some((s) => {
    if (s === "*" || s.toLowerCase() === "virtualnetwork") return true;
    const c = parseCidr(s);
    return c !== undefined && subnetPrefixes.some((p) => {
      const sp = parseCidr(p);
      return sp !== undefined && contains(c, sp);
    });
  });
}

/** Whether a rule decides `egress` from the subnet. */
function matches(rule: SecurityRuleProps, subnetPrefixes: readonly string[], egress: Egress): boolean {
  return (
    rule.direction === "Outbound" &&
    (rule.protocol === "*" || rule.protocol === egress.protocol) &&
    portMatches(ports(rule.destinationPortRange, rule.destinationPortRanges), egress.port) &&
    prefixes(rule.destinationAddressPrefix, rule.destinationAddressPrefixes).some((d) => INTERNET.test(d)) &&
    sourceMatches(prefixes(rule.sourceAddressPrefix, rule.sourceAddressPrefixes), subnetPrefixes)
  );
}

/** The rule that decides `egress` from a subnet with these NSG rules (the defaults after them), and its verdict. */
export function outboundVerdict(rules: readonly { name: string; rule: SecurityRuleProps }[], subnetPrefixes: readonly string[], egress: Egress): { allowed: boolean; rule: string } {
  const all = [...rules, ...DEFAULT_RULES.map(({ name, ...rule }) => ({ name, rule }))].sort((a, b) => a.rule.priority - b.rule.priority);
  const decisive = all.find((r) => matches(r.rule, subnetPrefixes, egress));
  return decisive ? { allowed: decisive.rule.access === "Allow", rule: decisive.name } : { allowed: true, rule: "" };
}
