// Compute records -> wire JSON, in the shapes of the 2026-03-01 examples
// (VirtualMachineScaleSet_Get.json, VirtualMachineScaleSetVM_Get_WithUserData.json, Usage_List_*)
// and of what AKS's scale sets really hold (upgrade policy Manual, no overprovisioning, one fault
// domain, a gallery image id). Provisioning states are "Succeeded" as Azure sends them (the Get
// example's lowercase "succeeded" is the example's).
import type { Json } from "../../arm/json.js";
import { computerName, type Fleet, type InstanceRecord, type ScaleSetRecord } from "./domain/records.js";
import { stableGuid } from "../../arm/stable-ids.js";
import type { ScaleSetModel } from "./public.js";
import type { QuotaName } from "./domain/quota.js";

const SCALE_SET_TYPE = "Microsoft.Compute/virtualMachineScaleSets";
/** Compute's timestamps: 7 fractional digits and an explicit offset ("2021-06-27T01:02:38.3138469+00:00"). */
export const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000+00:00");

type Modeled = { model: ScaleSetModel };
export const storageAccountType = (ss: Modeled) => (ss.model.osDiskType === "Ephemeral" ? "Standard_LRS" : "Premium_LRS");
const caching = (ss: Modeled) => (ss.model.osDiskType === "Ephemeral" ? "ReadOnly" : "ReadWrite");

export function osProfile(ss: Modeled): Json {
  const os = ss.model.osType === "Windows"
    ? { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: false } }
    : { linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: `/home/${ss.model.adminUsername}/.ssh/authorized_keys` }] }, provisionVMAgent: true, enableVMAgentPlatformUpdates: false } };
  return { adminUsername: ss.model.adminUsername, ...os, secrets: [], allowExtensionOperations: true, requireGuestProvisionSignal: true };
}

export function osDisk(ss: Modeled): Json {
  return {
    osType: ss.model.osType,
    createOption: "FromImage",
    caching: caching(ss),
    managedDisk: { storageAccountType: storageAccountType(ss) },
    ...(ss.model.osDiskType === "Ephemeral" ? { diffDiskSettings: { option: "Local", placement: "CacheDisk" } } : {}),
    diskSizeGB: ss.model.osDiskSizeGB,
  };
}

export function renderScaleSet(ss: ScaleSetRecord): Json {
  const spot = ss.model.priority === "Spot" ? { priority: "Spot", evictionPolicy: "Delete", billingProfile: { maxPrice: -1 } } : {};
  return {
    name: ss.name,
    id: ss.id,
    type: SCALE_SET_TYPE,
    location: ss.location,
    tags: ss.tags,
    sku: ss.sku,
    ...(ss.zones ? { zones: ss.zones } : {}),
    ...(ss.eTag ? { etag: `"${ss.eTag}"` } : {}),
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: "Uniform",
      upgradePolicy: { mode: "Manual" },
      virtualMachineProfile: {
        osProfile: { computerNamePrefix: ss.model.computerNamePrefix, ...osProfile(ss) },
        storageProfile: { osDisk: osDisk(ss), imageReference: { id: ss.model.imageId }, dataDisks: [] },
        networkProfile: {
          networkInterfaceConfigurations: [{
            name: ss.name,
            properties: {
              primary: true,
              enableAcceleratedNetworking: false,
              enableIPForwarding: true,
              ipConfigurations: [{ name: "ipconfig1", properties: { primary: true, ...(ss.model.subnetId ? { subnet: { id: ss.model.subnetId } } : {}), privateIPAddressVersion: "IPv4" } }],
            },
          }],
        },
        ...spot,
        ...(ss.model.capacityReservationGroupId ? { capacityReservation: { capacityReservationGroup: { id: ss.model.capacityReservationGroupId } } } : {}),
        timeCreated: isoTime(ss.timeCreated),
      },
      provisioningState: "Succeeded",
      overprovision: false,
      doNotRunExtensionsOnOverprovisionedVMs: false,
      uniqueId: ss.uniqueId,
      platformFaultDomainCount: 1,
      timeCreated: isoTime(ss.timeCreated),
    },
  };
}

/**
 * A VM's view: Compute's statuses (provisioning, then power), as $expand=instanceView shows them.
 * A scale set VM sits in domain 0 (one fault domain); `domains` places an availability set's VM.
 */
export function renderInstanceView(ss: Modeled, i: InstanceRecord, opts: { computerName?: string; domains?: { fault: number; update: number } } = {}): Json {
  const power = i.power === "running" ? { code: "PowerState/running", level: "Info", displayStatus: "VM running" } : { code: "PowerState/deallocated", level: "Info", displayStatus: "VM deallocated" };
  return {
    platformUpdateDomain: opts.domains?.update ?? 0,
    platformFaultDomain: opts.domains?.fault ?? 0,
    computerName: opts.computerName ?? computerName(ss.model.computerNamePrefix, i.instanceId),
    osName: ss.model.osType === "Windows" ? "Windows Server 2022 Datacenter" : "ubuntu",
    statuses: [provisioningStatus(i), power],
  };
}

