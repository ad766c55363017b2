// The ReplicaSet controller: as many active pods as spec.replicas (created `{rs}-{5 chars}`, deleted
// least useful first, as controller.ActivePods ranks them), and the status kubectl and the
// Deployment controller read.
import { at, jsonEqual, meta, nameOf, namespaceOf, type Obj } from "../objects.js";
import { controllerRef, int, isActivePod, isAvailable, isReady, PODS, podFromTemplate, REPLICASETS, withStatus, type ControllerCtx, type Decision } from "./context.js";

const phaseRank = (p: Obj) => ({ Pending: 0, Unknown: 1, Running: 2 })[String(at(p, "status.phase") ?? "Pending")] ?? 1;

/** Pods to delete first come first: unscheduled, pending, not ready, then the newest. */
export function deletionOrder(a: Obj, b: Obj): number {
  const bound = (p: Obj) => (typeof at(p, "spec.nodeName") === "string" ? 1 : 0);
  return bound(a) - bound(b) || phaseRank(a) - phaseRank(b) || (isReady(a) ? 1 : 0) - (isReady(b) ? 1 : 0) || String(meta(b)["creationTimestamp"]).localeCompare(String(meta(a)["creationTimestamp"])) || nameOf(b).localeCompare(nameOf(a));
}

export function reconcileReplicaSet(rs: Obj, ctx: ControllerCtx): Decision {
  const out: Decision = { writes: [], events: [] };
  if (meta(rs)["deletionTimestamp"] !== undefined) return out;
  const ns = namespaceOf(rs);
  const pods = ctx.owned(String(meta(rs)["uid"]), PODS);
  const active = pods.filter(isActivePod);
  const want = int(at(rs, "spec.replicas"), 1);
  const ref = controllerRef(rs, "ReplicaSet", "apps/v1");
  const created: Obj[] = [];
  const deleted = new Set<string>();
  if (active.length < want) {
    for (let i = active.length; i < want; i++) {
      const name = ctx.freeName(PODS, ns, `${nameOf(rs)}-`, `${String(meta(rs)["uid"])}/${i}`);
      const pod = podFromTemplate(ctx, rs, ref, at(rs, "spec.template"), name);
      created.push(pod);
      out.writes.push({ type: PODS, object: pod });
      out.events.push({ object: rs, type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}`, component: "replicaset-controller" });
    }
  } else if (active.length > want) {
    for (const p of [...active].sort(deletionOrder).slice(0, active.length - want)) {
      deleted.add(nameOf(p));
      out.writes.push({ type: PODS, object: p, delete: true });
      out.events.push({ object: rs, type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${nameOf(p)}`, component: "replicaset-controller" });
    }
  }
  const now = [...active.filter((p) => !deleted.has(nameOf(p))), ...created];
  const minReady = int(at(rs, "spec.minReadySeconds"));
  const status: Obj = {
    replicas: now.length,
    fullyLabeledReplicas: now.length,
    readyReplicas: now.filter(isReady).length,
    availableReplicas: now.filter((p) => isAvailable(p, minReady, ctx.now)).length,
    observedGeneration: int(meta(rs)["generation"], 1),
  };
  for (const k of ["readyReplicas", "availableReplicas"] as const) if (status[k] === 0) delete status[k];
  if (!jsonEqual(rs["status"], status)) out.writes.push({ type: REPLICASETS, object: withStatus(rs, status) });
  return out;
}
