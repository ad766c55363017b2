// The node lifecycle and taint-eviction controllers, for one node: a node that is not Ready gets
// the `node.kubernetes.io/not-ready` taints (NoSchedule, and NoExecute stamped with when it was
// added) and loses them when Ready again; a pod on a node with a NoExecute taint it does not
// tolerate is evicted at once, one it tolerates for N seconds is evicted N seconds after the taint
// was added (the default tolerations give every pod 300 s; daemon pods tolerate it for ever).
import { at, isObj, kubeTime, type Obj } from "./objects.js";
import { tolerates, type Taint, type Toleration } from "./scheduler/placement.js";

export const NOT_READY = "node.kubernetes.io/not-ready";

const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as unknown[]).filter(isObj) : []);

export const nodeReady = (node: Obj) => list(at(node, "status.conditions")).some((c) => c["type"] === "Ready" && c["status"] === "True");

/** The node's taints as the lifecycle controller leaves them, or undefined when they stay. */
export function lifecycleTaints(node: Obj, now: number): Taint[] | undefined {
  const taints = list(at(node, "spec.taints")) as unknown as Taint[];
  const has = taints.some((t) => t.key === NOT_READY);
  const ready = nodeReady(node);
  if (ready && has) return taints.filter((t) => t.key !== NOT_READY);
  if (!ready && !has) return [...taints, { key: NOT_READY, effect: "NoSchedule" }, { key: NOT_READY, effect: "NoExecute", timeAdded: kubeTime(now) } as Taint];
  return undefined;
}

/** When the taint manager evicts `pod` from `node`: an instant (maybe now or past), or undefined (never). */
export function evictionAt(pod: Obj, node: Obj): number | undefined {
  const tolerations = list(at(pod, "spec.tolerations")) as unknown as Toleration[];
  let when: number | undefined;
  for (const t of list(at(node, "spec.taints")) as unknown as (Taint & { timeAdded?: string })[]) {
    if (t.effect !== "NoExecute") continue;
    const matching = tolerations.filter((x) => tolerates(x, t));
    if (matching.length === 0) return 0;
    if (matching.some((x) => x.tolerationSeconds === undefined || x.tolerationSeconds === null)) continue;
    const seconds = Math.max(0, Math.min(...matching.map((x) => Number(x.tolerationSeconds))));
    const added = Date.parse(String(t.timeAdded ?? ""));
    const instant = (Number.isFinite(added) ? added : 0) + seconds * 1000;
    when = when === undefined ? instant : Math.min(when, instant);
  }
  return when;
}
