// Microsoft.ContainerService's Kubernetes version rules: versions a region supports, upgrades
// (one minor at a time, never down), and the version skew between the control plane and its pools.
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

const SUPPORTED_VERSIONS_LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";

export const VERSION_ERRORS = {
  k8sVersionNotSupported: entry<{ name: string; version: string }>({
    status: 400, code: "K8sVersionNotSupported", envelope: "aks",
    message: (p) => `Managed cluster ${p.name} is on version ${p.version} which is not supported in this region. ${SUPPORTED_VERSIONS_LINK}`,
  }),
  agentPoolK8sVersionNotSupported: entry<{ version: string }>({
    status: 400, code: "AgentPoolK8sVersionNotSupported", envelope: "aks",
    message: (p) => `Version ${p.version} is not supported in this region. ${SUPPORTED_VERSIONS_LINK}`,
  }),
  upgradeSkipsMinor: entry<{ from: string; to: string; available: readonly string[] }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Upgrading Kubernetes version ${p.from} to ${p.to} is not allowed. Available upgrades: [${p.available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  }),
  downgradeNotAllowed: entry<{ from: string; to: string; available: readonly string[] }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Downgrading Kubernetes version ${p.from} to ${p.to} is not allowed. Available upgrades: [${p.available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  }),
  nodePoolVersionIncompatible: entry<{ pool: string; control: string; poolMinor: number; controlMinor: number }>({
    status: 400, code: "NodePoolMcVersionIncompatible", envelope: "aks",
    message: (p) => `Node pool version ${p.pool} and control plane version ${p.control} is incompatible. Minor version of node pool cannot be more than 3 versions less than control plane's version. Minor version of node pool is ${p.poolMinor} and control plane is ${p.controlMinor}. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).`,
  }),
  notAllAgentPoolOrchestratorVersions: entry({
    status: 400, code: "NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged", envelope: "aks",
    message: () => "Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all specified, they must be stay unchanged or the same with control plane. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api",
  }),
  poolVersionAboveControlPlane: entry<{ pool: string; control: string }>({
    // No real sample found; mirrors the NodePoolMcVersionIncompatible form.
    status: 400, code: "NodePoolMcVersionIncompatible", envelope: "aks",
    message: (p) => `Node pool version ${p.pool} and control plane version ${p.control} is incompatible. Node pool version cannot be greater than control plane version. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).`,
  }),
} as const;
