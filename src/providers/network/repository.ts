// Reading Network's world from the store: one record by key and kind, a group's or a
// subscription's records of a type, a parent's children, and what a step is judged against.
import { groupKey, locatedTypeListKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import type { StepWorld } from "./domain/apply-step.js";
import { applianceKey, type ApplianceRecord } from "./domain/appliances.js";
import type { Declared } from "./domain/egress-step.js";
import { dnsServerKey, type DnsServerRecord } from "./domain/resolution.js";
import { limitsKey, type NetworkLimitsRecord } from "./domain/usages.js";
import type { NetworkKind, NetworkRecord, PublicIpRecord, SubnetRecord } from "./domain/records.js";

type OfKind<K extends NetworkKind> = Extract<NetworkRecord, { kind: K }>;

const KINDS: ReadonlySet<string> = new Set<NetworkKind>(["virtualNetwork", "subnet", "networkSecurityGroup", "securityRule", "routeTable", "route", "publicIPAddress", "loadBalancer"]);

/** Any Network record at a key. */
export function getRecord(read: Reader, key: string): NetworkRecord | undefined {
  const r = read.get<{ kind?: string }>("resources", key);
  return r && typeof r.kind === "string" && KINDS.has(r.kind) ? (r as NetworkRecord) : undefined;
}

export function getOf<K extends NetworkKind>(read: Reader, key: string, kind: K): OfKind<K> | undefined {
  const r = getRecord(read, key);
  return r?.kind === kind ? (r as OfKind<K>) : undefined;
}

/** Records of one kind directly under a parent key (a group's resources, a network's subnets). */
export function childrenOf<K extends NetworkKind>(read: Reader, parent: string, kind: K): OfKind<K>[] {
  const found = read.group<{ kind?: string }>("resources", parent).filter((r): r is OfKind<K> => r.kind === kind);
  // Sorted by id, each id lower-cased once (not per comparison: lists of thousands are sorted here).
  return found.map((r) => [r.id.toLowerCase(), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
}

export const inGroup = <K extends NetworkKind>(read: Reader, sub: string, rg: string, kind: K) => childrenOf(read, groupKey(sub, rg), kind);

/** A subscription's records of one type path ("virtualnetworks/subnets"), from the store's type lists. */
export function inSubscription<K extends NetworkKind>(read: Reader, sub: string, typePath: string, kind: K): OfKind<K>[] {
  return childrenOf(read, `/subscriptions/${sub}/providers/microsoft.network/${typePath}`.toLowerCase(), kind);
}

/** The subnets of a subscription that reference a resource (an NSG, a route table) by id. */
export function subnetsReferencing(read: Reader, sub: string, field: "networkSecurityGroupId" | "routeTableId", id: string): SubnetRecord[] {
  return inSubscription(read, sub, "virtualnetworks/subnets", "subnet").filter((s) => s[field]?.toLowerCase() === id.toLowerCase());
}

export const publicIpsIn = (read: Reader, sub: string, location: string): PublicIpRecord[] =>
  inSubscription(read, sub, "publicipaddresses", "publicIPAddress").filter((p) => p.location.toLowerCase() === location.toLowerCase());

/** How many public IPs a subscription has in a location: what every node-RG reconcile checks the limit with, counted by the store in O(1). */
export const publicIpCount = (read: Reader, sub: string, location: string): number =>
  read.count("resources", locatedTypeListKey(`/subscriptions/${sub}/providers/microsoft.network/publicipaddresses`.toLowerCase(), location));

export const getLimits = (read: Reader, sub: string, location: string) => read.get<NetworkLimitsRecord>("meta", limitsKey(sub, location));

export function stepWorld(read: Reader): StepWorld {
  return {
    get: (key) => getRecord(read, key),
    children: (key) => read.group<{ id: string }>("resources", key).flatMap((r) => getRecord(read, r.id.toLowerCase()) ?? []),
    publicIpCount: (sub, location) => publicIpCount(read, sub, location),
    limits: (sub, location) => getLimits(read, sub, location),
    declared: declaredIn(read),
  };
}

/** The DNS servers and appliances the control API declares (resolution.ts, appliances.ts). */
export const declaredIn = (read: Reader): Declared => ({
  dnsServer: (ip) => read.get<DnsServerRecord>("meta", dnsServerKey(ip)),
  appliance: (ip) => read.get<ApplianceRecord>("meta", applianceKey(ip)),
});
