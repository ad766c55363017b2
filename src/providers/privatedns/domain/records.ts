// Stored shapes of Microsoft.Network's private DNS zones (Azure DNS's private zones): a zone (a
// global, tracked resource), its virtual network links and its record sets. Store keys are ARM ids
// lower-cased (arm/ids.ts): links and record sets list under their zone, and every type lists
// under its subscription (all of a subscription's links are one read, for the overlap rule).
import type { Json } from "../../../arm/json.js";

export const NAMESPACE = "Microsoft.Network";
/**
 * The name private DNS's operations and steps carry (Provider.operationsName): it shares the
 * Microsoft.Network namespace with virtual networks, load balancers and the rest.
 */
export const OPERATIONS_NAME = "Microsoft.Network/privateDnsZones";

export type ProvisioningState = "Succeeded" | "Creating" | "Updating" | "Deleting" | "Failed";

/** The record types of the REST spec's RecordType enum, and the property each keeps its records in. */
export const RECORD_FIELDS = { A: "aRecords", AAAA: "aaaaRecords", CNAME: "cnameRecord", MX: "mxRecords", PTR: "ptrRecords", SOA: "soaRecord", SRV: "srvRecords", TXT: "txtRecords" } as const;
export type RecordType = keyof typeof RECORD_FIELDS;
export const RECORD_TYPES = Object.keys(RECORD_FIELDS) as RecordType[];

type Base = {
  /** ARM id in its creator's casing. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Stamped by the store on every write; shown as a GUID-shaped etag, as Azure DNS shows it. */
  eTag?: string;
};

export type ZoneRecord = Base & {
  kind: "privateDnsZone";
  location: "global";
  tags: Record<string, string>;
  provisioningState: ProvisioningState;
};

export type LinkRecord = Base & {
  kind: "virtualNetworkLink";
  zoneName: string;
  location: "global";
  tags: Record<string, string>;
  /** The linked virtual network's id, as given. */
  virtualNetworkId: string;
  registrationEnabled: boolean;
  provisioningState: ProvisioningState;
};

export type RecordSetRecord = Base & {
  kind: "privateDnsRecordSet";
  zoneName: string;
  recordType: RecordType;
  ttl: number;
  metadata: Record<string, string>;
  /** The type's records as given (`aRecords: [{ipv4Address}]`, `cnameRecord: {cname}`, ...). */
  records: Json;
};

export type PrivateDnsRecord = ZoneRecord | LinkRecord | RecordSetRecord;

export const ZONE_TYPE = `${NAMESPACE}/privateDnsZones`;
export const LINK_TYPE = `${ZONE_TYPE}/virtualNetworkLinks`;

export const keyOf = (id: string) => id.toLowerCase();

/** /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/privateDnsZones/{zone} */
export const zoneId = (sub: string, rg: string, zone: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ZONE_TYPE}/${zone}`;

/** A private DNS zone id's parts, or undefined for anything else. */
export function zoneIdParts(id: string): { subscriptionId: string; resourceGroup: string; zone: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i.exec(id.trim());
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, zone: m[3]! } : undefined;
}


