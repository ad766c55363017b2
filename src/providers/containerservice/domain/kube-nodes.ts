// A cluster's nodes as its Kubernetes API shows them (src/kube mirrors these facts into Node
// objects): AKS's names and labels (agentpool, kubernetes.azure.com/*, instance type, region and
// zone), taints and labels of the pool, capacity from the VM size and allocatable after AKS's
// reservations, and the node's state (a node being provisioned or reimaged is NotReady; a cordoned,
// draining or deleting one is unschedulable). Pure.
import type { KubeNodeFacts, KubeTaint } from "../../../kube/clusters.js";
import { isAvailabilitySetPool } from "./node-resources.js";
import { nodeName, vmssName } from "./plans.js";
import type { ClusterRecord, Json, NodeRecord, PoolRecord } from "./records.js";

/** The cluster's API server name, {dnsPrefix}-{hash}.hcp.{region}.azmk8s.io, in lower case. */
export function apiServerFqdn(c: ClusterRecord): string {
  return `${String(c.spec["dnsPrefix"] ?? c.name)}-${c.uid.slice(0, 8)}.hcp.${c.location}.azmk8s.io`.toLowerCase();
}

export type SizeFacts = (vmSize: string) => { vCPUs: number; memoryGB: number } | undefined;

/** AKS's kube-reserved CPU by core count (millicores), from its documented table. */
function reservedCpuMillis(cores: number): number {
  const table: [number, number][] = [[1, 60], [2, 100], [4, 140], [8, 180], [16, 260], [32, 420], [64, 740]];
  for (const [c, m] of table) if (cores <= c) return m;
  return 740 + (cores - 64) * 2.5;
}

const taintOf = (text: string): KubeTaint | undefined => {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text);
  return m ? { key: m[1]!, ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3]! } : undefined;
};

const str = (v: unknown, fallback: string) => (typeof v === "string" && v !== "" ? v : fallback);

/** The node's address in the cluster's node network (10.224.0.0/16, from .4 on, across pools). */
const address = (index: number) => `10.224.${(4 + index) >> 8}.${(4 + index) & 255}`;

function osImage(spec: Json): string {
  if (spec["osType"] === "Windows") return "Windows Server 2022 Datacenter";
  const sku = String(spec["osSKU"] ?? "Ubuntu");
  if (sku === "AzureLinux" || sku === "CBLMariner") return "CBL-Mariner/Linux";
  return "Ubuntu 22.04.5 LTS";
}

