// Diagnose and solve problems (seed 002: "Cluster Issues", "Provisioning State Check"): what a
// provider contributes through Provider.detectors to judge a cluster's world from its own records.
// A detector is data plus a pure `evaluate` over a read-only view (the store's Reader, the cluster
// and its pools, its recent operations and activity-log events, resolved by the provider that
// keeps clusters); it returns findings in AppLens's words (Critical, Warning, Info, Success). The
// provider that keeps clusters serves them under the cluster as ARM resources
// (`{cluster}/detectors[/{name}]`) and names no other provider: it gets the list from the
// composition root (ProviderDeps.detectors).
//
// To add one: in your provider folder, a `detectors.ts` exporting `readonly Detector[]` (a unique
// kebab-case id, `category: "Cluster Issues"` for seed 002's causes, a `rank` for its place, the
// `healthy` text, and `evaluate` reading your own records through `input.read` and the facts
// below: `currentFailures(input)` for failed operations not yet retried, `failedEventsWith(input,
// codes)` for refusals in the activity log); then `detectors: YOUR_DETECTORS` in your Provider.
// Findings quote seed 002's row (`cause`) and give its remedy with commands that name the
// cluster's own resources. Nothing else changes: the list, the wire and `azl aks kollect` follow.
import type { ActivityEvent } from "../engine/activity.js";
import type { OperationError, OperationStatus } from "../engine/operations.js";
import type { Reader } from "../store/store.js";

/** AppLens's InsightStatus, in its order (the wire's statusId is the index). "None": not evaluated. */
export const DETECTOR_STATUSES = ["Critical", "Warning", "Info", "Success", "None"] as const;
export type DetectorStatus = (typeof DETECTOR_STATUSES)[number];

/**
 * The Diagnose and solve problems categories a detector files under, with the id of the category's
 * overview detector: seed 002's "Cluster Issues", then the portal's AKS categories (its
 * armResourceConfig for microsoft.containerservice/managedclusters, 2023).
 */
export const DETECTOR_CATEGORIES = {
  "Cluster Issues": { overview: "aks-category-cluster-issues", description: "Diagnose why a cluster or node pool is in a failed state, its cause and the remedy (seed 002)." },
  "Cluster and Control Plane Availability and Performance": { overview: "aks-ccp-availability-perf", description: "Check your cluster health and control plane availability or service impacting, throttling and other performance issues" },
  "Connectivity Issues": { overview: "aks-category-connectivity", description: "Find out networking issues on cluster subnet configuration, DNS, FQDN, etc." },
  "Create, Upgrade, Delete and Scale": { overview: "aks-category-crud", description: "Get help on create, upgrade, delete, and scale operations of your cluster" },
  "Identity and Security": { overview: "aks-category-identity-security", description: "Find solutions to AAD, Certificate, Access, or Identity problems" },
  "Best Practices": { overview: "aks-category-risk-assessment", description: "Analyze your cluster for optimal configuration and performance" },
  "Node Health": { overview: "aks-category-node-health", description: "Troubleshoot failures or unresponsiveness on nodes" },
  Storage: { overview: "aks-category-storage", description: "Diagnose any problems relating to storage issues." },
} as const;
export type DetectorCategory = keyof typeof DETECTOR_CATEGORIES;

/** An agent pool as detectors read it. */
export type DetectorPool = {
  name: string;
  id: string;
  provisioningState: string;
  powerState: string;
  vmSize: string;
  count: number;
  mode: string;
  orchestratorVersion: string;
  zones: readonly string[];
  vmSetType: "VirtualMachineScaleSets" | "AvailabilitySet";
  /** The ARM id of the scale set, or of the availability set, holding its VMs (in the node resource group). */
  fleet: string;
  /** vnetSubnetID and podSubnetID, when the pool names them (else AKS's managed network). */
  subnet?: string;
  podSubnet?: string;
  /** Every property the pool has, as its GET shows them under `properties` (api-version-neutral). */
  properties: Readonly<Record<string, unknown>>;
};

/** A cluster as detectors read it, resolved by the provider that keeps clusters. */
export type DetectorCluster = {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  provisioningState: string;
  powerState: string;
  kubernetesVersion: string;
  nodeResourceGroup: string;
  /** Its pools, oldest first. */
  pools: readonly DetectorPool[];
  /** Namespaces the cluster's writes need registered: its own, then those its nodes need. */
  namespaces: readonly string[];
  /** The Log Analytics workspace its monitoring addon (omsagent) sends to, while the addon is enabled. */
  monitoringWorkspace?: string;
  /** Its properties as its GET shows them (without agentPoolProfiles: see `pools`). */
  properties: Readonly<Record<string, unknown>>;
};

/** One of the cluster's operations (its own and its pools'), as its owner keeps it. */
export type DetectorOperation = {
  id: string;
  operationType: string;
  status: OperationStatus;
  startTime: number;
  endTime?: number;
  error?: OperationError;
  /** The pool an agent pool operation is about; absent for a cluster operation. */
  pool?: string;
  /** The pools whose state a cluster operation drives. */
  pools: readonly string[];
};

export type DetectorInput = {
  read: Reader;
  subscription: { id: string; state: string };
  cluster: DetectorCluster;
  /** Every operation kept for the cluster and its pools, newest first (not only the window's). */
  operations: readonly DetectorOperation[];
  /** Activity-log events of the window on the cluster, its pools and its node resource group, oldest first. */
  events: readonly ActivityEvent[];
  /** The time range asked for (startTime, endTime; default the last 24 hours), virtual ms. */
  window: { start: number; end: number };
  now: number;
  /** The cluster's Kubernetes world, read-only, as of now; absent while its API server does not answer (a stopped cluster). */
  kubernetes?: DetectorKube;
};

