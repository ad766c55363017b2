// ARM's RBAC gate: every request that names a subscription is allowed only when a role assignment
// of the caller, at the request's scope or above, grants its action (deny by default). The control
// API is not ARM's and is never asked. Also the access check other providers make for the linked
// resources a write references (ProviderDeps.access: AKS joining a subnet, reading a workspace).
import { errorFactory } from "../../../arm/api-error.js";
import type { OperationRecord } from "../../../engine/operations.js";
import type { Access, Guard, GuardedRequest, ProviderDeps } from "../../provider.js";
import { RBAC_ERRORS } from "./errors.js";
import { lazyRbacState } from "./state.js";

const { error } = errorFactory(RBAC_ERRORS);

// Polling an operation (`{S}/providers/{ns}/locations/{l}/operations/{id}`, `.../operationresults/{id}`,
// `{S}/operationresults/{id}`) is authorized over the resource the operation acts on: the caller
// that may act on a group's cluster may follow its operation, without a role at the subscription.
const POLL = /\/(operations|operationresults|operationstatus|operationstatuses)\/read$/i;

/** The scope the action is judged over: the request's, or for an operation poll the operation's resource. */
function judgedScope(deps: Pick<ProviderDeps, "store">, r: GuardedRequest): string {
  if (r.kind !== "read" || !POLL.test(r.action)) return r.scope;
  const id = r.path.slice(r.path.lastIndexOf("/") + 1);
  const op = deps.store.get<OperationRecord>("operations", id) ?? deps.store.get<OperationRecord>("operations", id.toLowerCase());
  return op && op.subscriptionId.toLowerCase() === r.subscriptionId.toLowerCase() ? op.resourceId : r.scope;
}

export function rbacGuard(deps: ProviderDeps): Guard {
  const state = lazyRbacState(deps);
  return {
    request(r) {
      const oid = r.principal.objectId;
      if (state().allows(oid, r.action, judgedScope(deps, r))) return undefined;
      // Only --loose lets a subscription aksemu does not have through the front door: no role governs it.
      if (!deps.subscriptions().some((sub) => sub.id.toLowerCase() === r.subscriptionId.toLowerCase())) return undefined;
      // A service principal is named by its object id in both places (see errors.ts).
      return error("authorizationFailed", { client: oid, objectId: oid, action: r.action, scope: r.scope });
    },
  };
}

export function rbacAccess(deps: ProviderDeps): Access {
  const state = lazyRbacState(deps);
  return {
    allows: (principal, action, scope) => state().allows(principal.objectId, action, scope),
    linked(principal, request, linked) {
      const oid = principal.objectId;
      if (state().allows(oid, linked.action, linked.scope)) return undefined;
      return error("linkedAuthorizationFailed", { client: oid, objectId: oid, action: request.action, scope: request.scope, linkedAction: linked.action, linkedScope: linked.scope });
    },
  };
}
