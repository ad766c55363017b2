// Azure RBAC, Microsoft.Authorization's first guard rail: role definitions (the built-ins and custom
// roles), role assignments at subscription, group and resource scope, ARM's gate on every call
// (guard.ts) and the access check other providers ask for linked resources (ProviderDeps.access).
import type { AuthorizationPart } from "../part.js";
import { ROLE_ASSIGNMENTS_VERSIONS, ROLE_DEFINITIONS_VERSIONS } from "./api-versions.js";
import { RBAC_DETECTORS } from "./detectors.js";
import { RBAC_ERRORS } from "./errors.js";
import { rbacGuard } from "./guard.js";
import { rbacRoutes } from "./routes.js";
import { RBAC_SCENARIOS } from "./scenarios.js";

export { rbacAccess } from "./guard.js";

export const rbac: AuthorizationPart = {
  types: { roleAssignments: ROLE_ASSIGNMENTS_VERSIONS, roleDefinitions: ROLE_DEFINITIONS_VERSIONS },
  routes: rbacRoutes,
  errors: RBAC_ERRORS,
  guard: rbacGuard,
  scenarios: RBAC_SCENARIOS,
  detectors: RBAC_DETECTORS,
};
