// On-demand capacity reservations, pure: a capacity reservation group (a container with zones) and
// its reservations (a VM size, a count, at most one zone). A scale set associated with the group
// (ScaleSetModel.capacityReservationGroupId; AKS: the pool's capacityReservationGroupID) takes new
// instances of a reserved size and zone from the reservation first: those are not judged against
// the control API's capacity limits (the capacity is reserved); beyond the reservation the normal
// rules apply (Azure's overallocation). Reserved VMs count against vCPU quota like any VM.
import { isObject } from "../../../arm/json.js";
import { refuse, type ComputeRefusal } from "./quota.js";
import { stableGuid, type TrackedResource } from "./records.js";

export type ReservationGroupRecord = TrackedResource & { kind: "capacityReservationGroup" };

export type ReservationRecord = {
  kind: "capacityReservation";
  id: string;
  /** The group's id, in the caller's casing. */
  groupId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  sku: { name: string; capacity: number };
  /** One zone at most (a zonal group's reservations name one of its zones). */
  zones?: string[];
  reservationId: string;
  timeCreated: number;
  eTag?: string;
};

/** A reservation an allocation may take from: its key, size, zone ("" regional) and VMs still free. */
export type ReservationSlot = { key: string; vmSize: string; zone: string; free: number };

const tagsOf = (v: unknown): Record<string, string> | undefined =>
  v === undefined ? {} : isObject(v) && Object.values(v).every((t) => typeof t === "string") ? (v as Record<string, string>) : undefined;

const zonesOf = (v: unknown): string[] | undefined | false =>
  v === undefined || (Array.isArray(v) && v.length === 0) ? undefined : Array.isArray(v) && v.every((z) => typeof z === "string") ? (v as string[]) : false;

/** CapacityReservationGroups_CreateOrUpdate: tags and zones (zones are fixed once the group exists). */
export function decideGroup(input: { body: Record<string, unknown>; id: string; parts: { subscriptionId: string; resourceGroup: string; name: string }; location: string; regionZones: readonly string[]; existing: ReservationGroupRecord | undefined; now: number }): ReservationGroupRecord | ComputeRefusal {
  const { body, existing } = input;
  const tags = tagsOf(body["tags"]);
  if (!tags) return refuse("computeInvalidParameterValue", { name: "tags", target: "tags" });
  const zones = zonesOf(body["zones"]);
  if (zones === false || (zones && zones.some((z) => !input.regionZones.includes(z)))) return refuse("computeInvalidParameterValue", { name: "zones", target: "zones" });
  if (existing && (existing.zones ?? []).join(",") !== (zones ?? []).join(",")) return refuse("computePropertyChangeNotAllowed", { property: "zones" });
  return {
    kind: "capacityReservationGroup",
    id: existing?.id ?? input.id,
    ...input.parts,
    location: input.location,
    tags,
    ...(zones ? { zones: [...zones] } : {}),
    timeCreated: existing?.timeCreated ?? input.now,
  };
}

/** CapacityReservations_CreateOrUpdate: a size (`canonicalSize` knows the sizes), a count, a zone of the group's. */
export function decideReservation(input: { body: Record<string, unknown>; id: string; name: string; group: ReservationGroupRecord; location: string; canonicalSize: (raw: string) => string | undefined; existing: ReservationRecord | undefined; now: number }): ReservationRecord | ComputeRefusal {
  const { body, group, existing } = input;
  if (input.location.toLowerCase() !== group.location.toLowerCase()) return refuse("computeInvalidParameterValue", { name: "location", target: "location" });
  const tags = tagsOf(body["tags"]);
  if (!tags) return refuse("computeInvalidParameterValue", { name: "tags", target: "tags" });
  const sku = body["sku"];
  if (!isObject(sku)) return refuse("computeRequiredParameter", { name: "sku", target: "sku" });
  if (typeof sku["name"] !== "string" || sku["name"] === "") return refuse("computeRequiredParameter", { name: "sku.name", target: "sku.name" });
  const vmSize = input.canonicalSize(sku["name"]);
  if (!vmSize) return refuse("reservationSizeNotSupported", { vmSize: sku["name"] });
  const capacity = sku["capacity"];
  if (capacity === undefined || capacity === null) return refuse("computeRequiredParameter", { name: "sku.capacity", target: "sku.capacity" });
  if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 0 || capacity > 1000) return refuse("computeInvalidParameterValue", { name: "sku.capacity", target: "sku.capacity" });
  const zones = zonesOf(body["zones"]);
  const groupZones = group.zones ?? [];
  // A zonal group's reservation names one of its zones; a regional group's names none.
  const zoneOk = zones === undefined ? groupZones.length === 0 : zones !== false && zones.length === 1 && groupZones.includes(zones[0]!);
  if (!zoneOk || zones === false) return refuse("computeInvalidParameterValue", { name: "zones", target: "zones" });
  if (existing && (existing.sku.name.toLowerCase() !== vmSize.toLowerCase() || (existing.zones ?? []).join() !== (zones ?? []).join())) {
    return refuse("computePropertyChangeNotAllowed", { property: existing.sku.name.toLowerCase() !== vmSize.toLowerCase() ? "sku.name" : "zones" });
  }
  return {
    kind: "capacityReservation",
    id: existing?.id ?? input.id,
    groupId: group.id,
    name: input.name,
    location: group.location,
    tags,
    sku: { name: vmSize, capacity },
    ...(zones ? { zones: [...zones] } : {}),
    reservationId: existing?.reservationId ?? stableGuid(`${input.id.toLowerCase()}#${input.now}`),
    timeCreated: existing?.timeCreated ?? input.now,
  };
}

/** A group goes only when it holds no reservation and no VM is associated with it. */
export function decideGroupDelete(group: ReservationGroupRecord, reservations: number, associatedVms: number): ComputeRefusal | undefined {
  return reservations > 0 || associatedVms > 0 ? refuse("reservationGroupInUse", { name: group.name }) : undefined;
}

/** A reservation goes only when no VM is allocated from it. */
export function decideReservationDelete(reservation: ReservationRecord, allocated: number): ComputeRefusal | undefined {
  return allocated > 0 ? refuse("reservationInUse", { name: reservation.name, allocated }) : undefined;
}

/** The slots of `reservations` for `vmSize`, free = capacity - VMs already allocated from each (by key). */
export function reservationSlots(reservations: readonly ReservationRecord[], vmSize: string, allocated: ReadonlyMap<string, number>): ReservationSlot[] {
  return reservations
    .filter((r) => r.sku.name.toLowerCase() === vmSize.toLowerCase())
    .map((r) => {
      const key = r.id.toLowerCase();
      return { key, vmSize: r.sku.name, zone: r.zones?.[0] ?? "", free: Math.max(0, r.sku.capacity - (allocated.get(key) ?? 0)) };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Which reservation each new instance takes (undefined: none, the normal capacity rules apply),
 * in order: an instance takes the first reservation of its size and zone with room left.
 */
export function assignReservations(slots: readonly ReservationSlot[], vmSize: string, zones: readonly (string | undefined)[]): (string | undefined)[] {
  const free = new Map(slots.filter((s) => s.vmSize.toLowerCase() === vmSize.toLowerCase()).map((s) => [s.key, s] as const));
  const left = new Map([...free].map(([k, s]) => [k, s.free]));
  return zones.map((z) => {
    const slot = [...free.values()].find((s) => s.zone === (z ?? "") && (left.get(s.key) ?? 0) > 0);
    if (!slot) return undefined;
    left.set(slot.key, left.get(slot.key)! - 1);
    return slot.key;
  });
}
