// Azure Policy, Microsoft.Authorization's second guard rail: definitions (the built-ins and custom
// ones with the if/then grammar), assignments with notScopes, parameters and enforcementMode,
// exemptions, and ARM's gate (guard.ts) that evaluates deny on every PUT and PATCH and on the
// resources AKS writes in its node resource group. See README.md.
import type { AuthorizationPart } from "../part.js";
import { EXEMPTION_VERSIONS, POLICY_VERSIONS } from "./api-versions.js";
import { POLICY_DETECTORS } from "./detectors.js";
import { POLICY_ERRORS } from "./errors.js";
import { policyGuard } from "./guard.js";
import { policyRoutes } from "./routes.js";
import { policyKubeAdmission } from "./kube-admission.js";
import { POLICY_SCENARIOS } from "./scenarios.js";

export const policy: AuthorizationPart = {
  types: { policyDefinitions: POLICY_VERSIONS, policyAssignments: POLICY_VERSIONS, policyExemptions: EXEMPTION_VERSIONS },
  routes: policyRoutes,
  errors: POLICY_ERRORS,
  guard: policyGuard,
  scenarios: POLICY_SCENARIOS,
  detectors: POLICY_DETECTORS,
  kubeAdmission: policyKubeAdmission,
};
