// Microsoft.Resources' own errors (resource groups); the generic ARM ones are in arm/error-catalog.
import { entry } from "../../arm/catalog.js";
import { TAG_ERRORS } from "../../arm/tags.js";

export const RESOURCES_ERRORS = {
  invalidResourceGroupLocation: entry<{ resourceGroup: string; existing: string; requested: string }>({
    status: 409, code: "InvalidResourceGroupLocation", envelope: "arm",
    message: (p) => `Invalid resource group location '${p.requested}'. The Resource group already exists in location '${p.existing}'.`,
  }),
  invalidResourceGroupName: entry<{ name: string }>({
    status: 400, code: "InvalidResourceGroupName", envelope: "gateway",
    message: (p) => `Resource group name '${p.name}' is invalid. The name can be up to 90 characters in length and can contain alphanumeric characters, underscores, parentheses, hyphens, and periods but cannot end with a period.`,
  }),
  locationNotAvailableForResourceGroup: entry<{ location: string; locations: readonly string[] }>({
    status: 400, code: "LocationNotAvailableForResourceGroup", envelope: "gateway",
    message: (p) => `The provided location '${p.location}' is not available for resource group. List of available regions is '${p.locations.join(",")}'.`,
  }),
  // No real sample for an unknown id at the generic operationresults URL; ARM's NotFound form.
  operationNotFound: entry<{ operationId: string }>({ status: 404, code: "NotFound", envelope: "arm", message: (p) => `Operation '${p.operationId}' was not found.` }),
  // ARM's answer to Providers_Get/Register for a namespace it does not know: 404 with this code and
  // text (grafana/grafana's azure monitor test fixture for a GET, a 2026 register_provider test
  // fixture for POST .../register; MicrosoftDocs Data Lake pages quote it for Register-AzResourceProvider).
  invalidResourceNamespace: entry<{ namespace: string }>({ status: 404, code: "InvalidResourceNamespace", envelope: "gateway", message: (p) => `The resource namespace '${p.namespace}' is invalid.` }),
  // Real: Azure/azure-sdk-for-net#18748 and #2819, Azure/azure-sdk-for-go#2480 (400, the filter quoted as sent).
  invalidFilter: entry<{ filter: string }>({ status: 400, code: "InvalidFilterInQueryString", envelope: "gateway", message: (p) => `Invalid $filter '${p.filter}' specified in the query string.` }),
  // No real sample for a malformed $top or $skipToken on the generic lists; ARM's $filter form.
  invalidTop: entry<{ top: string }>({ status: 400, code: "InvalidTopInQueryString", envelope: "gateway", message: (p) => `Invalid $top '${p.top}' specified in the query string.` }),
  invalidSkipToken: entry<{ token: string }>({ status: 400, code: "InvalidSkipTokenInQueryString", envelope: "gateway", message: (p) => `Invalid $skipToken '${p.token}' specified in the query string.` }),
  // ARM's tag limits (arm/tags.ts), listed here once: tags are Microsoft.Resources' own concept,
  // and ARM applies them to every tracked resource (a managed cluster's too).
  ...TAG_ERRORS,
} as const;
