// AKS's share of the clusters' Kubernetes APIs (Provider.kubernetes): which cluster an API server
// name is, whether its API server is up, and its nodes (domain/kube-nodes.ts), read from the store.
import type { KubeClusterFacts, KubeClusters } from "../../kube/clusters.js";
import type { ProviderDeps } from "../provider.js";
import { apiServerFqdn, kubeNodeFacts } from "./domain/kube-nodes.js";
import { clusterKey } from "./domain/keys.js";
import type { ClusterRecord } from "./domain/records.js";
import { getCluster, getPools } from "./repository.js";
import { NODE_IMAGE_VERSION } from "./wire/render.js";

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
      createdAt: c.systemData.createdAt,
      nodeRevision: [c.eTag, ...pools.map((p) => p.eTag)].join(","),
      nodes: () => kubeNodeFacts(c, pools, deps.vmSizeFacts, NODE_IMAGE_VERSION),
      admits: (claims) => typeof claims.uti === "string" && claims.uti.startsWith(`${c.uid}-`),
    };
  }

  return {
    find(fqdn) {
      const name = fqdn.toLowerCase();
      const known = byFqdn.get(name);
      const hit = known !== undefined ? getCluster(store, known) : undefined;
      if (hit && apiServerFqdn(hit) === name) return facts(known!, hit);
      byFqdn.delete(name);
      for (const c of clusters()) {
        if (apiServerFqdn(c) !== name) continue;
        const key = clusterKey(c.subscriptionId, c.resourceGroup, c.name);
        if (byFqdn.size > 10_000) byFqdn.clear();
        byFqdn.set(name, key);
        return facts(key, c);
      }
      return undefined;
    },
    ids: () => clusters().map((c) => c.uid),
  };
}
