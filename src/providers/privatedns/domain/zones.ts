// What a private DNS zone, link or record set write means, pure: the record it leaves, or the
// refusal Azure DNS answers. The overlap rule is judged against every other link of the same vnet.
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type PrivateDnsRefusal } from "../errors.js";
import { hasEnoughLabels, overlaps, recordName } from "./names.js";
import { RECORD_FIELDS, type LinkRecord, type RecordSetRecord, type RecordType, type ZoneRecord } from "./records.js";

export function decideZonePut(input: { id: string; subscriptionId: string; resourceGroup: string; name: string; tags: Record<string, string>; existing: ZoneRecord | undefined }): ZoneRecord | PrivateDnsRefusal {
  if (!hasEnoughLabels(input.name)) return refuse("zoneNameLabels", { name: input.name });
  return {
    kind: "privateDnsZone",
    id: input.existing?.id ?? input.id,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: input.existing?.name ?? input.name,
    location: "global",
    tags: input.tags,
    provisioningState: input.existing ? "Updating" : "Creating",
  };
}

/** A zone goes only once no virtual network link is left on it. */
export const decideZoneDelete = (zone: ZoneRecord, links: readonly LinkRecord[]): PrivateDnsRefusal | undefined => (links.length > 0 ? refuse("zoneHasLinks", { zone: zone.name }) : undefined);

export type LinkPutInput = {
  zone: ZoneRecord;
  name: string;
  tags: Record<string, string>;
  body: Json;
  existing: LinkRecord | undefined;
  /** Every link of the subscription(s) concerned, with the name of its zone. */
  links: readonly LinkRecord[];
};

export function decideLinkPut(input: LinkPutInput): LinkRecord | PrivateDnsRefusal {
  const props = isObject(input.body["properties"]) ? input.body["properties"] : {};
  const vnet = isObject(props["virtualNetwork"]) ? props["virtualNetwork"]["id"] : undefined;
  const vnetId = typeof vnet === "string" && vnet.trim() !== "" ? vnet.trim() : input.existing?.virtualNetworkId;
  if (vnetId === undefined) return refuse("virtualNetworkRequired");
  if (input.existing && input.existing.virtualNetworkId.toLowerCase() !== vnetId.toLowerCase()) return refuse("linkVirtualNetworkChange", { link: input.existing.name });
  const clash = overlapping(input.zone, vnetId, input.links, input.existing);
  if (clash) return refuse("linkOverlap", { zone: input.zone.name, other: clash.zoneName });
  const registration = props["registrationEnabled"];
  return {
    kind: "virtualNetworkLink",
    id: input.existing?.id ?? `${input.zone.id}/virtualNetworkLinks/${input.name}`,
    subscriptionId: input.zone.subscriptionId,
    resourceGroup: input.zone.resourceGroup,
    name: input.existing?.name ?? input.name,
    zoneName: input.zone.name,
    location: "global",
    tags: input.tags,
    virtualNetworkId: vnetId,
    registrationEnabled: typeof registration === "boolean" ? registration : (input.existing?.registrationEnabled ?? false),
    provisioningState: input.existing ? "Updating" : "Creating",
  };
}

/** Another link of the same virtual network to a zone whose namespace overlaps this zone's. */
export function overlapping(zone: Pick<ZoneRecord, "id" | "name">, vnetId: string, links: readonly LinkRecord[], self?: Pick<LinkRecord, "id">): LinkRecord | undefined {
  return links.find((l) => l.virtualNetworkId.toLowerCase() === vnetId.toLowerCase() && l.id.toLowerCase() !== self?.id.toLowerCase() && !l.id.toLowerCase().startsWith(`${zone.id.toLowerCase()}/`) && overlaps(l.zoneName, zone.name));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function decideRecordSetPut(input: { zone: ZoneRecord; type: Exclude<RecordType, "SOA">; name: string; body: unknown; existing: RecordSetRecord | undefined }): RecordSetRecord | PrivateDnsRefusal {
  const body = isObject(input.body) ? input.body : {};
  const props = isObject(body["properties"]) ? body["properties"] : {};
  const ttl = props["ttl"] === undefined ? (input.existing?.ttl ?? 3600) : props["ttl"];
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) return refuse("invalidRecord", { detail: `The TTL value '${String(ttl)}' is invalid: it must be an integer from 0 to 2147483647.` });
  const field = RECORD_FIELDS[input.type];
  const given = props[field];
  if (input.type === "A" && given !== undefined) {
    if (!Array.isArray(given)) return refuse("invalidRecord", { detail: "aRecords must be an array of {ipv4Address}." });
    for (const r of given) {
      const ip = isObject(r) ? r["ipv4Address"] : undefined;
      if (typeof ip !== "string" || !IPV4.test(ip)) return refuse("invalidRecord", { detail: `The IPv4 address '${String(ip)}' of an A record is invalid.` });
    }
  }
  const metadata = isObject(props["metadata"]) ? (props["metadata"] as Record<string, string>) : (input.existing?.metadata ?? {});
  const name = recordName(input.name);
  return {
    kind: "privateDnsRecordSet",
    id: input.existing?.id ?? `${input.zone.id}/${input.type}/${name}`,
    subscriptionId: input.zone.subscriptionId,
    resourceGroup: input.zone.resourceGroup,
    name,
    zoneName: input.zone.name,
    recordType: input.type,
    ttl,
    metadata,
    records: given !== undefined ? { [field]: given } : (input.existing?.records ?? {}),
  };
}
