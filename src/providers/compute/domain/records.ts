// Stored shapes of Microsoft.Compute: a virtual machine scale set keeps its instances (as an AKS
// pool keeps its nodes), so a step that adds or removes instances writes one document.
import type { ScaleSetModel } from "../public.js";

export const NAMESPACE = "Microsoft.Compute";

export type InstancePower = "running" | "deallocated";

/** One VM of a scale set. Its name is `<scale set>_<instanceId>`, its computer name the prefix plus 6 base-36 digits. */
export type InstanceRecord = {
  instanceId: number;
  zone?: string;
  power: InstancePower;
  /** A stable GUID, as Compute gives every VM. */
  vmId: string;
  createdAt: number;
  /** The capacity reservation (its key) the VM was allocated from, if any: it takes no unreserved capacity. */
  reservation?: string;
  /** Managed data disks (the CSI driver's); one a failed detach left is still `toBeDetached`. */
  dataDisks?: DataDiskRecord[];
  /** The error of the VM's last operation: provisioningState is Failed while it is set (seed 002, Scenario 2). */
  failure?: InstanceFailure;
};

export type DataDiskRecord = { lun: number; name: string; diskSizeGB: number; toBeDetached: boolean };

export type InstanceFailure = { code: string; message: string; at: number };

/** What every tracked Compute resource of a resource group records. */
export type TrackedResource = {
  /** ARM id in the casing of its creator. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  zones?: string[];
  timeCreated: number;
  eTag?: string;
};

/** What a scale set and an availability set with its VMs share: a model and the VMs made from it. */
type FleetBase = TrackedResource & {
  /** Top-level, as ARM's generic resource list reads it for a scale set; capacity follows the instances. */
  sku: { name: string; tier: "Standard"; capacity: number };
  model: ScaleSetModel;
  uniqueId: string;
  instances: InstanceRecord[];
};

export type ScaleSetRecord = FleetBase & { kind: "virtualMachineScaleSet" };

/**
 * An availability set with its VMs, as the domain sees it (AKS's `AvailabilitySet` pools): the
 * same shape as a scale set, so allocation, quota and capacity have one set of rules. It is
 * stored as the availability set's document and one document per VM (repository.ts), because
 * each VM is a top-level resource of its own (listed, updated and failed one by one).
 */
export type AvailabilitySetFleet = FleetBase & { kind: "availabilitySet" };

/** A set of VMs built from one model: a scale set, or an availability set with its VMs. */
export type Fleet = ScaleSetRecord | AvailabilitySetFleet;
export type FleetKind = Fleet["kind"];

/** The availability set's own document: AKS's model for its VMs, its size (the sku is Aligned, as for managed disks). */
export type AvailabilitySetRecord = TrackedResource & {
  kind: "availabilitySet";
  sku: { name: "Aligned" };
  vmSize: string;
  model: ScaleSetModel;
  uniqueId: string;
};

/** A standalone VM's document: which availability set it belongs to, the model it was built from, its state. */
export type VirtualMachineRecord = TrackedResource & {
  kind: "virtualMachine";
  availabilitySetId: string;
  model: ScaleSetModel;
  instance: InstanceRecord;
};

/** Store keys are ARM ids lower-cased (arm/ids.ts). */
export const resourceKey = (id: string) => id.toLowerCase();

/**
 * The parts of a fleet id: /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Compute/
 * virtualMachineScaleSets/{n} or .../availabilitySets/{n}; the type segment says which kind.
 */
export function scaleSetIdParts(id: string): { subscriptionId: string; resourceGroup: string; name: string; kind: FleetKind } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/(virtualMachineScaleSets|availabilitySets)\/([^/]+)$/i.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[4]!, kind: m[3]!.toLowerCase() === "availabilitysets" ? "availabilitySet" : "virtualMachineScaleSet" };
}

/** The size of a fleet's VMs (a scale set's sku; an availability set's model). */
export const fleetSize = (f: Fleet) => f.sku.name;

/** An availability set VM's name, which is also its computer name: AKS's prefix and the index in decimal (aks-np-12345678-0). */
export const vmName = (prefix: string, instanceId: number) => `${prefix}${instanceId}`;

/** A VM's ARM id in the availability set's resource group. */
export const vmIdOf = (set: Pick<TrackedResource, "subscriptionId" | "resourceGroup">, name: string) =>
  `/subscriptions/${set.subscriptionId}/resourceGroups/${set.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;

/** A VMSS instance's computer name: the prefix and its instance id in 6 base-36 digits (aks-np-12345678-vmss00000a). */
export const computerName = (prefix: string, instanceId: number) => `${prefix}${instanceId.toString(36).padStart(6, "0")}`;


