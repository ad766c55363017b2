// Reads capacity reservations from the store: a group, its reservations, a subscription's
// reservations, the fleets (scale sets, availability sets) associated with a group, and how many
// VMs each reservation has allocated (counted from the fleets' instances).
import { subscriptionKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import { vmIdOf, vmName, type Fleet } from "./domain/records.js";
import { reservationSlots, type ReservationGroupRecord, type ReservationRecord, type ReservationSlot } from "./domain/reservations.js";
import type { ScaleSetModel } from "./public.js";
import { fleetsOf } from "./repository.js";

export function getReservationGroup(read: Reader, key: string): ReservationGroupRecord | undefined {
  const r = read.get<ReservationGroupRecord>("resources", key);
  return r?.kind === "capacityReservationGroup" ? r : undefined;
}

export function getReservation(read: Reader, key: string): ReservationRecord | undefined {
  const r = read.get<ReservationRecord>("resources", key);
  return r?.kind === "capacityReservation" ? r : undefined;
}

/** A group's reservations, in id order. */
export function reservationsOf(read: Reader, groupKey: string): ReservationRecord[] {
  return read
    .group<ReservationRecord>("resources", groupKey)
    .filter((r) => r.kind === "capacityReservation")
    .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
}

/** Every reservation of a subscription (the store's list of the type). */
export function reservationsOfSubscription(read: Reader, sub: string): ReservationRecord[] {
  return read.group<ReservationRecord>("resources", `${subscriptionKey(sub)}/providers/microsoft.compute/capacityreservationgroups/capacityreservations`).filter((r) => r.kind === "capacityReservation");
}

/** The fleets of the subscription associated with the group `groupId`. */
export function associatedScaleSets(read: Reader, sub: string, groupId: string): Fleet[] {
  return fleetsOf(read, sub).filter((s) => s.model.capacityReservationGroupId?.toLowerCase() === groupId.toLowerCase());
}

/** A fleet VM's id: a scale set VM's, or an availability set's standalone VM's. */
export const fleetVmId = (f: Fleet, instanceId: number) => (f.kind === "availabilitySet" ? vmIdOf(f, vmName(f.model.computerNamePrefix, instanceId)) : `${f.id}/virtualMachines/${instanceId}`);

/** The VMs allocated from each reservation (by key) in `sets`. */
export function allocatedFrom(sets: readonly Fleet[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ss of sets) for (const i of ss.instances) if (i.reservation !== undefined) out.set(i.reservation, [...(out.get(i.reservation) ?? []), fleetVmId(ss, i.instanceId)]);
  return out;
}

/** What `model`'s group still has for its size, counting the VMs of every other fleet. */
export function reservationSlotsFor(read: Reader, sub: string, model: ScaleSetModel): ReservationSlot[] {
  const groupId = model.capacityReservationGroupId;
  if (!groupId) return [];
  const group = getReservationGroup(read, groupId.toLowerCase());
  if (!group || group.location.toLowerCase() !== model.location.toLowerCase()) return [];
  const others = fleetsOf(read, sub).filter((s) => s.id.toLowerCase() !== model.id.toLowerCase());
  const allocated = new Map([...allocatedFrom(others)].map(([k, vms]) => [k, vms.length] as const));
  return reservationSlots(reservationsOf(read, groupId.toLowerCase()), model.vmSize, allocated);
}
