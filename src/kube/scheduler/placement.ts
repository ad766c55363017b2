// The default scheduler's Filter plugins, in the order kube-scheduler 1.31 runs them (NodeUnschedulable,
// TaintToleration, NodeAffinity, NodeResourcesFit; the first that fails names the node's reasons), a
// small Score (least allocated, spread of a workload's replicas, preferred affinity, PreferNoSchedule)
// and DefaultPreemption's victim search. Pure: nodes and pods come in as plain views.
import { at, isObj, type Obj } from "../objects.js";
import { amountOf } from "../quantity.js";

export type Taint = { key: string; value?: string; effect: string };
export type Toleration = { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };
/** Amounts by resource name: cpu in millicores, memory and storage in bytes, "pods" a count. */
export type Resources = Record<string, number>;

/** A pod already bound to a node, as preemption sees it. */
export type BoundPod = { key: string; priority: number; requests: Resources };

export type NodeView = {
  name: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  unschedulable: boolean;
  allocatable: Resources;
  /** Sum of the requests of the non-terminal pods bound to it, "pods" their count. */
  requested: Resources;
};

/** Why a node does not fit: its reasons, and whether preemption cannot help (UnschedulableAndUnresolvable). */
export type NodeFailure = { reasons: string[]; unresolvable: boolean };

export const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** What a pod asks of a node: max(sum of containers, largest init container) + overhead, and one pod slot. */
export function podRequests(pod: Obj): Resources {
  const sum: Resources = {};
  const add = (into: Resources, reqs: unknown) => {
    if (!isObj(reqs)) return;
    for (const [k, v] of Object.entries(reqs)) into[k] = (into[k] ?? 0) + amountOf(k, v);
  };
  for (const c of list<Obj>(at(pod, "spec.containers"))) add(sum, at(c, "resources.requests"));
  for (const c of list<Obj>(at(pod, "spec.initContainers"))) {
    const one: Resources = {};
    add(one, at(c, "resources.requests"));
    for (const [k, v] of Object.entries(one)) sum[k] = Math.max(sum[k] ?? 0, v);
  }
  add(sum, at(pod, "spec.overhead"));
  sum["pods"] = 1;
  return sum;
}

/** Resources of a node's status.allocatable in the scheduler's units. */
export function resourcesOf(v: unknown): Resources {
  const out: Resources = {};
  if (isObj(v)) for (const [k, q] of Object.entries(v)) out[k] = amountOf(k, q);
  return out;
}

