// Reads Compute's world from the store: a subscription's scale sets and availability sets (through
// the store's list by type), an availability set composed with its VMs as one fleet, and turning a
// changed fleet back into documents; and what an allocation in one location is judged against.
import { groupKey, subscriptionKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import { capacityKey, type CapacityRecord } from "./domain/capacity.js";
import { quotaKey, type QuotaRecord } from "./domain/quota.js";
import { resourceKey, vmIdOf, vmName, type AvailabilitySetFleet, type AvailabilitySetRecord, type Fleet, type ScaleSetRecord, type VirtualMachineRecord } from "./domain/records.js";

export function getScaleSet(read: Reader, key: string): ScaleSetRecord | undefined {
  const r = read.get<ScaleSetRecord>("resources", key);
  return r?.kind === "virtualMachineScaleSet" ? r : undefined;
}

export function getAvailabilitySet(read: Reader, key: string): AvailabilitySetRecord | undefined {
  const r = read.get<AvailabilitySetRecord>("resources", key);
  return r?.kind === "availabilitySet" ? r : undefined;
}

export function getVirtualMachine(read: Reader, key: string): VirtualMachineRecord | undefined {
  const r = read.get<VirtualMachineRecord>("resources", key);
  return r?.kind === "virtualMachine" ? r : undefined;
}

/** The VMs of a resource group, by name. */
export function vmsOfGroup(read: Reader, sub: string, rg: string): VirtualMachineRecord[] {
  return read.group<VirtualMachineRecord>("resources", groupKey(sub, rg)).filter((r) => r.kind === "virtualMachine");
}

/** Every VM of a subscription (the store's list of the type). */
export function vmsOf(read: Reader, sub: string): VirtualMachineRecord[] {
  return read.group<VirtualMachineRecord>("resources", `${subscriptionKey(sub)}/providers/microsoft.compute/virtualmachines`).filter((r) => r.kind === "virtualMachine");
}

/** The VMs of one availability set, in instance order. */
export function vmsOfSet(read: Reader, set: AvailabilitySetRecord): VirtualMachineRecord[] {
  const key = resourceKey(set.id);
  return vmsOfGroup(read, set.subscriptionId, set.resourceGroup)
    .filter((vm) => vm.availabilitySetId.toLowerCase() === key)
    .sort((a, b) => a.instance.instanceId - b.instance.instanceId);
}

/** An availability set with its VMs, as the domain handles it. */
export function composeFleet(read: Reader, set: AvailabilitySetRecord): AvailabilitySetFleet {
  const { sku: _aligned, vmSize, ...rest } = set;
  const instances = vmsOfSet(read, set).map((vm) => vm.instance);
  return { ...rest, kind: "availabilitySet", sku: { name: vmSize, tier: "Standard", capacity: instances.length }, instances };
}

/** The scale set, or the availability set with its VMs, stored at `key`. */
export function getFleet(read: Reader, key: string): Fleet | undefined {
  const doc = read.get<{ kind?: string }>("resources", key);
  if (doc?.kind === "virtualMachineScaleSet") return doc as ScaleSetRecord;
  if (doc?.kind === "availabilitySet") return composeFleet(read, doc as AvailabilitySetRecord);
  return undefined;
}

/** The documents of an availability set fleet: the set itself and one per VM (in the set's resource group). */
function availabilitySetDocs(f: AvailabilitySetFleet): [string, AvailabilitySetRecord | VirtualMachineRecord][] {
  const { sku, instances, ...rest } = f;
  const set: AvailabilitySetRecord = { ...rest, kind: "availabilitySet", sku: { name: "Aligned" }, vmSize: sku.name };
  const vms = instances.map((instance): [string, VirtualMachineRecord] => {
    const name = vmName(f.model.computerNamePrefix, instance.instanceId);
    const id = vmIdOf(f, name);
    const vm: VirtualMachineRecord = {
      kind: "virtualMachine",
      id,
      subscriptionId: f.subscriptionId,
      resourceGroup: f.resourceGroup,
      name,
      location: f.location,
      tags: f.tags,
      ...(instance.zone !== undefined ? { zones: [instance.zone] } : {}),
      timeCreated: instance.createdAt,
      availabilitySetId: f.id,
      model: f.model,
      instance,
    };
    return [resourceKey(id), vm];
  });
  return [[resourceKey(f.id), set], ...vms];
}

const same = (a: unknown, b: unknown) => {
  const strip = (d: unknown) => (d && typeof d === "object" ? { ...(d as Record<string, unknown>), eTag: undefined } : d);
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
};

/**
 * The store writes that take the fleet at `key` from `before` to `after` (undefined: deleted). A
 * scale set is one document; an availability set is its own and its VMs', of which only those that
 * change are written (a VM's etag moves only when it does).
 */
export function fleetWrites(read: Reader, key: string, before: Fleet | undefined, after: Fleet | undefined): [string, object | undefined][] {
  if ((after ?? before)?.kind !== "availabilitySet") return [[key, after]];
  const was = before ? availabilitySetDocs(before as AvailabilitySetFleet) : [];
  const is = after ? availabilitySetDocs(after as AvailabilitySetFleet) : [];
  const next = new Map(is);
  const writes: [string, object | undefined][] = [];
  for (const [k, doc] of is) if (!same(read.get("resources", k), doc)) writes.push([k, doc]);
  for (const [k] of was) if (!next.has(k)) writes.push([k, undefined]);
  return writes;
}

/** The scale sets of one resource group. */
export function scaleSetsOfGroup(read: Reader, sub: string, rg: string): ScaleSetRecord[] {
  return read.group<ScaleSetRecord>("resources", groupKey(sub, rg)).filter((r) => r.kind === "virtualMachineScaleSet");
}

/** The availability sets of one resource group. */
export function availabilitySetsOfGroup(read: Reader, sub: string, rg: string): AvailabilitySetRecord[] {
  return read.group<AvailabilitySetRecord>("resources", groupKey(sub, rg)).filter((r) => r.kind === "availabilitySet");
}

/** Every scale set of a subscription, from the store's list of that type (no walk over its groups). */
export function scaleSetsOf(read: Reader, sub: string): ScaleSetRecord[] {
  return read.group<ScaleSetRecord>("resources", `${subscriptionKey(sub)}/providers/microsoft.compute/virtualmachinescalesets`).filter((r) => r.kind === "virtualMachineScaleSet");
}

/** Every availability set of a subscription. */
export function availabilitySetsOf(read: Reader, sub: string): AvailabilitySetRecord[] {
  return read.group<AvailabilitySetRecord>("resources", `${subscriptionKey(sub)}/providers/microsoft.compute/availabilitysets`).filter((r) => r.kind === "availabilitySet");
}

/** Every fleet of a subscription: its scale sets, then its availability sets with their VMs. */
export function fleetsOf(read: Reader, sub: string): Fleet[] {
  return [...scaleSetsOf(read, sub), ...availabilitySetsOf(read, sub).map((s) => composeFleet(read, s))];
}

export const getQuota = (read: Reader, sub: string, location: string) => read.get<QuotaRecord>("meta", quotaKey(sub, location));
export const getCapacity = (read: Reader, location: string, vmSize: string) => read.get<CapacityRecord>("meta", capacityKey(location, vmSize));
