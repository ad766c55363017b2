// AKS's share of the clusters' Kubernetes APIs (Provider.kubernetes): which cluster an API server
// name is, whether its API server is up, and its nodes (domain/kube-nodes.ts), read from the store.
import type { KubeClusterFacts, KubeClusters } from "../../kube/clusters.js";
import type { ProviderDeps } from "../provider.js";
import { apiServerFqdn, kubeNodeFacts } from "./domain/kube-nodes.js";
import { clusterKey } from "./domain/keys.js";
import type { ClusterRecord } from "./domain/records.js";
import { getCluster, getPools } from "./repository.js";
import { privateAccessOf, privateFqdn } from "./domain/private-cluster.js";

/** A cluster answers to its API server name and, a private cluster, to its private FQDN. */
const answersTo = (c: ClusterRecord, name: string) => apiServerFqdn(c) === name || privateFqdn(c) === name;
import { enabledAddons, kubeUserOf } from "./domain/kube-users.js";
import { runCommandUti } from "./domain/run-command.js";
import { NODE_IMAGE_VERSION } from "./wire/render.js";

/** The network settings that decide kube-system's CNI daemons. */
function networkOf(c: ClusterRecord): NonNullable<KubeClusterFacts["network"]> {
  const n = typeof c.spec["networkProfile"] === "object" && c.spec["networkProfile"] !== null ? (c.spec["networkProfile"] as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v.toLowerCase() : undefined);
  const mode = text(n["networkPluginMode"]);
  const dataplane = text(n["networkDataplane"]);
  const policy = text(n["networkPolicy"]);
  return { plugin: text(n["networkPlugin"]) ?? "azure", ...(mode ? { mode } : {}), ...(dataplane ? { dataplane } : {}), ...(policy ? { policy } : {}) };
}

export function aksKubernetes(deps: ProviderDeps): KubeClusters {
  const { store } = deps;
  // API server name → cluster key, found by a scan on a miss and checked on every hit.
  const byFqdn = new Map<string, string>();
  const clusters = () => [...store.values<ClusterRecord>("resources")].filter((r) => r.kind === "managedCluster");

  function facts(key: string, c: ClusterRecord): KubeClusterFacts {
    const pools = getPools(store, key);
    return {
      id: c.uid,
      fqdn: apiServerFqdn(c),
      kubernetesVersion: c.currentKubernetesVersion,
      reachable: c.powerState === "Running",
      private: privateAccessOf(c.spec) !== undefined,
      createdAt: c.systemData.createdAt,
      network: networkOf(c),
      nodeRevision: [c.eTag, ...pools.map((p) => p.eTag)].join(","),
      nodes: () => kubeNodeFacts(c, pools, deps.vmSizeFacts, NODE_IMAGE_VERSION),
      admits: (claims) => typeof claims.uti === "string" && claims.uti.startsWith(`${c.uid}-`),
      insider: (claims) => claims.uti === runCommandUti(c.uid),
      userOf: (claims) => kubeUserOf(c, claims),
      armId: c.id,
      addons: enabledAddons(c),
    };
  }

  return {
    find(fqdn) {
      const name = fqdn.toLowerCase();
      const known = byFqdn.get(name);
      const hit = known !== undefined ? getCluster(store, known) : undefined;
      if (hit && answersTo(hit, name)) return facts(known!, hit);
      byFqdn.delete(name);
      for (const c of clusters()) {
        if (!answersTo(c, name)) continue;
        const key = clusterKey(c.subscriptionId, c.resourceGroup, c.name);
        if (byFqdn.size > 10_000) byFqdn.clear();
        byFqdn.set(name, key);
        return facts(key, c);
      }
      return undefined;
    },
    ids: () => clusters().map((c) => c.uid),
    byId(id) {
      const c = clusters().find((x) => x.uid === id);
      return c ? facts(clusterKey(c.subscriptionId, c.resourceGroup, c.name), c) : undefined;
    },
  };
}
