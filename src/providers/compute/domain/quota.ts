// vCPU quotas, pure: per subscription and location, a regional total ("cores"), one per VM family,
// one for Spot (low priority) and counts of VMs, scale sets and availability sets. Instances
// consume them whether running or deallocated (Azure counts deallocated VMs too); an allocation
// over any of them is refused with Compute's OperationNotAllowed text, all or nothing. A capacity
// reservation consumes its family's and the regional vCPUs when it is created, so a VM allocated
// from it takes no vCPU quota of its own (it still counts as a VM).
import { refusalsOf, type Refusal } from "../../../arm/catalog.js";
import type { COMPUTE_ERRORS } from "../errors.js";
import { fleetSize, type Fleet } from "./records.js";
import type { ReservationRecord } from "./reservations.js";
import { sizeFacts } from "./sizes.js";

export type ComputeRefusal = Refusal<typeof COMPUTE_ERRORS>;
export const refuse = refusalsOf<typeof COMPUTE_ERRORS>();

/** One quota as Usage_List names it. */
export type QuotaName = { value: string; localizedValue: string };

/** The quotas every location has, before the families (Usage_List's order). */
export const FIXED_QUOTAS: readonly QuotaName[] = [
  { value: "availabilitySets", localizedValue: "Availability Sets" },
  { value: "cores", localizedValue: "Total Regional vCPUs" },
  { value: "virtualMachines", localizedValue: "Virtual Machines" },
  { value: "virtualMachineScaleSets", localizedValue: "Virtual Machine Scale Sets" },
  { value: "lowPriorityCores", localizedValue: "Total Regional Spot vCPUs" },
];

/**
 * Defaults, generous on purpose: an ordinary cluster (or a 200-node pool) never meets them, and a
 * scenario lowers them through the control API. Counts follow Azure's published default limits.
 */
export const DEFAULT_LIMITS: Readonly<Record<string, number>> = {
  availabilitysets: 2500,
  cores: 1000,
  virtualmachines: 25000,
  virtualmachinescalesets: 2500,
  lowprioritycores: 1000,
};
export const DEFAULT_FAMILY_LIMIT = 1000;

/** Overrides set through the control API, per subscription and location (stored in meta). */
export type QuotaRecord = { kind: "computeQuota"; subscriptionId: string; location: string; limits: Record<string, number> };

export const quotaKey = (subscriptionId: string, location: string) => `computeQuota:/subscriptions/${subscriptionId.toLowerCase()}/locations/${location.toLowerCase()}`;

/** The limit of a quota (its name.value, any casing) where `record` holds the overrides. */
export function limitOf(record: QuotaRecord | undefined, name: string): number {
  const lower = name.toLowerCase();
  const set = record ? Object.entries(record.limits).find(([k]) => k.toLowerCase() === lower) : undefined;
  return set ? set[1] : (DEFAULT_LIMITS[lower] ?? DEFAULT_FAMILY_LIMIT);
}

/** The quota names a location shows: the fixed ones, then every family of `sizes`, sorted. */
export function quotaNames(sizes: readonly string[]): QuotaName[] {
  const families = new Map<string, string>();
  for (const s of sizes) {
    const f = sizeFacts(s);
    if (f) families.set(f.family, f.familyDisplay);
  }
  return [...FIXED_QUOTAS, ...[...families].sort(([a], [b]) => a.localeCompare(b)).map(([value, localizedValue]) => ({ value, localizedValue }))];
}

/** The VMs a reservation holds now: none until its allocation succeeds; records from before reservations were allocated hold their capacity. */
export const heldOf = (r: Pick<ReservationRecord, "held" | "sku">) => r.held ?? r.sku.capacity;

/**
 * Current usage in one location by quota name (lower-cased) over the subscription's scale sets and
 * availability sets (with their VMs) and its allocated capacity reservations.
 */
