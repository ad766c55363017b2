// What the Kubernetes API needs to know of the clusters the provider that keeps them has (through
// `Provider.kubernetes`): which cluster an API server name is, its version, whether its API server
// is up, and its nodes as facts. The Kubernetes layer mirrors those facts into Node objects.

export type KubeTaint = { key: string; value?: string; effect: string };

/** One node as its cluster's provider knows it; nodes.ts renders the Node object. */
export type KubeNodeFacts = {
  name: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly KubeTaint[];
  /** The provider holds the node unschedulable (an upgrade's cordon and drain). */
  unschedulable: boolean;
  ready: boolean;
  internalIP: string;
  providerID: string;
  capacity: Readonly<Record<string, string>>;
  allocatable: Readonly<Record<string, string>>;
  nodeInfo: Readonly<Record<string, string>>;
  createdAt: number;
};

export type KubeClusterFacts = {
  /** The world's id: stable for the cluster's life, new for a cluster recreated under the same name. */
  id: string;
  /** The API server's name, {dnsPrefix}-{hash}.hcp.{region}.azmk8s.io. */
  fqdn: string;
  /** The control plane's version, e.g. "1.30.5". */
  kubernetesVersion: string;
  /** False while the API server is down (a stopped cluster): requests find nothing to connect to. */
  reachable: boolean;
  createdAt: number;
  /** Equal revisions mean equal nodes: an unchanged cluster is not mirrored again. */
  nodeRevision: string;
  nodes(): readonly KubeNodeFacts[];
  /**
   * Whether a bearer token's claims let it in: the kubeconfig's token names the cluster it was
   * issued for (the `uti` claim). The signature and lifetime are checked before this is asked.
   */
  admits(claims: { uti?: unknown }): boolean;
};

export type KubeClusters = {
  /** The cluster whose API server answers to `fqdn` (lower case), if any. */
  find(fqdn: string): KubeClusterFacts | undefined;
  /** The ids of every cluster that exists (worlds of deleted clusters are dropped). */
  ids(): readonly string[];
};
