// Microsoft.Authorization: ARM's guard rails, asked about every request and every step a provider
// runs on another's behalf, in ARM's order: RBAC (AuthorizationFailed), then policy
// (RequestDisallowedByPolicy), then locks (ScopeLocked). Each is a part in its own folder. The
// joined provider names its writes in the activity log, and deletes a resource group's extension
// resources with it (group-cascade.ts).
import type { StepRunner } from "../../engine/step-runner.js";
import type { Guard, Provider } from "../provider.js";
import { authorizationActivity } from "./activity.js";
import { applyScopeExtensionsDelete, DELETE_SCOPE_EXTENSIONS, deleteExtensionsOfGroup, type ScopeExtensionsAction } from "./group-cascade.js";
import { locks } from "./locks/index.js";
import { policy } from "./policy/index.js";
import { rbac, rbacAccess } from "./rbac/index.js";
import type { AuthorizationPart } from "./part.js";

export const NAMESPACE = "Microsoft.Authorization";

/** The parts, in the order their guards are asked. */
const PARTS: readonly AuthorizationPart[] = [rbac, policy, locks];

const types = Object.assign({}, ...PARTS.map((p) => p.types)) as Record<string, readonly string[]>;
// ARM's own namespace: an unknown api-version is ARM's InvalidApiVersionParameter.
const unsupportedApiVersion = { error: "invalidApiVersion" } as const;

// Authorization answers at once: it starts no operations. Its one step is a group delete's share.
const runner: StepRunner = {
  apply(step, { read }) {
    if (step.action.type === DELETE_SCOPE_EXTENSIONS) return applyScopeExtensionsDelete(step.action as ScopeExtensionsAction, read);
    throw new Error(`${NAMESPACE} has no step ${step.action.type}`);
  },
  settle: () => ({}),
};

export const authorization: Provider = {
  namespace: NAMESPACE,
  types,
  unsupportedApiVersion,
  routes: (deps) => PARTS.flatMap((p) => p.routes(deps, { namespace: NAMESPACE, types, unsupportedApiVersion })),
  runner,
  errors: Object.assign({}, ...PARTS.map((p) => p.errors)),
  activity: authorizationActivity,
  onGroupDelete: deleteExtensionsOfGroup,
  // RBAC's access check for other providers' linked resources; ARM serves this namespace unregistered.
  access: rbacAccess,
  registrationFree: true,
  scenarios: { scenarios: PARTS.flatMap((p) => p.scenarios ?? []) },
  detectors: PARTS.flatMap((p) => p.detectors ?? []),
  // Azure Policy for Kubernetes: gatekeeper inside every cluster with the azurepolicy add-on.
  kubeAdmission: (deps) => {
    const all = PARTS.flatMap((p) => (p.kubeAdmission ? [p.kubeAdmission(deps)] : []));
    return (cluster, request) => {
      for (const admit of all) {
        const denial = admit(cluster, request);
        if (denial) return denial;
      }
      return undefined;
    };
  },
  guard(deps): Guard {
    const guards = PARTS.flatMap((p) => (p.guard ? [p.guard(deps)] : []));
    return {
      request: (r) => {
        for (const g of guards) {
          const refusal = g.request?.(r);
          if (refusal) return refusal;
        }
        return undefined;
      },
      step: (s) => {
        for (const g of guards) {
          const refusal = g.step?.(s);
          if (refusal) return refusal;
        }
        return undefined;
      },
    };
  },
};
