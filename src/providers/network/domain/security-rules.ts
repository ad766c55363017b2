// Network security groups and their rules, pure: the default rules every NSG has (as
// NetworkSecurityGroupCreate.json shows them), a rule as the caller writes it checked the way
// Network checks it (priority range, one rule per priority and direction), and what an NSG PUT
// with its rules inline makes of the stored ones.
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";
import { type NetworkSecurityGroupRecord, type SecurityRuleProps, type SecurityRuleRecord } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";

type DefaultRule = SecurityRuleProps & { name: string };

// Every NSG's default rules, in Network's order (NetworkSecurityGroupCreate.json).
export const DEFAULT_RULES: readonly DefaultRule[] = [
  { name: "AllowVnetInBound", description: "Allow inbound traffic from all VMs in VNET", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "VirtualNetwork", access: "Allow", priority: 65000, direction: "Inbound" },
  { name: "AllowAzureLoadBalancerInBound", description: "Allow inbound traffic from azure load balancer", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "AzureLoadBalancer", destinationAddressPrefix: "*", access: "Allow", priority: 65001, direction: "Inbound" },
  { name: "DenyAllInBound", description: "Deny all inbound traffic", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", access: "Deny", priority: 65500, direction: "Inbound" },
  { name: "AllowVnetOutBound", description: "Allow outbound traffic from all VMs to all VMs in VNET", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "VirtualNetwork", access: "Allow", priority: 65000, direction: "Outbound" },
  { name: "AllowInternetOutBound", description: "Allow outbound traffic from all VMs to Internet", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet", access: "Allow", priority: 65001, direction: "Outbound" },
  { name: "DenyAllOutBound", description: "Deny all outbound traffic", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", access: "Deny", priority: 65500, direction: "Outbound" },
];

const PROTOCOLS = ["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"] as const;
const pick = <T extends string>(allowed: readonly T[], v: unknown): T | undefined => (typeof v === "string" ? allowed.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 ? v.map(String) : undefined);
const PORT = /^(\*|\d{1,5}(-\d{1,5})?)$/;

/** A rule's properties as written, checked; `ruleId` names it in the texts. */
export function readRule(ruleId: string, body: unknown): SecurityRuleProps | NetworkRefusal {
  const p = isObject(body) && isObject(body["properties"]) ? body["properties"] : {};
  const bad = (property: string, value: unknown) => refuse("securityRuleInvalidProperty", { rule: ruleId, property, value: value === undefined ? "null" : String(value) });
  const priority = p["priority"];
  if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 100 || priority > 4096) return refuse("securityRuleInvalidPriority", { priority: priority === undefined ? "null" : String(priority) });
  const direction = pick(["Inbound", "Outbound"] as const, p["direction"]);
  if (!direction) return bad("Direction", p["direction"]);
  const access = pick(["Allow", "Deny"] as const, p["access"]);
  if (!access) return bad("Access", p["access"]);
  const protocol = pick(PROTOCOLS, p["protocol"]);
  if (!protocol) return bad("Protocol", p["protocol"]);
  for (const [name, single, many] of [["SourcePortRange", "sourcePortRange", "sourcePortRanges"], ["DestinationPortRange", "destinationPortRange", "destinationPortRanges"]] as const) {
    const ports = [...(str(p[single]) ? [p[single] as string] : []), ...(list(p[many]) ?? [])];
    if (ports.length === 0) return bad(name, undefined);
    const wrong = ports.find((x) => !PORT.test(x) || x.split("-").some((n) => n !== "*" && Number(n) > 65535));
    if (wrong !== undefined) return bad(name, wrong);
  }
  // An address side names prefixes or application security groups.
  for (const [name, single, many, groups] of [
    ["SourceAddressPrefix", "sourceAddressPrefix", "sourceAddressPrefixes", "sourceApplicationSecurityGroups"],
    ["DestinationAddressPrefix", "destinationAddressPrefix", "destinationAddressPrefixes", "destinationApplicationSecurityGroups"],
  ] as const) {
    if (!str(p[single]) && !list(p[many]) && !list(p[groups])) return bad(name, undefined);
  }
  const opt = (k: keyof SecurityRuleProps, v: unknown) => (v !== undefined ? { [k]: v } : {});
  return {
    protocol,
    ...opt("sourcePortRange", str(p["sourcePortRange"])),
    ...opt("sourcePortRanges", list(p["sourcePortRanges"])),
    ...opt("destinationPortRange", str(p["destinationPortRange"])),
    ...opt("destinationPortRanges", list(p["destinationPortRanges"])),
    ...opt("sourceAddressPrefix", str(p["sourceAddressPrefix"])),
    ...opt("sourceAddressPrefixes", list(p["sourceAddressPrefixes"])),
    ...opt("destinationAddressPrefix", str(p["destinationAddressPrefix"])),
    ...opt("destinationAddressPrefixes", list(p["destinationAddressPrefixes"])),
    access,
    priority,
    direction,
    ...opt("description", str(p["description"])),
  };
}

/** The first rule of `rules` that takes another's priority and direction, as a refusal. */
function checkConflicts(rules: readonly { name: string; rule: SecurityRuleProps }[]): NetworkRefusal | undefined {
  for (let i = 0; i < rules.length; i++) {
    const a = rules[i]!;
    const other = rules.slice(0, i).find((b) => b.rule.priority === a.rule.priority && b.rule.direction === a.rule.direction);
    if (other) return refuse("securityRuleConflict", { rule: a.name, other: other.name });
  }
  return undefined;
}

const ruleRecord = (nsg: { id: string; subscriptionId: string; resourceGroup: string; name: string }, name: string, rule: SecurityRuleProps, existing: SecurityRuleRecord | undefined): SecurityRuleRecord => {
  const id = existing?.id ?? `${nsg.id}/securityRules/${name}`;
  return { kind: "securityRule", id, subscriptionId: nsg.subscriptionId, resourceGroup: nsg.resourceGroup, nsgName: nsg.name, name: existing?.name ?? name, rule, provisioningState: "Updating", resourceGuid: existing?.resourceGuid ?? stableGuid(id.toLowerCase()) };
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** An NSG PUT: the group and the whole set of its rules (those it leaves out go). */
export function decideNsgPut(input: { id: string; subscriptionId: string; resourceGroup: string; name: string; location: string; tags: Record<string, string>; body: Json; existing: NetworkSecurityGroupRecord | undefined; existingRules: readonly SecurityRuleRecord[] }): { nsg: NetworkSecurityGroupRecord; rules: SecurityRuleRecord[]; removed: SecurityRuleRecord[] } | NetworkRefusal {
  const id = input.existing?.id ?? input.id;
  const nsgIds = { id, subscriptionId: input.subscriptionId, resourceGroup: input.resourceGroup, name: input.existing?.name ?? input.name };
  const p = isObject(input.body["properties"]) ? input.body["properties"] : {};
  const given: { name: string; rule: SecurityRuleProps }[] = [];
  for (const r of (Array.isArray(p["securityRules"]) ? p["securityRules"] : []).filter(isObject)) {
    const name = String(r["name"] ?? "");
    const rule = readRule(`${id}/securityRules/${name}`, r);
    if ("refused" in rule) return rule;
    given.push({ name, rule });
  }
  const conflict = checkConflicts(given);
  if (conflict) return conflict;
  const nsg: NetworkSecurityGroupRecord = { kind: "networkSecurityGroup", ...nsgIds, location: input.location, tags: input.tags, provisioningState: "Updating", resourceGuid: input.existing?.resourceGuid ?? stableGuid(id.toLowerCase()) };
  const rules = given.map((g) => ruleRecord(nsgIds, g.name, g.rule, input.existingRules.find((r) => same(r.name, g.name))));
  return { nsg, rules, removed: input.existingRules.filter((r) => !given.some((g) => same(g.name, r.name))) };
}

/** A security rule PUT on its own: checked, and clear of the group's other rules. */
export function decideRulePut(input: { nsg: NetworkSecurityGroupRecord; name: string; body: unknown; existing: SecurityRuleRecord | undefined; siblings: readonly SecurityRuleRecord[] }): SecurityRuleRecord | NetworkRefusal {
  const id = input.existing?.id ?? `${input.nsg.id}/securityRules/${input.name}`;
  const rule = readRule(id, input.body);
  if ("refused" in rule) return rule;
  const others = input.siblings.filter((r) => !same(r.name, input.name)).map((r) => ({ name: r.name, rule: r.rule }));
  const conflict = checkConflicts([...others, { name: input.name, rule }]);
  if (conflict) return conflict;
  return ruleRecord(input.nsg, input.name, rule, input.existing);
}