export function kubeNodeFacts(c: ClusterRecord, pools: readonly PoolRecord[], sizes: SizeFacts | undefined, nodeImageVersion: string): KubeNodeFacts[] {
  const out: KubeNodeFacts[] = [];
  const nodeRg = String(c.spec["nodeResourceGroup"] ?? "");
  let index = 0;
  for (const p of pools) {
    const spec = p.spec;
    const vmSize = str(spec["vmSize"], "Standard_DS2_v2");
    const facts = sizes?.(vmSize) ?? { vCPUs: 2, memoryGB: 7 };
    const maxPods = typeof spec["maxPods"] === "number" ? spec["maxPods"] : 110;
    const diskGB = typeof spec["osDiskSizeGB"] === "number" ? spec["osDiskSizeGB"] : 128;
    const windows = spec["osType"] === "Windows";
    const arm64 = /^standard_[a-z]+\d+[a-z]*p[a-z]*_v\d/i.test(vmSize);
    const memoryKi = Math.floor(facts.memoryGB * 1024 * 1024 * 0.965);
    const reservedMemKi = (20 * maxPods + 50) * 1024 + 100 * 1024;
    const storageKi = Math.floor(diskGB * 1024 * 1024 * 0.968);
    const capacity = { cpu: String(facts.vCPUs), "ephemeral-storage": `${storageKi}Ki`, "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${memoryKi}Ki`, pods: String(maxPods) };
    const allocatable = { cpu: `${facts.vCPUs * 1000 - reservedCpuMillis(facts.vCPUs)}m`, "ephemeral-storage": String(Math.floor(storageKi * 1024 * 0.9)), "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${Math.max(0, memoryKi - reservedMemKi)}Ki`, pods: String(maxPods) };
    const zones = Array.isArray(spec["availabilityZones"]) ? (spec["availabilityZones"] as unknown[]).map(String) : [];
    const userLabels = typeof spec["nodeLabels"] === "object" && spec["nodeLabels"] !== null ? (spec["nodeLabels"] as Record<string, unknown>) : {};
    const taints = (Array.isArray(spec["nodeTaints"]) ? (spec["nodeTaints"] as unknown[]) : []).map((t) => taintOf(String(t))).filter((t): t is KubeTaint => t !== undefined);
    const mode = String(spec["mode"] ?? "User").toLowerCase();
    const spot = spec["scaleSetPriority"] === "Spot";
    if (spot) taints.push({ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" });
    const poolStopped = p.powerState === "Stopped";
    for (const n of p.nodes as NodeRecord[]) {
      if (poolStopped || n.state === "Stopped") continue;
      const name = n.name || nodeName(p, n.instanceId);
      const zone = zones.length > 0 ? `${c.location}-${zones[n.instanceId % zones.length]}` : "0";
      const os = windows ? "windows" : "linux";
      const arch = arm64 ? "arm64" : "amd64";
      const labels: Record<string, string> = {
        agentpool: p.name,
        "beta.kubernetes.io/arch": arch,
        "beta.kubernetes.io/instance-type": vmSize,
        "beta.kubernetes.io/os": os,
        "failure-domain.beta.kubernetes.io/region": c.location,
        "failure-domain.beta.kubernetes.io/zone": zone,
        "kubernetes.azure.com/agentpool": p.name,
        "kubernetes.azure.com/cluster": nodeRg,
        "kubernetes.azure.com/mode": mode,
        "kubernetes.azure.com/node-image-version": nodeImageVersion,
        "kubernetes.azure.com/nodepool-type": isAvailabilitySetPool(p) ? "AvailabilitySet" : "VirtualMachineScaleSets",
        "kubernetes.azure.com/os-sku": String(spec["osSKU"] ?? (windows ? "Windows2022" : "Ubuntu")),
        "kubernetes.azure.com/role": "agent",
        ...(spot ? { "kubernetes.azure.com/scalesetpriority": "spot" } : {}),
        "kubernetes.io/arch": arch,
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": os,
        "kubernetes.io/role": "agent",
        "node-role.kubernetes.io/agent": "",
        "node.kubernetes.io/instance-type": vmSize,
        "topology.kubernetes.io/region": c.location,
        "topology.kubernetes.io/zone": zone,
        ...Object.fromEntries(Object.entries(userLabels).map(([k, v]) => [k, String(v)])),
      };
      const vm = isAvailabilitySetPool(p) ? `virtualMachines/${name}` : `virtualMachineScaleSets/${vmssName(p)}/virtualMachines/${n.instanceId}`;
      out.push({
        name,
        labels,
        taints,
        unschedulable: n.state === "Cordoned" || n.state === "Draining" || n.state === "Deleting" || n.state === "Reimaging",
        ready: n.state !== "Provisioning" && n.state !== "Reimaging",
        internalIP: address(index++),
        providerID: `azure:///subscriptions/${c.subscriptionId}/resourceGroups/${nodeRg.toLowerCase()}/providers/Microsoft.Compute/${vm}`,
        capacity,
        allocatable,
        nodeInfo: {
          architecture: arch,
          bootID: "",
          containerRuntimeVersion: "containerd://1.7.25-1",
          kernelVersion: windows ? "10.0.20348.2966" : "5.15.0-1079-azure",
          kubeProxyVersion: `v${n.version}`,
          kubeletVersion: `v${n.version}`,
          machineID: "",
          operatingSystem: os,
          osImage: osImage(spec),
          systemUUID: "",
        },
        createdAt: n.createdAt,
      });
    }
  }
  return out;
}
