// Draining a node, as the cluster's provider asks it (AKS's upgrader before it removes or reimages
// a node), in pure decisions: which pods go (kubectl drain's and AKS's filters), the events the
// upgrader records, and a blocked eviction as data the step's error carries to the provider that
// words it. The Eviction API's own decision is eviction.ts; drain-steps.ts runs this in a step.
import type { OperationError } from "../engine/operations.js";
import type { EvictionVerdict } from "./eviction.js";
import { at, isObj, kubeTime, meta, nameOf, namespaceOf, type Obj } from "./objects.js";

/** The name steps carry for the runner of drains (the engine finds runners by this name). */
export const KUBERNETES_STEPS = "Kubernetes";

/**
 * A drain step, as data in the provider's plan: evict every evictable pod of `node` in the world of
 * cluster `world`, retrying blocked evictions until `timeoutMs` after the first attempt
 * (`deadline`, set then); `ignoreBudget` deletes pods without asking their PDBs.
 */
export type DrainAction = { type: "drainNode"; world: string; node: string; timeoutMs: number; ignoreBudget?: boolean; deadline?: number };

/** How long a blocked drain waits before it tries its evictions again. */
export const DRAIN_RETRY_MS = 10_000;

/** The component the events name: AKS's upgrader (ERROR-TEXTS.md §8). */
export const DRAIN_SOURCE = "upgrader";

export const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

const ownedByDaemonSet = (pod: Obj) => {
  const refs = meta(pod)["ownerReferences"];
  return Array.isArray(refs) && refs.some((r) => isObj(r) && r["controller"] === true && r["kind"] === "DaemonSet");
};
const isMirror = (pod: Obj) => isObj(meta(pod)["annotations"]) && (meta(pod)["annotations"] as Obj)[MIRROR_ANNOTATION] !== undefined;

/**
 * The pods a drain of `node` evicts: those bound to it, but DaemonSet-owned pods (their controller
 * puts them back on the node) and mirror (static) pods, which kubectl drain and AKS leave, and pods
 * already terminating (they are going).
 */
export function podsToEvict(pods: Iterable<Obj>, node: string): Obj[] {
  const out: Obj[] = [];
  for (const p of pods) {
    if (at(p, "spec.nodeName") !== node || meta(p)["deletionTimestamp"] !== undefined) continue;
    if (ownedByDaemonSet(p) || isMirror(p)) continue;
    out.push(p);
  }
  return out;
}

/** A pod whose eviction the PDB refused, as the upgrader reports it. */
export type BlockedEviction = { node: string; namespace: string; pod: string; pdb: string; unready: number };

export function blockedEviction(node: string, pod: Obj, verdict: Exclude<EvictionVerdict, { allowed: true }>): BlockedEviction {
  const pdb = verdict.reason === "budget" ? nameOf(verdict.pdb) : verdict.pdbs.map(nameOf).join(",");
  return { node, namespace: namespaceOf(pod), pod: nameOf(pod), pdb, unready: verdict.reason === "budget" ? verdict.budget.unready : 0 };
}

// The apiserver's 429 text (status.ts disruptionBudget): the drain's error carries it as its own.
const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

/**
 * The step's error when the drain timed out: the apiserver's refusal, with the blocked eviction as
 * details the provider that owns the operation reads back (`blockedEvictionOf`) to word it.
 */
export function drainTimedOut(b: BlockedEviction): OperationError {
  return {
    code: "TooManyRequests",
    message: EVICTION_REFUSED,
    details: [
      { code: "Node", message: b.node },
      { code: "Pod", message: `${b.namespace}/${b.pod}` },
      { code: "PodDisruptionBudget", message: b.pdb },
      { code: "UnreadyPods", message: String(b.unready) },
    ],
  };
}

export function blockedEvictionOf(error: OperationError): (BlockedEviction & { original: string }) | undefined {
  const d = new Map((error.details ?? []).map((x) => [x.code, x.message]));
  const pod = d.get("Pod");
  const node = d.get("Node");
  if (error.code !== "TooManyRequests" || pod === undefined || node === undefined) return undefined;
  const slash = pod.indexOf("/");
  return { node, namespace: pod.slice(0, slash), pod: pod.slice(slash + 1), pdb: d.get("PodDisruptionBudget") ?? "", unready: Number(d.get("UnreadyPods") ?? 0), original: error.message };
}

export type DrainEvent = { type: "Normal" | "Warning"; message: string };

export const drainingEvent = (node: string): DrainEvent => ({ type: "Normal", message: `Draining node: ${node}` });
export const blockedEvent = (pod: string): DrainEvent => ({ type: "Warning", message: `Eviction blocked by Too Many Requests (usually a pdb): ${pod}` });

/** Node events live in `default` (a cluster-scoped object's events go there). */
export const NODE_EVENTS_NAMESPACE = "default";

/**
 * The Event for `e` about Node `node` at `when`: a repeat of one already recorded (same object,
 * reason, type and message) counts up on it, as the apiserver's event aggregation does.
 */
export function drainEventObject(e: DrainEvent, node: Obj, when: number, existing: Iterable<Obj>, newId: () => string, seq = 0): Obj {
  const name = nameOf(node);
  const t = kubeTime(when);
  for (const o of existing) {
    if (at(o, "involvedObject.kind") === "Node" && at(o, "involvedObject.name") === name && o["reason"] === "Drain" && o["type"] === e.type && o["message"] === e.message) {
      return { ...o, count: Number(o["count"] ?? 1) + 1, lastTimestamp: t };
    }
  }
  // Events are named after their object and the instant in nanoseconds, in hex (client-go's recorder).
  const nanos = BigInt(Math.floor(when)) * 1_000_000n + BigInt(seq);
  return {
    kind: "Event",
    apiVersion: "v1",
    metadata: { name: `${name}.${nanos.toString(16)}`, namespace: NODE_EVENTS_NAMESPACE, uid: newId(), creationTimestamp: t },
    involvedObject: { kind: "Node", name, uid: String(meta(node)["uid"] ?? name), apiVersion: "v1" },
    reason: "Drain",
    message: e.message,
    source: { component: DRAIN_SOURCE },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    type: e.type,
    eventTime: null,
    reportingComponent: DRAIN_SOURCE,
    reportingInstance: "",
  };
}
