// Microsoft.Compute: virtual machine scale sets and their VMs, availability sets and their VMs
// (AKS's plans create, scale, stop and delete both through Compute's steps), vCPU quotas and usages
// per location, resource SKUs, capacity reservations, and the control API's quota and capacity
// settings. Built with the provider list, which it reads for
// the VM size catalog and for how an operation's owner words a failed Compute step.
import type { Handler } from "../../arm/http.js";
import type { Route } from "../../arm/router.js";
import { versionsOf, type Provider } from "../provider.js";
import { COMPUTE_VERSIONS, SKU_VERSIONS } from "./api-versions.js";
import { NAMESPACE } from "./domain/records.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { deleteScaleSetsOfGroup } from "./group-cascade.js";
import { computeHandlers, EMPTY_CATALOG } from "./handlers.js";
import { computeActivity } from "./activity.js";
import { computePolicyView } from "./policy-view.js";
import { reservationHandlers } from "./reservation-handlers.js";
import { COMPUTE_SCENARIOS } from "./scenarios.js";
import { USAGE_PREFIX } from "./usage-index.js";
import { COMPUTE_DETECTORS } from "./detectors.js";
import { computeSteps } from "./steps.js";
import { sizeFacts } from "./domain/sizes.js";
import { vmHandlers } from "./vm-handlers.js";
import { vmReadHandlers } from "./vm-read-handlers.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const VMSS = `${RG}/providers/${NAMESPACE}/virtualMachineScaleSets/{vmScaleSetName}`;
const CRG = `${RG}/providers/${NAMESPACE}/capacityReservationGroups/{capacityReservationGroupName}`;
const VM = `${RG}/providers/${NAMESPACE}/virtualMachines/{vmName}`;
const AVSET = `${RG}/providers/${NAMESPACE}/availabilitySets`;
const CONTROL = "/_aksemu/compute";

const types = {
  virtualMachineScaleSets: COMPUTE_VERSIONS,
  "virtualMachineScaleSets/virtualMachines": COMPUTE_VERSIONS,
  virtualMachines: COMPUTE_VERSIONS,
  availabilitySets: COMPUTE_VERSIONS,
  "locations/usages": COMPUTE_VERSIONS,
  "locations/operations": COMPUTE_VERSIONS,
  skus: SKU_VERSIONS,
  capacityReservationGroups: COMPUTE_VERSIONS,
  "capacityReservationGroups/capacityReservations": COMPUTE_VERSIONS,
};
// Compute is registered by location: an unknown api-version is NoRegisteredProviderFound.
const unsupportedApiVersion = { error: "noRegisteredProvider", defaultLocation: "eastus", locations: ["East US", "West US 2", "West Europe"] } as const;