/** v1helper.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? "Equal";
  if (op === "Exists") return true;
  if (op === "Equal" || op === "") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

const HARD_EFFECTS: readonly string[] = ["NoSchedule", "NoExecute"];

/** The first of `taints` with one of `effects` that no toleration tolerates. */
export function untolerated(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly string[] = HARD_EFFECTS): Taint | undefined {
  if (taints.length === 0) return undefined;
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

function matchRequirement(r: Obj, value: string | undefined): boolean {
  const values = list<string>(r["values"]).map(String);
  switch (r["operator"]) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      return r["operator"] === "Gt" ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** One nodeSelectorTerm: its expressions and fields, ANDed; a term with neither matches nothing. */
export function matchTerm(term: unknown, node: Pick<NodeView, "name" | "labels">): boolean {
  if (!isObj(term)) return false;
  const exprs = list<Obj>(term["matchExpressions"]);
  const fields = list<Obj>(term["matchFields"]);
  if (exprs.length === 0 && fields.length === 0) return false;
  return exprs.every((r) => matchRequirement(r, node.labels[String(r["key"])])) && fields.every((r) => r["key"] === "metadata.name" && matchRequirement(r, node.name));
}

/** NodeAffinity's Filter: nodeSelector and the required node affinity's terms (ORed). */
export function matchesNodeAffinity(pod: Obj, node: Pick<NodeView, "name" | "labels">): boolean {
  return affinityMatch(selectorOf(pod), termsOf(pod), node);
}

const selectorOf = (pod: Obj): [string, string][] => {
  const selector = at(pod, "spec.nodeSelector");
  return isObj(selector) ? Object.entries(selector).map(([k, v]) => [k, String(v)]) : [];
};
const termsOf = (pod: Obj): unknown[] | undefined => {
  const terms = at(pod, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
  return Array.isArray(terms) ? terms : undefined;
};

function affinityMatch(selector: readonly [string, string][], terms: readonly unknown[] | undefined, node: Pick<NodeView, "name" | "labels">): boolean {
  for (const [k, v] of selector) if (node.labels[k] !== v) return false;
  if (!terms) return true;
  for (const t of terms) if (matchTerm(t, node)) return true;
  return false;
}

/** NodeResourcesFit: the reasons in the plugin's order (pods, cpu, memory, ephemeral storage, others). */
export function insufficient(req: Resources, node: NodeView, order: readonly string[] = resourceOrder(req)): NodeFailure | undefined {
  let reasons: string[] | undefined;
  let unresolvable = false;
  if ((node.requested["pods"] ?? 0) + 1 > (node.allocatable["pods"] ?? 0)) (reasons ??= []).push("Too many pods");
  for (const k of order) {
    const want = req[k]!;
    const alloc = node.allocatable[k] ?? 0;
    if (want > alloc - (node.requested[k] ?? 0)) {
      (reasons ??= []).push(`Insufficient ${k}`);
      // More than the node has at all: no eviction makes room (fit.go's Unresolvable).
      if (want > alloc) unresolvable = true;
    }
  }
  return reasons ? { reasons, unresolvable } : undefined;
}

/** The resources a pod requests, in the order NodeResourcesFit reports them (cpu, memory, ephemeral storage, others). */
export function resourceOrder(req: Resources): string[] {
  const fixed = ["cpu", "memory", "ephemeral-storage"].filter((k) => (req[k] ?? 0) > 0);
  return [...fixed, ...Object.keys(req).filter((k) => !["cpu", "memory", "ephemeral-storage", "pods"].includes(k) && (req[k] ?? 0) > 0).sort()];
}

/** What the plugins read of a pod, read once per scheduling attempt rather than once per node. */
export type PodView = { pod: Obj; req: Resources; order: string[]; tolerations: Toleration[]; preferred: Obj[]; selector: [string, string][]; terms: unknown[] | undefined };

export function podView(pod: Obj): PodView {
  const req = podRequests(pod);
  return { pod, req, order: resourceOrder(req), tolerations: list<Toleration>(at(pod, "spec.tolerations")), preferred: list<Obj>(at(pod, "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution")), selector: selectorOf(pod), terms: termsOf(pod) };
}

/** The Filter plugins in order: the first failure is the node's; undefined when the pod fits. */
export function filterNode(pod: Obj | PodView, req: Resources, node: NodeView): NodeFailure | undefined {
  const view = "req" in pod && "tolerations" in pod ? (pod as PodView) : podView(pod as Obj);
  return filterView(view, node, req);
}

function filterView(v: PodView, node: NodeView, req: Resources = v.req): NodeFailure | undefined {
  const { tolerations } = v;
  if (node.unschedulable && !tolerations.some((t) => tolerates(t, { key: UNSCHEDULABLE_TAINT, effect: "NoSchedule" }))) return { reasons: ["node(s) were unschedulable"], unresolvable: true };
  const taint = untolerated(node.taints, tolerations);
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`], unresolvable: true };
  if (!affinityMatch(v.selector, v.terms, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  return insufficient(req, node, req === v.req ? v.order : resourceOrder(req));
}

function free(node: NodeView, req: Resources, k: string): number {
  const a = node.allocatable[k] ?? 0;
  return a <= 0 ? 0 : Math.max(0, (a - (node.requested[k] ?? 0) - (req[k] ?? 0)) / a);
}

/** Score: higher is better. Least allocated, fewer replicas of the same workload, preferred affinity, no PreferNoSchedule. */
export function scoreNode(v: PodView, node: NodeView, siblings: number): number {
  const req = v.req;
  let score = ((free(node, req, "cpu") + free(node, req, "memory")) / 2) * 100;
  for (const p of v.preferred) {
    if (matchTerm(p["preference"], node)) score += Number(p["weight"] ?? 0);
  }
  for (const t of node.taints) if (t.effect === "PreferNoSchedule" && !v.tolerations.some((x) => tolerates(x, t))) score -= 50;
  score -= siblings * 200;
  return score;
}

/** numFeasibleNodesToFind: every node below 100, else an adaptive share (50% - nodes/125, at least 5%) and at least 100. */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percent = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percent) / 100));
}

export type Placement =
  | { node: string }
  | { preempt: { node: string; victims: string[] } }
  | { failures: Map<string, NodeFailure>; preemption: string };

/**
 * Where `pod` goes among `nodes`: the best-scoring node that fits; else the node where evicting
 * lower-priority pods makes room (DefaultPreemption); else the failures by node and PostFilter's
 * message for the FailedScheduling event.
 */
export function place(pod: Obj, nodes: readonly NodeView[], siblingsOn: (node: string) => number, podsOn: (node: string) => readonly BoundPod[], search: { start?: number } = {}): Placement {
  const v = podView(pod);
  const req = v.req;
  const failures = new Map<string, NodeFailure>();
  let best: { name: string; score: number } | undefined;
  let feasible = 0;
  const enough = feasibleNodesToFind(nodes.length);
  const start = search.start ?? 0;
  for (let i = 0; i < nodes.length && feasible < enough; i++) {
    const n = nodes[(start + i) % nodes.length]!;
    const f = filterView(v, n);
    if (f) {
      failures.set(n.name, f);
      continue;
    }
    feasible++;
    const score = scoreNode(v, n, siblingsOn(n.name));
    if (!best || score > best.score || (score === best.score && n.name < best.name)) best = { name: n.name, score };
  }
  if (best) return { node: best.name };
  return preempt(pod, req, nodes, failures, podsOn);
}

function preempt(pod: Obj, req: Resources, nodes: readonly NodeView[], failures: Map<string, NodeFailure>, podsOn: (node: string) => readonly BoundPod[]): Placement {
  if (at(pod, "spec.preemptionPolicy") === "Never") return { failures, preemption: "preemption: not eligible due to preemptionPolicy=Never." };
  const priority = Number(at(pod, "spec.priority") ?? 0);
  const after = new Map<string, NodeFailure | string>();
  let chosen: { node: string; victims: BoundPod[] } | undefined;
  for (const n of nodes) {
    const f = failures.get(n.name)!;
    if (f.unresolvable) {
      after.set(n.name, "Preemption is not helpful for scheduling");
      continue;
    }
    const lower = podsOn(n.name).filter((p) => p.priority < priority);
    if (lower.length === 0) {
      after.set(n.name, "No preemption victims found for incoming pod");
      continue;
    }
    const without = (gone: readonly BoundPod[]): NodeView => {
      const requested = { ...n.requested };
      for (const v of gone) for (const [k, a] of Object.entries(v.requests)) requested[k] = (requested[k] ?? 0) - a;
      return { ...n, requested };
    };
    const still = insufficient(req, without(lower));
    if (still) {
      after.set(n.name, still);
      continue;
    }
    // Reprieve the highest-priority victims first while the pod still fits (SelectVictimsOnNode).
    const victims = [...lower].sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : 1));
    for (let i = 0; i < victims.length; ) {
      const rest = victims.filter((_, j) => j !== i);
      if (!insufficient(req, without(rest))) victims.splice(i, 1);
      else i++;
    }
    const top = (vs: BoundPod[]) => Math.max(...vs.map((v) => v.priority));
    if (!chosen || top(victims) < top(chosen.victims) || (top(victims) === top(chosen.victims) && victims.length < chosen.victims.length)) chosen = { node: n.name, victims };
  }
  if (chosen) return { preempt: { node: chosen.node, victims: chosen.victims.map((v) => v.key) } };
  const reasons = new Map<string, NodeFailure>();
  for (const [name, v] of after) reasons.set(name, typeof v === "string" ? { reasons: [v], unresolvable: true } : v);
  return { failures, preemption: `preemption: ${fitError(nodes.length, reasons)}` };
}

/** FitError.Error(): "0/N nodes are available: <count reason, ... sorted>." */
export function fitError(total: number, failures: ReadonlyMap<string, NodeFailure>): string {
  const histogram = new Map<string, number>();
  for (const f of failures.values()) for (const r of f.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${total} nodes are available${parts.length > 0 ? `: ${parts.join(", ")}.` : ":"}`;
}

/** The FailedScheduling event's message (k8s 1.31: one period, then PostFilter's preemption clause). */
export function failedSchedulingMessage(total: number, failures: ReadonlyMap<string, NodeFailure>, preemption: string): string {
  if (total === 0) return "no nodes available to schedule pods";
  return `${fitError(total, failures)} ${preemption}`;
}
