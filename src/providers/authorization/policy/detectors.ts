// Policy's detector (providers/detector.ts): an operation that failed because ARM's policy gate
// denied a resource AKS writes for the cluster (RequestDisallowedByPolicy, or the node resource
// group's ReconcileResourceGroupError), or a write on the cluster denied at the gate: the
// assignments and definitions that deny it (from the error's policy identifiers, else those that
// apply where it was denied), and seed 002's remedy, "modify or exclude the policy": an exemption,
// notScopes or enforcementMode DoNotEnforce, then reconcile.
import { currentFailures, errorCodes, operationEvidence, reconcileCommand, type Detector, type DetectorInput, type Finding } from "../../detector.js";
import { messagesOf, refusalEvidence, standingRefusals } from "../detector-facts.js";
import { isUnder } from "./domain/enforce.js";
import type { PolicyAssignment, PolicyState } from "./domain/records.js";
import { readState } from "./repository.js";

const SEED = { symptom: "RequestDisallowedByPolicy error", text: "This error indicates that the operation is blocked by a policy applied to the subscription or resource group." };
const DENIED = "RequestDisallowedByPolicy";

type Named = { assignment: { name: string; id: string }; definition?: { name: string; id: string } };

/** The policy identifiers ARM's message carries ("Policy identifiers: '[...]'."), if any. */
function identifiers(messages: readonly string[]): Named[] {
  for (const m of messages) {
    const json = /Policy identifiers: '(\[.*\])'/.exec(m)?.[1];
    if (!json) continue;
    try {
      return (JSON.parse(json) as { policyAssignment: { name: string; id: string }; policyDefinition: { name: string; id: string } }[]).map((x) => ({ assignment: x.policyAssignment, definition: x.policyDefinition }));
    } catch {
      continue;
    }
  }
  return [];
}

/** Whether `a` still denies at `scope` at `now`: enforced, not under its notScopes, not exempted there. */
function stillDenies(state: PolicyState, a: PolicyAssignment, scope: string, now: number): boolean {
  if (a.properties.enforcementMode !== "Default" || !isUnder(scope, a.properties.scope)) return false;
  if (a.properties.notScopes.some((n) => isUnder(scope, n))) return false;
  return !Object.values(state.exemptions).some((e) => e.properties.policyAssignmentId.toLowerCase() === a.id.toLowerCase() && isUnder(scope, e.scope) && (e.properties.expiresOn === undefined || Date.parse(e.properties.expiresOn) > now));
}

function finding(input: DetectorInput, messages: readonly string[], what: string, retry: readonly string[], rows: [string, string][]): Finding {
  const c = input.cluster;
  const state = readState(input.read, c.subscriptionId);
  const nodeGroup = `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}`;
  // Where it was denied: AKS's resources live in the node resource group; a gate refusal is the cluster's.
  const scope = messages.some((m) => m.toLowerCase().includes(c.nodeResourceGroup.toLowerCase())) ? nodeGroup : c.id;
  const named = identifiers(messages);
  const found = named.length > 0 ? named : Object.values(state?.assignments ?? {}).filter((a) => state && stillDenies(state, a, scope, input.now)).map((a) => ({ assignment: { name: a.name, id: a.id }, definition: { name: a.properties.policyDefinitionId.split("/").pop()!, id: a.properties.policyDefinitionId } }));
  const assignments = found.map((n) => ({ named: n, record: state?.assignments[n.assignment.id.toLowerCase()] }));
  const denying = assignments.filter((a) => a.record && state && stillDenies(state, a.record, scope, input.now));
  const rowsOf = assignments.flatMap((a): [string, string][] => [
    ["Policy assignment", a.named.assignment.id],
    ...(a.record ? ([["Assignment name", a.record.name], ["Assignment scope", a.record.properties.scope], ["Enforcement mode", a.record.properties.enforcementMode]] as [string, string][]) : [["Assignment now", "deleted"]] as [string, string][]),
    ...(a.named.definition ? ([["Policy definition", `${a.named.definition.name} (${a.named.definition.id})`]] as [string, string][]) : []),
  ]);
  // An exemption needs its scope to exist: a node resource group not made yet is exempted through the assignment's own scope.
  const exists = input.read.get("resources", scope.toLowerCase()) !== undefined;
  const commands = denying.flatMap(({ record: a }) => [
    `az policy exemption create --name <exemption> --policy-assignment ${a!.id} --exemption-category Waiver --scope ${exists ? scope : a!.properties.scope}`,
    `az policy assignment update --name ${a!.name} --scope ${a!.properties.scope} --not-scopes ${scope}`,
    `az policy assignment update --name ${a!.name} --scope ${a!.properties.scope} --enforcement-mode DoNotEnforce`,
  ]);
  const names = found.map((n) => `'${n.assignment.name}'${n.definition ? ` (definition '${n.definition.name}')` : ""}`).join(", ");
  return {
    status: denying.length > 0 ? "Critical" : "Warning",
    message:
      denying.length > 0
        ? `${what} is denied by Azure Policy: assignment ${names} at ${scope}.`
        : `${what} was denied by Azure Policy${names ? ` (assignment ${names})` : ""}, which no longer denies at ${scope}: retry or reconcile.`,
    cause: SEED,
    remedy: {
      title: "Exempt the scope, exclude it (notScopes) or stop enforcing the assignment, then reconcile",
      text: "Review the policy details and policy assignment scopes. To allow the operation, modify or exclude the policy: an exemption of the denied scope, the scope in the assignment's notScopes, or enforcementMode DoNotEnforce; then retry the operation or reconcile the cluster.",
      commands: [...commands, ...retry],
    },
    evidence: [["Denied at", scope], ...rowsOf, ...rows],
  };
}

const isDenied = (codes: readonly string[], messages: readonly string[]) => codes.includes(DENIED) || messages.some((m) => m.includes(`Code="${DENIED}"`));

export const POLICY_DETECTORS: readonly Detector[] = [
  {
    id: "policy-denied",
    name: "Azure Policy: Request Disallowed",
    category: "Cluster Issues",
    description: "Checks for operations and writes denied by an Azure Policy assignment (RequestDisallowedByPolicy, the node resource group's ReconcileResourceGroupError): the assignments and definitions, and how to exempt or exclude the scope (seed 002).",
    rank: 75,
    healthy: "No operation or write on the cluster was denied by Azure Policy.",
    evaluate(input) {
      const c = input.cluster;
      const failed = currentFailures(input)
        .filter((f) => isDenied(errorCodes(f.error), messagesOf(f.error)))
        .map((f) => finding(input, messagesOf(f.error), `${f.op.operationType} of ${f.subjects.join(", ")}`, [reconcileCommand(c.id)], operationEvidence(f.op, f.error)));
      const refused = standingRefusals(input, [DENIED]).map((r) => finding(input, messagesOf(r.error), `The write ${r.event.operation} on ${r.event.resourceId}`, [], refusalEvidence(r)));
      return [...failed, ...refused];
    },
  },
];
