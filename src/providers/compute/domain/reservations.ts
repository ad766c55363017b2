// Capacity reservations, pure: a capacity reservation group (a container with zones) and its
// reservations (a VM size, a count, at most one zone). Creating or resizing a reservation is a
// long-running operation (CapacityReservations_CreateOrUpdate, Location + Retry-After) whose one
// step allocates it: the reserved VMs take their family's and the regional vCPU quota and the
// zone's (or region's) free capacity then, all or nothing, as a scale set's allocation does, and
// deleting it (also long-running) gives both back. A scale set or availability set associated with
// the group (ScaleSetModel.capacityReservationGroupId; AKS: the pool's capacityReservationGroupID)
// takes new VMs of a reserved size and zone from the reservation first: those take no vCPU quota
// and no free capacity (the reservation holds both); beyond it the normal rules apply (Azure's
// overallocation).
import { isObject } from "../../../arm/json.js";
import type { OperationRecord, Step } from "../../../engine/operations.js";
import { checkCapacity, type CapacityRecord } from "./capacity.js";
import { checkQuota, heldOf, refuse, type ComputeRefusal, type QuotaRecord } from "./quota.js";
import { NAMESPACE, type TrackedResource } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";

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
  /** Absent on records from before reservations were allocated (they were Succeeded at once). */
  provisioningState?: "Creating" | "Updating" | "Succeeded" | "Failed" | "Deleting";
  /** VMs the reservation holds now (quota and capacity); `sku.capacity` is what was asked for. Absent: all of it. */
  held?: number;
};

/** Compute's own steps on a reservation: allocate what `sku.capacity` asks for, or release it all and delete it. */
export type ReservationAction = { type: "allocateReservation" } | { type: "releaseReservation" };

/** Virtual time Compute takes to allocate or release a reservation. */
export const RESERVATION_ALLOCATE_MS = 30_000;
export const RESERVATION_RELEASE_MS = 10_000;

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
export function decideReservation(input: { body: Record<string, unknown>; id: string; name: string; group: ReservationGroupRecord; location: string; canonicalSize: (raw: string) => string | undefined; existing: ReservationRecord | undefined; allocated: number; now: number }): ReservationRecord | ComputeRefusal {
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
  if (existing && capacity < input.allocated) return refuse("reservationBelowAllocated", { name: input.name, capacity, allocated: input.allocated });
  if (existing?.provisioningState === "Deleting") return refuse("reservationDeleting", { name: input.name });
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
    // What it holds stays held until its operation's step allocates what it asks for now.
    provisioningState: existing ? "Updating" : "Creating",
    held: existing ? heldOf(existing) : 0,
  };
}

/** What an allocation of a reservation is judged against, read by the caller for its subscription and location. */
export type ReservationContext = { subscriptionId: string; usage: ReadonlyMap<string, number>; quota: QuotaRecord | undefined; placed: ReadonlyMap<string, number>; capacity: CapacityRecord | undefined };

/**
 * A reservation step, pure. Allocating takes what the reservation asks for beyond what it holds
 * (vCPU quota, then capacity, all or nothing; a smaller ask gives the rest back); releasing deletes
 * it and so frees what it held.
 */
export function applyReservationStep(r: ReservationRecord | undefined, action: ReservationAction, context: () => ReservationContext): { reservation: ReservationRecord | undefined } | ComputeRefusal {
  if (!r || action.type === "releaseReservation") return { reservation: undefined };
  const more = r.sku.capacity - heldOf(r);
  if (more > 0) {
    const ctx = context();
    const quota = checkQuota({ subscriptionId: ctx.subscriptionId, location: r.location, vmSize: r.sku.name, priority: "Regular", count: 0, vcpuVms: more, newScaleSet: false, usage: ctx.usage, record: ctx.quota });
    if (quota) return quota;
    const capacity = checkCapacity({ model: { osDiskType: "Managed" }, zones: Array.from({ length: more }, () => r.zones?.[0]), placed: ctx.placed, record: ctx.capacity });
    if (capacity) return capacity;
  }
  return { reservation: { ...r, held: r.sku.capacity, provisioningState: "Succeeded" } };
}

/** A reservation whose operation failed: Failed, holding what it held before. */
export const withFailedAllocation = (r: ReservationRecord): ReservationRecord => ({ ...r, provisioningState: "Failed" });

/** The operation of a reservation's create, update or delete: one step of Compute's, targeted at the reservation. */
export function reservationOperation(input: { id: string; reservation: ReservationRecord; subscriptionId: string; action: ReservationAction; now: number; operationType: string }): OperationRecord {
  const { reservation: r, now } = input;
  const release = input.action.type === "releaseReservation";
  const step: Step<ReservationAction> = {
    name: release ? `Releasing capacity reservation ${r.name}` : `Allocating ${r.sku.capacity} x ${r.sku.name} in capacity reservation ${r.name}`,
    durationMs: release ? RESERVATION_RELEASE_MS : RESERVATION_ALLOCATE_MS,
    action: input.action,
    provider: NAMESPACE,
    target: r.id.toLowerCase(),
  };
  return {
    id: input.id,
    provider: NAMESPACE,
    parent: r.id.toLowerCase(),
    resourceId: r.id,
    subscriptionId: input.subscriptionId,
    location: r.location,
    operationType: input.operationType,
    verb: release ? "Deleting" : r.provisioningState === "Creating" ? "Creating" : "Updating",
    status: "InProgress",
    startTime: now,
    steps: [step],
    stepIndex: 0,
    stepStartedAt: now,
    result: release ? "noContent" : "resource",
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

/** The slots of `reservations` for `vmSize`, free = what each holds - VMs already allocated from it (by key). */
export function reservationSlots(reservations: readonly ReservationRecord[], vmSize: string, allocated: ReadonlyMap<string, number>): ReservationSlot[] {
  return reservations
    .filter((r) => r.sku.name.toLowerCase() === vmSize.toLowerCase())
    .map((r) => {
      const key = r.id.toLowerCase();
      return { key, vmSize: r.sku.name, zone: r.zones?.[0] ?? "", free: Math.max(0, heldOf(r) - (allocated.get(key) ?? 0)) };
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
