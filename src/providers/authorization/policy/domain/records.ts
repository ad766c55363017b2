// Azure Policy's stored shapes: definitions (custom ones at a subscription; built-ins are data),
// assignments and exemptions at a subscription or resource group scope. One subscription's policy
// lives in one document, so ARM's gate reads one key per write and none at all for reads.

export const NAMESPACE = "Microsoft.Authorization";
export const DEFINITION_TYPE = "Microsoft.Authorization/policyDefinitions";
export const ASSIGNMENT_TYPE = "Microsoft.Authorization/policyAssignments";
export const EXEMPTION_TYPE = "Microsoft.Authorization/policyExemptions";

export type Json = Record<string, unknown>;

/** A definition's parameter, as its `parameters` declare it (type normalized: "array" is "Array"). */
export type ParameterDefinition = { type: string; allowedValues?: unknown[]; defaultValue?: unknown; metadata?: Json; schema?: unknown };

export type PolicyRule = { if: Json; then: Json };

export type DefinitionProperties = {
  displayName?: string;
  policyType: "BuiltIn" | "Custom";
  /** All, Indexed (the default), or a resource provider mode (Microsoft.Kubernetes.Data) ARM does not evaluate. */
  mode: string;
  description?: string;
  metadata?: Json;
  version?: string;
  parameters?: Record<string, ParameterDefinition>;
  policyRule: PolicyRule;
  versions?: string[];
};

export type PolicyDefinition = { id: string; name: string; properties: DefinitionProperties };

export type EnforcementMode = "Default" | "DoNotEnforce" | "Enroll";

export type AssignmentProperties = {
  displayName?: string;
  policyDefinitionId: string;
  /** The ARM id of the scope, in the caller's casing. */
  scope: string;
  notScopes: string[];
  parameters: Record<string, { value: unknown }>;
  description?: string;
  metadata: Json;
  enforcementMode: EnforcementMode;
  nonComplianceMessages?: { message: string; policyDefinitionReferenceId?: string }[];
  instanceId: string;
  resourceSelectors?: unknown[];
  overrides?: unknown[];
};

export type PolicyAssignment = { id: string; name: string; location?: string; identity?: Json; properties: AssignmentProperties };

export type ExemptionCategory = "Waiver" | "Mitigated";

export type ExemptionProperties = {
  policyAssignmentId: string;
  policyDefinitionReferenceIds: string[];
  exemptionCategory: ExemptionCategory;
  /** ISO 8601, as given; past it the exemption no longer applies. */
  expiresOn?: string;
  displayName?: string;
  description?: string;
  metadata?: Json;
  assignmentScopeValidation?: string;
  resourceSelectors?: unknown[];
};

export type SystemData = { createdBy: string; createdByType: string; createdAt: string; lastModifiedBy: string; lastModifiedByType: string; lastModifiedAt: string };

export type PolicyExemption = { id: string; name: string; scope: string; properties: ExemptionProperties; systemData: SystemData };

/** One subscription's policy: custom definitions by lower-cased name, assignments and exemptions by lower-cased id. */
export type PolicyState = {
  kind: "policyState";
  subscriptionId: string;
  definitions: Record<string, PolicyDefinition>;
  assignments: Record<string, PolicyAssignment>;
  exemptions: Record<string, PolicyExemption>;
};

export const policyStateKey = (subscriptionId: string) => `policy:/subscriptions/${subscriptionId}`.toLowerCase();

export const emptyState = (subscriptionId: string): PolicyState => ({ kind: "policyState", subscriptionId, definitions: {}, assignments: {}, exemptions: {} });

/** The caller who made a change, as ARM records it. */
export type Actor = { objectId: string; at: number };

export const isoTime = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "0000Z");

export const builtInDefinitionId = (name: string) => `/providers/${DEFINITION_TYPE}/${name}`;
export const customDefinitionId = (sub: string, name: string) => `/subscriptions/${sub}/providers/${DEFINITION_TYPE}/${name}`;
