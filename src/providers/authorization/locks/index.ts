// Management locks (Microsoft.Authorization/locks): CanNotDelete and ReadOnly at a subscription, a
// resource group or any resource, their API (ManagementLocks_*), ARM's enforcement at the front door
// and on the steps providers run on another's behalf (AKS in its node resource group), and seed
// 002's "resource lock" row as a scenario.
import type { AuthorizationPart } from "../part.js";
import { LOCK_DETECTORS } from "./detectors.js";
import { LOCK_ERRORS } from "./errors.js";
import { lockGuard } from "./guard.js";
import { lockRoutes } from "./routes.js";
import { LOCK_SCENARIOS } from "./scenarios.js";

// ARM's api-versions of Microsoft.Authorization/locks: az 2.45 sends 2016-09-01, @azure/arm-locks
// 2.1.0 sends 2020-05-01 (the newest stable); the older ones ARM still lists are served the same.
export const LOCK_VERSIONS = ["2015-01-01", "2016-09-01", "2017-04-01", "2020-05-01"] as const;

export const locks: AuthorizationPart = {
  types: { locks: LOCK_VERSIONS },
  routes: lockRoutes,
  errors: LOCK_ERRORS,
  guard: lockGuard,
  scenarios: LOCK_SCENARIOS,
  detectors: LOCK_DETECTORS,
};
