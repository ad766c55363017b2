// The Job controller: up to `parallelism` pods at once until `completions` succeeded (a pod per
// completion; indexed jobs name the index), a failed pod counts against `backoffLimit` (then the
// Job fails: BackoffLimitExceeded, its active pods go), and the status and conditions
// `kubectl wait --for=condition=complete` and `kubectl get jobs` read.
import { at, jsonEqual, kubeTime, meta, nameOf, namespaceOf, type Obj } from "../objects.js";
import { controllerRef, int, isActivePod, isReady, JOBS, list, PODS, podFromTemplate, withStatus, type ControllerCtx, type Decision } from "./context.js";

export function reconcileJob(job: Obj, ctx: ControllerCtx): Decision {
  const out: Decision = { writes: [], events: [] };
  if (meta(job)["deletionTimestamp"] !== undefined) return out;
  const prev = list(at(job, "status.conditions"));
  if (prev.some((c) => (c["type"] === "Complete" || c["type"] === "Failed") && c["status"] === "True")) return out;
  const ns = namespaceOf(job);
  const uid = String(meta(job)["uid"]);
  const name = nameOf(job);
  const pods = ctx.owned(uid, PODS);
  const completions = at(job, "spec.completions") === null ? undefined : int(at(job, "spec.completions"), 1);
  const parallelism = int(at(job, "spec.parallelism"), 1);
  const backoffLimit = int(at(job, "spec.backoffLimit"), 6);
  const indexed = at(job, "spec.completionMode") === "Indexed";
  const succeeded = pods.filter((p) => at(p, "status.phase") === "Succeeded");
  const failed = pods.filter((p) => at(p, "status.phase") === "Failed").length;
  let active = pods.filter(isActivePod);
  const t = kubeTime(ctx.now);
  const conditions = [...prev];
  let completionTime: string | undefined;
  const suspended = at(job, "spec.suspend") === true;
  const done = completions !== undefined ? succeeded.length >= completions : succeeded.length > 0 && active.length === 0;
  if (failed > backoffLimit) {
    for (const p of active) out.writes.push({ type: PODS, object: p, delete: true });
    active = [];
    conditions.push({ type: "Failed", status: "True", lastProbeTime: t, lastTransitionTime: t, reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    out.events.push({ object: job, type: "Warning", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit", component: "job-controller" });
  } else if (done) {
    for (const p of active) out.writes.push({ type: PODS, object: p, delete: true });
    active = [];
    completionTime = t;
    conditions.push({ type: "Complete", status: "True", lastProbeTime: t, lastTransitionTime: t, reason: "CompletionsReached", message: "Reached expected number of succeeded pods" });
    out.events.push({ object: job, type: "Normal", reason: "Completed", message: "Job completed", component: "job-controller" });
  } else if (!suspended) {
    const remaining = completions !== undefined ? completions - succeeded.length : parallelism;
    const want = Math.min(parallelism, remaining);
    const indexOf = (p: Obj) => String((meta(p)["annotations"] as Record<string, string> | undefined)?.["batch.kubernetes.io/job-completion-index"] ?? "");
    const doneIdx = new Set(succeeded.map(indexOf));
    const busyIdx = new Set(active.map(indexOf));
    for (let i = active.length, next = 0; i < want; i++) {
      let index: number | undefined;
      if (indexed) {
        while (doneIdx.has(String(next)) || busyIdx.has(String(next))) next++;
        index = next++;
      }
      const base = indexed ? `${name}-${index}-` : `${name}-`;
      const podName = ctx.freeName(PODS, ns, base, `${uid}/${pods.length + i}/${ctx.now}`);
      const labels = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name, ...(index !== undefined ? { "batch.kubernetes.io/job-completion-index": String(index) } : {}) };
      const pod = podFromTemplate(ctx, job, controllerRef(job, "Job", "batch/v1"), at(job, "spec.template"), podName, { labels, ...(index !== undefined ? { annotations: { "batch.kubernetes.io/job-completion-index": String(index) } } : {}) });
      out.writes.push({ type: PODS, object: pod });
      active.push(pod);
      out.events.push({ object: job, type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${podName}`, component: "job-controller" });
    }
  }
  const status: Obj = {
    ...(conditions.length > 0 ? { conditions } : {}),
    startTime: at(job, "status.startTime") ?? t,
    ...(completionTime ? { completionTime } : {}),
    ...(active.length > 0 ? { active: active.length } : {}),
    ready: active.filter(isReady).length,
    ...(succeeded.length > 0 ? { succeeded: succeeded.length } : {}),
    ...(failed > 0 ? { failed } : {}),
    terminating: 0,
    uncountedTerminatedPods: {},
    ...(indexed ? { completedIndexes: succeeded.map((p) => Number((meta(p)["annotations"] as Record<string, string> | undefined)?.["batch.kubernetes.io/job-completion-index"] ?? -1)).filter((i) => i >= 0).sort((a, b) => a - b).join(",") } : {}),
  };
  if (!jsonEqual(job["status"], status)) out.writes.push({ type: JOBS, object: withStatus(job, status) });
  return out;
}
