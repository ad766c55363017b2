// ARM's policy gate: deny assignments evaluated on every PUT and PATCH at the front door (403
// RequestDisallowedByPolicy with the policy identifiers and evaluation details) and on the writes a
// provider makes on another's behalf (AKS's node resource group, scale sets, network: the step
// fails with the same error, worded by AKS). Reads, deletes, actions and a subscription without
// assignments cost one map lookup at most.
import { ApiError } from "../../../arm/api-error.js";
import type { Reader } from "../../../store/store.js";
import type { Guard, GuardedRequest, PolicyView, ProviderDeps } from "../../provider.js";
import { denials, disallowedMessage, policyViolation, type Violation } from "./domain/enforce.js";
import { canonicalType, genericView, requestView, resourceName } from "./domain/views.js";
import { POLICY_ERRORS } from "./errors.js";
import { definitionById, hasAssignments, readState } from "./repository.js";

const WRITE_SUFFIX = "/write";

function refusal(view: PolicyView, violations: readonly Violation[]): ApiError {
  const name = resourceName(view.id);
  const message = disallowedMessage(name, violations);
  return new ApiError("requestDisallowedByPolicy", POLICY_ERRORS.requestDisallowedByPolicy as never, message, name, violations.map(policyViolation));
}

export function policyGuard(deps: ProviderDeps): Guard {
  const violations = (read: Reader, subscriptionId: string, view: PolicyView, now: number): Violation[] => {
    const state = readState(read, subscriptionId);
    return hasAssignments(state) ? denials({ state, view, now, definition: (id) => definitionById(read, id) }) : [];
  };

  function request(r: GuardedRequest): ApiError | undefined {
    // Deny judges what a write asks for: PUT and PATCH of a resource, not deletes or POST actions.
    if (r.kind !== "write") return undefined;
    const method = r.method.toUpperCase();
    if (method !== "PUT" && method !== "PATCH") return undefined;
    if (!hasAssignments(readState(deps.store, r.subscriptionId))) return undefined;
    const type = canonicalType(r.action.slice(0, -WRITE_SUFFIX.length), deps.catalog);
    // Policy's own resources (and the other guard rails') are not judged by deny: an assignment cannot lock out its remedy.
    if (type.toLowerCase().startsWith("microsoft.authorization/")) return undefined;
    let base: PolicyView | undefined;
    if (method === "PATCH") {
      const doc = deps.store.get<object>("resources", r.scope.toLowerCase());
      base = doc && (deps.policyView(r.scope.toLowerCase(), doc) ?? genericView(r.scope, type, doc));
    }
    const view = requestView({ id: r.scope, type, body: r.body, ...(base ? { base } : {}) });
    const found = violations(deps.store, r.subscriptionId, view, r.now);
    return found.length > 0 ? refusal(view, found) : undefined;
  }

  return {
    request,
    step(s) {
      for (const [key, doc] of s.writes) {
        if (doc === undefined) continue;
        const sub = /^\/subscriptions\/([^/]+)/.exec(key)?.[1];
        if (sub === undefined || !hasAssignments(readState(s.read, sub))) continue;
        const view = deps.policyView(key, doc, s.step);
        if (!view) continue;
        const found = violations(s.read, sub, view, s.at);
        if (found.length > 0) return { code: POLICY_ERRORS.requestDisallowedByPolicy.code, message: disallowedMessage(resourceName(view.id), found) };
      }
      return undefined;
    },
  };
}
