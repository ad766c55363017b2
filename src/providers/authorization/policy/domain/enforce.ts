// Which policy assignments deny a resource write, and how ARM says so. An assignment applies to
// a resource at or under its scope and not under one of its notScopes; DoNotEnforce and an
// unexpired exemption of the resource's scope (Waiver or Mitigated) take it out; its definition's
// mode chooses what it sees (Indexed: only resources with a location, never resource groups); its
// rule's effect must be deny (audit, disabled and the rest are accepted, not enforced).
import type { PolicyView } from "../../../provider.js";
import { evaluateRule, type EvaluatedExpression } from "./evaluate.js";
import type { Json, PolicyAssignment, PolicyDefinition, PolicyExemption, PolicyState } from "./records.js";

export type Violation = { assignment: PolicyAssignment; definition: PolicyDefinition; parameters: Record<string, unknown>; expressions: EvaluatedExpression[] };

/** `id` is `scope` or under it (ARM ids compare case-insensitively). */
export function isUnder(id: string, scope: string): boolean {
  const a = id.toLowerCase().replace(/\/+$/, "");
  const s = scope.toLowerCase().replace(/\/+$/, "");
  return a === s || a.startsWith(`${s}/`);
}

const GROUP_TYPE = "microsoft.resources/subscriptions/resourcegroups";
const SUBSCRIPTION_TYPE = "microsoft.resources/subscriptions";

/** Whether a definition of `mode` evaluates `view`: All sees everything ARM writes, Indexed only what has a location. */
export function modeCovers(mode: string, view: PolicyView): boolean {
  const m = mode.toLowerCase();
  const type = view.type.toLowerCase();
  if (m === "all") return true;
  if (m === "indexed") return type !== GROUP_TYPE && type !== SUBSCRIPTION_TYPE && view.location !== undefined;
  // Resource provider modes (Microsoft.Kubernetes.Data, ...) are evaluated by their provider, not at ARM's gate.
  return false;
}

/** The assignment's parameter values: what it sets, else the definition's defaults. */
export function parameterValues(definition: PolicyDefinition, assignment: PolicyAssignment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(definition.properties.parameters ?? {})) {
    const given = Object.entries(assignment.properties.parameters).find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (given) out[name] = given[1].value;
    else if (p.defaultValue !== undefined) out[name] = p.defaultValue;
  }
  return out;
}

const isExempt = (exemptions: readonly PolicyExemption[], assignment: PolicyAssignment, resourceId: string, now: number) =>
  exemptions.some((e) => e.properties.policyAssignmentId.toLowerCase() === assignment.id.toLowerCase() && isUnder(resourceId, e.scope) && (e.properties.expiresOn === undefined || Date.parse(e.properties.expiresOn) > now));

/**
 * The assignments of `state` that deny writing `view` at `now`. `definition` finds an assignment's
 * definition by id (built-in or custom, of any subscription); one not found denies nothing.
 */
export function denials(input: { state: PolicyState; view: PolicyView; now: number; definition: (id: string) => PolicyDefinition | undefined }): Violation[] {
  const { state, view, now } = input;
  const exemptions = Object.values(state.exemptions);
  const out: Violation[] = [];
  for (const assignment of Object.values(state.assignments)) {
    const p = assignment.properties;
    if (p.enforcementMode !== "Default") continue;
    if (!isUnder(view.id, p.scope) || p.notScopes.some((n) => isUnder(view.id, n))) continue;
    if (isExempt(exemptions, assignment, view.id, now)) continue;
    const definition = input.definition(p.policyDefinitionId);
    if (!definition || !modeCovers(definition.properties.mode, view)) continue;
    const parameters = parameterValues(definition, assignment);
    const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(view.id);
    const outcome = evaluateRule(definition.properties.policyRule, { view, parameters, subscriptionId: state.subscriptionId, ...(rg ? { resourceGroup: rg[1]! } : {}) });
    // A rule that cannot be evaluated for this resource (a parameter with no value) denies nothing.
    if ("error" in outcome || !outcome.matched || outcome.effect?.toLowerCase() !== "deny") continue;
    out.push({ assignment, definition, parameters, expressions: outcome.expressions });
  }
  return out;
}

/** How ARM's messages name an assignment or definition: its display name, else its name (the id's last segment). */
const shownName = (r: { name: string; properties: { displayName?: string } }) => r.properties.displayName || r.name;

/**
 * RequestDisallowedByPolicy's message. Real forms: "Resource 'X' was disallowed by policy. Policy
 * identifiers: '[{"policyAssignment":{"name":..,"id":..},"policyDefinition":{"name":..,"id":..[,"version"]}}]'."
 * (azure-cli#8058, the AKS TSG; names are display names), and, when the assignments carry
 * non-compliance messages, "Resource 'X' was disallowed by policy. Reasons: '<message>'. See error
 * details for policy resource IDs." (karpenter-provider-azure#794). Several reasons are joined with
 * ", " (no real sample of more than one).
 */
export function disallowedMessage(resource: string, violations: readonly Violation[]): string {
  const reasons = violations.flatMap((v) => v.assignment.properties.nonComplianceMessages?.filter((m) => m.policyDefinitionReferenceId === undefined).map((m) => m.message) ?? []);
  if (reasons.length > 0) return `Resource '${resource}' was disallowed by policy. Reasons: ${reasons.map((r) => `'${r}'`).join(", ")}. See error details for policy resource IDs.`;
  const identifiers = violations.map((v) => ({
    policyAssignment: { name: shownName(v.assignment), id: v.assignment.id },
    policyDefinition: { name: shownName(v.definition), id: v.definition.id, ...(v.definition.properties.version ? { version: v.definition.properties.version } : {}) },
  }));
  return `Resource '${resource}' was disallowed by policy. Policy identifiers: '${JSON.stringify(identifiers)}'.`;
}

/** One `additionalInfo` entry, ERROR-TEXTS.md §6's PolicyViolation (the Azure Automation sample's field order). */
export function policyViolation(v: Violation): Json {
  const a = v.assignment;
  return {
    type: "PolicyViolation",
    info: {
      policyDefinitionDisplayName: shownName(v.definition),
      evaluationDetails: { evaluatedExpressions: v.expressions },
      policyDefinitionId: v.definition.id,
      policyDefinitionName: v.definition.name,
      policyDefinitionEffect: "Deny",
      policyAssignmentId: a.id,
      policyAssignmentName: a.name,
      policyAssignmentDisplayName: shownName(a),
      policyAssignmentScope: a.properties.scope,
      policyAssignmentParameters: a.properties.parameters,
    },
  };
}
