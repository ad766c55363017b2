// Records to wire JSON, the shapes of the 2020-06-01 examples (PrivateZonePut.json,
// VirtualNetworkLinkPut.json, RecordSetAPut.json, RecordSetALLList.json). The SOA record set every
// zone has is derived from the zone (RecordSetSOAGet.json's values), not stored.
import type { Json } from "../../arm/json.js";
import type { OperationRecord } from "../../engine/operations.js";
import { recordFqdn } from "./domain/names.js";
import { LINK_TYPE, ZONE_TYPE, type LinkRecord, type RecordSetRecord, type ZoneRecord } from "./domain/records.js";
import { stableGuid } from "../../arm/stable-ids.js";

/** ARM timestamps with 7 fractional digits. */
const armTimestamp = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

/** Azure DNS shows GUID etags; the store stamps a fresh eTag on every write, from which one is derived. */
export const etagOf = (r: { id: string; eTag?: string }) => stableGuid(`${r.id.toLowerCase()}#${r.eTag ?? ""}`);

/** The example's limits (PrivateZonePut.json). */
const LIMITS = { maxNumberOfRecordSets: 5000, maxNumberOfVirtualNetworkLinks: 100, maxNumberOfVirtualNetworkLinksWithRegistration: 50 };

export function renderZone(z: ZoneRecord, links: readonly LinkRecord[], recordSets: number): Json {
  return {
    id: z.id,
    name: z.name,
    type: ZONE_TYPE,
    etag: etagOf(z),
    location: "global",
    tags: z.tags,
    properties: {
      maxNumberOfRecordSets: LIMITS.maxNumberOfRecordSets,
      // The SOA record set counts.
      numberOfRecordSets: recordSets + 1,
      maxNumberOfVirtualNetworkLinks: LIMITS.maxNumberOfVirtualNetworkLinks,
      numberOfVirtualNetworkLinks: links.length,
      maxNumberOfVirtualNetworkLinksWithRegistration: LIMITS.maxNumberOfVirtualNetworkLinksWithRegistration,
      numberOfVirtualNetworkLinksWithRegistration: links.filter((l) => l.registrationEnabled).length,
      provisioningState: z.provisioningState,
    },
  };
}

export function renderLink(l: LinkRecord): Json {
  return {
    id: l.id,
    name: l.name,
    type: LINK_TYPE,
    etag: etagOf(l),
    location: "global",
    tags: l.tags,
    properties: {
      virtualNetwork: { id: l.virtualNetworkId },
      registrationEnabled: l.registrationEnabled,
      virtualNetworkLinkState: l.provisioningState === "Succeeded" ? "Completed" : "InProgress",
      provisioningState: l.provisioningState,
    },
  };
}

export function renderRecordSet(r: RecordSetRecord): Json {
  return {
    id: r.id,
    etag: etagOf(r),
    name: r.name,
    type: `${ZONE_TYPE}/${r.recordType}`,
    properties: { metadata: r.metadata, ttl: r.ttl, fqdn: recordFqdn(r.name, r.zoneName), isAutoRegistered: false, ...r.records },
  };
}

/** The zone's SOA record set, `@`, with RecordSetSOAGet.json's values. */
export function renderSoa(z: ZoneRecord): Json {
  return {
    id: `${z.id}/SOA/@`,
    etag: stableGuid(`${z.id.toLowerCase()}#soa`),
    name: "@",
    type: `${ZONE_TYPE}/SOA`,
    properties: {
      metadata: {},
      ttl: 3600,
      fqdn: recordFqdn("@", z.name),
      isAutoRegistered: false,
      soaRecord: { host: "azureprivatedns.net", email: "azureprivatedns-hostmaster.microsoft.com", serialNumber: 1, refreshTime: 3600, retryTime: 300, expireTime: 2419200, minimumTtl: 300 },
    },
  };
}

/** The privateDnsOperationStatuses body: ARM's AzureAsyncOperationResult. */
export function renderOperationStatus(op: OperationRecord): Json {
  const body: Json = { id: op.id, name: op.id, status: op.status, startTime: armTimestamp(op.startTime) };
  if (op.endTime !== undefined) body["endTime"] = armTimestamp(op.endTime);
  if (op.error) body["error"] = { code: op.error.code, message: op.error.message };
  return body;
}
