// What the Kubernetes API needs to know of the clusters the provider that keeps them has (through
// `Provider.kubernetes`): which cluster an API server name is, its version, whether its API server
// is up, and its nodes as facts. The Kubernetes layer mirrors those facts into Node objects.
import type { KubeUser } from "./rbac/authorize.js";

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
  /**
   * A private cluster: its API server has only a private endpoint in the cluster's virtual network,
   * so nothing outside reaches it (isReachableFromOutside); run command's kubectl, which runs inside
   * that network, still does (`insider`).
   */
  private?: boolean;
  createdAt: number;
  /** The cluster's network plugin as its provider says ("azure", "kubenet", "none"), its mode, dataplane and policy: which CNI daemons kube-system runs. */
  network?: { plugin: string; mode?: string; dataplane?: string; policy?: string };
  /** Equal revisions mean equal nodes: an unchanged cluster is not mirrored again. */
  nodeRevision: string;
  nodes(): readonly KubeNodeFacts[];
  /**
   * Whether a bearer token's claims let it in: the kubeconfig's token names the cluster it was
   * issued for (the `uti` claim). The signature and lifetime are checked before this is asked.
   */
  admits(claims: { uti?: unknown }): boolean;
  /**
   * Whether a let-in token is one the emulator minted for its own work from inside the cluster's
   * network (run command's pod): such a caller reaches a private cluster's API server, which no
   * outside caller does. Absent: none.
   */
  insider?(claims: { uti?: unknown }): boolean;
  /**
   * The Kubernetes user a let-in token authenticates as (its claims), for RBAC: a member of
   * `system:masters` is cluster-admin. Absent: every token is cluster-admin.
   */
  userOf?(claims: { uti?: unknown; oid?: unknown }): KubeUser;
  /** The cluster's ARM id, for what judges it from outside (Azure Policy's gatekeeper). */
  armId?: string;
  /** The add-ons enabled on it, lower-cased (`azurepolicy` runs gatekeeper). */
  addons?: readonly string[];
};

export type KubeClusters = {
  /** The cluster whose API server answers to `fqdn` (lower case), if any. */
  find(fqdn: string): KubeClusterFacts | undefined;
  /** The cluster whose world is `id` (KubeClusterFacts.id), if it still exists: for work an engine step does in it. */
  byId?(id: string): KubeClusterFacts | undefined;
  /** The ids of every cluster that exists (worlds of deleted clusters are dropped). */
  ids(): readonly string[];
};

/**
 * Whether a client outside the cluster's network reaches its API server now: it is up, and not a
 * private cluster. The door to the Kubernetes APIs (server/kube-door.ts, proxy mode's lookups)
 * refuses every other cluster; internal callers ask `reachable` alone.
 */
export const isReachableFromOutside = (c: Pick<KubeClusterFacts, "reachable" | "private">): boolean => c.reachable && c.private !== true;
