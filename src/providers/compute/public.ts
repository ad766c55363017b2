// What other providers may know of Microsoft.Compute (with `import type` only): the step actions
// their plans hand to Compute's runner, and the scale set model those steps carry. A plan names
// Compute as data: { provider: "Microsoft.Compute", target: <scale set id, lower-cased>, action }.

/** A scale set as its owner asks for it (AKS: one per agent pool, in the node resource group). */
export type ScaleSetModel = {
  /** ARM id in the caller's casing: /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Compute/virtualMachineScaleSets/{n}. */
  id: string;
  location: string;
  vmSize: string;
  /** Zones the instances spread over (instance id modulo the list); absent for a regional scale set. */
  zones?: string[];
  tags: Record<string, string>;
  /** Instances are named this plus 6 base-36 digits of their instance id. */
  computerNamePrefix: string;
  osType: "Linux" | "Windows";
  osDiskSizeGB: number;
  /** Ephemeral OS disks live on the VM's cache or temp disk: a constraint on allocation. */
  osDiskType: "Managed" | "Ephemeral";
  /** Spot instances count against the low-priority quota instead of their family's. */
  priority: "Regular" | "Spot";
  /** The image the instances boot, a gallery image version id. */
  imageId: string;
  adminUsername: string;
  /** The subnet the instances' NICs join. */
  subnetId?: string;
  /** The capacity reservation group the scale set is associated with (AKS: the pool's capacityReservationGroupID). */
  capacityReservationGroupId?: string;
};

export type ComputeAction =
  /**
   * Creates the scale set or updates its model, then allocates the instance ids in `add` it lacks
   * (quota and capacity are checked for those, all or none). With `exact`, instances not in `add`
   * are deleted first (a reconcile: the scale set holds exactly those instances).
   */
  | { type: "putScaleSet"; model: ScaleSetModel; add: number[]; exact?: boolean }
  | { type: "deleteInstances"; instanceIds: number[] }
  /** Deallocates or starts every instance (deallocated VMs still count against vCPU quota). */
  | { type: "setScaleSetPower"; power: "running" | "deallocated" }
  | { type: "deleteScaleSet" }
  /** Compute's own (manualupgrade, a VM update): the instances take the model again; a pending detach completes. */
  | { type: "updateInstances"; instanceIds: number[] };

/** Compute's error as a failed step reports it (the owner of the plan may nest it in its own). */
export type ComputeFailure = { code: string; message: string };
