// What an allocation is judged against, kept as a running total per subscription and location
// (vCPUs and VMs by quota name, VMs per size and zone) instead of a walk over every scale set at
// each allocation. Every scale set write goes through Compute's step runner, which moves the
// total by the difference the write makes, in the same transaction. A total that is missing (a
// data dir from before it existed, a location's first allocation) is counted once from the scale sets.
import type { Reader } from "../../store/store.js";
import type { ScaleSetRecord } from "./domain/records.js";
import { placedOf } from "./domain/capacity.js";
import { usageOf } from "./domain/quota.js";
import { getCapacity, getQuota, scaleSetsOf } from "./repository.js";
import type { AllocationContext } from "./domain/apply-step.js";
import type { ScaleSetModel } from "./public.js";
import { reservationSlotsFor } from "./reservation-repository.js";

/** Quota usage by lower-cased quota name; VMs placed by `size|zone` (zone "" outside zones). */
export type UsageTotal = { kind: "computeUsage"; usage: Record<string, number>; placed: Record<string, number> };

export const usageKey = (sub: string, location: string) => `computeUsage:/subscriptions/${sub.toLowerCase()}/locations/${location.toLowerCase()}`;

const placedSlot = (size: string, zone: string) => `${size.toLowerCase()}|${zone}`;

function contribution(sets: readonly ScaleSetRecord[], location: string): UsageTotal {
  const placed: Record<string, number> = {};
  for (const size of new Set(sets.map((s) => s.sku.name))) for (const [zone, n] of placedOf(sets, location, size)) placed[placedSlot(size, zone)] = n;
  return { kind: "computeUsage", usage: Object.fromEntries(usageOf(sets, location)), placed };
}

function add(into: Record<string, number>, from: Record<string, number>, sign: 1 | -1): void {
  for (const [k, n] of Object.entries(from)) {
    const v = (into[k] ?? 0) + sign * n;
    if (v === 0) delete into[k];
    else into[k] = v;
  }
}

/** The running total for one subscription and location, counted from the scale sets when missing. */
export function usageTotal(read: Reader, sub: string, location: string): UsageTotal {
  return read.get<UsageTotal>("meta", usageKey(sub, location)) ?? contribution(scaleSetsOf(read, sub), location);
}

/** The total after a scale set goes from `before` to `after` (same subscription and location). */
export function movedTotal(read: Reader, sub: string, before: ScaleSetRecord | undefined, after: ScaleSetRecord | undefined): [string, UsageTotal] | undefined {
  const location = (after ?? before)?.location;
  if (location === undefined) return undefined;
  const current = usageTotal(read, sub, location);
  const next: UsageTotal = { kind: "computeUsage", usage: { ...current.usage }, placed: { ...current.placed } };
  if (before) {
    const was = contribution([before], location);
    add(next.usage, was.usage, -1);
    add(next.placed, was.placed, -1);
  }
  if (after) {
    const is = contribution([after], location);
    add(next.usage, is.usage, 1);
    add(next.placed, is.placed, 1);
  }
  return [usageKey(sub, location), next];
}

/** VMs of `size` placed per zone, from a total. */
export function placedOfTotal(total: UsageTotal, size: string): Map<string, number> {
  const prefix = `${size.toLowerCase()}|`;
  return new Map(Object.entries(total.placed).filter(([k]) => k.startsWith(prefix)).map(([k, n]) => [k.slice(prefix.length), n]));
}

/** What an allocation of `model` in its subscription and location is judged against. */
export function allocationContext(read: Reader, sub: string, model: ScaleSetModel): AllocationContext {
  const total = usageTotal(read, sub, model.location);
  return {
    usage: new Map(Object.entries(total.usage)),
    quota: getQuota(read, sub, model.location),
    placed: placedOfTotal(total, model.vmSize),
    capacity: getCapacity(read, model.location, model.vmSize),
    reservations: reservationSlotsFor(read, sub, model),
  };
}
