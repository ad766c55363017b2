// The Deployment controller: one ReplicaSet per pod template (`{deployment}-{pod-template-hash}`),
// the rolling update's arithmetic (NewRSNewReplicas, reconcileOldReplicaSets with maxSurge and
// maxUnavailable; Recreate scales the old down first), revisions, old ReplicaSets beyond the
// history limit removed, and the status `kubectl rollout status` reads.
import { templateHash } from "../hash.js";
import { at, clone, isObj, jsonEqual, kubeTime, meta, nameOf, namespaceOf, type Obj } from "../objects.js";
import { controllerRef, DEPLOYMENTS, int, list, REPLICASETS, scaledValue, withStatus, type ControllerCtx, type Decision } from "./context.js";

const HASH = "pod-template-hash";
const REVISION = "deployment.kubernetes.io/revision";

const replicasOf = (rs: Obj) => int(at(rs, "spec.replicas"));
const statusOf = (rs: Obj, k: string) => int(at(rs, `status.${k}`));
const revisionOf = (rs: Obj) => Number((meta(rs)["annotations"] as Record<string, string> | undefined)?.[REVISION] ?? 0);

function templateWithoutHash(rs: Obj): unknown {
  const t = clone(at(rs, "spec.template")) as Obj;
  const labels = at(t, "metadata.labels");
  if (isObj(labels)) {
    delete labels[HASH];
  }
  return t;
}

