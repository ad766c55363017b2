// Physical capacity, pure: how many VMs of one size a location can still hold, per zone and for
// regional (zoneless) placement. Unlimited unless the control API sets a limit; instances already
// placed (any state) and capacity reservations (what they hold) occupy it. An allocation that does not fit fails as Compute fails it:
// ZonalAllocationFailed / AllocationFailed, or, where the entry says the size is there but not
// with the request's constraints, Overconstrained(Zonal)AllocationRequest.
import type { ScaleSetModel } from "../public.js";
import { heldOf, refuse, type ComputeRefusal } from "./quota.js";
import { fleetSize, type Fleet } from "./records.js";
import type { ReservationRecord } from "./reservations.js";

/** Capacity of one size in one location (stored in meta). Absent limits are unlimited. */
export type CapacityRecord = {
  kind: "computeCapacity";
  location: string;
  vmSize: string;
  /** VMs of this size the location holds in each zone. */
  zones?: Record<string, number>;
  /** VMs of this size the location holds outside zones. */
  regional?: number;
  /** The size is there, but not with the request's constraints: the refusal is Overconstrained*. */
  overconstrained?: boolean;
};

export const capacityKey = (location: string, vmSize: string) => `computeCapacity:${location.toLowerCase()}:${vmSize.toLowerCase()}`;

/** "" is regional placement. */
const slot = (zone: string | undefined) => zone ?? "";

/** VMs of `vmSize` placed in `location`, per zone ("" for regional): those outside reservations, and what reservations hold. */
export function placedOf(fleets: readonly Fleet[], location: string, vmSize: string, reservations: readonly ReservationRecord[] = []): Map<string, number> {
  const placed = new Map<string, number>();
  const add = (zone: string | undefined, n: number) => placed.set(slot(zone), (placed.get(slot(zone)) ?? 0) + n);
  for (const f of fleets) {
    if (f.location.toLowerCase() !== location.toLowerCase() || fleetSize(f).toLowerCase() !== vmSize.toLowerCase()) continue;
    // A VM allocated from a capacity reservation takes reserved capacity, not the location's.
    for (const i of f.instances) if (i.reservation === undefined) add(i.zone, 1);
  }
  // A reservation takes its VMs out of the location's free capacity when it is allocated.
  for (const r of reservations) {
    if (r.location.toLowerCase() === location.toLowerCase() && r.sku.name.toLowerCase() === vmSize.toLowerCase() && heldOf(r) > 0) add(r.zones?.[0], heldOf(r));
  }
  return placed;
}

/** The constraints Compute lists when a request is overconstrained, in its order. */
export function constraintsOf(model: Pick<ScaleSetModel, "osDiskType">, zonal: boolean): string[] {
  return [
    ...(zonal ? ["Availability Zone"] : []),
    ...(model.osDiskType === "Ephemeral" ? ["Differencing (Ephemeral) Disks"] : []),
    "Networking Constraints (such as Accelerated Networking or IPv6)",
    "VM Size",
  ];
}

/** Whether new instances (their zones; undefined = regional) fit what the location has left. */
export function checkCapacity(input: { model: Pick<ScaleSetModel, "osDiskType">; zones: readonly (string | undefined)[]; placed: ReadonlyMap<string, number>; record: CapacityRecord | undefined }): ComputeRefusal | undefined {
  const { record } = input;
  if (!record || input.zones.length === 0) return undefined;
  const wanted = new Map<string, number>();
  for (const z of input.zones) wanted.set(slot(z), (wanted.get(slot(z)) ?? 0) + 1);
  for (const [zone, n] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const limit = zone === "" ? record.regional : record.zones?.[zone];
    if (limit === undefined || (input.placed.get(zone) ?? 0) + n <= limit) continue;
    const zonal = zone !== "";
    if (record.overconstrained) return refuse(zonal ? "overconstrainedZonalAllocation" : "overconstrainedAllocation", { constraints: constraintsOf(input.model, zonal) });
    return zonal ? refuse("zonalAllocationFailed") : refuse("allocationFailed");
  }
  return undefined;
}
