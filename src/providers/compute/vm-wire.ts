// Availability sets and their VMs -> wire JSON, in the shapes of VirtualMachine_Get.json
// (2026-03-01) and the spec's AvailabilitySet, as AKS's AvailabilitySet pools hold them: the VMs
// boot AKS's gallery image, sit in the pool's availability set, and have one NIC each
// (aks-<pool>-<digits>-nic-<n>, the names aks-engine gave and AKS kept).
import type { Json } from "../../arm/json.js";
import type { AvailabilitySetRecord, VirtualMachineRecord } from "./domain/records.js";
import { stableGuid } from "../../arm/stable-ids.js";
import { dataDisks, isoTime, osDisk, osProfile, renderInstanceView, storageAccountType } from "./wire.js";

const VM_TYPE = "Microsoft.Compute/virtualMachines";
const SET_TYPE = "Microsoft.Compute/availabilitySets";

/** AKS's availability sets: two fault domains and three update domains (aks-engine's defaults, which AKS kept). */
export const FAULT_DOMAINS = 2;
export const UPDATE_DOMAINS = 3;

/** The domains a VM lands in: its index taken round the availability set's domains. */
export const domainsOf = (vm: VirtualMachineRecord) => ({ fault: vm.instance.instanceId % FAULT_DOMAINS, update: vm.instance.instanceId % UPDATE_DOMAINS });

/** The VM's instance view (VirtualMachines_InstanceView, or `$expand=instanceView`). */
export const renderVmInstanceView = (vm: VirtualMachineRecord): Json => renderInstanceView(vm, vm.instance, { computerName: vm.name, domains: domainsOf(vm) });

/** The NIC AKS gives an availability set VM: the VM name's prefix, "nic-", its index. */
const nicName = (vm: VirtualMachineRecord) => `${vm.model.computerNamePrefix}nic-${vm.instance.instanceId}`;

/** `provisioningState` overrides the stored one (an update's first answer reads "Updating"). */
export function renderVirtualMachine(vm: VirtualMachineRecord, opts: { instanceView?: boolean; provisioningState?: string } = {}): Json {
  const diskName = `${vm.name}_OsDisk_1_${stableGuid(`${vm.id.toLowerCase()}#disk`).replace(/-/g, "")}`;
  const diskId = `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/disks/${diskName}`;
  const spot = vm.model.priority === "Spot" ? { priority: "Spot", evictionPolicy: "Delete", billingProfile: { maxPrice: -1 } } : {};
  return {
    name: vm.name,
    id: vm.id,
    type: VM_TYPE,
    location: vm.location,
    tags: vm.tags,
    ...(vm.zones ? { zones: vm.zones } : {}),
    ...(vm.eTag ? { etag: `"${vm.eTag}"` } : {}),
    properties: {
      vmId: vm.instance.vmId,
      availabilitySet: { id: vm.availabilitySetId },
      hardwareProfile: { vmSize: vm.model.vmSize },
      storageProfile: {
        imageReference: { id: vm.model.imageId },
        osDisk: { ...osDisk(vm), name: diskName, managedDisk: { storageAccountType: storageAccountType(vm), id: diskId } },
        dataDisks: dataDisks(vm, vm.instance),
      },
      osProfile: { computerName: vm.name, ...osProfile(vm) },
      networkProfile: { networkInterfaces: [{ id: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${nicName(vm)}` }] },
      ...spot,
      ...(opts.instanceView ? { instanceView: renderVmInstanceView(vm) } : {}),
      provisioningState: opts.provisioningState ?? (vm.instance.failure ? "Failed" : "Succeeded"),
      timeCreated: isoTime(vm.timeCreated),
    },
  };
}

/** AvailabilitySets_Get: the Aligned sku (managed disks), its domains and the ids of its VMs. */
export function renderAvailabilitySet(set: AvailabilitySetRecord, vms: readonly VirtualMachineRecord[]): Json {
  return {
    name: set.name,
    id: set.id,
    type: SET_TYPE,
    location: set.location,
    tags: set.tags,
    sku: set.sku,
    ...(set.eTag ? { etag: `"${set.eTag}"` } : {}),
    properties: {
      platformUpdateDomainCount: UPDATE_DOMAINS,
      platformFaultDomainCount: FAULT_DOMAINS,
      virtualMachines: vms.map((vm) => ({ id: vm.id })),
    },
  };
}
