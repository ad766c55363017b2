// Every route aksemu serves, in one table: path pattern, api-version policy, handler.
import { CONTAINER_SERVICE_VERSIONS, OPERATION_STATUS_VERSIONS, RESOURCES_VERSIONS, SUBSCRIPTIONS_VERSIONS } from "../arm/api-versions.js";
import type { Handler } from "../arm/http.js";
import type { ApiVersionPolicy, Route } from "../arm/router.js";
import { agentPoolHandlers } from "../providers/containerservice/handlers/agent-pools.js";
import type { AksDeps } from "../providers/containerservice/handlers/deps.js";
import { clusterHandlers } from "../providers/containerservice/handlers/managed-clusters.js";
import { operationHandlers } from "../providers/containerservice/handlers/operations.js";
import { profileHandlers } from "../providers/containerservice/handlers/profiles.js";
import { resourceGroupHandlers } from "../providers/resources/resource-groups.js";

const NS = "Microsoft.ContainerService";
const aks = (type: string, versions: readonly string[] = CONTAINER_SERVICE_VERSIONS): ApiVersionPolicy => ({ kind: "list", versions, type, namespace: NS });
const rm = (type: string): ApiVersionPolicy => ({ kind: "list", versions: RESOURCES_VERSIONS, type, namespace: "Microsoft.Resources" });
const subs: ApiVersionPolicy = { kind: "list", versions: SUBSCRIPTIONS_VERSIONS, type: "subscriptions", namespace: "Microsoft.Resources" };

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const MC = `${RG}/providers/${NS}/managedClusters/{resourceName}`;
const AP = `${MC}/agentPools/{agentPoolName}`;
const LOC = `${SUB}/providers/${NS}/locations/{location}`;

export function armRoutes(deps: AksDeps & Parameters<typeof resourceGroupHandlers>[0]): Route[] {
  const mc = clusterHandlers(deps);
  const ap = agentPoolHandlers(deps);
  const ops = operationHandlers(deps);
  const prof = profileHandlers(deps);
  const rg = resourceGroupHandlers(deps);
  const r = (method: string, pattern: string, apiVersions: ApiVersionPolicy, handler: Handler): Route => ({ method, pattern, apiVersions, handler });
  const mcType = aks("managedClusters");
  const apType = aks("managedClusters/agentPools");
  const opType = aks("managedClusters/operations", OPERATION_STATUS_VERSIONS);
  const locOps = aks("locations/operations");
  return [
    // Microsoft.Resources
    r("GET", "/subscriptions", subs, rg.subscriptions),
    r("GET", SUB, subs, rg.subscription),
    r("GET", `${SUB}/resourcegroups`, rm("resourceGroups"), rg.list),
    r("PUT", RG, rm("resourceGroups"), rg.put),
    r("GET", RG, rm("resourceGroups"), rg.get),
    r("HEAD", RG, rm("resourceGroups"), rg.head),
    r("DELETE", RG, rm("resourceGroups"), rg.remove),
    r("GET", `${SUB}/operationresults/{operationId}`, rm("operationresults"), rg.operationResult),
    // managedClusters
    r("GET", `${SUB}/providers/${NS}/managedClusters`, mcType, mc.listBySubscription),
    r("GET", `${RG}/providers/${NS}/managedClusters`, mcType, mc.listByGroup),
    r("GET", MC, mcType, mc.get),
    r("PUT", MC, mcType, mc.put),
    r("PATCH", MC, mcType, mc.patch),
    r("DELETE", MC, mcType, mc.remove),
    r("POST", `${MC}/start`, mcType, mc.start),
    r("POST", `${MC}/stop`, mcType, mc.stop),
    r("POST", `${MC}/abort`, mcType, ops.abortCluster),
    r("POST", `${MC}/rotateClusterCertificates`, mcType, mc.rotateCertificates),
    r("POST", `${MC}/listClusterUserCredential`, mcType, prof.userCredentials),
    r("POST", `${MC}/listClusterAdminCredential`, mcType, prof.adminCredentials),
    r("GET", `${MC}/upgradeProfiles/default`, mcType, prof.clusterUpgradeProfile),
    r("GET", `${MC}/availableAgentPoolVersions`, apType, prof.availableAgentPoolVersions),
    r("GET", `${LOC}/kubernetesVersions`, aks("locations/kubernetesVersions"), prof.kubernetesVersions),
    // operation status (ARM async contract) and history (preview API; `latest` per seed 001)
    r("GET", `${LOC}/operations/{operationId}`, locOps, ops.status),
    r("GET", `${LOC}/operationStatus/{operationId}`, locOps, ops.status),
    r("GET", `${LOC}/operationresults/{operationId}`, aks("locations/operationresults"), ops.result),
    r("GET", `${MC}/operations`, opType, ops.list),
    r("GET", `${MC}/operations/{operationId}`, opType, ops.getOne),
    r("GET", `${AP}/operations`, opType, ops.list),
    r("GET", `${AP}/operations/{operationId}`, opType, ops.getOne),
    // agentPools
    r("GET", `${MC}/agentPools`, apType, ap.list),
    r("GET", AP, apType, ap.get),
    r("PUT", AP, apType, ap.put),
    r("PATCH", AP, aks("managedClusters/agentPools", OPERATION_STATUS_VERSIONS), ap.patch),
    r("DELETE", AP, apType, ap.remove),
    r("POST", `${AP}/deleteMachines`, apType, ap.deleteMachines),
    r("POST", `${AP}/completeUpgrade`, aks("managedClusters/agentPools", OPERATION_STATUS_VERSIONS), ap.completeUpgrade),
    r("POST", `${AP}/abort`, apType, ap.abort),
    r("GET", `${AP}/upgradeProfiles/default`, apType, prof.poolUpgradeProfile),
    r("GET", `${AP}/machines`, aks("managedClusters/agentPools/machines"), ap.machines),
    r("GET", `${AP}/machines/{machineName}`, aks("managedClusters/agentPools/machines"), ap.machine),
  ];
}
