// Seed 002, Scenario 2 as the scenarios control route sets it: the first VM of a pool's scale set
// or availability set left Failed by a partial data disk detach, as the store writes that do it.
import type { Reader } from "../../store/store.js";
import { vmIdOf, vmName, type Fleet } from "./domain/records.js";
import { strandedDiskName, withFailedDetach } from "./domain/vm-repair.js";
import { fleetWrites, getFleet } from "./repository.js";
import { computeFailure } from "./steps.js";

export type FailedNodeVm = { writes: [string, object | undefined][]; fleet: Fleet; instanceId: number; vmId: string; disk: string };

/** The writes that fail the first VM of the fleet at `key`, or undefined when it has none. */
export function failFirstVm(read: Reader, key: string, now: number): FailedNodeVm | undefined {
  const fleet = getFleet(read, key);
  const instance = fleet?.instances[0];
  if (!fleet || !instance) return undefined;
  const standalone = fleet.kind === "availabilitySet" ? vmName(fleet.model.computerNamePrefix, instance.instanceId) : undefined;
  const disk = strandedDiskName(instance);
  const e = computeFailure({ refused: "attachDiskWhileBeingDetached", params: { disk, vm: standalone ?? `${fleet.name}_${instance.instanceId}` } });
  const failed = withFailedDetach(fleet, instance.instanceId, disk, { code: e.code, message: e.message, at: now });
  const vmId = standalone ? vmIdOf(fleet, standalone) : `${fleet.id}/virtualMachines/${instance.instanceId}`;
  return { writes: fleetWrites(read, key, fleet, failed), fleet, instanceId: instance.instanceId, vmId, disk };
}
