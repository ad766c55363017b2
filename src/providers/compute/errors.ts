// Microsoft.Compute's errors as data. Texts are real Compute texts byte for byte
// (shared/design/ERROR-TEXTS.md §3 and §5, and the samples each entry names); where none was found
// the entry says so and mirrors the nearest real form.
import { entry } from "../../arm/catalog.js";

export type QuotaParams = {
  subscriptionId: string;
  location: string;
  /** The quota's name.value: "cores", a family ("standardDSv2Family") or "lowPriorityCores". */
  resourceName: string;
  /** How the text names it: "Total Regional Cores", "standardDSv2Family Cores", "Low Priority Cores". */
  what: string;
  limit: number;
  usage: number;
  required: number;
  /** The quota article: regional-quota-requests (regional) or per-vm-quota-requests (families). */
  article: string;
};

// The portal link's parameters, URL-encoded as Compute sends them.
const quotaRequestLink = (p: QuotaParams) =>
  `https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/%7B%22subscriptionId%22:%22${p.subscriptionId}%22,%22command%22:%22openQuotaApprovalBlade%22,%22quotas%22:[%7B%22location%22:%22${p.location}%22,%22providerId%22:%22Microsoft.Compute%22,%22resourceName%22:%22${p.resourceName}%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:${p.usage + p.required},%22unit%22:%22Count%22,%22name%22:%7B%22value%22:%22${p.resourceName}%22%7D%7D%7D%7D]%7D`;

const CONSTRAINTS_TEXT = "Allocation failed. VM(s) with the following constraints cannot be allocated, because the condition is too restrictive. Please remove some constraints and try again. Constraints applied are:";

