// Microsoft.Resources: subscriptions, resource groups, ARM's generic operation results, the
// providers API (every namespace served, registration) and the generic resource lists.
import type { Handler } from "../../arm/http.js";
import type { Route } from "../../arm/router.js";
import { versionsOf, type Provider } from "../provider.js";
import { resourcesActivity } from "./activity.js";
import { RESOURCES_VERSIONS, SUBSCRIPTIONS_VERSIONS } from "./api-versions.js";
import { NAMESPACE } from "./domain/groups.js";
import { isRegistered, registrationKey, type RegistrationRecord } from "./domain/registration.js";
import { RESOURCES_ERRORS } from "./errors.js";
import { resourceHandlers } from "./handlers.js";
import { groupPolicyView } from "./policy-view.js";
import { providerHandlers } from "./providers-api.js";
import { resourceListHandlers } from "./resource-list.js";
import { RESOURCES_SCENARIOS } from "./scenarios.js";
import { RESOURCES_DETECTORS } from "./detectors.js";
import { resourcesSteps } from "./steps.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const NS = `${SUB}/providers/{resourceProviderNamespace}`;
const types = { subscriptions: SUBSCRIPTIONS_VERSIONS, resourceGroups: RESOURCES_VERSIONS, operationresults: RESOURCES_VERSIONS, providers: RESOURCES_VERSIONS, resources: RESOURCES_VERSIONS };
const unsupportedApiVersion = { error: "invalidApiVersion" } as const;

export const resources: Provider = {
  namespace: NAMESPACE,
  types,
  unsupportedApiVersion,
  routes(deps) {
    const h = resourceHandlers(deps);
    const p = providerHandlers(deps);
    const list = resourceListHandlers(deps);
    const r = (method: string, pattern: string, type: keyof typeof types, handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf({ namespace: NAMESPACE, types, unsupportedApiVersion }, type), handler });
    return [
      r("GET", "/subscriptions", "subscriptions", h.subscriptions),
      r("GET", SUB, "subscriptions", h.subscription),
      r("GET", `${SUB}/resourcegroups`, "resourceGroups", h.list),
      r("PUT", RG, "resourceGroups", h.put),
      r("GET", RG, "resourceGroups", h.get),
      r("HEAD", RG, "resourceGroups", h.head),
      r("DELETE", RG, "resourceGroups", h.remove),
      r("GET", `${SUB}/operationresults/{operationId}`, "operationresults", h.operationResult),
      r("GET", `${SUB}/providers`, "providers", p.list),
      r("GET", NS, "providers", p.get),
      r("POST", `${NS}/register`, "providers", p.register),
      r("POST", `${NS}/unregister`, "providers", p.unregister),
      r("GET", `${SUB}/resources`, "resources", list.list),
      r("GET", `${RG}/resources`, "resources", list.listByGroup),
    ];
  },
  runner: resourcesSteps,
  errors: RESOURCES_ERRORS,
  activity: resourcesActivity,
  // Microsoft.Resources itself is RegistrationFree: its own routes (the providers API) stay open.
  registrationFree: true,
  registrations: (read) => (sub, namespace, now) =>
    namespace.toLowerCase() === NAMESPACE.toLowerCase() || isRegistered(read.get<RegistrationRecord>("meta", registrationKey(sub, namespace)), now),
  // Seed 002's SubscriptionNotRegistered rows: a namespace Unregistered.
  scenarios: { scenarios: RESOURCES_SCENARIOS },
  // Diagnose and solve problems: the subscription's state, the registrations a cluster needs.
  detectors: RESOURCES_DETECTORS,
  policyView: groupPolicyView,
};
