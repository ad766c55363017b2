// Microsoft.Network's private DNS errors as data, in ARM's wrapped envelope as Azure DNS answers.
// Texts are real where ERROR-TEXTS.md or a captured answer has them; "modelled" entries say so and
// mirror the nearest real form.
import { entry, refusalsOf, type Refusal } from "../../arm/catalog.js";

export const PRIVATE_DNS_ERRORS = {
  // Real (crossplane-contrib/provider-upjet-azure#19, a zone PUT: Code="BadRequest").
  zoneNameLabels: entry<{ name: string }>({
    status: 400, code: "BadRequest", envelope: "arm",
    message: (p) => `The zone name '${p.name}' does not have enough labels. Zone names must have two or more labels.`,
  }),
  // Real (ERROR-TEXTS.md §12 and MicrosoftDocs/azure-aks-docs#212: "Error: BadRequest -> A virtual
  // network cannot be linked ..."). `zone`: the zone being linked; `other`: the one already linked.
  linkOverlap: entry<{ zone: string; other: string }>({
    status: 400, code: "BadRequest", envelope: "arm",
    message: (p) => `A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with '${p.zone}' and '${p.other}' zones.`,
  }),
  // Modelled (no sample): a link PUT without properties.virtualNetwork.id.
  virtualNetworkRequired: entry({ status: 400, code: "BadRequest", envelope: "arm", message: () => "The virtual network link must reference a virtual network: properties.virtualNetwork.id is required." }),
  // Modelled (no sample; az's `link vnet update` says it "does not modify virtual network within the link").
  linkVirtualNetworkChange: entry<{ link: string }>({ status: 400, code: "BadRequest", envelope: "arm", message: (p) => `The virtual network of link '${p.link}' cannot be changed. Delete the link and create a new one.` }),
  // Modelled on the REST spec's own sentence (PrivateZones_Delete): a real zone DELETE with links
  // answers 409 (Azure/azure-cli#15010), its body not captured.
  zoneHasLinks: entry<{ zone: string }>({
    status: 409, code: "Conflict", envelope: "arm",
    message: (p) => `The private DNS zone '${p.zone}' cannot be deleted: a Private DNS zone cannot be deleted unless all virtual network links to it are removed.`,
  }),
  // Modelled on Azure DNS's answer for a record set that does not exist (public zones' text).
  recordSetNotFound: entry<{ name: string; resourceGroup: string; subscriptionId: string }>({
    status: 404, code: "NotFound", envelope: "arm",
    message: (p) => `The resource record '${p.name}' does not exist in resource group '${p.resourceGroup}' of subscription '${p.subscriptionId}'.`,
  }),
  // Modelled on the REST spec's parameter description: SOA record sets exist with their zone.
  soaNotCreatable: entry({ status: 400, code: "BadRequest", envelope: "arm", message: () => "Record sets of type SOA can be updated but not created (they are created when the Private DNS zone is created)." }),
  soaNotDeletable: entry({ status: 400, code: "BadRequest", envelope: "arm", message: () => "Record sets of type SOA cannot be deleted (they are deleted when the Private DNS zone is deleted)." }),
  // Modelled (no sample): a record the type does not accept.
  invalidRecord: entry<{ detail: string }>({ status: 400, code: "BadRequest", envelope: "arm", message: (p) => `The record set is invalid: ${p.detail}` }),
  // Modelled: an operation id this subscription never had.
  dnsOperationNotFound: entry<{ id: string }>({ status: 404, code: "NotFound", envelope: "arm", message: (p) => `The operation '${p.id}' was not found.` }),
} as const;

export type PrivateDnsRefusal = Refusal<typeof PRIVATE_DNS_ERRORS>;
export const refuse = refusalsOf<typeof PRIVATE_DNS_ERRORS>();
