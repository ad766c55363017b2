// Writes of policy definitions, assignments and exemptions, decided from their bodies: the record
// to store, or a refusal naming the catalog entry (errors.ts) that explains why. Pure.
import { refusalsOf, type Refusal } from "../../../../arm/catalog.js";
import type { POLICY_ERRORS } from "../errors.js";
import { isUnder } from "./enforce.js";
import { ruleProblem } from "./evaluate.js";
import {
  DEFINITION_TYPE,
  isoTime,
  type Actor,
  type AssignmentProperties,
  type EnforcementMode,
  type ExemptionCategory,
  type Json,
  type ParameterDefinition,
  type PolicyAssignment,
  type PolicyDefinition,
  type PolicyExemption,
  type PolicyRule,
} from "./records.js";

/** A refusal of this part's catalog, or a body that is not what the spec describes (the front door's invalidJson). */
export type PolicyRefusal = Refusal<typeof POLICY_ERRORS> | BadContent;
export type BadContent = { refused: "badContent"; detail: string };
const refuse = refusalsOf<typeof POLICY_ERRORS>();
const badContent = (detail: string): BadContent => ({ refused: "badContent", detail });

const isJson = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (v: unknown) => (typeof v === "string" ? v : undefined);

// The spec's name pattern for definitions, assignments and exemptions: ^[^<>*%&:\?.+/]*[^<>*%&:\?.+/ ]+$
const NAME = /^[^<>*%&:\\?.+/]*[^<>*%&:\\?.+/ ]+$/;

const PARAMETER_TYPES = ["String", "Array", "Object", "Boolean", "Integer", "Float", "DateTime"];

/** The metadata ARM keeps on a definition or assignment: the caller's, plus who created and last updated it. */
function stamped(given: unknown, existing: Json | undefined, actor: Actor): Json {
  const user = isJson(given) ? Object.fromEntries(Object.entries(given).filter(([k]) => !["createdby", "createdon", "updatedby", "updatedon"].includes(k.toLowerCase()))) : {};
  if (!existing) return { ...user, createdBy: actor.objectId, createdOn: isoTime(actor.at), updatedBy: null, updatedOn: null };
  return { ...user, createdBy: existing["createdBy"], createdOn: existing["createdOn"], updatedBy: actor.objectId, updatedOn: isoTime(actor.at) };
}

function mode(raw: unknown): string | PolicyRefusal {
  if (raw === undefined || raw === null) return "Indexed";
  const m = String(raw);
  if (m.toLowerCase() === "all") return "All";
  if (m.toLowerCase() === "indexed") return "Indexed";
  if (/^Microsoft\.[A-Za-z]+\.Data$/i.test(m)) return m;
  return refuse("invalidPolicyMode", { mode: m });
}

function parameterDefinitions(raw: unknown): { parameters?: Record<string, ParameterDefinition> } | PolicyRefusal {
  if (raw === undefined || raw === null) return {};
  if (!isJson(raw)) return badContent("The property 'parameters' must be an object.");
  const out: Record<string, ParameterDefinition> = {};
  for (const [name, p] of Object.entries(raw)) {
    if (!isJson(p)) return badContent(`The parameter '${name}' must be an object.`);
    const type = PARAMETER_TYPES.find((t) => t.toLowerCase() === String(p["type"]).toLowerCase());
    if (!type) return refuse("invalidParameterType", { name, type: String(p["type"] ?? "") });
    out[name] = { ...p, type } as ParameterDefinition;
  }
  return { parameters: out };
}

export function decideDefinitionPut(i: { subscriptionId: string; name: string; body: unknown; existing: PolicyDefinition | undefined; actor: Actor }): PolicyDefinition | PolicyRefusal {
  if (!NAME.test(i.name)) return refuse("invalidName", { kind: "policy definition", name: i.name });
  const props = isJson(i.body) ? i.body["properties"] : undefined;
  if (!isJson(props)) return badContent("Required property 'properties' not found in JSON.");
  if (props["policyRule"] === undefined || props["policyRule"] === null) return refuse("invalidPolicyRule", { reason: "The policy rule is missing." });
  const m = mode(props["mode"]);
  if (typeof m !== "string") return m;
  const declared = parameterDefinitions(props["parameters"]);
  if ("refused" in declared) return declared;
  const parameters = declared.parameters;
  const problem = ruleProblem(props["policyRule"], Object.keys(parameters ?? {}));
  if (problem) return refuse("invalidPolicyRule", { reason: problem });
  const displayName = optString(props["displayName"]);
  const description = optString(props["description"]);
  return {
    id: `/subscriptions/${i.subscriptionId}/providers/${DEFINITION_TYPE}/${i.name}`,
    name: i.name,
    properties: {
      ...(displayName !== undefined ? { displayName } : {}),
      policyType: "Custom",
      mode: m,
      ...(description !== undefined ? { description } : {}),
      metadata: stamped(props["metadata"], i.existing?.properties.metadata, i.actor),
      ...(parameters ? { parameters } : {}),
      policyRule: props["policyRule"] as PolicyRule,
    },
  };
}

