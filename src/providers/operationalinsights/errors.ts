// Microsoft.OperationalInsights' errors as data. Missing workspaces and groups are ARM's own texts
// (arm/error-catalog.ts: ResourceNotFound, ResourceGroupNotFound), as real Log Analytics answers.
import { entry } from "../../arm/catalog.js";

export const OI_ERRORS = {
  // Real (Azure/AzureMonitorStarterPacks#173, 2024: "Workspace name must start and end with an
  // alphanumeric character, and may contain only alphanumeric and hyphen characters. Operation Id:
  // 'd8292219ac05558af138dd86f6cc94b5' (Code: InvalidParameter)"); the envelope is the spec's
  // common-types ErrorResponse.
  invalidWorkspaceName: entry<{ operationId: string }>({
    status: 400, code: "InvalidParameter", envelope: "arm",
    message: (p) => `Workspace name must start and end with an alphanumeric character, and may contain only alphanumeric and hyphen characters. Operation Id: '${p.operationId}'`,
  }),
  // No API sample: the portal's text for the rule (Azure/terraform-azurerm-avm-res-operationalinsights-workspace#72,
  // "The workspace name must be between 4 and 63 characters."), in the API's form above.
  workspaceNameLength: entry<{ operationId: string }>({
    status: 400, code: "InvalidParameter", envelope: "arm",
    message: (p) => `The workspace name must be between 4 and 63 characters. Operation Id: '${p.operationId}'`,
  }),
  // No real sample: a property outside the spec's type or enum (sku.name, retentionInDays, ...), named.
  invalidWorkspaceProperty: entry<{ path: string; why: string; operationId: string }>({
    status: 400, code: "InvalidParameter", envelope: "arm",
    message: (p) => `The value of '${p.path}' is invalid: ${p.why} Operation Id: '${p.operationId}'`,
  }),
} as const;
