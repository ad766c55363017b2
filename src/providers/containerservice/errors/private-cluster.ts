// Microsoft.ContainerService's refusals of a private cluster's settings (apiServerAccessProfile).
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md) byte for byte; where no real sample
// exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

export const PRIVATE_CLUSTER_ERRORS = {
  // Modelled: AKS's error for a custom zone of another name is only known by its list of allowed
  // names, quoted in MicrosoftDocs/azure-docs#104092 ("'private.<region>.azmk8s.io,privatelink.
  // <region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.private.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.privatelink.
  // <region>.azmk8s.io'"); the sentence around it follows AKS's InvalidParameter form.
  invalidPrivateDnsZone: entry<{ value: string; allowed: readonly string[]; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: '${p.value}'. It must be 'system', 'none' or the resource ID of a private DNS zone whose name is one of '${p.allowed.join(",")}'. Please see https://aka.ms/aks/private-cluster for more details.`,
  }),
  // Real (ERROR-TEXTS.md §12, the SupportArticles CustomPrivateDNSZoneMissingPermissionError
  // article). `action`: the first of read and write the cluster's identity may not perform on the zone.
  customPrivateDnsZoneMissingPermission: entry<{ zoneId: string; action: string }>({
    status: 400, code: "CustomPrivateDNSZoneMissingPermissionError", envelope: "aks",
    message: (p) => `Service principal or user-assigned identity must be given permission to read and write to custom private dns zone ${p.zoneId}. Check access result not allowed for action ${p.action}.`,
  }),
} as const;
