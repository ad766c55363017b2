// Compute's resource SKUs (ResourceSkus_List, api 2021-07-01) for virtual machines, pure: one
// entry per size and location, shaped as ListAvailableResourceSkusForARegion.json, built from a
// VM size catalog (which sizes each location offers, in which zones). A size a location does not
// offer is listed with a Location restriction, one offered in fewer zones than the region has with
// a Zone restriction (NotAvailableForSubscription), as Compute lists them for a subscription.
import type { VmSizeCatalog } from "../../provider.js";
import { sizeFacts } from "./sizes.js";

export type ResourceSku = {
  resourceType: "virtualMachines";
  locations: string[];
  capabilities: { name: string; value: string }[];
  locationInfo: { location: string; zones: string[]; zoneDetails: unknown[] }[];
  name: string;
  tier: "Standard";
  size: string;
  family: string;
  restrictions: { type: "Location" | "Zone"; values: string[]; restrictionInfo: { locations: string[]; zones?: string[] }; reasonCode: "NotAvailableForSubscription" }[];
};

/** The zones a region has: every zone any size is offered in there. */
export function regionZones(catalog: VmSizeCatalog, location: string): string[] {
  const zones = new Set<string>();
  for (const s of catalog.sizes) for (const z of catalog.zonesIn(location, s)) zones.add(z);
  return [...zones].sort();
}

function capabilities(name: string): { name: string; value: string }[] {
  const f = sizeFacts(name);
  if (!f) return [];
  const cap = (n: string, v: string | number | boolean) => ({ name: n, value: typeof v === "boolean" ? (v ? "True" : "False") : String(v) });
  return [
    cap("vCPUs", f.vCPUs),
    cap("MemoryGB", f.memoryGB),
    cap("MaxDataDiskCount", Math.min(64, Math.max(2, f.vCPUs * 2))),
    cap("HyperVGenerations", f.arm64 ? "V2" : "V1,V2"),
    cap("LowPriorityCapable", true),
    cap("PremiumIO", f.premiumIO),
    cap("vCPUsAvailable", f.vCPUs),
    cap("CpuArchitectureType", f.arm64 ? "Arm64" : "x64"),
    cap("AcceleratedNetworkingEnabled", f.vCPUs >= 2),
    cap("MaxNetworkInterfaces", Math.min(8, Math.max(2, f.vCPUs))),
  ];
}

/** The SKU of `name` as `location` lists it. */
export function skuIn(catalog: VmSizeCatalog, location: string, name: string): ResourceSku {
  const f = sizeFacts(name);
  const all = regionZones(catalog, location);
  const offered = catalog.offeredIn(location, name);
  const zones = offered ? [...catalog.zonesIn(location, name)].sort() : [];
  const missing = all.filter((z) => !zones.includes(z));
  const restrictions: ResourceSku["restrictions"] = !offered
    ? [{ type: "Location", values: [location], restrictionInfo: { locations: [location] }, reasonCode: "NotAvailableForSubscription" }]
    : missing.length > 0
      ? [{ type: "Zone", values: [location], restrictionInfo: { locations: [location], zones: missing }, reasonCode: "NotAvailableForSubscription" }]
      : [];
  return {
    resourceType: "virtualMachines",
    locations: [location],
    capabilities: capabilities(name),
    // A restricted zone is still listed where the size exists; the restriction says it is not for this subscription.
    locationInfo: [{ location, zones: offered ? all : [], zoneDetails: [] }],
    name: f?.name ?? name,
    tier: "Standard",
    size: f?.size ?? name.replace(/^Standard_/i, ""),
    family: f?.family ?? "",
    restrictions,
  };
}

/** Every size of the catalog in each of `locations`, location by location. */
export function skusIn(catalog: VmSizeCatalog, locations: readonly string[]): ResourceSku[] {
  return locations.flatMap((loc) => catalog.sizes.map((s) => skuIn(catalog, loc, s)));
}
