// Capacity reservation records -> wire JSON, in the shapes of CapacityReservationGroup_Get.json
// (2026-03-01) and the spec's CapacityReservation: ids as `{id}` sub-resources, the instance view
// (`$expand=instanceView`) with each reservation's utilizationInfo and provisioning status.
import type { Json } from "../../arm/json.js";
import { heldOf } from "./domain/quota.js";
import type { ReservationGroupRecord, ReservationRecord } from "./domain/reservations.js";
import { isoTime } from "./wire.js";

const GROUP_TYPE = "Microsoft.Compute/capacityReservationGroups";
const RESERVATION_TYPE = "Microsoft.Compute/capacityReservationGroups/capacityReservations";
const ids = (list: readonly string[]) => list.map((id) => ({ id }));
const stateOf = (r: ReservationRecord) => r.provisioningState ?? "Succeeded";

/** Compute's provisioning status of an instance view ("ProvisioningState/creating", ...). */
function status(r: ReservationRecord): Json {
  const state = stateOf(r);
  const display: Record<string, string> = { Succeeded: "Provisioning succeeded", Failed: "Provisioning failed", Creating: "Creating", Updating: "Updating", Deleting: "Deleting" };
  return { code: `ProvisioningState/${state.toLowerCase()}`, level: state === "Failed" ? "Error" : "Info", displayStatus: display[state] ?? state };
}

/** A reservation's instance view: what it holds now (what it asks for may be more while it is allocated) and the VMs allocated from it. */
function utilization(r: ReservationRecord, allocated: readonly string[]): Json {
  return { utilizationInfo: { currentCapacity: heldOf(r), virtualMachinesAllocated: ids(allocated) }, statuses: [status(r)] };
}

export function renderReservation(r: ReservationRecord, allocated: readonly string[], opts: { instanceView: boolean }): Json {
  return {
    name: r.name,
    id: r.id,
    type: RESERVATION_TYPE,
    location: r.location,
    tags: r.tags,
    sku: { name: r.sku.name, capacity: r.sku.capacity },
    ...(r.zones ? { zones: r.zones } : {}),
    ...(r.eTag ? { etag: `"${r.eTag}"` } : {}),
    properties: {
      reservationId: r.reservationId,
      platformFaultDomainCount: 1,
      virtualMachinesAllocated: ids(allocated),
      provisioningTime: isoTime(r.timeCreated),
      provisioningState: stateOf(r),
      ...(opts.instanceView ? { instanceView: utilization(r, allocated) } : {}),
      timeCreated: isoTime(r.timeCreated),
    },
  };
}

/** A group: its reservations' ids, the VMs associated with it, and (expanded) each reservation's use. */
export function renderReservationGroup(g: ReservationGroupRecord, reservations: readonly ReservationRecord[], associated: readonly string[], allocated: ReadonlyMap<string, readonly string[]>, opts: { instanceView: boolean }): Json {
  return {
    name: g.name,
    id: g.id,
    type: GROUP_TYPE,
    location: g.location,
    tags: g.tags,
    ...(g.zones ? { zones: g.zones } : {}),
    ...(g.eTag ? { etag: `"${g.eTag}"` } : {}),
    properties: {
      capacityReservations: ids(reservations.map((r) => r.id)),
      virtualMachinesAssociated: ids(associated),
      ...(opts.instanceView
        ? { instanceView: { capacityReservations: reservations.map((r) => ({ name: r.name, ...utilization(r, allocated.get(r.id.toLowerCase()) ?? []) })) } }
        : {}),
    },
  };
}
