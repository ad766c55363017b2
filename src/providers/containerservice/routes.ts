// Every Microsoft.ContainerService route, as data: method, path pattern, resource type, handler.
import type { Handler } from "../../arm/http.js";
import type { Route } from "../../arm/router.js";
import { versionsOf, type Provider, type ProviderDeps } from "../provider.js";
import { agentPoolHandlers } from "./handlers/agent-pools.js";
import { clusterHandlers } from "./handlers/managed-clusters.js";
import { operationHandlers } from "./handlers/operations.js";
import { profileHandlers } from "./handlers/profiles.js";
import { detectorHandlers } from "./handlers/detectors.js";
import { runCommandHandlers } from "./handlers/run-command.js";
import { OPERATION_STATUS_VERSIONS } from "./api-versions.js";
import { NAMESPACE as NS } from "./domain/keys.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const MC = `${RG}/providers/${NS}/managedClusters/{resourceName}`;
const AP = `${MC}/agentPools/{agentPoolName}`;
const LOC = `${SUB}/providers/${NS}/locations/{location}`;

export function containerServiceRoutes(provider: Pick<Provider, "namespace" | "types" | "unsupportedApiVersion">, deps: ProviderDeps): Route[] {
  const mc = clusterHandlers(deps);
  const ap = agentPoolHandlers(deps);
  const ops = operationHandlers(deps);
  const prof = profileHandlers(deps);
  const det = detectorHandlers(deps);
  const run = runCommandHandlers(deps);
  const r = (method: string, pattern: string, type: string, handler: Handler, only?: readonly string[]): Route => ({ method, pattern, apiVersions: versionsOf(provider, type, only), handler });
  // Reads rendered from stored records alone: the front door may replay them while nothing is written.
  const pure = (route: Route): Route => ({ ...route, pure: true });
  const MCT = "managedClusters";
  const APT = "managedClusters/agentPools";
  const OPT = "managedClusters/operations";
  return [
    pure(r("GET", `${SUB}/providers/${NS}/managedClusters`, MCT, mc.listBySubscription)),
    pure(r("GET", `${RG}/providers/${NS}/managedClusters`, MCT, mc.listByGroup)),
    pure(r("GET", MC, MCT, mc.get)),
    r("PUT", MC, MCT, mc.put),
    r("PATCH", MC, MCT, mc.patch),
    r("DELETE", MC, MCT, mc.remove),
    r("POST", `${MC}/start`, MCT, mc.start),
    r("POST", `${MC}/stop`, MCT, mc.stop),
    r("POST", `${MC}/abort`, MCT, ops.abortCluster),
    r("POST", `${MC}/rotateClusterCertificates`, MCT, mc.rotateCertificates),
    r("POST", `${MC}/listClusterUserCredential`, MCT, prof.userCredentials),
    r("POST", `${MC}/listClusterAdminCredential`, MCT, prof.adminCredentials),
    r("GET", `${MC}/upgradeProfiles/default`, MCT, prof.clusterUpgradeProfile),
    // run command (seed 003): the command's pod in the cluster, the real kubectl or helm
    r("POST", `${MC}/runCommand`, MCT, run.invoke),
    r("GET", `${MC}/commandResults/{commandId}`, MCT, run.result),
    r("GET", `${MC}/availableAgentPoolVersions`, APT, prof.availableAgentPoolVersions),
    r("GET", `${LOC}/kubernetesVersions`, "locations/kubernetesVersions", prof.kubernetesVersions),
    // operation status (ARM async contract) and history (preview API; `latest` per seed 001)
    r("GET", `${LOC}/operations/{operationId}`, "locations/operations", ops.status),
    r("GET", `${LOC}/operationStatus/{operationId}`, "locations/operations", ops.status),
    r("GET", `${LOC}/operationresults/{operationId}`, "locations/operationresults", ops.result),
    r("GET", `${MC}/operations`, OPT, ops.list),
    r("GET", `${MC}/operations/{operationId}`, OPT, ops.getOne),
    r("GET", `${AP}/operations`, OPT, ops.list),
    r("GET", `${AP}/operations/{operationId}`, OPT, ops.getOne),
    // agentPools
    pure(r("GET", `${MC}/agentPools`, APT, ap.list)),
    pure(r("GET", AP, APT, ap.get)),
    r("PUT", AP, APT, ap.put),
    r("PATCH", AP, APT, ap.patch, OPERATION_STATUS_VERSIONS), // PATCH and completeUpgrade: previews only
    r("DELETE", AP, APT, ap.remove),
    r("POST", `${AP}/deleteMachines`, APT, ap.deleteMachines),
    r("POST", `${AP}/completeUpgrade`, APT, ap.completeUpgrade, OPERATION_STATUS_VERSIONS),
    r("POST", `${AP}/abort`, APT, ap.abort),
    r("GET", `${AP}/upgradeProfiles/default`, APT, prof.poolUpgradeProfile),
    r("GET", `${AP}/machines`, "managedClusters/agentPools/machines", ap.machines),
    r("GET", `${AP}/machines/{machineName}`, "managedClusters/agentPools/machines", ap.machine),
    // Diagnose and solve problems: every provider's detectors, judged over the cluster's world
    r("GET", `${MC}/detectors`, "managedClusters/detectors", det.list),
    r("GET", `${MC}/detectors/{detectorName}`, "managedClusters/detectors", det.get),
  ];
}
