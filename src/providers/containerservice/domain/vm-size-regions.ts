// Which VM sizes each location offers, and in which availability zones: a small model of Compute's
// SKU list (GET .../providers/Microsoft.Compute/skus?$filter=location eq '<loc>', api 2021-07-01),
// not a copy of it. A size is offered everywhere unless a rule below restricts it, as Compute's
// `restrictions` do: type Location (absent from a region) or type Zone (offered in fewer zones).
//
// Plausible, not current: real availability changes every month and differs per subscription.
// The shape is what matters to clients: newer and specialised families (v6, Arm64, GPUs) are
// missing from smaller regions; regions without availability zones offer no zones at all.
import { LOCATIONS, normalizeLocation } from "../../../arm/locations.js";
import { canonicalVmSize, VM_SIZES } from "./vm-sizes.js";

/** Regions without availability zones (Azure's list of regions with zones leaves them out). */
const NO_ZONES: readonly string[] = ["westus", "northcentralus", "westcentralus", "ukwest", "japanwest"];
const ALL_ZONES: readonly string[] = ["1", "2", "3"];

type Family = RegExp;
const V6: Family = /_v6$/;
const ARM64: Family = /^standard_d\d+ps_v5$/;
const NCV3: Family = /^standard_nc\d+s_v3$/;
const T4: Family = /^standard_nc\d+as_t4_v3$/;
const A100: Family = /^standard_nc\d+ads_a100_v4$/;

/** Location restrictions: the family is offered only in `only`, or everywhere but `except`. */
const LOCATION_RULES: readonly { family: Family; only?: readonly string[]; except?: readonly string[] }[] = [
  { family: A100, only: ["eastus", "eastus2", "southcentralus", "westus2", "westus3", "westeurope", "northeurope", "swedencentral", "japaneast", "australiaeast"] },
  { family: T4, except: ["westcentralus", "northcentralus", "ukwest", "japanwest", "brazilsouth", "southafricanorth", "uaenorth", "norwayeast"] },
  { family: NCV3, except: ["westcentralus", "brazilsouth", "southafricanorth", "uaenorth", "norwayeast", "switzerlandnorth"] },
  { family: V6, except: ["westcentralus", "northcentralus", "ukwest", "japanwest", "brazilsouth", "southafricanorth", "uaenorth", "koreacentral"] },
  { family: ARM64, except: ["westcentralus", "ukwest", "japanwest", "southafricanorth"] },
];

/** Zone restrictions: in `location`, the family is offered only in `zones`. */
const ZONE_RULES: readonly { family: Family; location: string; zones: readonly string[] }[] = [
  { family: A100, location: "eastus", zones: ["2", "3"] },
  { family: A100, location: "westeurope", zones: ["1", "3"] },
  { family: T4, location: "centralus", zones: ["1", "3"] },
  { family: NCV3, location: "southeastasia", zones: ["3", "1"] },
];

function offeredIn(location: string, lowerSize: string): boolean {
  const loc = normalizeLocation(location);
  return LOCATION_RULES.every((r) => !r.family.test(lowerSize) || (r.only ? r.only.includes(loc) : !r.except!.includes(loc)));
}

// Filled per location on first use: computing every location's list at load was 3 ms of each start.
const BY_LOCATION = new Map<string, readonly string[]>();

/** The sizes offered in `location`, in the catalog's order. */
export function vmSizesIn(location: string): readonly string[] {
  const loc = normalizeLocation(location);
  const known = BY_LOCATION.get(loc);
  if (known) return known;
  const sizes = VM_SIZES.filter((s) => offeredIn(loc, s.toLowerCase()));
  if ((LOCATIONS as readonly string[]).includes(loc)) BY_LOCATION.set(loc, sizes); // bounded: catalog locations only
  return sizes;
}

/** Whether `location` offers `vmSize` (a catalog size, matched case-insensitively). */
export function isVmSizeOffered(location: string, vmSize: string): boolean {
  return canonicalVmSize(vmSize) !== undefined && offeredIn(location, vmSize.toLowerCase());
}

/** The zones in which `location` offers `vmSize`; none in a region without zones. */
export function zonesFor(location: string, vmSize: string): readonly string[] {
  const loc = normalizeLocation(location);
  if (NO_ZONES.includes(loc)) return [];
  const lower = vmSize.toLowerCase();
  return ZONE_RULES.find((r) => r.location === loc && r.family.test(lower))?.zones ?? ALL_ZONES;
}
