// Public IP addresses, pure: what a PUT makes of one (SKU Basic or Standard, Standard only
// Static, the SKU fixed at creation), its address (a Static one gets it at once, a Dynamic one when
// something uses it), and the per-subscription, per-region limit a new one is judged against.
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";
import { publicAddressFor, type PublicIpRecord, type Sku } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";
import { checkPublicIpLimit, type NetworkLimitsRecord } from "./usages.js";

const pick = <T extends string>(allowed: readonly T[], v: unknown, fallback: T): T => (typeof v === "string" ? (allowed.find((a) => a.toLowerCase() === v.toLowerCase()) ?? fallback) : fallback);

export function decidePublicIpPut(input: {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  body: Json;
  existing: PublicIpRecord | undefined;
  /** Public IPs of the subscription in the location now. */
  count: number;
  limits: NetworkLimitsRecord | undefined;
}): PublicIpRecord | NetworkRefusal {
  const id = input.existing?.id ?? input.id;
  const b = input.body;
  const p = isObject(b["properties"]) ? b["properties"] : {};
  const skuIn = isObject(b["sku"]) ? b["sku"] : {};
  // PublicIpAddressCreateDefaults.json: no sku is Basic, no allocation method Dynamic (Static for Standard).
  const sku: Sku = { name: pick(["Standard", "Basic"] as const, skuIn["name"], input.existing?.sku.name ?? "Basic"), tier: pick(["Regional", "Global"] as const, skuIn["tier"], "Regional") };
  if (input.existing && input.existing.sku.name !== sku.name) return refuse("publicIpSkuChange", { from: input.existing.sku.name, to: sku.name, id });
  const allocationMethod = pick(["Static", "Dynamic"] as const, p["publicIPAllocationMethod"], sku.name === "Standard" ? "Static" : "Dynamic");
  if (sku.name === "Standard" && allocationMethod === "Dynamic") return refuse("standardIpMustBeStatic", { id });
  if (!input.existing) {
    const over = checkPublicIpLimit(input.count, 1, input.limits);
    if (over) return over;
  }
  const dns = isObject(p["dnsSettings"]) && typeof p["dnsSettings"]["domainNameLabel"] === "string" ? p["dnsSettings"]["domainNameLabel"] : undefined;
  const zones = Array.isArray(b["zones"]) ? b["zones"].map(String) : input.existing?.zones;
  const idle = typeof p["idleTimeoutInMinutes"] === "number" ? p["idleTimeoutInMinutes"] : 4;
  const used = input.existing?.ipConfigurationId;
  return {
    kind: "publicIPAddress",
    id,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: input.existing?.name ?? input.name,
    location: input.location,
    tags: input.tags,
    sku,
    allocationMethod,
    version: pick(["IPv4", "IPv6"] as const, p["publicIPAddressVersion"], "IPv4"),
    idleTimeoutInMinutes: idle,
    ...(allocationMethod === "Static" || used ? { ipAddress: input.existing?.ipAddress ?? publicAddressFor(id.toLowerCase()) } : {}),
    ...(zones && zones.length > 0 ? { zones } : {}),
    ...(dns ? { domainNameLabel: dns } : {}),
    ...(used ? { ipConfigurationId: used } : {}),
    provisioningState: "Updating",
    resourceGuid: input.existing?.resourceGuid ?? stableGuid(id.toLowerCase()),
  };
}

/** The address a public IP gets (or keeps) when an ip configuration takes it, or loses when it is freed. */
export function withIpConfiguration(ip: PublicIpRecord, ipConfigurationId: string | undefined): PublicIpRecord {
  const { ipConfigurationId: _was, ...rest } = ip;
  if (ipConfigurationId === undefined) {
    if (rest.allocationMethod === "Dynamic") delete rest.ipAddress;
    return rest;
  }
  return { ...rest, ipConfigurationId, ipAddress: ip.ipAddress ?? publicAddressFor(ip.id.toLowerCase()) };
}
