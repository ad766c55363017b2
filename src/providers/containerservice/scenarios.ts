// AKS's share of the named scenarios: the clusters they name, as the facts other providers'
// scenarios read (pools, their scale sets, the monitoring addon's workspace, add-ons, Entra ID),
// its own "Infrastructure issues" row, a transient fault on the cluster's next step with AKS's real
// text, and the rows made of objects inside the cluster (kube-scenarios.ts).
import { RECONCILE, SEED_OTHER, type Scenario, type ScenarioBook, type ScenarioCluster } from "../scenario.js";
import { clusterKey } from "./domain/keys.js";
import { monitoringWorkspace } from "./domain/monitoring.js";
import { clusterDnsSpec } from "./domain/private-cluster.js";
import { fleetId, nodeHostOf } from "./domain/node-resources.js";
import { enabledAddons, isAadCluster } from "./domain/kube-users.js";
import { AKS_ERRORS } from "./errors.js";
import { AKS_KUBE_SCENARIOS } from "./kube-scenarios.js";
import { getCluster, getPools } from "./repository.js";
import type { Reader } from "../../store/store.js";

function scenarioCluster(read: Reader, sub: string, rg: string, name: string): ScenarioCluster | undefined {
  const key = clusterKey(sub, rg, name);
  const cluster = getCluster(read, key);
  if (!cluster) return undefined;
  const host = nodeHostOf(cluster);
  const zonesOf = (spec: Record<string, unknown>) => (Array.isArray(spec["availabilityZones"]) ? spec["availabilityZones"].map(String) : []);
  const workspace = monitoringWorkspace(cluster.spec);
  const dns = clusterDnsSpec(cluster, host, getPools(read, key));
  return {
    id: cluster.id,
    name: cluster.name,
    resourceGroup: cluster.resourceGroup,
    location: cluster.location,
    pools: getPools(read, key).map((p) => ({
      name: p.name, vmSize: String(p.spec["vmSize"]), zones: zonesOf(p.spec), scaleSet: fleetId(host, p),
      ...(typeof p.spec["vnetSubnetID"] === "string" && p.spec["vnetSubnetID"] !== "" ? { subnet: p.spec["vnetSubnetID"] } : {}),
      count: p.nodes.length,
    })),
    kubeId: cluster.uid,
    addons: enabledAddons(cluster),
    aad: isAadCluster(cluster),
    ...(workspace !== undefined ? { monitoringWorkspace: workspace } : {}),
    ...(dns ? { privateDns: { zoneId: dns.zoneId, managed: dns.managed, recordName: dns.recordName, virtualNetworkId: dns.virtualNetworkId, linkName: dns.linkName } } : {}),
  };
}

/** A scenario's own fault id, the same for one cluster every time (so applying again replaces it). */
function faultId(key: string): string {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return `scenario-infrastructure-transient-${(h >>> 0).toString(16).padStart(8, "0")}`;
}

/** AKS's real text for an infrastructure failure (Azure/AKS#4975), from its catalog. */
const INFRA = AKS_ERRORS["reconcileVmssAgentPoolFailed"];

const infrastructureTransient: Scenario = {
  name: "infrastructure-transient",
  scope: "cluster",
  rank: 70,
  seed: { section: SEED_OTHER, symptom: "Infrastructure issues", cause: "The operation can't update the cluster because of an internal issue with the Azure Resource Manager (ARM) service that manages resources in Azure." },
  sets: "a transient fault: the next step of an operation on the cluster fails once (GET /_aksemu/faults shows it)",
  sees: { where: "the next operation on the cluster (or one of its pools) fails; the cluster is Failed", code: "ReconcileVMSSAgentPoolFailed" },
  remedy: ["az aks nodepool update -g <rg> --cluster-name <cluster> -n <pool>   (an agent pool reconciliation, for each pool)", RECONCILE],
  apply(_read, t) {
    const cluster = t.cluster!;
    const id = faultId(cluster.id.toLowerCase());
    return { faults: [{ id, resourceId: cluster.id, transient: { code: INFRA.code, message: INFRA.message({}) } }], applied: { faultId: id, resourceId: cluster.id } };
  },
};

export const AKS_SCENARIOS: ScenarioBook = { scenarios: [infrastructureTransient, ...AKS_KUBE_SCENARIOS], cluster: scenarioCluster };