/** maxSurge and maxUnavailable for `replicas` (both 0 would stall: maxUnavailable becomes 1). */
export function surgeAndUnavailable(d: Obj, replicas: number): { surge: number; unavailable: number } {
  if (at(d, "spec.strategy.type") === "Recreate") return { surge: 0, unavailable: replicas };
  const ru = at(d, "spec.strategy.rollingUpdate");
  const surge = scaledValue(isObj(ru) ? ru["maxSurge"] : undefined, replicas, true, Math.ceil(replicas * 0.25));
  let unavailable = scaledValue(isObj(ru) ? ru["maxUnavailable"] : undefined, replicas, false, Math.floor(replicas * 0.25));
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

export function reconcileDeployment(d: Obj, ctx: ControllerCtx): Decision {
  const out: Decision = { writes: [], events: [] };
  if (meta(d)["deletionTimestamp"] !== undefined) return out;
  const ns = namespaceOf(d);
  const name = nameOf(d);
  const replicas = int(at(d, "spec.replicas"), 1);
  const template = at(d, "spec.template");
  const all = ctx.owned(String(meta(d)["uid"]), REPLICASETS).filter((r) => meta(r)["deletionTimestamp"] === undefined);
  const hash = templateHash(JSON.stringify(template) + String(at(d, "status.collisionCount") ?? ""));
  let newRs = all.find((r) => jsonEqual(templateWithoutHash(r), template));
  const old = all.filter((r) => r !== newRs).sort((a, b) => String(meta(a)["creationTimestamp"]).localeCompare(String(meta(b)["creationTimestamp"])));
  const { surge, unavailable } = surgeAndUnavailable(d, replicas);
  const paused = at(d, "spec.paused") === true;
  const recreate = at(d, "spec.strategy.type") === "Recreate";
  // Every ReplicaSet's replicas as this pass leaves them.
  const scaled = new Map<Obj, number>(all.map((r) => [r, replicasOf(r)]));
  const total = () => [...scaled.values()].reduce((a, b) => a + b, 0);
  const annotate = (rs: Obj, n: number, extra: Record<string, string> = {}) => ({
    ...(isObj(meta(rs)["annotations"]) ? (meta(rs)["annotations"] as Record<string, string>) : {}),
    "deployment.kubernetes.io/desired-replicas": String(replicas),
    "deployment.kubernetes.io/max-replicas": String(replicas + surge),
    ...extra,
    ...(n >= 0 ? {} : {}),
  });
  const scale = (rs: Obj, to: number) => {
    const from = scaled.get(rs) ?? 0;
    if (from === to) return;
    scaled.set(rs, to);
    out.events.push({ object: d, type: "Normal", reason: "ScalingReplicaSet", message: `Scaled ${to > from ? "up" : "down"} replica set ${nameOf(rs)} from ${from} to ${to}`, component: "deployment-controller" });
  };
  let created: string | undefined;
  if (!paused && !newRs) {
    const revision = Math.max(0, ...all.map(revisionOf)) + 1;
    const labels = { ...(isObj(at(template, "metadata.labels")) ? (at(template, "metadata.labels") as Record<string, string>) : {}), [HASH]: hash };
    const tpl = clone(isObj(template) ? template : {}) as Obj;
    tpl["metadata"] = { ...(isObj(tpl["metadata"]) ? tpl["metadata"] : {}), labels };
    const sel = isObj(at(d, "spec.selector")) ? (clone(at(d, "spec.selector")) as Obj) : {};
    sel["matchLabels"] = { ...(isObj(sel["matchLabels"]) ? sel["matchLabels"] : {}), [HASH]: hash };
    newRs = {
      kind: "ReplicaSet",
      apiVersion: "apps/v1",
      metadata: {
        name: `${name}-${hash}`,
        namespace: ns,
        uid: ctx.newId(),
        creationTimestamp: kubeTime(ctx.now),
        generation: 1,
        labels,
        annotations: { "deployment.kubernetes.io/desired-replicas": String(replicas), "deployment.kubernetes.io/max-replicas": String(replicas + surge), [REVISION]: String(revision) },
        ownerReferences: [controllerRef(d, "Deployment", "apps/v1")],
      },
      spec: { replicas: 0, ...(at(d, "spec.minReadySeconds") !== undefined ? { minReadySeconds: at(d, "spec.minReadySeconds") } : {}), selector: sel, template: tpl },
      status: { replicas: 0 },
    };
    scaled.set(newRs, 0);
    created = nameOf(newRs);
  } else if (newRs && !paused) {
    // The current template's ReplicaSet is the newest revision again (a rollback) when older ones exist.
    const top = Math.max(0, ...old.map(revisionOf));
    if (revisionOf(newRs) <= top && old.some((r) => replicasOf(r) > 0)) {
      const rev = top + 1;
      newRs = { ...newRs, metadata: { ...meta(newRs), annotations: { ...(meta(newRs)["annotations"] as Obj), [REVISION]: String(rev) } } };
      scaled.set(newRs, scaled.get(all.find((r) => nameOf(r) === nameOf(newRs!))!) ?? 0);
      scaled.delete(all.find((r) => nameOf(r) === nameOf(newRs!))!);
    }
  }
  if (!paused && newRs) {
    const oldActive = old.reduce((n, r) => n + statusOf(r, "replicas"), 0);
    if (recreate) {
      for (const r of old) scale(r, 0);
      if (oldActive === 0) scale(newRs, replicas);
    } else {
      // NewRSNewReplicas.
      const cur = scaled.get(newRs) ?? 0;
      if (cur > replicas) scale(newRs, replicas);
      else if (cur < replicas) {
        const room = replicas + surge - total();
        if (room > 0) scale(newRs, cur + Math.min(room, replicas - cur));
      }
      // reconcileOldReplicaSets.
      const oldCount = old.reduce((n, r) => n + (scaled.get(r) ?? 0), 0);
      if (oldCount > 0) {
        const minAvailable = replicas - unavailable;
        const newUnavailable = (scaled.get(newRs) ?? 0) - statusOf(newRs, "availableReplicas");
        let maxDown = total() - minAvailable - newUnavailable;
        if (maxDown > 0) {
          // Unhealthy old replicas go first.
          for (const r of old) {
            if (maxDown <= 0) break;
            const n = scaled.get(r) ?? 0;
            const unhealthy = n - statusOf(r, "availableReplicas");
            if (unhealthy <= 0) continue;
            const down = Math.min(unhealthy, maxDown);
            scale(r, n - down);
            maxDown -= down;
          }
          const available = all.reduce((s, r) => s + statusOf(r, "availableReplicas"), 0);
          let down = available - minAvailable;
          for (const r of old) {
            if (down <= 0) break;
            const n = scaled.get(r) ?? 0;
            const by = Math.min(n, down);
            if (by > 0) scale(r, n - by);
            down -= by;
          }
        }
      }
    }
  }
  // Writes: the new ReplicaSet, and every ReplicaSet whose replicas changed.
  for (const [rs, n] of scaled) {
    const isNew = rs === newRs;
    const changed = n !== replicasOf(rs) || created === nameOf(rs) || (isNew && !jsonEqual(meta(rs)["annotations"], meta(all.find((r) => nameOf(r) === nameOf(rs)) ?? {})["annotations"]));
    if (!changed) continue;
    const annotations = isNew ? annotate(rs, n) : (meta(rs)["annotations"] as Obj | undefined);
    const gen = created === nameOf(rs) ? 1 : int(meta(rs)["generation"], 1) + (n !== replicasOf(rs) ? 1 : 0);
    out.writes.push({ type: REPLICASETS, object: { ...rs, metadata: { ...meta(rs), generation: gen, ...(annotations ? { annotations } : {}) }, spec: { ...(rs["spec"] as Obj), replicas: n } } });
  }
  // Old ReplicaSets scaled to zero beyond revisionHistoryLimit go.
  const limit = int(at(d, "spec.revisionHistoryLimit"), 10);
  const idle = old.filter((r) => (scaled.get(r) ?? 0) === 0 && statusOf(r, "replicas") === 0);
  for (const r of idle.slice(0, Math.max(0, idle.length - limit))) out.writes.push({ type: REPLICASETS, object: r, delete: true });
  out.writes.push(...statusWrite(d, newRs, [...scaled.keys()], created, replicas, unavailable, ctx.now));
  return out;
}

function statusWrite(d: Obj, newRs: Obj | undefined, all: Obj[], created: string | undefined, replicas: number, maxUnavailable: number, now: number) {
  const sum = (k: string) => all.reduce((n, r) => n + statusOf(r, k), 0);
  const updated = newRs ? statusOf(newRs, "replicas") : 0;
  const available = sum("availableReplicas");
  const total = sum("replicas");
  const t = kubeTime(now);
  const prev = list(at(d, "status.conditions"));
  const condition = (type: string, status: string, reason: string, message: string): Obj => {
    const p = prev.find((c) => c["type"] === type);
    const same = p && p["status"] === status && p["reason"] === reason && p["message"] === message;
    if (same) return p;
    return { type, status, lastUpdateTime: t, lastTransitionTime: p && p["status"] === status ? p["lastTransitionTime"] : t, reason, message };
  };
  const availableNow = available >= replicas - maxUnavailable;
  const rsName = newRs ? nameOf(newRs) : "";
  const complete = newRs !== undefined && updated === replicas && total === replicas && available >= replicas && statusOf(newRs, "availableReplicas") >= replicas;
  const progressing = complete
    ? condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${rsName}" has successfully progressed.`)
    : created
      ? condition("Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${rsName}"`)
      : prev.find((c) => c["type"] === "Progressing" && c["reason"] === "NewReplicaSetCreated" && c["message"] === `Created new replica set "${rsName}"`) && total === 0
        ? prev.find((c) => c["type"] === "Progressing")!
        : condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${rsName}" is progressing.`);
  const status: Obj = {
    observedGeneration: int(meta(d)["generation"], 1),
    replicas: total,
    updatedReplicas: updated,
    readyReplicas: sum("readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicas - available),
    conditions: [
      availableNow ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.") : condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
      progressing,
    ],
    ...(at(d, "status.collisionCount") !== undefined ? { collisionCount: at(d, "status.collisionCount") } : {}),
  };
  for (const k of ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"]) if (status[k] === 0) delete status[k];
  return jsonEqual(d["status"], status) ? [] : [{ type: DEPLOYMENTS, object: withStatus(d, status) }];
}
