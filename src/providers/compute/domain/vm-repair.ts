// A node VM a partial data disk detach left Failed (seed 002, Scenario 2), and what brings it back:
// for a scale set VM `az vmss update-instances` (POST .../manualupgrade) or an update of the VM
// itself (PUT .../virtualMachines/{id}); for an availability set's VM (a standalone VM) `az vm
// update` (GET, then PUT .../virtualMachines/{name}) or a PATCH of it. Each is a long-running
// operation of Compute whose one step retries the detach. Pure: the error text is handed in.
import type { OperationRecord, Step } from "../../../engine/operations.js";
import type { ComputeAction } from "../public.js";
import type { Bad } from "../../../arm/json.js";
import { refuse, type ComputeRefusal } from "./quota.js";
import { NAMESPACE, resourceKey, type Fleet, type InstanceFailure, type InstanceRecord } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";

/** Virtual time an instance update takes (Compute's update of a VM: tens of seconds). */
export const UPDATE_INSTANCES_MS = 30_000;

/** Which VM: a scale set's (by instance id) or a standalone one (an availability set's, by its id). */
export type VmRef = { scaleSetId: string; instanceId: number } | { vmId: string };

/** The control API's request: put one node VM in a provisioning state. */
export type InstanceStateRequest = VmRef & { provisioningState: "Failed" | "Succeeded"; disk?: string };

const SCALE_SET_VM_ID = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/[^/]+)\/virtualMachines\/(\d+)$/i;
const STANDALONE_VM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i;
const EXAMPLE = '{"id": "/subscriptions/{s}/resourceGroups/{nodeGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmss}/virtualMachines/0", "provisioningState": "Failed"}';

/** A VM id the control API takes: a scale set VM's or a standalone VM's. */
export function parseVmRef(id: unknown): VmRef | undefined {
  if (typeof id !== "string") return undefined;
  const m = SCALE_SET_VM_ID.exec(id);
  if (m) return { scaleSetId: m[1]!, instanceId: Number(m[2]) };
  return STANDALONE_VM_ID.test(id) ? { vmId: id } : undefined;
}

/** PUT /_aksemu/compute/instances: which VM, which state, and (Failed) the data disk left half detached. */
export function parseInstanceState(body: unknown): InstanceStateRequest | Bad {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { bad: `Expected a JSON object such as ${EXAMPLE}.` };
  const b = body as Record<string, unknown>;
  const unknownFields = Object.keys(b).filter((k) => !["id", "provisioningState", "disk"].includes(k));
  if (unknownFields.length > 0) return { bad: `Unknown field(s) ${unknownFields.map((k) => `'${k}'`).join(", ")}: an instance state takes "id", "provisioningState" and (Failed) "disk".` };
  const ref = parseVmRef(b["id"]);
  if (!ref) return { bad: `"id" must be a scale set VM's ARM id, e.g. ${EXAMPLE}, or an availability set VM's (.../providers/Microsoft.Compute/virtualMachines/{name}), not ${JSON.stringify(b["id"]) ?? "nothing"}.` };
  const state = b["provisioningState"];
  if (state !== "Failed" && state !== "Succeeded") return { bad: `"provisioningState" must be "Failed" (a data disk detach that partially failed, seed 002) or "Succeeded", not ${JSON.stringify(state) ?? "nothing"}.` };
  const disk = b["disk"];
  if (disk !== undefined && (typeof disk !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(disk))) return { bad: `"disk" must be a data disk name (letters, digits, '_', '.', '-'; up to 80), not ${JSON.stringify(disk)}.` };
  if (disk !== undefined && state !== "Failed") return { bad: '"disk" only goes with "provisioningState": "Failed".' };
  return { ...ref, provisioningState: state, ...(disk !== undefined ? { disk } : {}) };
}

/** The data disk a failed detach leaves on a VM: a CSI driver's volume (`pvc-<guid>`) unless named. */
export const strandedDiskName = (i: InstanceRecord, name?: string) => name ?? `pvc-${stableGuid(`${i.vmId}#pvc`)}`;

