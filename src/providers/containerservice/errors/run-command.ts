// Run command's refusals (seed 003, ERROR-TEXTS §14). Texts are real byte for byte; the HTTP
// statuses are not known from a real sample (az shows only "(Code) Message"): 400, so that no
// client retries a request that waited 30 s for its pod.
import { entry } from "../../../arm/catalog.js";

export const RUN_COMMAND_ERRORS = {
  // Real (Azure/azure-cli#27776, raised from the POST's initial response): the command pod did not
  // start within 30 s (cause 1: resources, NotReady or cordoned nodes, taints).
  kubernetesPerformance: entry<{ pod: string }>({
    status: 400, code: "KubernetesPerformanceError", envelope: "aks",
    message: (p) => `Failed to run command due to cluster perf issue, container ${p.pod} in aks-command namespace did not start within 30s on your cluster, retry may helps. If issue persist, you may need to tune your cluster with better performance (larger node/paid tier).`,
  }),
  // The TSG's template (seed 003, cause 2): the Kubernetes API refused the pod (gatekeeper's
  // admission webhook). The code is the one AKS's run command uses for Kubernetes failures
  // (KubernetesOperationError, Azure/azure-cli#23203); no sample pairs it with this text.
  kubernetesFailure: entry<{ details: string }>({
    status: 400, code: "KubernetesOperationError", envelope: "aks",
    message: (p) => `Failed to run command in managed cluster due to kubernetes failure. details: ${p.details}`,
  }),
} as const;
