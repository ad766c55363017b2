// A private cluster's DNS, pure: what AKS's private DNS reconciler creates where it is missing (a
// managed zone, the link to the cluster's vnet, the API server's A record), what an operation that
// is no reconcile checks is still there, and what goes with the cluster. Refusals are Azure DNS's
// own (a missing zone or record, an overlapping link); the plan's owner words them (AKS).
import type { ClusterDnsSpec } from "../public.js";
import { recordName } from "./names.js";
import { keyOf, zoneIdParts, type LinkRecord, type PrivateDnsRecord, type RecordSetRecord, type ZoneRecord } from "./records.js";
import { overlapping } from "./zones.js";

export type ClusterDnsWorld = {
  get: (key: string) => PrivateDnsRecord | undefined;
  /** Links of the vnet's subscription and the zone's (for the overlap rule). */
  links: readonly LinkRecord[];
  /** The first address prefix of the endpoint's subnet, if the subnet exists. */
  subnetPrefix: string | undefined;
};

export type ClusterDnsMissing = { missing: "zone"; zone: string; resourceGroup: string } | { missing: "record"; zone: string; record: string; resourceGroup: string; subscriptionId: string };
export type ClusterDnsOverlap = { overlap: true; zone: string; other: string };
export type ClusterDnsOutcome = { puts: PrivateDnsRecord[]; deletes: string[] } | ClusterDnsMissing | ClusterDnsOverlap;

export const isDnsFailure = (o: ClusterDnsOutcome): o is ClusterDnsMissing | ClusterDnsOverlap => "missing" in o || "overlap" in o;

/** The ids of the spec's link and A record. */
export function clusterDnsIds(dns: ClusterDnsSpec) {
  return { zone: dns.zoneId, link: `${dns.zoneId}/virtualNetworkLinks/${dns.linkName}`, record: `${dns.zoneId}/A/${recordName(dns.recordName)}` };
}

/** The private endpoint's address: the last usable address of its subnet's first prefix (Azure keeps .255 of a /24). */
export function endpointAddress(prefix: string | undefined): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix ?? "");
  if (!m) return "10.224.255.254";
  const base = (((+m[1]! << 24) >>> 0) + (+m[2]! << 16) + (+m[3]! << 8) + +m[4]!) >>> 0;
  const bits = Math.min(30, Math.max(8, +m[5]!));
  const last = (base | (2 ** (32 - bits) - 1)) >>> 0;
  const ip = last - 1;
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
}

function zoneRecordOf(dns: ClusterDnsSpec): ZoneRecord {
  const p = zoneIdParts(dns.zoneId)!;
  return { kind: "privateDnsZone", id: dns.zoneId, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.zone, location: "global", tags: dns.tags, provisioningState: "Succeeded" };
}

const missingZone = (dns: ClusterDnsSpec): ClusterDnsMissing => {
  const p = zoneIdParts(dns.zoneId)!;
  return { missing: "zone", zone: p.zone, resourceGroup: p.resourceGroup };
};

/** What is missing of the cluster's DNS, to create; or why it cannot be. */
export function ensureClusterDns(dns: ClusterDnsSpec, world: ClusterDnsWorld): ClusterDnsOutcome {
  const ids = clusterDnsIds(dns);
  const existing = world.get(keyOf(ids.zone));
  const zone = existing?.kind === "privateDnsZone" ? existing : dns.managed ? zoneRecordOf(dns) : undefined;
  if (!zone) return missingZone(dns);
  const puts: PrivateDnsRecord[] = existing ? [] : [zone];
  if (world.get(keyOf(ids.link))?.kind !== "virtualNetworkLink") {
    const clash = overlapping(zone, dns.virtualNetworkId, world.links);
    if (clash) return { overlap: true, zone: zone.name, other: clash.zoneName };
    puts.push({ kind: "virtualNetworkLink", id: ids.link, subscriptionId: zone.subscriptionId, resourceGroup: zone.resourceGroup, name: dns.linkName, zoneName: zone.name, location: "global", tags: dns.tags, virtualNetworkId: dns.virtualNetworkId, registrationEnabled: false, provisioningState: "Succeeded" });
  }
  const address = endpointAddress(world.subnetPrefix);
  const record = world.get(keyOf(ids.record));
  const current = record?.kind === "privateDnsRecordSet" ? record : undefined;
  const wanted = [{ ipv4Address: address }];
  if (!current || JSON.stringify(current.records["aRecords"]) !== JSON.stringify(wanted)) {
    puts.push({ kind: "privateDnsRecordSet", id: ids.record, subscriptionId: zone.subscriptionId, resourceGroup: zone.resourceGroup, name: recordName(dns.recordName), zoneName: zone.name, recordType: "A", ttl: current?.ttl ?? 300, metadata: current?.metadata ?? {}, records: { aRecords: wanted } } satisfies RecordSetRecord);
  }
  return { puts, deletes: [] };
}

/** The zone and its A record are there (nodes resolve the API server through them). */
export function verifyClusterDns(dns: ClusterDnsSpec, world: Pick<ClusterDnsWorld, "get">): ClusterDnsMissing | undefined {
  const ids = clusterDnsIds(dns);
  if (world.get(keyOf(ids.zone))?.kind !== "privateDnsZone") return missingZone(dns);
  if (world.get(keyOf(ids.record))?.kind !== "privateDnsRecordSet") {
    const p = zoneIdParts(dns.zoneId)!;
    return { missing: "record", zone: p.zone, record: recordName(dns.recordName), resourceGroup: p.resourceGroup, subscriptionId: p.subscriptionId };
  }
  return undefined;
}

/**
 * The keys that go with the cluster: its A record and its link; a managed zone with everything in
 * it (`children` lists a zone's links and record sets).
 */
export function clusterDnsKeys(dns: ClusterDnsSpec, world: Pick<ClusterDnsWorld, "get">, children: (zoneKey: string) => readonly string[]): string[] {
  const ids = clusterDnsIds(dns);
  const keys = dns.managed ? [...children(keyOf(ids.zone)), keyOf(ids.zone)] : [keyOf(ids.record), keyOf(ids.link)];
  return [...new Set(keys)].filter((k) => world.get(k) !== undefined);
}
