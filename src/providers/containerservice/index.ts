// Microsoft.ContainerService: managed clusters, agent pools, their operations and credentials.
import type { Provider } from "../provider.js";
import { aksActivity } from "./activity.js";
import { CONTAINER_SERVICE_VERSIONS as V, DETECTOR_VERSIONS, OPERATION_STATUS_VERSIONS } from "./api-versions.js";
import { NAMESPACE } from "./domain/keys.js";
import { AKS_ERRORS } from "./errors.js";
import { deleteClustersOfGroup } from "./group-cascade.js";
import { NODE_DEPENDENCIES } from "./domain/admission.js";
import { nodeStepFailure } from "./domain/node-resources.js";
import { NETWORK, networkStepFailure } from "./domain/node-network.js";
import { OPERATIONAL_INSIGHTS, workspaceStepFailure } from "./domain/monitoring.js";
import { PRIVATE_DNS, privateDnsStepFailure } from "./domain/private-cluster.js";
import { isVmSizeOffered, zonesFor } from "./domain/vm-size-regions.js";
import { VM_SIZES } from "./domain/vm-sizes.js";
import { containerServiceRoutes } from "./routes.js";
import { AKS_SCENARIOS } from "./scenarios.js";
import { AKS_DETECTORS } from "./detectors.js";
import { aksSteps } from "./steps.js";
import { aksKubernetes } from "./kubernetes.js";
import { KUBERNETES_STEPS } from "../../kube/drain.js";
import { drainStepFailure } from "./domain/node-drain.js";

const types = {
  managedClusters: V,
  "managedClusters/agentPools": V,
  "managedClusters/agentPools/machines": V,
  "managedClusters/operations": OPERATION_STATUS_VERSIONS,
  "managedClusters/detectors": DETECTOR_VERSIONS,
  "locations/kubernetesVersions": V,
  "locations/operations": V,
  "locations/operationresults": V,
};

// ARM lists the locations the RP is registered in; these are the ones real AKS errors show.
const unsupportedApiVersion = { error: "noRegisteredProvider", defaultLocation: "eastus", locations: ["East US", "West US 2", "West Europe"] } as const;

export const containerService: Provider = {
  namespace: NAMESPACE,
  types,
  unsupportedApiVersion,
  routes: (deps) => containerServiceRoutes({ namespace: NAMESPACE, types, unsupportedApiVersion }, deps),
  runner: aksSteps,
  errors: AKS_ERRORS,
  activity: aksActivity,
  onGroupDelete: deleteClustersOfGroup,
  // A failed Compute step (a pool's scale set), workspace step (the monitoring addon's) or Network
  // step (the cluster's network, a subnet's addresses) or drain (a PDB, UpgradeFailed) as AKS reports it; AKS's VM size table, for
  // Compute's SKU list.
  stepFailure: (failed) =>
    failed.step.provider === OPERATIONAL_INSIGHTS ? workspaceStepFailure(failed) : failed.step.provider === NETWORK ? networkStepFailure(failed) : failed.step.provider === KUBERNETES_STEPS ? drainStepFailure(failed) : failed.step.provider === PRIVATE_DNS ? privateDnsStepFailure(failed) : nodeStepFailure(failed),
  vmSizes: { sizes: VM_SIZES, offeredIn: isVmSizeOffered, zonesIn: zonesFor },
  // Its nodes go through Compute and Network: a write that needs them refuses while one is unregistered.
  dependsOn: NODE_DEPENDENCIES,
  // The clusters scenarios name, and its own "Infrastructure issues" row.
  scenarios: AKS_SCENARIOS,
  // Diagnose and solve problems: the Provisioning State Check, a cluster or pool Failed, infrastructure issues.
  detectors: AKS_DETECTORS,
  // Each cluster's Kubernetes API: its API server name, state and nodes.
  kubernetes: aksKubernetes,
};
