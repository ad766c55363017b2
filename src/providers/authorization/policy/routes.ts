// Azure Policy's route table. Assignments and exemptions are extension resources at a
// subscription, a group or a resource (routes are fixed-length: one pattern per depth; the list at
// each depth is the list at that scope). Definitions: custom ones at a subscription, built-ins at
// the tenant (`/providers/...`), both listed at a subscription.
import type { Handler } from "../../../arm/http.js";
import type { Route } from "../../../arm/router.js";
import { versionsOf, type ProviderDeps } from "../../provider.js";
import type { AuthorizationPart } from "../part.js";
import { policyHandlers } from "./handlers.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const RES = `${RG}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}`;
const AUTH = "/providers/Microsoft.Authorization";

type PolicyType = "policyDefinitions" | "policyAssignments" | "policyExemptions";

export function policyRoutes(deps: ProviderDeps, policy: Parameters<AuthorizationPart["routes"]>[1]): Route[] {
  const h = policyHandlers(deps);
  const r = (method: string, pattern: string, type: PolicyType, handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf(policy, type), handler });
  const definition = `${AUTH}/policyDefinitions/{policyDefinitionName}`;
  const assignment = `${AUTH}/policyAssignments/{policyAssignmentName}`;
  const exemption = `${AUTH}/policyExemptions/{policyExemptionName}`;
  return [
    r("GET", `${SUB}${AUTH}/policyDefinitions`, "policyDefinitions", h.listDefinitions),
    r("GET", `${SUB}${definition}`, "policyDefinitions", h.getDefinition),
    r("PUT", `${SUB}${definition}`, "policyDefinitions", h.putDefinition),
    r("DELETE", `${SUB}${definition}`, "policyDefinitions", h.deleteDefinition),
    r("GET", `${AUTH}/policyDefinitions`, "policyDefinitions", h.listBuiltIn),
    r("GET", definition, "policyDefinitions", h.getBuiltIn),
    ...[SUB, RG, RES].flatMap((scope) => [
      r("GET", `${scope}${AUTH}/policyAssignments`, "policyAssignments", h.listAssignments),
      r("GET", `${scope}${assignment}`, "policyAssignments", h.getAssignment),
      r("PUT", `${scope}${assignment}`, "policyAssignments", h.putAssignment),
      r("PATCH", `${scope}${assignment}`, "policyAssignments", h.patchAssignment),
      r("DELETE", `${scope}${assignment}`, "policyAssignments", h.deleteAssignment),
      r("GET", `${scope}${AUTH}/policyExemptions`, "policyExemptions", h.listExemptions),
      r("GET", `${scope}${exemption}`, "policyExemptions", h.getExemption),
      r("PUT", `${scope}${exemption}`, "policyExemptions", h.putExemption),
      r("DELETE", `${scope}${exemption}`, "policyExemptions", h.deleteExemption),
    ]),
  ];
}
