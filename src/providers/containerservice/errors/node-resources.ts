// Microsoft.ContainerService's refusals about the resources its nodes run on: AvailabilitySet pools,
// capacity reservation groups, and the subnet a pool names.
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

export const NODE_RESOURCE_ERRORS = {
  // --- AvailabilitySet pools and capacity reservation groups (domain/availability-set-pools.ts) ---
  // Real (MicrosoftDocs/azure-docs#24942, terraform's AgentPoolsClient#CreateOrUpdate on a cluster
  // with an AvailabilitySet pool, 400): the agent pool API on a cluster that is not all scale sets.
  agentPoolApisNotSupported: entry({
    status: 400, code: "AgentPoolAPIsNotSupported", envelope: "aks",
    message: () => "AgentPool APIs supported only for clusters with VMSS agentpools. For more information, please check https://aka.ms/multiagentpoollimitations",
  }),
  // No real text was found for a cluster PUT naming an AvailabilitySet pool among others (AKS docs:
  // multiple node pools need scale sets); modeled on the InvalidParameter form and the link above.
  availabilitySetSinglePool: entry<{ target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: () => "The value of parameter properties.agentPoolProfiles is invalid: a cluster with an AvailabilitySet agent pool has that agent pool only; multiple agent pools need VirtualMachineScaleSets. For more information, please check https://aka.ms/multiagentpoollimitations",
  }),
  // No real text was found (searched issues, pages and code for AKS's answer to a missing or
  // foreign-region capacityReservationGroupID); both are modeled on AKS's InvalidParameter form,
  // target the property, and say what to fix.
  capacityReservationGroupNotFound: entry<{ id: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: capacity reservation group '${p.id}' was not found. Please see https://aka.ms/aks/capacity-reservation-groups for more details.`,
  }),
  capacityReservationGroupLocation: entry<{ id: string; location: string; clusterLocation: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: capacity reservation group '${p.id}' is in location '${p.location}', not in the managed cluster's location '${p.clusterLocation}'. Please see https://aka.ms/aks/capacity-reservation-groups for more details.`,
  }),

  // Real (Azure/AKS-Construction#584, 2023: AKS's body inside a BadRequest; terraform in
  // sassoftware/viya4-iac-azure#163): a vnetSubnetID that names no subnet.
  subnetNotFound: entry<{ subnet: string; vnet: string; resourceGroup: string; subscriptionId: string }>({
    status: 400, code: "SubnetNotFound", envelope: "aks",
    message: (p) => `Could not find subnet ${p.subnet} in vnet ${p.vnet} from resource group ${p.resourceGroup} of subscription ${p.subscriptionId}.`,
  }),
} as const;