export const COMPUTE_ERRORS = {
  // Real, Compute's own text (409 OperationNotAllowed, nforgeio/neonKUBE#1671). Regional form from
  // terraform AKS creates through AKS in australiaeast (Dec 2025, Azure/terraform quickstart
  // TestRecord: "Total Regional Cores", regional-quota-requests, with "Setup Alerts ..."); family form
  // the same with "<family> Cores" and per-vm-quota-requests (Databricks KoreaCentral
  // standardEDSv4Family, 2025; terraform standardBSFamily westeurope). "Low Priority Cores" as
  // karpenter-provider-azure's fixture spells it; its article is assumed to be the family one.
  quotaExceeded: entry<QuotaParams>({
    status: 409, code: "OperationNotAllowed", envelope: "arm",
    message: (p) => `Operation could not be completed as it results in exceeding approved ${p.what} quota. Additional details - Deployment Model: Resource Manager, Location: ${p.location}, Current Limit: ${p.limit}, Current Usage: ${p.usage}, Additional Required: ${p.required}, (Minimum) New Limit Required: ${p.usage + p.required}. Setup Alerts when Quota reaches threshold. Learn more at https://aka.ms/quotamonitoringalerting . Submit a request for Quota increase at ${quotaRequestLink(p)} by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/${p.article}`,
  }),
  // Real, raw Compute (openshift/release#5182).
  zonalAllocationFailed: entry({
    status: 409, code: "ZonalAllocationFailed", envelope: "arm",
    message: () => "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance",
  }),
  // Real, raw Compute (vmware-tanzu/community-edition#3963).
  allocationFailed: entry({
    status: 409, code: "AllocationFailed", envelope: "arm",
    message: () => "Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance",
  }),
  // Real (jenkins-infra/helpdesk#4459 for the zonal form: one constraint a line, "\n  - ").
  overconstrainedZonalAllocation: entry<{ constraints: readonly string[] }>({
    status: 409, code: "OverconstrainedZonalAllocationRequest", envelope: "arm",
    message: (p) => `${CONSTRAINTS_TEXT}\n  - ${p.constraints.join("\n  - ")}`,
  }),
  // Real (MicrosoftDocs SupportArticles error-code-zonalallocationfailed-allocationfailed.md, inside
  // AKS's text; the line breaks as in the zonal form).
  overconstrainedAllocation: entry<{ constraints: readonly string[] }>({
    status: 409, code: "OverconstrainedAllocationRequest", envelope: "arm",
    message: (p) => `${CONSTRAINTS_TEXT}\n  - ${p.constraints.join("\n  - ")}`,
  }),
  // Real Compute text (kubernetes/kubernetes#78657: a VMSS VM update answered 409 with it; the
  // disk named as there, the VM as `<scale set>_<instance id>`). The error of an update of a VM
  // whose last data disk detach failed (learn.microsoft.com troubleshoot-vm-deployment-detached);
  // seed 002 (Scenario 2) names no text, so a VM a partial detach left Failed shows this one.
  attachDiskWhileBeingDetached: entry<{ disk: string; vm: string }>({
    status: 409, code: "AttachDiskWhileBeingDetached", envelope: "arm",
    message: (p) => `Cannot attach data disk '${p.disk}' to VM '${p.vm}' because the disk is currently being detached or the last detach operation failed. Please wait until the disk is completely detached and then try again or delete/detach the disk explicitly again.`,
  }),
  // Real Compute text (kubernetes/kubernetes#90986, 400 with target "instanceIds").
  inactiveInstanceId: entry<{ instanceId: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "arm",
    message: (p) => `The provided instanceId ${p.instanceId} is not an active Virtual Machine Scale Set VM instanceId.`,
  }),
  // Compute's form for a missing required property ("Required parameter 'osProfile' is missing
  // (null)."); no sample for instanceIds itself was found.
  computeRequiredParameter: entry<{ name: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "arm",
    message: (p) => `Required parameter '${p.name}' is missing (null).`,
  }),
  // The text is real (Compute, for a location-scoped entity it does not hold: a run command, an
  // operation; Azure docs and azure-sdk-for-python's tests); the code NotFound is assumed.
  computeOperationNotFound: entry({ status: 404, code: "NotFound", envelope: "arm", message: () => "The entity was not found in this Azure location." }),
  // Compute's form for a value it refuses (real for other parameters, e.g. "The value of parameter
  // linuxConfiguration.ssh.publicKeys.keyData is invalid."); no sample was found for a capacity
  // reservation's sku.capacity, zones, location or tags, so they use it with target the parameter.
  computeInvalidParameterValue: entry<{ name: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "arm",
    message: (p) => `The value of parameter ${p.name} is invalid.`,
  }),
  // Compute's form for a property fixed at creation (real for osDisk.name: "Changing property
  // 'osDisk.name' is not allowed."); no sample for a capacity reservation's zones or size.
  computePropertyChangeNotAllowed: entry<{ property: string }>({
    status: 409, code: "PropertyChangeNotAllowed", envelope: "arm",
    message: (p) => `Changing property '${p.property}' is not allowed.`,
  }),
  // Real Compute text (Azure/azure-cli#18943: a capacity reservation PUT for Standard_A0 answered
  // NotSupported with it); here for a size the emulator does not know.
  reservationSizeNotSupported: entry<{ vmSize: string }>({
    status: 400, code: "NotSupported", envelope: "arm",
    message: (p) => `Capacity Reservation is not supported for VM size ${p.vmSize}.`,
  }),
  // No real sample was found for these two; the wording follows the spec's description of
  // CapacityReservationGroups_Delete and CapacityReservations_Delete ("can only be deleted if all
  // the capacity reservations under the reservation group and associated resources are
  // disassociated from the reservation group first"), code OperationNotAllowed as Compute's 409s.
  reservationGroupInUse: entry<{ name: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "arm",
    message: (p) => `Capacity reservation group '${p.name}' can only be deleted if all the capacity reservations under the reservation group and associated resources are disassociated from the reservation group first. Please refer https://aka.ms/CapacityReservation for more details.`,
  }),
  reservationInUse: entry<{ name: string; allocated: number }>({
    status: 409, code: "OperationNotAllowed", envelope: "arm",
    message: (p) => `Capacity reservation '${p.name}' can only be deleted if all the virtual machines allocated against it (${p.allocated}) are deleted or disassociated first. Please refer https://aka.ms/CapacityReservation for more details.`,
  }),
  // Not Azure's: the emulator's own refusals, in Compute's envelope, where real Compute would do
  // something the emulator does not model. A VM exists only as a node of an AKS availability set
  // pool (no standalone VM is created by a PUT), and keeps AKS's size.
  vmCreateNotEmulated: entry<{ name: string }>({
    status: 400, code: "NotSupported", envelope: "arm",
    message: (p) => `Virtual machine '${p.name}' does not exist, and aksemu does not create standalone virtual machines: only the node VMs of an AKS availability set pool exist, and a PUT updates one of them.`,
  }),
  vmResizeNotEmulated: entry<{ vmSize: string; current: string }>({
    status: 409, code: "PropertyChangeNotAllowed", envelope: "arm",
    message: (p) => `Changing property 'hardwareProfile.vmSize' is not allowed: aksemu does not resize a node VM (from ${p.current} to ${p.vmSize}); resize the AKS pool's VM size through a new pool instead.`,
  }),
  // No real sample was found. Azure lets a reservation shrink below the VMs allocated from it (the
  // rest become overallocated); the emulator refuses instead, so what a reservation holds stays
  // what its VMs took. Compute's OperationNotAllowed form, as its other 409s.
  reservationBelowAllocated: entry<{ name: string; capacity: number; allocated: number }>({
    status: 409, code: "OperationNotAllowed", envelope: "arm",
    message: (p) => `Capacity reservation '${p.name}' cannot be reduced to ${p.capacity}: ${p.allocated} virtual machines are allocated against it. Please refer https://aka.ms/CapacityReservation for more details.`,
  }),
  // No real sample was found: a PUT of a reservation being deleted. Compute's form for a write
  // while another operation runs on the resource.
  reservationDeleting: entry<{ name: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "arm",
    message: (p) => `Operation 'PUT' is not allowed on capacity reservation '${p.name}' since it is being deleted. Please refer https://aka.ms/CapacityReservation for more details.`,
  }),
  // No real sample for a malformed $skipToken on Compute's lists; ARM's generic-list form.
  computeInvalidSkipToken: entry<{ skipToken: string }>({ status: 400, code: "InvalidSkipTokenInQueryString", envelope: "arm", message: (p) => `Invalid $skipToken '${p.skipToken}' specified in the query string.` }),
} as const;