/** The provisioning status of an instance view: succeeded, or failed with its error (Compute's "ProvisioningState/failed/<code>"). */
export function provisioningStatus(i: InstanceRecord): Json {
  if (!i.failure) return { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded", time: isoTime(i.createdAt) };
  return { code: `ProvisioningState/failed/${i.failure.code}`, level: "Error", displayStatus: "Provisioning failed", message: i.failure.message, time: isoTime(i.failure.at) };
}

type Placed = { subscriptionId: string; resourceGroup: string };
export const diskIdOf = (ss: Placed, name: string) => `/subscriptions/${ss.subscriptionId}/resourceGroups/${ss.resourceGroup}/providers/Microsoft.Compute/disks/${name}`;

/** Managed data disks as a VM lists them (attached by the CSI driver: createOption Attach, no caching). */
export function dataDisks(ss: Placed, i: InstanceRecord): Json[] {
  return (i.dataDisks ?? []).map((d) => ({
    lun: d.lun,
    name: d.name,
    createOption: "Attach",
    caching: "None",
    writeAcceleratorEnabled: false,
    managedDisk: { storageAccountType: "Premium_LRS", id: diskIdOf(ss, d.name) },
    diskSizeGB: d.diskSizeGB,
    toBeDetached: d.toBeDetached,
  }));
}

/** `provisioningState` overrides the stored one (an update's first answer reads "Updating"). */
export function renderInstance(ss: ScaleSetRecord, i: InstanceRecord, opts: { instanceView?: boolean; provisioningState?: string } = {}): Json {
  const id = `${ss.id}/virtualMachines/${i.instanceId}`;
  const diskSuffix = stableGuid(`${id.toLowerCase()}#disk`).replace(/-/g, "");
  const diskName = `${ss.name}_${ss.name}_${i.instanceId}_OsDisk_1_${diskSuffix}`;
  const diskId = `/subscriptions/${ss.subscriptionId}/resourceGroups/${ss.resourceGroup}/providers/Microsoft.Compute/disks/${diskName}`;
  return {
    name: `${ss.name}_${i.instanceId}`,
    id,
    type: `${SCALE_SET_TYPE}/virtualMachines`,
    location: ss.location,
    tags: ss.tags,
    ...(i.zone !== undefined ? { zones: [i.zone] } : {}),
    instanceId: String(i.instanceId),
    sku: { name: ss.sku.name, tier: ss.sku.tier },
    ...(ss.eTag ? { etag: `"${ss.eTag}"` } : {}),
    properties: {
      latestModelApplied: true,
      modelDefinitionApplied: "VirtualMachineScaleSet",
      vmId: i.vmId,
      hardwareProfile: {},
      storageProfile: {
        imageReference: { id: ss.model.imageId },
        osDisk: { ...osDisk(ss), name: diskName, managedDisk: { storageAccountType: storageAccountType(ss), id: diskId } },
        dataDisks: dataDisks(ss, i),
      },
      osProfile: { computerName: computerName(ss.model.computerNamePrefix, i.instanceId), ...osProfile(ss) },
      networkProfile: { networkInterfaces: [{ id: `${id}/networkInterfaces/${ss.name}` }] },
      ...(opts.instanceView ? { instanceView: renderInstanceView(ss, i) } : {}),
      provisioningState: opts.provisioningState ?? (i.failure ? "Failed" : "Succeeded"),
      timeCreated: isoTime(i.createdAt),
    },
  };
}

/** Counts of the instances' provisioning status codes, in order of first appearance. */
function statusesSummary(ss: Fleet): Json[] {
  const counts = new Map<string, number>();
  for (const i of ss.instances) {
    const code = i.failure ? `ProvisioningState/failed/${i.failure.code}` : "ProvisioningState/succeeded";
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, count]) => ({ code, count }));
}

/** VirtualMachineScaleSets_GetInstanceView: counts of provisioning states over the instances. */
export function renderScaleSetInstanceView(ss: Fleet): Json {
  return {
    virtualMachine: { statusesSummary: statusesSummary(ss) },
    statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded", time: isoTime(ss.timeCreated) }],
    orchestrationServices: [],
  };
}

export function renderUsage(q: QuotaName, currentValue: number, limit: number): Json {
  return { unit: "Count", currentValue, limit, name: { value: q.value, localizedValue: q.localizedValue } };
}

/**
 * Compute's operation status (GET .../locations/{l}/operations/{id}): start and end times, the
 * status, the error when it failed, and its id as `name`.
 */
export function renderComputeOperation(op: { id: string; status: string; startTime: number; endTime?: number; error?: { code: string; message: string } }): Json {
  return {
    startTime: isoTime(op.startTime),
    ...(op.endTime !== undefined ? { endTime: isoTime(op.endTime) } : {}),
    status: op.status,
    ...(op.error ? { error: { code: op.error.code, message: op.error.message } } : {}),
    name: op.id,
  };
}
