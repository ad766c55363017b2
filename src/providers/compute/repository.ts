// Reads Compute's world from the store: a subscription's scale sets (through its resource groups),
// and what an allocation in one location is judged against.
import { groupKey, subscriptionKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import type { ResourceGroupRecord } from "../resources/public.js";
import type { ScaleSetModel } from "./public.js";
import type { AllocationContext } from "./domain/apply-step.js";
import { capacityKey, placedOf, type CapacityRecord } from "./domain/capacity.js";
import { quotaKey, usageOf, type QuotaRecord } from "./domain/quota.js";
import type { ScaleSetRecord } from "./domain/records.js";

export function getScaleSet(read: Reader, key: string): ScaleSetRecord | undefined {
  const r = read.get<ScaleSetRecord>("resources", key);
  return r?.kind === "virtualMachineScaleSet" ? r : undefined;
}

/** The scale sets of one resource group. */
export function scaleSetsOfGroup(read: Reader, sub: string, rg: string): ScaleSetRecord[] {
  return read.group<ScaleSetRecord>("resources", groupKey(sub, rg)).filter((r) => r.kind === "virtualMachineScaleSet");
}

/** Every scale set of a subscription, group by group. */
export function scaleSetsOf(read: Reader, sub: string): ScaleSetRecord[] {
  return read
    .group<ResourceGroupRecord>("resources", subscriptionKey(sub))
    .filter((g) => g.kind === "resourceGroup")
    .flatMap((g) => read.group<ScaleSetRecord>("resources", g.id.toLowerCase()).filter((r) => r.kind === "virtualMachineScaleSet"));
}

export const getQuota = (read: Reader, sub: string, location: string) => read.get<QuotaRecord>("meta", quotaKey(sub, location));
export const getCapacity = (read: Reader, location: string, vmSize: string) => read.get<CapacityRecord>("meta", capacityKey(location, vmSize));

/** What an allocation of `model` in its subscription and location is judged against. */
export function allocationContext(read: Reader, sub: string, model: ScaleSetModel): AllocationContext {
  const sets = scaleSetsOf(read, sub);
  return {
    usage: usageOf(sets, model.location),
    quota: getQuota(read, sub, model.location),
    placed: placedOf(sets, model.location, model.vmSize),
    capacity: getCapacity(read, model.location, model.vmSize),
  };
}