/** `providers` is the provider list this provider is part of, read at run time only. */
export function computeProvider(providers: () => readonly Provider[]): Provider {
  const catalog = () => providers().find((p) => p.vmSizes)?.vmSizes ?? EMPTY_CATALOG;
  return {
    namespace: NAMESPACE,
    types,
    unsupportedApiVersion,
    routes(deps) {
      const h = computeHandlers(deps, catalog);
      const cr = reservationHandlers(deps, catalog);
      const vm = vmHandlers(deps, [cr.renderById]);
      const vmRead = vmReadHandlers(deps);
      const r = (method: string, pattern: string, type: keyof typeof types, handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf({ namespace: NAMESPACE, types, unsupportedApiVersion }, type), handler });
      const c = (method: string, pattern: string, handler: Handler, summary: string): Route => ({ method, pattern: `${CONTROL}${pattern}`, apiVersions: { kind: "none" }, handler, summary, tenant: "emulator" });
      return [
        r("GET", `${SUB}/providers/${NAMESPACE}/virtualMachineScaleSets`, "virtualMachineScaleSets", h.listAll),
        r("GET", `${RG}/providers/${NAMESPACE}/virtualMachineScaleSets`, "virtualMachineScaleSets", h.list),
        r("GET", VMSS, "virtualMachineScaleSets", h.get),
        r("GET", `${VMSS}/instanceView`, "virtualMachineScaleSets", h.instanceView),
        r("GET", `${VMSS}/virtualMachines`, "virtualMachineScaleSets/virtualMachines", h.listInstances),
        r("GET", `${VMSS}/virtualMachines/{instanceId}`, "virtualMachineScaleSets/virtualMachines", h.getInstance),
        r("GET", `${VMSS}/virtualMachines/{instanceId}/instanceView`, "virtualMachineScaleSets/virtualMachines", h.getInstanceView),
        r("PUT", `${VMSS}/virtualMachines/{instanceId}`, "virtualMachineScaleSets/virtualMachines", vm.updateInstance),
        r("POST", `${VMSS}/manualupgrade`, "virtualMachineScaleSets", vm.updateInstances),
        r("GET", `${SUB}/providers/${NAMESPACE}/virtualMachines`, "virtualMachines", vmRead.listAllVms),
        r("GET", `${RG}/providers/${NAMESPACE}/virtualMachines`, "virtualMachines", vmRead.listVms),
        r("GET", VM, "virtualMachines", vmRead.getVm),
        r("PUT", VM, "virtualMachines", vm.updateVm),
        r("PATCH", VM, "virtualMachines", vm.patchVm),
        r("GET", `${VM}/instanceView`, "virtualMachines", vmRead.vmInstanceView),
        r("GET", `${SUB}/providers/${NAMESPACE}/availabilitySets`, "availabilitySets", vmRead.listAllAvailabilitySets),
        r("GET", AVSET, "availabilitySets", vmRead.listAvailabilitySets),
        r("GET", `${AVSET}/{availabilitySetName}`, "availabilitySets", vmRead.getAvailabilitySet),
        r("GET", `${SUB}/providers/${NAMESPACE}/locations/{location}/operations/{operationId}`, "locations/operations", vm.operationStatus),
        r("GET", `${SUB}/providers/${NAMESPACE}/locations/{location}/usages`, "locations/usages", h.usages),
        r("GET", `${SUB}/providers/${NAMESPACE}/skus`, "skus", h.skus),
        r("GET", `${RG}/providers/${NAMESPACE}/capacityReservationGroups`, "capacityReservationGroups", cr.listGroups),
        r("GET", CRG, "capacityReservationGroups", cr.getGroup),
        r("PUT", CRG, "capacityReservationGroups", cr.putGroup),
        r("DELETE", CRG, "capacityReservationGroups", cr.deleteGroup),
        r("GET", `${CRG}/capacityReservations`, "capacityReservationGroups/capacityReservations", cr.listReservations),
        r("GET", `${CRG}/capacityReservations/{capacityReservationName}`, "capacityReservationGroups/capacityReservations", cr.getReservation),
        r("PUT", `${CRG}/capacityReservations/{capacityReservationName}`, "capacityReservationGroups/capacityReservations", cr.putReservation),
        r("DELETE", `${CRG}/capacityReservations/{capacityReservationName}`, "capacityReservationGroups/capacityReservations", cr.deleteReservation),
        c("GET", "/quotas/{location}", h.getQuotas, "vCPU quotas and usage of a location (`?subscriptionId=`; default the emulator's subscription)"),
        c("PUT", "/quotas/{location}", h.setQuotas, 'set limits: `{"limits": {"cores": 20, "standardDSv2Family": 10}, "subscriptionId"?}` (merged; an allocation over one fails with QuotaExceeded)'),
        c("DELETE", "/quotas/{location}", h.resetQuotas, "back to the default limits"),
        c("GET", "/capacity", h.getCapacity, "capacity limits set, per location and VM size"),
        c("PUT", "/capacity/{location}/{vmSize}", h.setCapacity, 'VMs of a size a location still holds: `{"zones": {"1": 0}, "regional"?: 5, "overconstrained"?: false}` (ZonalAllocationFailed, AllocationFailed, Overconstrained*)'),
        c("DELETE", "/capacity/{location}/{vmSize}", h.resetCapacity, "unlimited again"),
        c("PUT", "/instances", vm.setInstanceState, 'a node VM\'s provisioning state (a scale set VM or an availability set\'s VM): `{"id": "<VM id>", "provisioningState": "Failed", "disk"?: "pvc-..."}` leaves it as a partial data disk detach does (seed 002, Scenario 2: AttachDiskWhileBeingDetached; `az vmss update-instances` or `az vm update` repairs it); `"Succeeded"` clears it'),
      ];
    },
    runner: computeSteps(providers),
    errors: COMPUTE_ERRORS,
    activity: computeActivity,
    onGroupDelete: deleteScaleSetsOfGroup,
    // What ARM's policy gate judges when AKS puts a scale set (or an availability set's VMs).
    policyView: computePolicyView,
    // Seed 002's quota, zonal capacity and failed node VM rows.
    scenarios: { scenarios: COMPUTE_SCENARIOS },
    recountable: (key) => key.startsWith(USAGE_PREFIX),
    // Diagnose and solve problems: a quota or capacity failure, a node VM left Failed.
    detectors: COMPUTE_DETECTORS,
    // A node's capacity in its cluster's Kubernetes API comes from its VM size.
    vmSizeFacts: (vmSize) => {
      const f = sizeFacts(vmSize);
      return f && { vCPUs: f.vCPUs, memoryGB: f.memoryGB };
    },
  };
}