const withInstance = <F extends Fleet>(ss: F, instanceId: number, f: (i: InstanceRecord) => InstanceRecord): F => ({
  ...ss,
  instances: ss.instances.map((i) => (i.instanceId === instanceId ? f(i) : i)),
});

/** The VM after a detach of `disk` that partially failed: the disk still listed, toBeDetached; the VM Failed. */
export function withFailedDetach<F extends Fleet>(ss: F, instanceId: number, disk: string, failure: InstanceFailure): F {
  return withInstance(ss, instanceId, (i) => {
    const others = (i.dataDisks ?? []).filter((d) => d.name !== disk);
    const lun = Math.max(-1, ...others.map((d) => d.lun)) + 1;
    return { ...i, dataDisks: [...others, { lun, name: disk, diskSizeGB: 32, toBeDetached: true }], failure };
  });
}

/** The update ran: the detach completes (disks marked toBeDetached go), the VM is Succeeded. */
export function withInstancesUpdated<F extends Fleet>(ss: F, instanceIds: readonly number[]): F {
  const ids = new Set(instanceIds);
  return {
    ...ss,
    instances: ss.instances.map((i) => {
      if (!ids.has(i.instanceId)) return i;
      const { failure: _failure, dataDisks, ...rest } = i;
      const kept = (dataDisks ?? []).filter((d) => !d.toBeDetached);
      return { ...rest, ...(kept.length > 0 ? { dataDisks: kept } : {}) };
    }),
  };
}

/**
 * VirtualMachineScaleSets_UpdateInstances' body `{"instanceIds": [...]}`: the instance ids it
 * names ("*" is every instance, as az's --instance-ids '*'), each an instance of the scale set.
 */
export function decideInstanceIds(ss: Fleet, body: unknown): number[] | ComputeRefusal {
  const raw = typeof body === "object" && body !== null ? (body as Record<string, unknown>)["instanceIds"] : undefined;
  if (!Array.isArray(raw) || raw.length === 0) return refuse("computeRequiredParameter", { name: "instanceIds", target: "instanceIds" });
  if (raw.includes("*")) return ss.instances.map((i) => i.instanceId);
  const have = new Set(ss.instances.map((i) => i.instanceId));
  const ids: number[] = [];
  for (const v of raw) {
    const id = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : typeof v === "number" && Number.isInteger(v) ? v : undefined;
    if (id === undefined || !have.has(id)) return refuse("inactiveInstanceId", { instanceId: String(v), target: "instanceIds" });
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * A scale set VM PUT, or a standalone VM's PUT (`az vm update`: the VM as GET showed it) or PATCH
 * (a data disk `toBeDetached`, `detachOption: ForceDetach`): the VM keeps AKS's model, so any
 * update retries the goal state. Only the shape is judged here: an object with `properties` an
 * object when present.
 */
export function isVmUpdateBody(body: unknown): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const props = (body as Record<string, unknown>)["properties"];
  return props === undefined || (typeof props === "object" && props !== null && !Array.isArray(props));
}

/** The operation of an update of `instanceIds`: one step on the fleet (scale set or availability set), owned by Compute. */
export function updateInstancesOperation(input: { id: string; ss: Fleet; instanceIds: number[]; now: number; resourceId: string; operationType: string; result: OperationRecord["result"] }): OperationRecord {
  const { ss, now } = input;
  const step: Step<ComputeAction> = { name: `Updating instances ${input.instanceIds.join(", ")} of ${ss.name}`, durationMs: UPDATE_INSTANCES_MS, action: { type: "updateInstances", instanceIds: input.instanceIds } };
  return {
    id: input.id,
    provider: NAMESPACE,
    parent: resourceKey(ss.id),
    resourceId: input.resourceId,
    subscriptionId: ss.subscriptionId,
    location: ss.location,
    operationType: input.operationType,
    verb: "Updating",
    status: "InProgress",
    startTime: now,
    steps: [step],
    stepIndex: 0,
    stepStartedAt: now,
    result: input.result,
  };
}
