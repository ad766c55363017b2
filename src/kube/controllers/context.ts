// What a controller sees and returns: reads of the world through small indexes, and a decision
// (objects to write and events to record) the simulation commits. Controllers are pure functions
// of this context.
import { applyDefaults } from "../defaults.js";
import { clone, isObj, kubeTime, meta, nameOf, namespaceOf, type Obj } from "../objects.js";
import type { WorldWrite } from "../world.js";

export type EventSpec = {
  object: Obj;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  /** The component that reports it: "replicaset-controller", "kubelet", "default-scheduler". */
  component: string;
  host?: string;
  fieldPath?: string;
};

export type ControllerCtx = {
  now: number;
  get(type: string, namespace: string, name: string): Obj | undefined;
  list(type: string, namespace?: string): Iterable<Obj>;
  /** The objects of `type` whose controller ownerReference names `uid`. */
  owned(uid: string, type: string): Obj[];
  nodes(): readonly Obj[];
  newId(): string;
  /** A name `{base}{5 chars}` free in `namespace` for `type`, derived from `seed`. */
  freeName(type: string, namespace: string, base: string, seed: string): string;
};

export type Decision = { writes: WorldWrite[]; events: EventSpec[] };

export const PODS = "/pods";
export const REPLICASETS = "apps/replicasets";
export const DEPLOYMENTS = "apps/deployments";
export const DAEMONSETS = "apps/daemonsets";
export const STATEFULSETS = "apps/statefulsets";
export const JOBS = "batch/jobs";
export const PDBS = "policy/poddisruptionbudgets";
export const NODES = "/nodes";
export const EVENTS = "/events";

export const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as unknown[]).filter(isObj) : []);
export const int = (v: unknown, d = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : d);

export const isTerminal = (p: Obj) => {
  const phase = (p["status"] as Obj | undefined)?.["phase"];
  return phase === "Succeeded" || phase === "Failed";
};
export const isDeleting = (o: Obj) => meta(o)["deletionTimestamp"] !== undefined;
export const isActivePod = (p: Obj) => !isTerminal(p) && !isDeleting(p);
export const isReady = (p: Obj) => list((p["status"] as Obj | undefined)?.["conditions"]).some((c) => c["type"] === "Ready" && c["status"] === "True");
/** Ready for `minReadySeconds` at `now`. */
export function isAvailable(p: Obj, minReadySeconds: number, now: number): boolean {
  const ready = list((p["status"] as Obj | undefined)?.["conditions"]).find((c) => c["type"] === "Ready" && c["status"] === "True");
  if (!ready) return false;
  if (minReadySeconds <= 0) return true;
  return Date.parse(String(ready["lastTransitionTime"])) + minReadySeconds * 1000 <= now;
}

/** The ownerReference a controller puts on what it creates. */
export const controllerRef = (owner: Obj, kind: string, apiVersion: string): Obj => ({ apiVersion, kind, name: nameOf(owner), uid: meta(owner)["uid"], controller: true, blockOwnerDeletion: true });

/** "25%" of `total` (rounded up or down) or an integer. */
export function scaledValue(v: unknown, total: number, roundUp: boolean, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "string" && v.endsWith("%")) {
    const x = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return int(Number(v), dflt);
}

/** The priority the Priority admission plugin gives pods of the built-in priority classes. */
export const BUILTIN_PRIORITY: Readonly<Record<string, number>> = { "system-node-critical": 2000001000, "system-cluster-critical": 2000000000 };

/** A new pod from `template` (labels, annotations and spec), owned by `owner`, defaults applied. */
export function podFromTemplate(ctx: ControllerCtx, owner: Obj, ref: Obj, template: unknown, name: string, extra: { labels?: Record<string, string>; spec?: Obj; annotations?: Record<string, string> } = {}): Obj {
  const tpl = isObj(template) ? template : {};
  const tm = isObj(tpl["metadata"]) ? tpl["metadata"] : {};
  const spec = { ...clone(isObj(tpl["spec"]) ? tpl["spec"] : {}), ...(extra.spec ?? {}) };
  const labels = { ...(isObj(tm["labels"]) ? (tm["labels"] as Record<string, string>) : {}), ...(extra.labels ?? {}) };
  const annotations = { ...(isObj(tm["annotations"]) ? (tm["annotations"] as Record<string, string>) : {}), ...(extra.annotations ?? {}) };
  const pod: Obj = {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name,
      namespace: namespaceOf(owner),
      uid: ctx.newId(),
      creationTimestamp: kubeTime(ctx.now),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ownerReferences: [ref],
    },
    spec,
  };
  const priority = BUILTIN_PRIORITY[String(spec["priorityClassName"] ?? "")];
  if (priority !== undefined) spec["priority"] = priority;
  applyDefaults(PODS, pod, ctx.now, { clusterIP: () => "", nodePort: () => 0 });
  return pod;
}

/** The object with a new status (a controller's status write). */
export const withStatus = (o: Obj, status: Obj): Obj => ({ ...o, status });
