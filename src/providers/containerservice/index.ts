// Microsoft.ContainerService: managed clusters, agent pools, their operations and credentials.
import type { Provider } from "../provider.js";
import { aksActivity } from "./activity.js";
import { CONTAINER_SERVICE_VERSIONS as V, OPERATION_STATUS_VERSIONS } from "./api-versions.js";
import { NAMESPACE } from "./domain/keys.js";
import { AKS_ERRORS } from "./errors.js";
import { deleteClustersOfGroup } from "./group-cascade.js";
import { NODE_DEPENDENCIES } from "./domain/admission.js";
import { nodeStepFailure } from "./domain/node-resources.js";
import { isVmSizeOffered, zonesFor } from "./domain/vm-size-regions.js";
import { VM_SIZES } from "./domain/vm-sizes.js";
import { containerServiceRoutes } from "./routes.js";
import { aksSteps } from "./steps.js";

const types = {
  managedClusters: V,
  "managedClusters/agentPools": V,
  "managedClusters/agentPools/machines": V,
  "managedClusters/operations": OPERATION_STATUS_VERSIONS,
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
  // A failed Compute step (a pool's scale set) as AKS reports it; AKS's VM size table, for Compute's SKU list.
  stepFailure: nodeStepFailure,
  vmSizes: { sizes: VM_SIZES, offeredIn: isVmSizeOffered, zonesIn: zonesFor },
  // Its nodes go through Compute and Network: a write that needs them refuses while one is unregistered.
  dependsOn: NODE_DEPENDENCIES,
};
