// How AKS reports a resource it creates for the user that ARM's policy denied
// (RequestDisallowedByPolicy from the policy gate on another provider's step). Real texts
// (ERROR-TEXTS.md §6): the node resource group, MicrosoftDocs/azure-docs#99846 and the AKS TSG
// error-code-requestdisallowedbypolicy.md ("(ReconcileResourceGroupError) Resource request failed
// due to RequestDisallowedByPolicy. ... The detailed error message: Code="RequestDisallowedByPolicy"
// Message="Resource 'MC_...' was disallowed by policy. ..."; no sample shows what follows the
// message, so the quote closes there); a node resource (scale set, network), Azure/AKS#4308
// ("(RequestDisallowedByPolicy) Preflight validation check for resource(s) for container service
// <cluster> in resource group <MC_...> failed. Message: Resource '<name>-vmss' was disallowed by policy.").
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";

export const POLICY_DENIED = "RequestDisallowedByPolicy";

export function policyDeniedNodeResource(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const { step, error, op } = failed;
  if (step.provider === "Microsoft.Resources") {
    return { code: "ReconcileResourceGroupError", message: `Resource request failed due to RequestDisallowedByPolicy. Please see https://aka.ms/aks-requestdisallowedbypolicy for more details. The detailed error message: Code="RequestDisallowedByPolicy" Message="${error.message}"` };
  }
  const cluster = /\/managedClusters\/([^/]+)/i.exec(op.resourceId)?.[1] ?? "";
  // The node resource group in the caller's casing where the step carries its resource's id (a
  // scale set PUT's model), else as the step's target key has it.
  const action = step.action as { model?: { id?: unknown }; network?: { nodeResourceGroupId?: unknown }; nodeResourceGroupId?: unknown };
  const resource = action.model?.id ?? action.network?.nodeResourceGroupId ?? action.nodeResourceGroupId;
  const group = /\/resourceGroups\/([^/]+)/i.exec(typeof resource === "string" ? resource : (step.target ?? ""))?.[1] ?? "";
  return { code: POLICY_DENIED, message: `Preflight validation check for resource(s) for container service ${cluster} in resource group ${group} failed. Message: ${error.message}` };
}
