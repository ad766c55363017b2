// The StatefulSet controller: pods `{set}-{ordinal}`, created in order and each only once the ones
// before it are Running and Ready (OrderedReady; Parallel creates them at once), removed from the
// highest ordinal down; a changed template replaces pods from the highest ordinal, one at a time.
import { templateHash } from "../hash.js";
import { at, jsonEqual, labelsOf, meta, nameOf, namespaceOf, type Obj } from "../objects.js";
import { controllerRef, int, isActivePod, isAvailable, isReady, PODS, podFromTemplate, STATEFULSETS, withStatus, type ControllerCtx, type Decision } from "./context.js";

const ordinalOf = (set: Obj, p: Obj) => {
  const m = new RegExp(`^${nameOf(set).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)$`).exec(nameOf(p));
  return m ? Number(m[1]) : -1;
};

export function reconcileStatefulSet(set: Obj, ctx: ControllerCtx): Decision {
  const out: Decision = { writes: [], events: [] };
  if (meta(set)["deletionTimestamp"] !== undefined) return out;
  const ns = namespaceOf(set);
  const name = nameOf(set);
  const replicas = int(at(set, "spec.replicas"), 1);
  const revision = `${name}-${templateHash(JSON.stringify(at(set, "spec.template")))}`;
  const parallel = at(set, "spec.podManagementPolicy") === "Parallel";
  const pods = ctx.owned(String(meta(set)["uid"]), PODS).filter(isActivePod);
  const byOrdinal = new Map(pods.map((p) => [ordinalOf(set, p), p]));
  const ref = controllerRef(set, "StatefulSet", "apps/v1");
  const minReady = int(at(set, "spec.minReadySeconds"));
  let blocked = false;
  const created: Obj[] = [];
  const deleted = new Set<Obj>();
  for (let i = 0; i < replicas && !blocked; i++) {
    const p = byOrdinal.get(i);
    if (!p) {
      const podName = `${name}-${i}`;
      if (ctx.get(PODS, ns, podName)) {
        blocked = true; // a terminating or finished pod of that name is still there
        break;
      }
      const labels = { "apps.kubernetes.io/pod-index": String(i), "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": podName };
      const spec = { hostname: podName, ...(at(set, "spec.serviceName") ? { subdomain: at(set, "spec.serviceName") } : {}) };
      const pod = podFromTemplate(ctx, set, ref, at(set, "spec.template"), podName, { labels, spec: { ...spec } });
      created.push(pod);
      out.writes.push({ type: PODS, object: pod });
      out.events.push({ object: set, type: "Normal", reason: "SuccessfulCreate", message: `create Pod ${podName} in StatefulSet ${name} successful`, component: "statefulset-controller" });
      if (!parallel) blocked = true;
    } else if (!parallel && !(at(p, "status.phase") === "Running" && isReady(p))) blocked = true;
  }
  // Scale down: the highest ordinal first, one at a time unless Parallel.
  const extra = pods.filter((p) => ordinalOf(set, p) >= replicas || ordinalOf(set, p) < 0).sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  for (const p of parallel ? extra : extra.slice(0, 1)) {
    if (!parallel && pods.some((q) => !isReady(q) && q !== p)) break;
    deleted.add(p);
    out.writes.push({ type: PODS, object: p, delete: true });
    out.events.push({ object: set, type: "Normal", reason: "SuccessfulDelete", message: `delete Pod ${nameOf(p)} in StatefulSet ${name} successful`, component: "statefulset-controller" });
  }
  // Rolling update: the highest-ordinal pod of an old revision goes once every other pod is ready.
  if (deleted.size === 0 && created.length === 0 && at(set, "spec.updateStrategy.type") !== "OnDelete") {
    const partition = int(at(set, "spec.updateStrategy.rollingUpdate.partition"));
    const stale = pods.filter((p) => ordinalOf(set, p) >= partition && ordinalOf(set, p) < replicas && labelsOf(p)["controller-revision-hash"] !== revision).sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
    if (stale.length > 0 && pods.every(isReady)) {
      deleted.add(stale[0]!);
      out.writes.push({ type: PODS, object: stale[0]!, delete: true });
    }
  }
  const kept = [...pods.filter((p) => !deleted.has(p)), ...created];
  const updated = kept.filter((p) => labelsOf(p)["controller-revision-hash"] === revision).length;
  const status: Obj = {
    observedGeneration: int(meta(set)["generation"], 1),
    replicas: kept.length,
    readyReplicas: kept.filter(isReady).length,
    currentReplicas: updated,
    updatedReplicas: updated,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
    availableReplicas: kept.filter((p) => isAvailable(p, minReady, ctx.now)).length,
  };
  if (status["readyReplicas"] === 0) delete status["readyReplicas"];
  if (!jsonEqual(set["status"], status)) out.writes.push({ type: STATEFULSETS, object: withStatus(set, status) });
  return out;
}
