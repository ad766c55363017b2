// Microsoft.Authorization holds three of ARM's guard rails, each a part of its own folder: RBAC
// (role definitions and assignments), management locks and Azure Policy. A part contributes what
// a provider does (types, routes, errors, a guard); index.ts joins them into the one provider.
import type { Catalog } from "../../arm/catalog.js";
import type { Route } from "../../arm/router.js";
import type { Guard, Provider, ProviderDeps } from "../provider.js";
import type { KubeAdmission } from "../../kube/admission/admission.js";
import type { Detector } from "../detector.js";
import type { Scenario } from "../scenario.js";

export type AuthorizationPart = {
  /** Its resource types → api-versions (e.g. "roleAssignments", "locks", "policyDefinitions"). */
  types: Readonly<Record<string, readonly string[]>>;
  /** `policy` is the joined provider's api-version policy, for `versionsOf`. */
  routes: (deps: ProviderDeps, policy: Pick<Provider, "namespace" | "types" | "unsupportedApiVersion">) => Route[];
  errors: Catalog;
  guard?: (deps: ProviderDeps) => Guard;
  /** Its named scenarios (seed 002's rows); the provider lists every part's. */
  scenarios?: readonly Scenario[];
  /** Its Diagnose and solve problems detectors; the provider lists every part's. */
  detectors?: readonly Detector[];
  /** Admission it runs inside the clusters' Kubernetes APIs (policy: gatekeeper). */
  kubeAdmission?: (deps: ProviderDeps) => KubeAdmission;
};
