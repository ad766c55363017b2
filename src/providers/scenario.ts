// Named scenarios (POST /_aksemu/scenarios/{name}, seed 002's rows): what a provider contributes
// through Provider.scenarios to put the world into a row's state with its own records. The control
// API lists them, validates the request, resolves the cluster a scenario names (through the
// provider that keeps clusters), applies the one asked for and commits what it returns; it names
// no provider. A scenario's `apply` is pure but for reading the store.
import type { OperationError } from "../engine/operations.js";
import type { Change } from "../engine/step-runner.js";
import type { Reader } from "../store/store.js";

/** Where a scenario applies: one cluster (`{"resourceGroup", "cluster", "pool"?}`) or the subscription. */
export type ScenarioScope = "cluster" | "subscription";

/** A cluster as other providers' scenarios read it, resolved by the provider that keeps clusters. */
export type ScenarioCluster = {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  /** Its pools, oldest first: the VM size as asked, the zones, the scale set holding its nodes (ARM id), its vnetSubnetID if any, its node count. */
  pools: readonly { name: string; vmSize: string; zones: readonly string[]; scaleSet: string; subnet?: string; count?: number }[];
  /** Its Kubernetes world's id (KubeClusterFacts.id): where a scenario's `kube` writes go. */
  kubeId?: string;
  /** Its enabled add-ons, lower-cased (`azurepolicy`, ...). */
  addons?: readonly string[];
  /** Microsoft Entra ID integration (aadProfile): its users are who they are in Kubernetes RBAC. */
  aad?: boolean;
  /** The Log Analytics workspace its monitoring addon (omsagent) sends to, while the addon is enabled. */
  monitoringWorkspace?: string;
  /** A private cluster's DNS: its zone (`managed`: AKS's "system" zone), the API server's A record, the vnet and AKS's link to it. */
  privateDns?: { zoneId: string; managed: boolean; recordName: string; virtualNetworkId: string; linkName: string };
};

export type ScenarioTarget = { subscriptionId: string; cluster?: ScenarioCluster; pool?: string };

/** A fault the control layer keeps for a scenario (one of the same id is replaced): the next matching step fails once. */
export type ScenarioFault = { id: string; resourceId: string; transient: OperationError };

/** A service principal a scenario adds to the emulator's directory (the control layer keeps them, as POST /_aksemu/principals does). */
export type ScenarioPrincipal = { objectId: string; clientId: string; clientSecret: string; displayName: string };

/**
 * A write inside the cluster, made through its Kubernetes API as the emulator itself (no RBAC;
 * admission applies), never as store documents: the world, its watchers and controllers see it as
 * any client's write. `apply` is a server-side apply of the object at `path` (created when absent;
 * the same object again changes nothing); `patchEach` a strategic merge patch of every object the
 * list at that path holds now (every node, as `kubectl taint nodes --all` does).
 */
export type ScenarioKubeWrite = { path: string; apply: Record<string, unknown> } | { patchEach: string; patch: Record<string, unknown> };

/** What applying a scenario writes and tells the caller it set, or why it cannot apply (a 400 or 404; nothing written). */
export type ScenarioOutcome =
  | { change?: Change; faults?: readonly ScenarioFault[]; principals?: readonly ScenarioPrincipal[]; kube?: readonly ScenarioKubeWrite[]; applied: Record<string, unknown> }
  | { refused: "badRequest" | "notFound"; message: string };

export type Scenario = {
  name: string;
  scope: ScenarioScope;
  /** Its place in the list (GET /_aksemu/scenarios and docs/scenarios.md), whichever provider contributes it. */
  rank: number;
  /** The list shows the body's optional `pool` (every cluster scenario accepts it). */
  showsPool?: boolean;
  /** Seed 002's row: the table it is in, its symptom (error or issue) and cause, quoted. */
  seed: { section: string; symptom: string; cause: string };
  /** What the scenario sets, in the emulator's terms. */
  sets: string;
  /** What the user sees: where, and the code (docs/scenarios.md has the texts). */
  sees: { where: string; code: string };
  /** The remedy: the seed's commands, then the emulator's stand-in for what Azure support or time does. */
  remedy: readonly string[];
  /** The same world every time it is applied (idempotent). A cluster scenario gets `target.cluster`. */
  apply: (read: Reader, target: ScenarioTarget, now: number) => ScenarioOutcome;
};

export type ScenarioBook = {
  scenarios: readonly Scenario[];
  /** For the provider that keeps clusters: the cluster a cluster scenario names, if it exists. */
  cluster?: (read: Reader, subscriptionId: string, resourceGroup: string, name: string) => ScenarioCluster | undefined;
};

// Seed 002's two tables and its reconcile, as the rows quote them.
export const SEED_COMMON = "Basic troubleshooting of common errors causing a cluster/node to fail";
export const SEED_OTHER = "Basic troubleshooting of other possible issues causing a cluster/node to fail";
// Seed 003 ("Resolve az aks command invoke failures"): its symptoms table and causes.
export const SEED_RUN_COMMAND = 'Resolve "az aks command invoke" failures';
export const RECONCILE = "az resource update --ids <cluster id>   (or az aks update -g <rg> -n <cluster>: reconcile to the current settings)";

export const badRequest = (message: string): ScenarioOutcome => ({ refused: "badRequest", message });
export const notFound = (message: string): ScenarioOutcome => ({ refused: "notFound", message });

/** A cluster scenario's `pool`: the cluster's pool of that name, in any casing. */
export const poolNamed = (cluster: ScenarioCluster, pool: string) => cluster.pools.find((p) => p.name.toLowerCase() === pool.toLowerCase());
/** The 404 for a `pool` the cluster does not have. */
export const poolNotFound = (cluster: ScenarioCluster, pool: string) => notFound(`Agent pool '${pool}' of managed cluster '${cluster.name}' was not found.`);
