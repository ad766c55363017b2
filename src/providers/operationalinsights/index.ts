// Microsoft.OperationalInsights: Log Analytics workspaces (create, update, read, list, delete,
// shared keys), and the step AKS's monitoring addon hands it on every cluster reconcile: reading a
// workspace's shared keys, which fails when the workspace is gone. Built with the provider list,
// which it reads for how an operation's owner words a failed step.
import type { Handler } from "../../arm/http.js";
import type { Route } from "../../arm/router.js";
import { versionsOf, type Provider } from "../provider.js";
import { workspaceActivity } from "./activity.js";
import { OI_DETECTORS } from "./detectors.js";
import { WORKSPACE_VERSIONS } from "./api-versions.js";
import { NAMESPACE } from "./domain/workspaces.js";
import { OI_ERRORS } from "./errors.js";
import { deleteWorkspacesOfGroup } from "./group-cascade.js";
import { workspaceHandlers } from "./handlers.js";
import { OI_SCENARIOS } from "./scenarios.js";
import { workspaceSteps } from "./steps.js";

const SUB = "/subscriptions/{subscriptionId}";
const WS = `${SUB}/resourcegroups/{resourceGroupName}/providers/${NAMESPACE}/workspaces`;
const types = { workspaces: WORKSPACE_VERSIONS };
// Real (Azure/azure-rest-api-specs#22203, 2023): an unknown api-version for workspaces is ARM's
// NoRegisteredProviderFound, with the locations in Log Analytics' spelling (the sample's list is
// cut short; these are its first ten).
const unsupportedApiVersion = {
  error: "noRegisteredProvider",
  defaultLocation: "eastus",
  locations: ["eastus", "westeurope", "southeastasia", "australiasoutheast", "westcentralus", "japaneast", "uksouth", "centralindia", "canadacentral", "westus2"],
} as const;

/** `providers` is the provider list this provider is part of, read at run time only. */
export function operationalInsightsProvider(providers: () => readonly Provider[]): Provider {
  return {
    namespace: NAMESPACE,
    types,
    unsupportedApiVersion,
    routes(deps) {
      const h = workspaceHandlers(deps);
      const r = (method: string, pattern: string, handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf({ namespace: NAMESPACE, types, unsupportedApiVersion }, "workspaces"), handler });
      return [
        r("GET", `${SUB}/providers/${NAMESPACE}/workspaces`, h.list),
        r("GET", WS, h.listByGroup),
        r("PUT", `${WS}/{workspaceName}`, h.put),
        r("PATCH", `${WS}/{workspaceName}`, h.patch),
        r("GET", `${WS}/{workspaceName}`, h.get),
        r("DELETE", `${WS}/{workspaceName}`, h.remove),
        r("POST", `${WS}/{workspaceName}/sharedKeys`, h.sharedKeys),
      ];
    },
    runner: workspaceSteps(providers),
    errors: OI_ERRORS,
    activity: workspaceActivity,
    onGroupDelete: deleteWorkspacesOfGroup,
    // Seed 002's "Unable to get log analytics workspace info" row.
    scenarios: { scenarios: OI_SCENARIOS },
    // Its "Unable to get log analytics workspace info" detector.
    detectors: OI_DETECTORS,
  };
}
