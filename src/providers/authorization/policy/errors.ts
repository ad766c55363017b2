// Azure Policy's errors as data (a body that is not what the spec describes is the front door's
// invalidJson: "The request content was invalid and could not be deserialized: '...'.", the text
// Azure PowerShell's policy tests match). Real texts byte for byte where a sample was found (each entry names
// it); where none was, the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

const definitionName = (p: { definition: string; version?: string }) => (p.version ? `${p.definition} version ${p.version}` : p.definition);

export const POLICY_ERRORS = {
  // ARM's policy gate (ERROR-TEXTS.md §6: 403, wrapped, target the resource's name; the message
  // and additionalInfo are built in domain/enforce.ts).
  requestDisallowedByPolicy: entry<{ target: string; message: string }>({ status: 403, code: "RequestDisallowedByPolicy", envelope: "gateway", message: (p) => p.message }),
  // Real (terraform caf-enterprise-scale#197 and #32: Status=404 Code="PolicyDefinitionNotFound").
  definitionNotFound: entry<{ name: string }>({ status: 404, code: "PolicyDefinitionNotFound", envelope: "arm", message: (p) => `The policy definition '${p.name}' could not be found.` }),
  // Real (Azure/Enterprise-Scale#804: a deployment's BadRequest detail, so 400).
  assignmentDefinitionNotFound: entry<{ id: string }>({ status: 400, code: "PolicyDefinitionNotFound", envelope: "arm", message: (p) => `The policy assignment create request is invalid. The policy definition '${p.id}' could not be found.` }),
  // No real sample: the definition form above, for an initiative (aksemu serves no policy set definitions).
  assignmentSetDefinitionNotFound: entry<{ id: string }>({ status: 400, code: "PolicySetDefinitionNotFound", envelope: "arm", message: (p) => `The policy assignment create request is invalid. The policy set definition '${p.id}' could not be found.` }),
  // No real sample of the text (Azure PowerShell's tests match only the code): mirrors the definition's.
  assignmentNotFound: entry<{ name: string }>({ status: 404, code: "PolicyAssignmentNotFound", envelope: "arm", message: (p) => `The policy assignment '${p.name}' could not be found.` }),
  // No real sample of the text (Azure PowerShell's tests match only the code): mirrors the definition's.
  exemptionNotFound: entry<{ name: string }>({ status: 404, code: "PolicyExemptionNotFound", envelope: "arm", message: (p) => `The policy exemption '${p.name}' could not be found.` }),
  // No real sample: the assignment create form above, for an exemption naming no assignment.
  exemptionAssignmentNotFound: entry<{ id: string }>({ status: 400, code: "PolicyAssignmentNotFound", envelope: "arm", message: (p) => `The policy exemption create request is invalid. The policy assignment '${p.id}' could not be found.` }),
  // No real sample: an exemption must be at or under its assignment's scope (assignmentScopeValidation Default).
  exemptionOutOfScope: entry<{ scope: string; assignment: string; assignmentScope: string }>({
    status: 400, code: "InvalidCreatePolicyExemptionRequest", envelope: "arm",
    message: (p) => `The policy exemption create request is invalid. The exemption scope '${p.scope}' is not within the scope '${p.assignmentScope}' of the policy assignment '${p.assignment}'.`,
  }),
  // Real prefix (Azure PowerShell's policy tests: "InvalidPolicyRule : Failed to parse policy rule: "); the reason is aksemu's.
  invalidPolicyRule: entry<{ reason: string }>({ status: 400, code: "InvalidPolicyRule", envelope: "arm", message: (p) => `Failed to parse policy rule: '${p.reason}'.` }),
  // No real sample: ARM accepts All, Indexed and resource provider modes (Microsoft.Kubernetes.Data, ...).
  invalidPolicyMode: entry<{ mode: string }>({ status: 400, code: "InvalidPolicyMode", envelope: "arm", message: (p) => `The policy definition mode '${p.mode}' is not supported. The supported modes are 'All', 'Indexed' and resource provider modes such as 'Microsoft.Kubernetes.Data'.` }),
  // No real sample: the parameter types of the spec's ParameterType.
  invalidParameterType: entry<{ name: string; type: string }>({
    status: 400, code: "InvalidPolicyParameterType", envelope: "arm",
    message: (p) => `The policy parameter '${p.name}' has an unsupported type '${p.type}'. The supported types are 'String, Array, Object, Boolean, Integer, Float, DateTime'.`,
  }),
  // Real (Azure/enterprise-azure-policy-as-code#729: "...is missing the parameter 'resourceName' as defined in the policy definition 'DenyAction-DeleteResources version 1.0.0'.").
  missingPolicyParameter: entry<{ assignment: string; parameters: readonly string[]; definition: string; version?: string }>({
    status: 400, code: "MissingPolicyParameter", envelope: "arm",
    message: (p) => `The policy assignment '${p.assignment}' is missing the ${p.parameters.length > 1 ? "parameter(s)" : "parameter"} '${p.parameters.join(",")}' as defined in the policy definition '${definitionName(p)}'.`,
  }),
  // Real (Azure/terraform-azurerm-caf-enterprise-scale#282, Status=400).
  undefinedPolicyParameter: entry<{ assignment: string; parameters: readonly string[]; definition: string; version?: string }>({
    status: 400, code: "UndefinedPolicyParameter", envelope: "arm",
    message: (p) => `The policy assignment '${p.assignment}' has the parameter(s) '${p.parameters.join(",")}' which are not defined in the policy definition '${definitionName(p)}'.`,
  }),
  // Real (Azure/Azure-Landing-Zones#442, 400): allowed values compare case-sensitively ('deny' is not 'Deny').
  parameterValueNotAllowed: entry<{ value: string; parameter: string; definition: string; version?: string; allowed: readonly unknown[] }>({
    status: 400, code: "PolicyParameterValueNotAllowed", envelope: "arm",
    message: (p) => `The value '${p.value}' is not allowed for policy parameter '${p.parameter}' in policy definition '${definitionName(p)}'. The allowed values are '${p.allowed.map(String).join(", ")}'.`,
  }),
  // No real sample: names follow the spec's pattern ^[^<>*%&:\?.+/]*[^<>*%&:\?.+/ ]+$.
  invalidName: entry<{ kind: string; name: string }>({ status: 400, code: "InvalidPolicyName", envelope: "arm", message: (p) => `The ${p.kind} name '${p.name}' is invalid. It cannot contain '<', '>', '*', '%', '&', ':', '\\', '?', '.', '+', '/' or end with a space.` }),
  // No real sample: the $filter forms the spec documents for each list.
  policyInvalidFilter: entry<{ filter: string; supported: string }>({ status: 400, code: "InvalidFilterInQueryString", envelope: "arm", message: (p) => `The filter '${p.filter}' is not supported. The supported filters are: ${p.supported}.` }),
  // No real sample: a $skipToken aksemu did not issue.
  policyInvalidSkipToken: entry<{ token: string }>({ status: 400, code: "InvalidSkipToken", envelope: "arm", message: (p) => `The skip token '${p.token}' is invalid.` }),
};
