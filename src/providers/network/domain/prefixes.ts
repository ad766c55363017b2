// Address prefixes of a virtual network and its subnets, pure: each well formed, each subnet inside
// its network's address space and clear of its siblings, in Network's order of checks.
import { refuse, type NetworkRefusal } from "../errors.js";
import { canonicalText, contains, isCanonical, overlaps, parseCidr, type Cidr } from "./cidr.js";

/** The prefixes parsed, or the refusal for the first that is not a canonical IPv4 CIDR. */
export function parsePrefixes(prefixes: readonly string[], id: string): Cidr[] | NetworkRefusal {
  const out: Cidr[] = [];
  for (const p of prefixes) {
    const c = parseCidr(p);
    if (!c) return refuse("invalidAddressPrefixFormat", { prefix: p, id, target: id });
    if (!isCanonical(c)) return refuse("invalidCidrNotation", { prefix: p, id, canonical: canonicalText(c) });
    out.push(c);
  }
  return out;
}

export type SubnetPrefixes = { name: string; id: string; prefixes: readonly string[] };

/**
 * Subnets of one network, checked against its address space and each other: the first that is
 * malformed, outside the space, or overlaps one before it is refused.
 */
export function checkSubnetPrefixes(vnet: { name: string; space: readonly Cidr[] }, subnets: readonly SubnetPrefixes[]): NetworkRefusal | undefined {
  const seen: { name: string; cidr: Cidr }[] = [];
  for (const s of subnets) {
    if (s.prefixes.length === 0) return refuse("invalidSubnet", { subnet: s.name, vnet: vnet.name });
    const parsed = parsePrefixes(s.prefixes, s.id);
    if (!Array.isArray(parsed)) return parsed;
    for (const c of parsed) {
      if (!vnet.space.some((v) => contains(v, c))) return refuse("subnetRangeOutsideVnet", { subnet: s.name, vnet: vnet.name });
      if (seen.some((o) => overlaps(o.cidr, c))) return refuse("subnetRangesOverlap", { subnet: s.name, vnet: vnet.name });
    }
    for (const c of parsed) seen.push({ name: s.name, cidr: c });
  }
  return undefined;
}
