// What an allocation is judged against, kept as a running total per subscription and location
// (vCPUs and VMs by quota name, VMs per size and zone) instead of a walk over every fleet at each
// allocation. Every scale set, availability set and capacity reservation write goes through
// Compute's step runner, which moves the total by the difference the write makes, in the same
// transaction. A total that is missing (a data dir from before it existed, a location's first
// allocation) is counted once from the fleets and reservations.
import type { Reader } from "../../store/store.js";
import type { Fleet } from "./domain/records.js";
import { placedOf } from "./domain/capacity.js";
import { usageOf } from "./domain/quota.js";
import type { ReservationContext, ReservationRecord } from "./domain/reservations.js";
import { fleetsOf, getCapacity, getQuota } from "./repository.js";
import type { AllocationContext } from "./domain/apply-step.js";
import type { ScaleSetModel } from "./public.js";
import { reservationSlotsFor, reservationsOfSubscription } from "./reservation-repository.js";

/** Quota usage by lower-cased quota name; VMs placed by `size|zone` (zone "" outside zones). */
export type UsageTotal = { kind: "computeUsage"; usage: Record<string, number>; placed: Record<string, number> };

export const USAGE_PREFIX = "computeUsage:";
export const usageKey = (sub: string, location: string) => `${USAGE_PREFIX}/subscriptions/${sub.toLowerCase()}/locations/${location.toLowerCase()}`;

const placedSlot = (size: string, zone: string) => `${size.toLowerCase()}|${zone}`;

/** What some fleets and reservations add to a location's total. */
function contribution(fleets: readonly Fleet[], reservations: readonly ReservationRecord[], location: string): UsageTotal {
  const placed: Record<string, number> = {};
  const sizes = new Set([...fleets.map((s) => s.sku.name), ...reservations.map((r) => r.sku.name)]);
  for (const size of sizes) for (const [zone, n] of placedOf(fleets, location, size, reservations)) placed[placedSlot(size, zone)] = n;
  return { kind: "computeUsage", usage: Object.fromEntries(usageOf(fleets, location, reservations)), placed };
}

function add(into: Record<string, number>, from: Record<string, number>, sign: 1 | -1): void {
  for (const [k, n] of Object.entries(from)) {
    const v = (into[k] ?? 0) + sign * n;
    if (v === 0) delete into[k];
    else into[k] = v;
  }
}

/** The running total for one subscription and location, counted from the fleets and reservations when missing. */
export function usageTotal(read: Reader, sub: string, location: string): UsageTotal {
  return read.get<UsageTotal>("meta", usageKey(sub, location)) ?? contribution(fleetsOf(read, sub), reservationsOfSubscription(read, sub), location);
}

type Part = { fleet?: Fleet | undefined; reservation?: ReservationRecord | undefined };
const partOf = (p: Part, location: string) => contribution(p.fleet ? [p.fleet] : [], p.reservation ? [p.reservation] : [], location);

/** The total after one fleet or reservation goes from `before` to `after` (same subscription and location). */
function moved(read: Reader, sub: string, location: string | undefined, before: Part, after: Part): [string, UsageTotal] | undefined {
  if (location === undefined) return undefined;
  const current = usageTotal(read, sub, location);
  const next: UsageTotal = { kind: "computeUsage", usage: { ...current.usage }, placed: { ...current.placed } };
  const was = partOf(before, location);
  const is = partOf(after, location);
  add(next.usage, was.usage, -1);
  add(next.placed, was.placed, -1);
  add(next.usage, is.usage, 1);
  add(next.placed, is.placed, 1);
  return [usageKey(sub, location), next];
}

/** The total after a fleet goes from `before` to `after`. */
export const movedTotal = (read: Reader, sub: string, before: Fleet | undefined, after: Fleet | undefined) => moved(read, sub, (after ?? before)?.location, { fleet: before }, { fleet: after });

/** The total after a reservation goes from `before` to `after` (what it holds). */
export const movedByReservation = (read: Reader, sub: string, before: ReservationRecord | undefined, after: ReservationRecord | undefined) =>
  moved(read, sub, (after ?? before)?.location, { reservation: before }, { reservation: after });

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

/** What a reservation's allocation is judged against. */
export function reservationContext(read: Reader, sub: string, r: ReservationRecord): ReservationContext {
  const total = usageTotal(read, sub, r.location);
  return { subscriptionId: sub, usage: new Map(Object.entries(total.usage)), quota: getQuota(read, sub, r.location), placed: placedOfTotal(total, r.sku.name), capacity: getCapacity(read, r.location, r.sku.name) };
}