/**
 * A read-only look into the cluster's Kubernetes API, as the emulator itself reads it: the items of
 * a list path (`/api/v1/nodes`, `/api/v1/namespaces/kube-system/pods`, `.../events`), empty when
 * the path serves nothing. Resolved by the provider that keeps clusters.
 */
export type DetectorKube = { list(path: string): readonly Readonly<Record<string, unknown>>[] };

/** Seed 002's remedy: its text, then the commands (the emulator's stand-ins last). */
export type Remedy = { title: string; text: string; commands: readonly string[] };

export type Finding = {
  status: DetectorStatus;
  /** The insight's message: what was found, in one line. */
  message: string;
  /** The seed 002 row it matches, quoted: the error or issue, and its description. */
  cause?: { symptom: string; text: string };
  remedy?: Remedy;
  /** Evidence as name → value rows (ids, error codes, messages, states), in order. */
  evidence?: readonly (readonly [string, string])[];
};

export type Detector = {
  /** Its name in `{cluster}/detectors/{id}`. */
  id: string;
  /** The portal's display name. */
  name: string;
  category: DetectorCategory;
  description: string;
  /** Its place in lists, whichever provider contributes it. */
  rank: number;
  /** The Success insight's message when `evaluate` finds nothing. */
  healthy: string;
  evaluate: (input: DetectorInput) => readonly Finding[];
};

/** Seed 002's reconcile, for a cluster id. */
export const reconcileCommand = (clusterId: string) => `az resource update --ids ${clusterId}`;

/** The worst status of some findings (Success when there are none). */
export function worstStatus(findings: readonly Pick<Finding, "status">[]): DetectorStatus {
  let worst = DETECTOR_STATUSES.indexOf("Success");
  for (const f of findings) worst = Math.min(worst, DETECTOR_STATUSES.indexOf(f.status));
  return DETECTOR_STATUSES[worst]!;
}

/** Every code an error carries: its own, then its details' (AKS nests Compute's error there). */
export function errorCodes(e: OperationError | undefined): string[] {
  return e ? [e.code, ...(e.details ?? []).flatMap(errorCodes)] : [];
}

/** The operations that drive one subject's state: the cluster's own ("" ), or a pool's (its own and the cluster operations that touch it). */
function drives(op: DetectorOperation, subject: string): boolean {
  if (subject === "") return op.pool === undefined;
  const pool = subject.toLowerCase();
  return op.pool !== undefined ? op.pool.toLowerCase() === pool : op.pools.some((p) => p.toLowerCase() === pool);
}

export type CurrentFailure = { op: DetectorOperation; error: OperationError; subjects: readonly string[] };

/**
 * The failures nothing has superseded yet: for the cluster and each pool, its last ended operation
 * when it Failed and ended in the window (an operation that failed the cluster and its pools comes
 * once, with every subject). A later success on the same subject (the retry, the reconcile) clears it.
 */
export function currentFailures(input: Pick<DetectorInput, "operations" | "cluster" | "window">): CurrentFailure[] {
  const ended = input.operations.filter((op) => op.endTime !== undefined && op.status !== "InProgress" && op.status !== "Canceling");
  const byOp = new Map<string, { op: DetectorOperation; subjects: string[] }>();
  for (const subject of ["", ...input.cluster.pools.map((p) => p.name)]) {
    const last = ended.filter((op) => drives(op, subject)).sort((a, b) => b.endTime! - a.endTime! || b.startTime - a.startTime)[0];
    if (!last || last.status !== "Failed" || last.endTime! < input.window.start || last.endTime! > input.window.end) continue;
    const entry = byOp.get(last.id) ?? { op: last, subjects: [] };
    entry.subjects.push(subject === "" ? input.cluster.name : subject);
    byOp.set(last.id, entry);
  }
  return [...byOp.values()].map((e) => ({ op: e.op, error: e.op.error ?? { code: e.op.status, message: `The operation ended with status ${e.op.status}.` }, subjects: e.subjects }));
}

/** The last operation of a subject (the cluster: "", or a pool) that Failed in the window. */
export function lastFailed(input: Pick<DetectorInput, "operations" | "window">, subject: string): DetectorOperation | undefined {
  return input.operations
    .filter((op) => op.status === "Failed" && op.endTime !== undefined && op.endTime >= input.window.start && op.endTime <= input.window.end && drives(op, subject))
    .sort((a, b) => b.endTime! - a.endTime!)[0];
}

/** The error an event carries in properties.statusMessage (a refusal's body, or an operation's status JSON), if any. */
export function eventError(e: Pick<ActivityEvent, "properties">): OperationError | undefined {
  const text = e.properties["statusMessage"];
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown };
    const inner = body.error ?? body;
    return typeof inner.code === "string" ? { code: inner.code, message: typeof inner.message === "string" ? inner.message : "" } : undefined;
  } catch {
    return undefined;
  }
}

/** The window's Failed events whose error has one of `codes`, oldest first. */
export const failedEventsWith = (input: Pick<DetectorInput, "events">, codes: readonly string[]) =>
  input.events.filter((e) => e.status === "Failed" && codes.includes(eventError(e)?.code ?? ""));

/** An instant as evidence: ISO 8601, UTC. */
export const isoTime = (ms: number) => new Date(ms).toISOString();

/** The evidence rows of one failed operation: its id, type, end, code and message (and a nested error's). */
export function operationEvidence(op: DetectorOperation, error: OperationError): [string, string][] {
  const rows: [string, string][] = [
    ["Operation", `${op.operationType} ${op.id}`],
    ["Failed at", isoTime(op.endTime ?? op.startTime)],
    ["Error code", error.code],
    ["Error message", error.message],
  ];
  for (const d of error.details ?? []) rows.push(["Inner error", `${d.code}: ${d.message}`]);
  return rows;
}
