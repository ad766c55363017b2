// The lock routes: ManagementLocks_* at the subscription, a resource group, a resource and its
// children (routes are fixed-length, so one pattern per depth: a top-level resource, a child such as
// an agent pool, a grandchild). The same paths serve the spec's *AtResourceLevel and *ByScope forms.
import type { Handler } from "../../../arm/http.js";
import type { Route } from "../../../arm/router.js";
import { versionsOf, type Provider, type ProviderDeps } from "../../provider.js";
import { lockHandlers } from "./handlers.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const RESOURCE = `${RG}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}`;
const CHILD = `${RESOURCE}/{childType}/{childName}`;
const GRANDCHILD = `${CHILD}/{grandchildType}/{grandchildName}`;
const L = "/providers/Microsoft.Authorization/locks";

export function lockRoutes(deps: ProviderDeps, policy: Pick<Provider, "namespace" | "types" | "unsupportedApiVersion">): Route[] {
  const h = lockHandlers(deps);
  const r = (method: string, pattern: string, handler: Handler, summary: string): Route => ({ method, pattern, apiVersions: versionsOf(policy, "locks"), handler, summary });
  return [SUB, RG, RESOURCE, CHILD, GRANDCHILD].flatMap((scope) => [
    r("GET", `${scope}${L}`, h.list, "List management locks at a scope and below it ($filter=atScope(): those that apply to it)"),
    r("PUT", `${scope}${L}/{lockName}`, h.put, "Create or update a management lock (CanNotDelete or ReadOnly)"),
    r("GET", `${scope}${L}/{lockName}`, h.get, "Get a management lock"),
    r("DELETE", `${scope}${L}/{lockName}`, h.remove, "Delete a management lock (200; 204 when there was none)"),
  ]);
}
