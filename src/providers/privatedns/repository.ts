// Reading private DNS's records from the store: one by key and kind, a group's or a subscription's
// zones, a zone's links and record sets, a subscription's links (the overlap rule).
import { groupKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import type { StoredSubnet } from "../network/public.js";
import type { ClusterDnsWorld } from "./domain/cluster-dns.js";
import { keyOf, type LinkRecord, type PrivateDnsRecord, type RecordSetRecord, type ZoneRecord } from "./domain/records.js";

type Kind = PrivateDnsRecord["kind"];
type OfKind<K extends Kind> = Extract<PrivateDnsRecord, { kind: K }>;
const KINDS: ReadonlySet<string> = new Set<Kind>(["privateDnsZone", "virtualNetworkLink", "privateDnsRecordSet"]);

export function getRecord(read: Reader, key: string): PrivateDnsRecord | undefined {
  const r = read.get<{ kind?: string }>("resources", key);
  return r && typeof r.kind === "string" && KINDS.has(r.kind) ? (r as PrivateDnsRecord) : undefined;
}

export function getOf<K extends Kind>(read: Reader, key: string, kind: K): OfKind<K> | undefined {
  const r = getRecord(read, key);
  return r?.kind === kind ? (r as OfKind<K>) : undefined;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1);

export function childrenOf<K extends Kind>(read: Reader, parent: string, kind: K): OfKind<K>[] {
  return read.group<{ kind?: string }>("resources", parent).filter((r): r is OfKind<K> => r.kind === kind).sort(byId);
}

export const zonesInGroup = (read: Reader, sub: string, rg: string): ZoneRecord[] => childrenOf(read, groupKey(sub, rg), "privateDnsZone");
export const zonesInSubscription = (read: Reader, sub: string): ZoneRecord[] => childrenOf(read, `/subscriptions/${sub}/providers/microsoft.network/privatednszones`.toLowerCase(), "privateDnsZone");
export const linksOf = (read: Reader, zone: ZoneRecord): LinkRecord[] => childrenOf(read, keyOf(zone.id), "virtualNetworkLink");
export const recordSetsOf = (read: Reader, zone: ZoneRecord): RecordSetRecord[] => childrenOf(read, keyOf(zone.id), "privateDnsRecordSet");
export const linksInSubscription = (read: Reader, sub: string): LinkRecord[] =>
  childrenOf(read, `/subscriptions/${sub}/providers/microsoft.network/privatednszones/virtualnetworklinks`.toLowerCase(), "virtualNetworkLink");

/** The links the overlap rule reads: those of the subscriptions given (the zone's, the vnet's). */
export function linksOfSubscriptions(read: Reader, ...ids: string[]): LinkRecord[] {
  const subs = new Set(ids.map((id) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase()).filter((s): s is string => s !== undefined));
  return [...subs].flatMap((s) => linksInSubscription(read, s));
}

/** What a cluster DNS step is judged against. */
export function clusterDnsWorld(read: Reader, zoneId: string, vnetId: string, subnetId: string): ClusterDnsWorld {
  const subnet = read.get<StoredSubnet>("resources", subnetId.toLowerCase());
  return { get: (key) => getRecord(read, key), links: linksOfSubscriptions(read, zoneId, vnetId), subnetPrefix: subnet?.kind === "subnet" ? subnet.addressPrefixes[0] : undefined };
}
