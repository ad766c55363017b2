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

export type ScaleSetRecord = TrackedResource & {
  kind: "virtualMachineScaleSet";
  /** Top-level, as ARM's generic resource list reads it; capacity follows the instances. */
  sku: { name: string; tier: "Standard"; capacity: number };
  model: ScaleSetModel;
  uniqueId: string;
  instances: InstanceRecord[];
};

/** Store keys are ARM ids lower-cased (arm/ids.ts). */
export const resourceKey = (id: string) => id.toLowerCase();

/** The parts of a scale set id: /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Compute/virtualMachineScaleSets/{n}. */
export function scaleSetIdParts(id: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/([^/]+)$/i.exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! } : undefined;
}

/** A VMSS instance's computer name: the prefix and its instance id in 6 base-36 digits (aks-np-12345678-vmss00000a). */
export const computerName = (prefix: string, instanceId: number) => `${prefix}${instanceId.toString(36).padStart(6, "0")}`;

/** FNV-1a over a string, from a given basis: the pure source of stable ids. */
function fnv(seed: string, basis: number): number {
  let h = basis >>> 0;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** A stable, GUID-shaped id derived from `seed` (vmId, uniqueId): the domain draws no random numbers. */
export function stableGuid(seed: string): string {
  const hex = [2166136261, 84696351, 3735928559, 305419896].map((b) => fnv(seed, b).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
