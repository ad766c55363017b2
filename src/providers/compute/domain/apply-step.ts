// A Compute step, pure: (fleet, action, what the location has) -> the fleet after it, or the
// refusal that stops the operation. A fleet is a scale set or an availability set with its VMs
// (AKS's AvailabilitySet pools): the same actions create, grow, shrink, power and delete either.
// Allocation is all or nothing, as a scale set PUT is (AKS creates an availability set's VMs in
// one step too).
import type { ComputeAction, ScaleSetModel } from "../public.js";
import { checkCapacity, type CapacityRecord } from "./capacity.js";
import { checkQuota, type ComputeRefusal, type QuotaRecord } from "./quota.js";
import { assignReservations, type ReservationSlot } from "./reservations.js";
import { fleetSize, scaleSetIdParts, type Fleet, type InstanceRecord } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";
import { withInstancesUpdated } from "./vm-repair.js";

/** What an allocation is judged against, read by the caller for the scale set's subscription and location. */
export type AllocationContext = {
  /** Quota usage by name (lower-cased) in the location, this fleet included. */
  usage: ReadonlyMap<string, number>;
  quota: QuotaRecord | undefined;
  /** VMs of the model's size already placed in the location, per zone ("" regional). */
  placed: ReadonlyMap<string, number>;
  capacity: CapacityRecord | undefined;
  /** The reservations of the model's group for its size (VMs of other fleets already taken off). */
  reservations?: readonly ReservationSlot[];
};

export type ComputeOutcome = { scaleSet: Fleet | undefined } | ComputeRefusal;

/** The zone of an instance: the model's zones taken in turn by instance id (as AKS's machines show them). */
export const zoneOf = (model: Pick<ScaleSetModel, "zones">, instanceId: number): string | undefined =>
  model.zones && model.zones.length > 0 ? model.zones[instanceId % model.zones.length] : undefined;

const withCapacity = <F extends Fleet>(ss: F, instances: InstanceRecord[]): F => ({ ...ss, instances, sku: { ...ss.sku, capacity: instances.length } });

/** The slots less what this fleet's kept instances hold (the caller counted other fleets only). */
function slotsLeft(slots: readonly ReservationSlot[], kept: Fleet | undefined): ReservationSlot[] {
  const held = new Map<string, number>();
  for (const i of kept?.instances ?? []) if (i.reservation !== undefined) held.set(i.reservation, (held.get(i.reservation) ?? 0) + 1);
  return slots.map((s) => ({ ...s, free: Math.max(0, s.free - (held.get(s.key) ?? 0)) }));
}

function putScaleSet(current: Fleet | undefined, model: ScaleSetModel, add: readonly number[], exact: boolean, at: number, allocation: () => AllocationContext): ComputeOutcome {
  const parts = scaleSetIdParts(model.id);
  if (!parts) throw new Error(`not a scale set or availability set id: ${model.id}`);
  const kept = new Set(add);
  const existing = current && exact ? withCapacity(current, current.instances.filter((i) => kept.has(i.instanceId))) : current;
  const have = new Set(existing?.instances.map((i) => i.instanceId));
  const fresh = [...new Set(add)].filter((id) => !have.has(id)).sort((a, b) => a - b);
  let reserved: (string | undefined)[] = [];
  if (fresh.length > 0 || !existing) {
    const ctx = allocation();
    // VMs a reservation has room for take its vCPUs and capacity; only the others are judged.
    reserved = assignReservations(slotsLeft(ctx.reservations ?? [], existing), model.vmSize, fresh.map((id) => zoneOf(model, id)));
    const unreserved = fresh.filter((_, i) => reserved[i] === undefined);
    const quota = checkQuota({ subscriptionId: parts.subscriptionId, location: model.location, vmSize: model.vmSize, priority: model.priority, count: fresh.length, vcpuVms: unreserved.length, newScaleSet: !existing, setKind: parts.kind, usage: ctx.usage, record: ctx.quota });
    if (quota) return quota;
    const capacity = checkCapacity({ model, zones: unreserved.map((id) => zoneOf(model, id)), placed: ctx.placed, record: ctx.capacity });
    if (capacity) return capacity;
  }
  const base: Fleet = existing ?? {
    kind: parts.kind,
    id: model.id,
    subscriptionId: parts.subscriptionId,
    resourceGroup: parts.resourceGroup,
    name: parts.name,
    location: model.location,
    tags: model.tags,
    sku: { name: model.vmSize, tier: "Standard", capacity: 0 },
    model,
    uniqueId: stableGuid(`${model.id.toLowerCase()}#${at}`),
    timeCreated: at,
    instances: [],
  };
  // Instances already deallocated stay so; new ones join as the set's others are (running if none).
  const power = base.instances[0]?.power ?? "running";
  const added: InstanceRecord[] = fresh.map((instanceId, n) => {
    const zone = zoneOf(model, instanceId);
    const reservation = reserved[n];
    return { instanceId, ...(zone !== undefined ? { zone } : {}), ...(reservation !== undefined ? { reservation } : {}), power, vmId: stableGuid(`${model.id.toLowerCase()}/${instanceId}#${at}`), createdAt: at };
  });
  const updated: Fleet = {
    ...base,
    tags: model.tags,
    model,
    ...(model.zones && model.zones.length > 0 ? { zones: model.zones } : {}),
    sku: { ...base.sku, name: existing ? fleetSize(existing) : model.vmSize },
  };
  return { scaleSet: withCapacity(updated, [...base.instances, ...added].sort((a, b) => a.instanceId - b.instanceId)) };
}

export function applyComputeStep(existing: Fleet | undefined, action: ComputeAction, at: number, allocation: () => AllocationContext): ComputeOutcome {
  switch (action.type) {
    case "putScaleSet":
      return putScaleSet(existing, action.model, action.add, action.exact === true, at, allocation);
    case "deleteInstances": {
      if (!existing) return { scaleSet: undefined }; // gone already: nothing left to delete
      const gone = new Set(action.instanceIds);
      return { scaleSet: withCapacity(existing, existing.instances.filter((i) => !gone.has(i.instanceId))) };
    }
    case "setScaleSetPower":
      return { scaleSet: existing && withCapacity(existing, existing.instances.map((i) => ({ ...i, power: action.power }))) };
    case "deleteScaleSet":
      return { scaleSet: undefined };
    case "updateInstances":
      return { scaleSet: existing && withInstancesUpdated(existing, action.instanceIds) };
  }
}
