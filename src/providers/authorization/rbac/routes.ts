// RBAC's route table. Role assignments and definitions are extension resources: `{scope}` is a
// subscription, a group, a resource or a child resource, and routes are fixed-length, so each
// operation has one pattern per depth (the lists for a subscription, a group and a resource are
// the list at that scope). Role definitions can also be read at the tenant (`/providers/...`).
import type { Handler } from "../../../arm/http.js";
import type { Route } from "../../../arm/router.js";
import { versionsOf, type ProviderDeps } from "../../provider.js";
import type { AuthorizationPart } from "../part.js";
import { assignmentHandlers } from "./assignment-handlers.js";
import { definitionHandlers } from "./definition-handlers.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const RES = `${RG}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}`;
const CHILD = `${RES}/{childResourceType}/{childResourceName}`;
const SCOPES = [SUB, RG, RES, CHILD] as const;
const AUTH = "/providers/Microsoft.Authorization";

export function rbacRoutes(deps: ProviderDeps, policy: Parameters<AuthorizationPart["routes"]>[1]): Route[] {
  const a = assignmentHandlers(deps);
  const d = definitionHandlers(deps);
  const r = (method: string, pattern: string, type: "roleAssignments" | "roleDefinitions", handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf(policy, type), handler });
  const assignment = `${AUTH}/roleAssignments/{roleAssignmentName}`;
  const definition = `${AUTH}/roleDefinitions/{roleDefinitionId}`;
  return [
    ...SCOPES.flatMap((scope) => [
      r("GET", `${scope}${AUTH}/roleAssignments`, "roleAssignments", a.list),
      r("GET", `${scope}${assignment}`, "roleAssignments", a.get),
      r("PUT", `${scope}${assignment}`, "roleAssignments", a.put),
      r("DELETE", `${scope}${assignment}`, "roleAssignments", a.remove),
      r("GET", `${scope}${AUTH}/roleDefinitions`, "roleDefinitions", d.list),
      r("GET", `${scope}${definition}`, "roleDefinitions", d.get),
      r("PUT", `${scope}${definition}`, "roleDefinitions", d.put),
      r("DELETE", `${scope}${definition}`, "roleDefinitions", d.remove),
    ]),
    r("GET", `${AUTH}/roleDefinitions`, "roleDefinitions", d.list),
    r("GET", definition, "roleDefinitions", d.get),
  ];
}
