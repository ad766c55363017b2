// AKS's kube-system, as a new cluster has it: coredns (+ its autoscaler), metrics-server and
// konnectivity-agent Deployments with their PDBs, and the node daemons (kube-proxy,
// azure-ip-masq-agent, cloud-node-manager, the Azure Disk and Azure File CSI nodes, and the CNI's:
// azure-cns for Azure CNI, cilium for the Cilium dataplane, azure-npm for Azure network policy),
// with AKS's labels, tolerations, affinity and priority classes. The controllers then run them
// like any workload: a taint on every node that they do not tolerate leaves them Pending.
import type { KubeClusterFacts } from "./clusters.js";
import { applyDefaults, hasGeneration } from "./defaults.js";
import { kubeTime, type Obj } from "./objects.js";
import type { WorldWrite } from "./world.js";

const MANAGED = { "addonmanager.kubernetes.io/mode": "Reconcile", "kubernetes.azure.com/managedby": "aks" };

/** Required node affinity every AKS system workload carries; Deployments also prefer system-mode nodes. */
const LINUX_AKS_NODES = {
  requiredDuringSchedulingIgnoredDuringExecution: {
    nodeSelectorTerms: [
      {
        matchExpressions: [
          { key: "kubernetes.azure.com/cluster", operator: "Exists" },
          { key: "type", operator: "NotIn", values: ["virtual-kubelet"] },
          { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
        ],
      },
    ],
  },
};
const PREFER_SYSTEM = [{ weight: 100, preference: { matchExpressions: [{ key: "kubernetes.azure.com/mode", operator: "In", values: ["system"] }] } }];

const ADDON_TOLERATIONS = [
  { key: "CriticalAddonsOnly", operator: "Exists" },
  { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 30 },
  { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 30 },
];
const EVERYTHING = [{ operator: "Exists" }];

type C = { name: string; image: string; cpu: string; memory?: string; memoryLimit?: string };
const container = (c: C): Obj => ({
  name: c.name,
  image: c.image,
  imagePullPolicy: "IfNotPresent",
  resources: { requests: { cpu: c.cpu, ...(c.memory ? { memory: c.memory } : {}) }, ...(c.memoryLimit ? { limits: { memory: c.memoryLimit } } : {}) },
});

type Workload = { name: string; labels: Record<string, string>; containers: C[]; priority: "system-node-critical" | "system-cluster-critical"; tolerations: Obj[]; hostNetwork?: boolean; replicas?: number; serviceAccount?: string };

function podTemplate(w: Workload, daemon: boolean): Obj {
  return {
    metadata: { labels: { ...w.labels, "kubernetes.azure.com/managedby": "aks" } },
    spec: {
      affinity: { nodeAffinity: { ...LINUX_AKS_NODES, ...(daemon ? {} : { preferredDuringSchedulingIgnoredDuringExecution: PREFER_SYSTEM }) } },
      containers: w.containers.map(container),
      ...(w.hostNetwork ? { hostNetwork: true } : {}),
      nodeSelector: { "kubernetes.io/os": "linux" },
      priorityClassName: w.priority,
      serviceAccountName: w.serviceAccount ?? w.name,
      tolerations: w.tolerations,
    },
  };
}

export function systemWorkloads(cluster: KubeClusterFacts, newId: () => string): WorldWrite[] {
  const v = cluster.kubernetesVersion;
  const minor = v.split(".").slice(0, 2).join(".");
  const net = cluster.network ?? { plugin: "azure" };
  const cilium = net.dataplane === "cilium";
  const t = kubeTime(cluster.createdAt);
  const writes: WorldWrite[] = [];
  const put = (type: string, kind: string, apiVersion: string, name: string, labels: Record<string, string>, body: Obj) => {
    const o: Obj = { kind, apiVersion, metadata: { name, namespace: "kube-system", uid: newId(), creationTimestamp: t, labels, ...(hasGeneration(type, false) ? { generation: 1 } : {}) }, ...body };
    applyDefaults(type, o, cluster.createdAt, { clusterIP: () => "", nodePort: () => 0 });
    writes.push({ type, object: o });
  };
  const deployment = (w: Workload) => {
    put("/serviceaccounts", "ServiceAccount", "v1", w.serviceAccount ?? w.name, { ...MANAGED }, {});
    put("apps/deployments", "Deployment", "apps/v1", w.name, { ...MANAGED, ...w.labels }, {
      spec: { replicas: w.replicas ?? 2, selector: { matchLabels: w.labels }, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 } }, template: podTemplate(w, false) },
    });
  };
  const daemonSet = (w: Workload) => {
    put("/serviceaccounts", "ServiceAccount", "v1", w.serviceAccount ?? w.name, { ...MANAGED }, {});
    put("apps/daemonsets", "DaemonSet", "apps/v1", w.name, { ...MANAGED, ...w.labels }, {
      spec: { selector: { matchLabels: w.labels }, updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "10%" } }, template: podTemplate(w, true) },
    });
  };
  const pdb = (name: string, selector: Record<string, string>) => put("policy/poddisruptionbudgets", "PodDisruptionBudget", "policy/v1", name, { ...MANAGED }, { spec: { minAvailable: 1, selector: { matchLabels: selector } } });

  deployment({ name: "coredns", labels: { "k8s-app": "kube-dns", version: "v20" }, containers: [{ name: "coredns", image: "mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.11.3-2", cpu: "100m", memory: "70Mi", memoryLimit: "500Mi" }], priority: "system-cluster-critical", tolerations: ADDON_TOLERATIONS });
  deployment({ name: "coredns-autoscaler", labels: { "k8s-app": "coredns-autoscaler" }, containers: [{ name: "autoscaler", image: "mcr.microsoft.com/oss/v2/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11-5", cpu: "20m", memory: "10Mi", memoryLimit: "500Mi" }], priority: "system-cluster-critical", tolerations: ADDON_TOLERATIONS, replicas: 1 });
  deployment({ name: "metrics-server", labels: { "k8s-app": "metrics-server" }, containers: [{ name: "metrics-server-vpa", image: "mcr.microsoft.com/oss/v2/kubernetes/autoscaler/addon-resizer:v1.8.22-2", cpu: "5m", memory: "25Mi" }, { name: "metrics-server", image: "mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-1", cpu: "50m", memory: "85Mi" }], priority: "system-cluster-critical", tolerations: ADDON_TOLERATIONS });
  deployment({ name: "konnectivity-agent", labels: { app: "konnectivity-agent" }, containers: [{ name: "konnectivity-agent", image: "mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent:v0.30.3-hotfix.20240819", cpu: "20m", memory: "20Mi", memoryLimit: "1Gi" }], priority: "system-cluster-critical", tolerations: ADDON_TOLERATIONS });
  pdb("coredns-pdb", { "k8s-app": "kube-dns" });
  pdb("konnectivity-agent", { app: "konnectivity-agent" });
  pdb("metrics-server-pdb", { "k8s-app": "metrics-server" });

  if (!cilium) daemonSet({ name: "kube-proxy", labels: { component: "kube-proxy", tier: "node" }, containers: [{ name: "kube-proxy", image: `mcr.microsoft.com/oss/kubernetes/kube-proxy:v${v}`, cpu: "100m" }], priority: "system-node-critical", tolerations: EVERYTHING, hostNetwork: true });
  daemonSet({ name: "azure-ip-masq-agent", labels: { "k8s-app": "azure-ip-masq-agent", tier: "node" }, containers: [{ name: "azure-ip-masq-agent", image: "mcr.microsoft.com/aks/ip-masq-agent-v2:v0.1.15", cpu: "100m", memory: "50Mi", memoryLimit: "250Mi" }], priority: "system-node-critical", tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, { effect: "NoExecute", operator: "Exists" }, { effect: "NoSchedule", operator: "Exists" }], hostNetwork: true });
  daemonSet({ name: "cloud-node-manager", labels: { "k8s-app": "cloud-node-manager" }, containers: [{ name: "cloud-node-manager", image: `mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v${minor}.7`, cpu: "50m", memory: "50Mi", memoryLimit: "512Mi" }], priority: "system-node-critical", tolerations: EVERYTHING, hostNetwork: true });
  const csi = (name: string, driver: string, image: string) =>
    daemonSet({
      name,
      labels: { app: name },
      containers: [
        { name: "liveness-probe", image: "mcr.microsoft.com/oss/v2/kubernetes-csi/livenessprobe:v2.14.0", cpu: "10m", memory: "20Mi", memoryLimit: "100Mi" },
        { name: "node-driver-registrar", image: "mcr.microsoft.com/oss/v2/kubernetes-csi/csi-node-driver-registrar:v2.12.0", cpu: "10m", memory: "20Mi", memoryLimit: "100Mi" },
        { name: driver, image, cpu: "10m", memory: "20Mi", memoryLimit: "400Mi" },
      ],
      priority: "system-node-critical",
      tolerations: EVERYTHING,
      hostNetwork: true,
      serviceAccount: `${name.replace(/-node$/, "")}-node-sa`,
    });
  csi("csi-azuredisk-node", "azuredisk", `mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v${minor}.5`);
  csi("csi-azurefile-node", "azurefile", `mcr.microsoft.com/oss/v2/kubernetes-csi/azurefile-csi:v${minor}.6`);
  if (net.plugin === "azure") daemonSet({ name: "azure-cns", labels: { "k8s-app": "azure-cns" }, containers: [{ name: "cns-container", image: "mcr.microsoft.com/containernetworking/azure-cns:v1.6.18", cpu: "40m", memory: "250Mi", memoryLimit: "250Mi" }], priority: "system-node-critical", tolerations: EVERYTHING, hostNetwork: true });
  if (cilium) {
    daemonSet({ name: "cilium", labels: { "k8s-app": "cilium" }, containers: [{ name: "cilium-agent", image: "mcr.microsoft.com/containernetworking/cilium/cilium:v1.14.15-241024", cpu: "100m", memory: "300Mi" }], priority: "system-node-critical", tolerations: EVERYTHING, hostNetwork: true });
    deployment({ name: "cilium-operator", labels: { "io.cilium/app": "operator", name: "cilium-operator" }, containers: [{ name: "cilium-operator", image: "mcr.microsoft.com/containernetworking/cilium/operator-generic:v1.14.15-241024", cpu: "10m", memory: "20Mi" }], priority: "system-cluster-critical", tolerations: EVERYTHING, hostNetwork: true });
  }
  if (net.policy === "azure") daemonSet({ name: "azure-npm", labels: { "k8s-app": "azure-npm" }, containers: [{ name: "azure-npm", image: "mcr.microsoft.com/containernetworking/azure-npm:v1.5.39", cpu: "250m", memory: "300Mi" }], priority: "system-node-critical", tolerations: EVERYTHING, hostNetwork: true });

  // The services clients find them by.
  const service = (name: string, labels: Record<string, string>, selector: Record<string, string>, ip: string, ports: Obj[]) =>
    put("/services", "Service", "v1", name, { ...MANAGED, ...labels }, { spec: { clusterIP: ip, clusterIPs: [ip], ports, selector, type: "ClusterIP", sessionAffinity: "None", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", internalTrafficPolicy: "Cluster" } });
  service("kube-dns", { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" }, { "k8s-app": "kube-dns" }, "10.0.0.10", [
    { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
    { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
  ]);
  service("metrics-server", { "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "Metrics-server" }, { "k8s-app": "metrics-server" }, "10.0.250.83", [{ port: 443, protocol: "TCP", targetPort: "https" }]);
  return writes;
}