const ENFORCEMENT: readonly EnforcementMode[] = ["Default", "DoNotEnforce", "Enroll"];

/** The assignment's parameter values checked against its definition's parameters. */
function checkParameters(name: string, definition: PolicyDefinition, given: Record<string, { value: unknown }>): PolicyRefusal | undefined {
  const declared = definition.properties.parameters ?? {};
  const find = (n: string) => Object.keys(declared).find((k) => k.toLowerCase() === n.toLowerCase());
  const version = definition.properties.version;
  const named = { assignment: name, definition: definition.name, ...(version ? { version } : {}) };
  const undefinedOnes = Object.keys(given).filter((n) => find(n) === undefined);
  if (undefinedOnes.length > 0) return refuse("undefinedPolicyParameter", { ...named, parameters: undefinedOnes });
  const missing = Object.entries(declared).filter(([n, p]) => p.defaultValue === undefined && !Object.keys(given).some((g) => g.toLowerCase() === n.toLowerCase())).map(([n]) => n);
  if (missing.length > 0) return refuse("missingPolicyParameter", { ...named, parameters: missing });
  for (const [n, { value }] of Object.entries(given)) {
    const allowed = declared[find(n)!]!.allowedValues;
    if (!allowed) continue;
    const values = Array.isArray(value) && !allowed.some(Array.isArray) ? value : [value];
    const bad = values.find((v) => !allowed.some((a) => JSON.stringify(a) === JSON.stringify(v)));
    if (bad !== undefined) return refuse("parameterValueNotAllowed", { value: typeof bad === "string" ? bad : JSON.stringify(bad), parameter: find(n)!, definition: definition.name, ...(version ? { version } : {}), allowed });
  }
  return undefined;
}

export function decideAssignmentPut(i: {
  scope: string;
  name: string;
  body: unknown;
  existing: PolicyAssignment | undefined;
  definition: (id: string) => PolicyDefinition | undefined;
  actor: Actor;
  instanceId: string;
}): PolicyAssignment | PolicyRefusal {
  if (!NAME.test(i.name)) return refuse("invalidName", { kind: "policy assignment", name: i.name });
  const props = isJson(i.body) ? i.body["properties"] : undefined;
  if (!isJson(props)) return badContent("Required property 'properties' not found in JSON.");
  const definitionId = props["policyDefinitionId"];
  if (typeof definitionId !== "string" || definitionId.trim() === "") return badContent("Required property 'policyDefinitionId' not found in JSON.");
  if (/\/policySetDefinitions\//i.test(definitionId)) return refuse("assignmentSetDefinitionNotFound", { id: definitionId });
  const definition = i.definition(definitionId);
  if (!definition) return refuse("assignmentDefinitionNotFound", { id: definitionId });
  const rawParams = props["parameters"] ?? {};
  if (!isJson(rawParams) || !Object.values(rawParams).every((v) => isJson(v) && "value" in v)) return badContent("The property 'parameters' must map each parameter name to an object with a 'value'.");
  const parameters = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, { value: (v as Json)["value"] }]));
  const paramProblem = checkParameters(i.name, definition, parameters);
  if (paramProblem) return paramProblem;
  const rawMode = props["enforcementMode"];
  const enforcementMode = rawMode === undefined || rawMode === null ? "Default" : ENFORCEMENT.find((e) => e.toLowerCase() === String(rawMode).toLowerCase());
  if (!enforcementMode) return badContent(`The enforcement mode '${String(rawMode)}' is not one of 'Default', 'DoNotEnforce'.`);
  const notScopes = props["notScopes"] ?? [];
  if (!Array.isArray(notScopes) || !notScopes.every((s) => typeof s === "string")) return badContent("The property 'notScopes' must be an array of scopes.");
  const messages = props["nonComplianceMessages"];
  if (messages !== undefined && messages !== null && (!Array.isArray(messages) || !messages.every((m) => isJson(m) && typeof m["message"] === "string"))) {
    return badContent("Each of 'nonComplianceMessages' must have a 'message'.");
  }
  const displayName = optString(props["displayName"]);
  const description = optString(props["description"]);
  const body = i.body as Json;
  const properties: AssignmentProperties = {
    ...(displayName !== undefined ? { displayName } : {}),
    policyDefinitionId: definitionId,
    scope: i.scope,
    notScopes: notScopes as string[],
    parameters,
    ...(description !== undefined ? { description } : {}),
    metadata: stamped(props["metadata"], i.existing?.properties.metadata, i.actor),
    enforcementMode,
    ...(Array.isArray(messages) ? { nonComplianceMessages: (messages as Json[]).map((m) => ({ message: String(m["message"]), ...(typeof m["policyDefinitionReferenceId"] === "string" ? { policyDefinitionReferenceId: m["policyDefinitionReferenceId"] } : {}) })) } : {}),
    instanceId: i.existing?.properties.instanceId ?? i.instanceId,
    ...(Array.isArray(props["resourceSelectors"]) ? { resourceSelectors: props["resourceSelectors"] } : {}),
    ...(Array.isArray(props["overrides"]) ? { overrides: props["overrides"] } : {}),
  };
  return {
    id: `${i.scope}/providers/Microsoft.Authorization/policyAssignments/${i.name}`,
    name: i.name,
    ...(typeof body["location"] === "string" ? { location: body["location"] } : {}),
    ...(isJson(body["identity"]) ? { identity: body["identity"] } : {}),
    properties,
  };
}

