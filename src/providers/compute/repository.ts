// Reads Compute's world from the store: a subscription's scale sets (through its resource groups),
// and what an allocation in one location is judged against.
import { groupKey, subscriptionKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import { capacityKey, type CapacityRecord } from "./domain/capacity.js";
import { quotaKey, type QuotaRecord } from "./domain/quota.js";
import type { ScaleSetRecord } from "./domain/records.js";

export function getScaleSet(read: Reader, key: string): ScaleSetRecord | undefined {
  const r = read.get<ScaleSetRecord>("resources", key);
  return r?.kind === "virtualMachineScaleSet" ? r : undefined;
}

/** The scale sets of one resource group. */
export function scaleSetsOfGroup(read: Reader, sub: string, rg: string): ScaleSetRecord[] {
  return read.group<ScaleSetRecord>("resources", groupKey(sub, rg)).filter((r) => r.kind === "virtualMachineScaleSet");
}

/** Every scale set of a subscription, from the store's list of that type (no walk over its groups). */
export function scaleSetsOf(read: Reader, sub: string): ScaleSetRecord[] {
  return read.group<ScaleSetRecord>("resources", `${subscriptionKey(sub)}/providers/microsoft.compute/virtualmachinescalesets`).filter((r) => r.kind === "virtualMachineScaleSet");
}

export const getQuota = (read: Reader, sub: string, location: string) => read.get<QuotaRecord>("meta", quotaKey(sub, location));
export const getCapacity = (read: Reader, location: string, vmSize: string) => read.get<CapacityRecord>("meta", capacityKey(location, vmSize));
