// Azure RBAC's errors as data. Texts are real ARM texts byte for byte, with their sources; where
// none was found the entry says so and mirrors the nearest real form.
import { entry, refusalsOf, type Refusal } from "../../../arm/catalog.js";

type Denied = { client: string; objectId: string; action: string; scope: string };

export const RBAC_ERRORS = {
  // ERROR-TEXTS.md §13, the current form (microsoft/azure-tools-for-java#10471, terraform-provider-azurerm#20843,
  // MicrosoftDocs/azure-stack-docs#3303). For a service principal ARM shows its object id in both places
  // ("The client '65ceabbd-…' with object id '65ceabbd-…'": microsoft/azure-tools-for-java#3643,
  // Azure/azure-sdk-for-net#1157, Azure/vagrant-azure#164); a user would show its UPN first.
  authorizationFailed: entry<Denied>({
    status: 403, code: "AuthorizationFailed", envelope: "gateway",
    message: (p) => `The client '${p.client}' with object id '${p.objectId}' does not have authorization to perform action '${p.action}' over scope '${p.scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  }),
  // ERROR-TEXTS.md §12 (kubernetes/autoscaler#1900, cut short there); the whole current form, with the
  // "or the linked scope(s) are invalid." ending: microsoft/planetary-computer-hub#25,
  // kubernetes-sigs/cloud-provider-azure#1999, Azure/aad-pod-identity#613.
  linkedAuthorizationFailed: entry<Denied & { linkedAction: string; linkedScope: string }>({
    status: 403, code: "LinkedAuthorizationFailed", envelope: "gateway",
    message: (p) => `The client '${p.client}' with object id '${p.objectId}' has permission to perform action '${p.action}' on scope '${p.scope}'; however, it does not have permission to perform action '${p.linkedAction}' on the linked scope(s) '${p.linkedScope}' or the linked scope(s) are invalid.`,
  }),

  // --- role definitions ---
  // 404 on a read (terraform-provider-azurerm#10479, caf-enterprise-scale troubleshooting), the GUID as
  // given; a role assignment naming a role that does not exist gets the same answer (no sample of its status).
  roleDefinitionNotFound: entry<{ name: string }>({ status: 404, code: "RoleDefinitionDoesNotExist", envelope: "arm", message: (p) => `The specified role definition with ID '${p.name}' does not exist.` }),
  // 409, both texts real (Kong docs quoting az; terraform-provider-azurerm#10602 via pumasecurity/serverless-prey#23).
  roleNameExists: entry({ status: 409, code: "RoleDefinitionWithSameNameExists", envelope: "arm", message: () => "A custom role with the same name already exists in this directory." }),
  roleNameTaken: entry({ status: 409, code: "RoleDefinitionWithSameNameExists", envelope: "arm", message: () => "A role definition cannot be updated with a name that already exists." }),
  // Microsoft Learn (custom roles troubleshooting): "There are existing role assignments referencing role (code: RoleDefinitionHasAssignments)".
  roleHasAssignments: entry({ status: 409, code: "RoleDefinitionHasAssignments", envelope: "arm", message: () => "There are existing role assignments referencing role" }),
  // Built-in roles cannot be changed (Microsoft Learn: "You can't modify the built-in roles"). No real
  // text found for the refusal: mirrors RoleAssignmentUpdateNotPermitted's form.
  builtInRoleReadOnly: entry<{ name: string }>({ status: 400, code: "RoleDefinitionUpdateNotPermitted", envelope: "arm", message: (p) => `The built-in role definition '${p.name}' is not allowed to be updated or deleted.` }),
  // A custom role without a name, permissions or assignable scopes. No real text found (az refuses
  // these before sending); the detail names the property.
  invalidRoleDefinition: entry<{ detail: string }>({ status: 400, code: "InvalidRoleDefinition", envelope: "arm", message: (p) => p.detail }),

  // --- role assignments ---
  // 400 (Azure/azure-service-operator#2586, Azure/azure-sdk-for-python#4621).
  invalidAssignmentName: entry<{ name: string }>({ status: 400, code: "InvalidRoleAssignmentId", envelope: "arm", message: (p) => `The role assignment ID '${p.name}' is not valid. The role assignment ID must be a GUID.` }),
  // 400 (Azure/azure-powershell#16627).
  invalidPrincipalId: entry<{ principalId: string }>({ status: 400, code: "InvalidPrincipalId", envelope: "arm", message: (p) => `The Principal ID '${p.principalId}' is not valid. Principal ID must be a GUID.` }),
  // An empty principalId (Azure-Samples/azure-search-openai-demo#2848).
  missingPrincipalId: entry({ status: 400, code: "InvalidPrincipalId", envelope: "arm", message: () => "A valid principal ID must be provided for role assignment." }),
  // 400 (Azure/HubAndSpokeResearchEnclave#50, Azure-Samples/azure-search-openai-demo#9); two spaces before "See" as sent.
  principalNotFound: entry<{ principalId: string; tenantId: string }>({
    status: 400, code: "PrincipalNotFound", envelope: "arm",
    message: (p) => `Principal ${p.principalId} does not exist in the directory ${p.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  }),
  // 400, ARM's own spelling (" , " and "PrinciaplType"): Azure/modern-web-app-pattern-dotnet#129.
  unmatchedPrincipalType: entry<{ principalId: string; actual: string; given: string }>({
    status: 400, code: "UnmatchedPrincipalType", envelope: "arm",
    message: (p) => `The PrincipalId '${p.principalId}' has type '${p.actual}' , which is different from specified PrinciaplType '${p.given}'.`,
  }),
  // 409 (terraform-provider-azurerm#28557, Azure/bicep#11367): the same principal, role and scope under another name.
  assignmentExists: entry({ status: 409, code: "RoleAssignmentExists", envelope: "arm", message: () => "The role assignment already exists." }),
  // 400 (Azure/Azure-Landing-Zones#2040, microsoft/finops-toolkit#1702): an existing name with another principal or scope.
  assignmentUpdateNotPermitted: entry({ status: 400, code: "RoleAssignmentUpdateNotPermitted", envelope: "arm", message: () => "Tenant ID, application ID, principal ID, and scope are not allowed to be updated." }),
  // 400 (microsoft/AzureTRE#1592, Azure/ARO-RP#1175): assignment names are unique across scopes.
  hashConflict: entry({ status: 400, code: "HashConflictOnDifferentRoleAssignmentIds", envelope: "arm", message: () => "A hash conflict was encountered for the role Assignment ID. Please use a new Guid." }),
  // 404 with this code (Key Vault's data plane answers "Requested role assignment not found"); ARM's
  // own text for a missing assignment was not found: mirrors RoleDefinitionDoesNotExist's form.
  assignmentNotFound: entry<{ name: string }>({ status: 404, code: "RoleAssignmentNotFound", envelope: "arm", message: (p) => `The role assignment '${p.name}' is not found.` }),

  // --- lists ---
  // 400 (the text Azure/azure-rest-api-specs#28255 reports, quoted in azurerm sources).
  assignmentFilterUnsupported: entry<{ filter: string }>({
    status: 400, code: "UnsupportedQuery", envelope: "arm",
    message: (p) => `The filter '${p.filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`,
  }),
  // The role definitions list's twin: only its supported filters were found quoted ("roleName eq
  // '{value}' or type eq 'BuiltInRole|CustomRole'", Azure sample code); the sentence mirrors the above.
  definitionFilterUnsupported: entry<{ filter: string }>({
    status: 400, code: "UnsupportedQuery", envelope: "arm",
    message: (p) => `The filter '${p.filter}' is not supported. Supported filters are either roleName eq '{value}' or type eq 'BuiltInRole|CustomRole'.`,
  }),
  // No real text for a $skipToken these lists did not issue was found.
  rbacInvalidSkipToken: entry<{ token: string }>({ status: 400, code: "InvalidSkipToken", envelope: "arm", message: (p) => `The $skipToken '${p.token}' is not valid for this list.` }),
};

export type RbacRefusal = Refusal<typeof RBAC_ERRORS>;

/** A typed refusal for the pure domain. */
export const refuse = refusalsOf<typeof RBAC_ERRORS>();