/** PolicyAssignments_Update: the managed identity, location, resource selectors and overrides only. */
export function decideAssignmentPatch(existing: PolicyAssignment, body: unknown): PolicyAssignment | PolicyRefusal {
  if (!isJson(body)) return badContent("The request body must be a JSON object.");
  const props = isJson(body["properties"]) ? body["properties"] : {};
  return {
    ...existing,
    ...(typeof body["location"] === "string" ? { location: body["location"] } : {}),
    ...(isJson(body["identity"]) ? { identity: body["identity"] } : {}),
    properties: {
      ...existing.properties,
      ...(Array.isArray(props["resourceSelectors"]) ? { resourceSelectors: props["resourceSelectors"] } : {}),
      ...(Array.isArray(props["overrides"]) ? { overrides: props["overrides"] } : {}),
    },
  };
}

const CATEGORIES: readonly ExemptionCategory[] = ["Waiver", "Mitigated"];

export function decideExemptionPut(i: { scope: string; name: string; body: unknown; existing: PolicyExemption | undefined; assignment: (id: string) => PolicyAssignment | undefined; actor: Actor }): PolicyExemption | PolicyRefusal {
  if (!NAME.test(i.name)) return refuse("invalidName", { kind: "policy exemption", name: i.name });
  const props = isJson(i.body) ? i.body["properties"] : undefined;
  if (!isJson(props)) return badContent("Required property 'properties' not found in JSON.");
  const assignmentId = props["policyAssignmentId"];
  if (typeof assignmentId !== "string" || assignmentId.trim() === "") return badContent("Required property 'policyAssignmentId' not found in JSON.");
  const category = CATEGORIES.find((c) => c.toLowerCase() === String(props["exemptionCategory"] ?? "").toLowerCase());
  if (!category) return badContent(`The exemption category '${String(props["exemptionCategory"] ?? "")}' is not one of 'Waiver', 'Mitigated'.`);
  const assignment = i.assignment(assignmentId);
  if (!assignment) return refuse("exemptionAssignmentNotFound", { id: assignmentId });
  const validation = optString(props["assignmentScopeValidation"]);
  if (validation?.toLowerCase() !== "donotvalidate" && !isUnder(i.scope, assignment.properties.scope)) {
    return refuse("exemptionOutOfScope", { scope: i.scope, assignment: assignment.id, assignmentScope: assignment.properties.scope });
  }
  const expiresOn = props["expiresOn"];
  if (expiresOn !== undefined && expiresOn !== null && (typeof expiresOn !== "string" || Number.isNaN(Date.parse(expiresOn)))) return badContent(`The value '${String(expiresOn)}' of 'expiresOn' is not a date and time.`);
  const refs = props["policyDefinitionReferenceIds"] ?? [];
  if (!Array.isArray(refs) || !refs.every((r) => typeof r === "string")) return badContent("The property 'policyDefinitionReferenceIds' must be an array of strings.");
  const displayName = optString(props["displayName"]);
  const description = optString(props["description"]);
  const at = isoTime(i.actor.at);
  return {
    id: `${i.scope}/providers/Microsoft.Authorization/policyExemptions/${i.name}`,
    name: i.name,
    scope: i.scope,
    properties: {
      policyAssignmentId: assignmentId,
      policyDefinitionReferenceIds: refs as string[],
      exemptionCategory: category,
      ...(typeof expiresOn === "string" ? { expiresOn } : {}),
      ...(displayName !== undefined ? { displayName } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(isJson(props["metadata"]) ? { metadata: props["metadata"] } : {}),
      ...(validation !== undefined ? { assignmentScopeValidation: validation } : {}),
      ...(Array.isArray(props["resourceSelectors"]) ? { resourceSelectors: props["resourceSelectors"] } : {}),
    },
    systemData: {
      createdBy: i.existing?.systemData.createdBy ?? i.actor.objectId,
      createdByType: "Application",
      createdAt: i.existing?.systemData.createdAt ?? at,
      lastModifiedBy: i.actor.objectId,
      lastModifiedByType: "Application",
      lastModifiedAt: at,
    },
  };
}
