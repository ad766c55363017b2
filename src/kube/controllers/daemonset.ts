// The DaemonSet controller: one pod on every node it may run on (its node selector and affinity,
// and taints its tolerations, plus the ones the controller adds, tolerate), pinned by node affinity
// on metadata.name and placed by the scheduler; a changed template replaces pods maxUnavailable at
// a time; the status `kubectl get ds` reads.
import { templateHash } from "../hash.js";
import { at, isObj, jsonEqual, labelsOf, meta, nameOf, namespaceOf, type Obj } from "../objects.js";
import { matchesNodeAffinity, untolerated, type Taint, type Toleration } from "../scheduler/placement.js";
import { controllerRef, DAEMONSETS, int, isActivePod, isAvailable, isReady, list, PODS, podFromTemplate, scaledValue, withStatus, type ControllerCtx, type Decision } from "./context.js";

/** The tolerations the controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (hostNetwork) t.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  return t;
}

function withDaemonTolerations(own: Toleration[], hostNetwork: boolean): Toleration[] {
  const out = [...own];
  for (const t of daemonTolerations(hostNetwork)) if (!out.some((x) => x.key === t.key && x.effect === t.effect)) out.push(t);
  return out;
}

/** Whether the daemon should run on `node` (nodeShouldRunDaemonPod). */
export function shouldRun(ds: Obj, node: Obj): boolean {
  const spec = at(ds, "spec.template.spec");
  const view = { name: nameOf(node), labels: labelsOf(node) };
  const podish = { spec };
  if (!matchesNodeAffinity(podish, view)) return false;
  const tolerations = withDaemonTolerations(list(at(spec, "tolerations")) as Toleration[], at(spec, "hostNetwork") === true);
  return untolerated(list(at(node, "spec.taints")) as Taint[], tolerations) === undefined;
}

/** The template's revision hash ("controller-revision-hash"). */
export const revisionHash = (ds: Obj) => templateHash(JSON.stringify(at(ds, "spec.template")));

export function reconcileDaemonSet(ds: Obj, ctx: ControllerCtx): Decision {
  const out: Decision = { writes: [], events: [] };
  if (meta(ds)["deletionTimestamp"] !== undefined) return out;
  const ns = namespaceOf(ds);
  const uid = String(meta(ds)["uid"]);
  const hash = revisionHash(ds);
  const pods = ctx.owned(uid, PODS).filter(isActivePod);
  const byNode = new Map<string, Obj[]>();
  for (const p of pods) {
    const n = String(at(p, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchFields.0.values.0") ?? at(p, "spec.nodeName") ?? "");
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const ref = controllerRef(ds, "DaemonSet", "apps/v1");
  const spec = isObj(at(ds, "spec.template.spec")) ? (at(ds, "spec.template.spec") as Obj) : {};
  const tolerations = withDaemonTolerations(list(spec["tolerations"]) as Toleration[], spec["hostNetwork"] === true);
  const nodes = ctx.nodes();
  const eligible = nodes.filter((n) => shouldRun(ds, n));
  const eligibleNames = new Set(eligible.map(nameOf));
  const living: Obj[] = [];
  const deleted = new Set<Obj>();
  const del = (p: Obj) => {
    deleted.add(p);
    out.writes.push({ type: PODS, object: p, delete: true });
    out.events.push({ object: ds, type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${nameOf(p)}`, component: "daemonset-controller" });
  };
  for (const [node, ps] of byNode) {
    if (!eligibleNames.has(node)) ps.forEach(del);
    else {
      ps.slice(1).forEach(del);
      living.push(ps[0]!);
    }
  }
  for (const n of eligible) {
    if (byNode.has(nameOf(n))) continue;
    const name = ctx.freeName(PODS, ns, `${nameOf(ds)}-`, `${uid}/${nameOf(n)}/${hash}`);
    const affinity = { ...(isObj(spec["affinity"]) ? spec["affinity"] : {}), nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nameOf(n)] }] }] } } };
    const pod = podFromTemplate(ctx, ds, ref, at(ds, "spec.template"), name, { labels: { "controller-revision-hash": hash, "pod-template-generation": String(int(meta(ds)["generation"], 1)) }, spec: { affinity, tolerations } });
    out.writes.push({ type: PODS, object: pod });
    living.push(pod);
    out.events.push({ object: ds, type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}`, component: "daemonset-controller" });
  }
  // Rolling update: pods of an older template go, at most maxUnavailable unavailable at once.
  const minReady = int(at(ds, "spec.minReadySeconds"));
  if (at(ds, "spec.updateStrategy.type") !== "OnDelete") {
    const maxUnavailable = Math.max(1, scaledValue(at(ds, "spec.updateStrategy.rollingUpdate.maxUnavailable"), eligible.length, false, 1));
    let unavailable = living.filter((p) => !deleted.has(p) && !isAvailable(p, minReady, ctx.now)).length;
    for (const p of living) {
      if (deleted.has(p) || labelsOf(p)["controller-revision-hash"] === hash) continue;
      if (unavailable >= maxUnavailable) break;
      if (isAvailable(p, minReady, ctx.now)) unavailable++;
      del(p);
    }
  }
  const kept = living.filter((p) => !deleted.has(p));
  const status: Obj = {
    currentNumberScheduled: kept.length,
    desiredNumberScheduled: eligible.length,
    numberMisscheduled: 0,
    numberReady: kept.filter(isReady).length,
    observedGeneration: int(meta(ds)["generation"], 1),
    updatedNumberScheduled: kept.filter((p) => labelsOf(p)["controller-revision-hash"] === hash).length,
    numberAvailable: kept.filter((p) => isAvailable(p, minReady, ctx.now)).length,
  };
  const unavailable = eligible.length - int(status["numberAvailable"]);
  if (unavailable > 0) status["numberUnavailable"] = unavailable;
  if (status["numberAvailable"] === 0) delete status["numberAvailable"];
  if (!jsonEqual(ds["status"], status)) out.writes.push({ type: DAEMONSETS, object: withStatus(ds, status) });
  return out;
}
