// RBAC's detector (providers/detector.ts): writes on the cluster or its pools that ARM refused
// because the caller's role assignments do not grant the action (AuthorizationFailed) or an action
// on a resource the write links to (LinkedAuthorizationFailed: joining the pool's subnet, reading
// the monitoring workspace's keys), read from the window's activity log: who, which action, which
// scope, and the role assignment that grants it. A later success of the same write by the same
// caller (the retry after the remedy) clears it.
import type { Detector, Finding } from "../../detector.js";
import { refusalEvidence, standingRefusals, type Refusal } from "../detector-facts.js";
import { builtInRoleNamed } from "./domain/definitions.js";

const DENIED = /^The client '([^']*)' with object id '([^']*)' does not have authorization to perform action '([^']*)' over scope '([^']*)'/;
const LINKED = /^The client '([^']*)' with object id '([^']*)' has permission to perform action '([^']*)' on scope '([^']*)'; however, it does not have permission to perform action '([^']*)' on the linked scope\(s\) '([^']*)'/;

/** The narrowest built-in role that grants an action, by its namespace (Network's and Log Analytics' are not among aksemu's built-ins). */
function roleFor(action: string): { role: string; emulated: string } {
  const a = action.toLowerCase();
  if (a.startsWith("microsoft.containerservice/")) return { role: "Azure Kubernetes Service Contributor Role", emulated: "Azure Kubernetes Service Contributor Role" };
  if (a.startsWith("microsoft.network/")) return { role: "Network Contributor", emulated: "Contributor" };
  if (a.startsWith("microsoft.operationalinsights/")) return { role: "Log Analytics Contributor", emulated: "Contributor" };
  return { role: "Contributor", emulated: "Contributor" };
}

type Denial = { objectId: string; action: string; scope: string; linked?: { action: string; scope: string } };

function denialOf(r: Refusal): Denial | undefined {
  const linked = LINKED.exec(r.error.message);
  if (linked) return { objectId: linked[2]!, action: linked[3]!, scope: linked[4]!, linked: { action: linked[5]!, scope: linked[6]! } };
  const denied = DENIED.exec(r.error.message);
  return denied ? { objectId: denied[2]!, action: denied[3]!, scope: denied[4]! } : undefined;
}

function finding(r: Refusal, d: Denial, subscriptionId: string): Finding {
  // What is missing: the linked action on the linked scope, or the action itself.
  const need = d.linked ?? { action: d.action, scope: d.scope };
  const { role, emulated } = roleFor(need.action);
  const guid = builtInRoleNamed(emulated).name;
  const body = JSON.stringify({ properties: { roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, principalId: d.objectId, principalType: "ServicePrincipal" } });
  return {
    status: "Critical",
    message: d.linked
      ? `The principal '${d.objectId}' may perform '${d.action}' but not '${d.linked.action}' on the linked scope '${d.linked.scope}': its writes are refused with LinkedAuthorizationFailed.`
      : `The principal '${d.objectId}' has no role assignment that grants '${d.action}' over '${d.scope}': its writes are refused with AuthorizationFailed.`,
    cause: {
      symptom: `${r.error.code} error`,
      text: "Customer imposed restrictions: Azure RBAC denies by default, and no role assignment of the caller, at the scope or above it, grants the action.",
    },
    remedy: {
      title: `Assign a role that grants ${need.action} over ${need.scope}, then retry`,
      text: `Assign the principal a role that includes the action at the scope (or above it), for example ${role}, then retry the refused write as that principal. A new assignment applies to the principal's next request.`,
      commands: [
        `az role assignment create --assignee-object-id ${d.objectId} --assignee-principal-type ServicePrincipal --role "${role}" --scope ${need.scope}`,
        `az rest --method put --url https://management.azure.com${need.scope}/providers/Microsoft.Authorization/roleAssignments/<new GUID>?api-version=2022-04-01 --body '${body}'   (the same with ${emulated}: Debian's az 2.45 crashes in az role assignment create)`,
      ],
    },
    evidence: [
      ["Principal (object id)", d.objectId],
      ["Action", d.action],
      ["Scope", d.scope],
      ...(d.linked ? ([["Linked action", d.linked.action], ["Linked scope", d.linked.scope]] as [string, string][]) : []),
      ...refusalEvidence(r),
    ],
  };
}

export const RBAC_DETECTORS: readonly Detector[] = [
  {
    id: "authorization-failed",
    name: "Access Denied: Missing Role Assignment",
    category: "Cluster Issues",
    description: "Checks for writes on the cluster or its pools that Azure RBAC refused (AuthorizationFailed, LinkedAuthorizationFailed): the principal, the action and the scope it lacks, and the role assignment that grants it.",
    rank: 80,
    healthy: "No write on the cluster was refused by Azure RBAC.",
    evaluate(input) {
      return standingRefusals(input, ["AuthorizationFailed", "LinkedAuthorizationFailed"], true).flatMap((r) => {
        const d = denialOf(r);
        return d ? [finding(r, d, input.subscription.id)] : [];
      });
    },
  },
];