export function usageOf(fleets: readonly Fleet[], location: string, reservations: readonly ReservationRecord[] = []): Map<string, number> {
  const usage = new Map<string, number>();
  const add = (name: string, n: number) => usage.set(name.toLowerCase(), (usage.get(name.toLowerCase()) ?? 0) + n);
  for (const f of fleets) {
    if (f.location.toLowerCase() !== location.toLowerCase()) continue;
    add(f.kind === "availabilitySet" ? "availabilitySets" : "virtualMachineScaleSets", 1);
    const facts = sizeFacts(fleetSize(f));
    add("virtualMachines", f.instances.length);
    // A VM allocated from a reservation runs on vCPUs the reservation already holds.
    const count = f.instances.filter((i) => i.reservation === undefined).length;
    if (!facts || count === 0) continue;
    if (f.model.priority === "Spot") add("lowPriorityCores", facts.vCPUs * count);
    else {
      add("cores", facts.vCPUs * count);
      add(facts.family, facts.vCPUs * count);
    }
  }
  for (const r of reservations) {
    const facts = sizeFacts(r.sku.name);
    if (r.location.toLowerCase() !== location.toLowerCase() || !facts || heldOf(r) === 0) continue;
    add("cores", facts.vCPUs * heldOf(r));
    add(facts.family, facts.vCPUs * heldOf(r));
  }
  return usage;
}

/**
 * Whether `count` more instances of `vmSize` fit. The family (or Spot) quota is judged first, then
 * the regional total, then the VM count; the first one exceeded is the refusal.
 */
export function checkQuota(input: {
  subscriptionId: string;
  location: string;
  vmSize: string;
  priority: "Regular" | "Spot";
  /** VMs to add (a reservation adds none). */
  count: number;
  /** Of the vCPUs, how many VMs' worth need quota (default `count`): VMs a reservation holds need none; a reservation needs its capacity's. */
  vcpuVms?: number;
  newScaleSet: boolean;
  /** What a new set counts against (default a scale set). */
  setKind?: Fleet["kind"];
  usage: ReadonlyMap<string, number>;
  record: QuotaRecord | undefined;
}): ComputeRefusal | undefined {
  const { usage, record } = input;
  const vcpuVms = input.vcpuVms ?? input.count;
  if (input.count <= 0 && vcpuVms <= 0 && !input.newScaleSet) return undefined;
  const facts = sizeFacts(input.vmSize);
  const vCPUs = (facts?.vCPUs ?? 0) * vcpuVms;
  const used = (name: string) => usage.get(name.toLowerCase()) ?? 0;
  const over = (name: string, required: number) => required > 0 && used(name) + required > limitOf(record, name);
  const refusal = (resourceName: string, what: string, required: number, article: string): ComputeRefusal =>
    refuse("quotaExceeded", { subscriptionId: input.subscriptionId, location: input.location, resourceName, what, limit: limitOf(record, resourceName), usage: used(resourceName), required, article });
  if (facts && input.priority === "Spot") {
    if (over("lowPriorityCores", vCPUs)) return refusal("lowPriorityCores", "Low Priority Cores", vCPUs, "per-vm-quota-requests");
  } else if (facts) {
    if (over(facts.family, vCPUs)) return refusal(facts.family, `${facts.family} Cores`, vCPUs, "per-vm-quota-requests");
    if (over("cores", vCPUs)) return refusal("cores", "Total Regional Cores", vCPUs, "regional-quota-requests");
  }
  // No real text was found for the VM, scale set and availability set counts; they use the same form.
  if (over("virtualMachines", input.count)) return refusal("virtualMachines", "Virtual Machines", input.count, "regional-quota-requests");
  if (input.newScaleSet && input.setKind === "availabilitySet" && over("availabilitySets", 1)) return refusal("availabilitySets", "Availability Sets", 1, "regional-quota-requests");
  if (input.newScaleSet && input.setKind !== "availabilitySet" && over("virtualMachineScaleSets", 1)) return refusal("virtualMachineScaleSets", "Virtual Machine Scale Sets", 1, "regional-quota-requests");
  return undefined;
}

/** A quota name the control API may set: a fixed one or a family of `sizes`, in its canonical casing. */
export function knownQuotaName(name: string, sizes: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  return quotaNames(sizes).find((q) => q.value.toLowerCase() === lower)?.value;
}
