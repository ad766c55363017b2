// A node's kubelet, by simulation: a bound pod is accepted (sandbox, ContainerCreating, images
// pulled unless present), its containers start, and, for pods that finish (a Job's, or any pod
// annotated with how long its containers run), exit with their code. A container that exits where
// the pod's restartPolicy restarts it (Always; OnFailure after a failure) is restarted as the
// kubelet does: at once the first time, then after a CrashLoopBackOff of 10 s doubling to 5 min,
// restartCount and lastState counting each run. Pure: each stage is a function
// of the pod and the instant; the next instant is read back from the pod's own timestamps, so a
// restart resumes where it was. Pods whose status someone else wrote (a Running phase the kubelet
// did not set) are left alone.
import { hexDigest, fnv32a } from "./hash.js";
import { at, isObj, kubeTime, meta, type Obj } from "./objects.js";


/** Annotations that make a pod's containers exit: after how many seconds, and with which code. */
export const EXIT_AFTER = "kubelet.aksemu.io/exit-after-seconds";
export const EXIT_CODE = "kubelet.aksemu.io/exit-code";
/** How long a Job's containers run when nothing says otherwise. */
export const JOB_RUN_SECONDS = 5;

export type KubeletNode = { name: string; ready: boolean; ip: string; hasImage(image: string): boolean };

/** An event the kubelet records about the pod (`fieldPath` names the container). */
export type KubeletEvent = { type: "Normal" | "Warning"; reason: string; message: string; fieldPath?: string };

export type Stage = "accept" | "start" | "complete" | "restart";

const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as unknown[]).filter(isObj) : []);
const ms = (t: unknown) => (typeof t === "string" ? Date.parse(t) : NaN);
const containers = (pod: Obj) => list(at(pod, "spec.containers"));
const initContainers = (pod: Obj) => list(at(pod, "spec.initContainers"));
const condition = (pod: Obj, type: string) => list(at(pod, "status.conditions")).find((c) => c["type"] === type);

/** A container's id; each restart is a new container (run 0 keeps the id it always had). */
export const containerId = (pod: Obj, name: string, run = 0) => `containerd://${hexDigest(`${String(meta(pod)["uid"])}/${name}${run === 0 ? "" : `#${run}`}`)}`;

/** The kubelet's back-off before restarting a container that has already been restarted `restarts` times: 0 the first time, then 10 s doubling, at most 5 min. */
export const backOffSeconds = (restarts: number) => (restarts === 0 ? 0 : Math.min(300, 10 * 2 ** (restarts - 1)));

/** Whether the pod's restartPolicy restarts a container that exited with `code`. */
const restarts = (pod: Obj, code: number) => {
  const policy = String(at(pod, "spec.restartPolicy") ?? "Always");
  return policy === "Always" || (policy === "OnFailure" && code !== 0);
};
const exitCodeOf = (pod: Obj) => {
  const a = at(pod, "metadata.annotations");
  return isObj(a) && /^\d+$/.test(String(a[EXIT_CODE] ?? "")) ? Number(a[EXIT_CODE]) : 0;
};
export const imageId = (image: string) => `${image.replace(/[:@].*$/, "")}@sha256:${hexDigest(image)}`;
/** Seconds an image takes to pull: 1 to 6, fixed per image. */
const pullSeconds = (image: string) => 1 + (fnv32a(image) % 6);

/** The pod's IP: the node's for host-network pods, else one of the node's pod range (overlay 10.244.x.0/24). */
export function podIp(pod: Obj, node: KubeletNode): string {
  if (at(pod, "spec.hostNetwork") === true) return node.ip;
  return `10.244.${fnv32a(node.name) % 250}.${(fnv32a(String(meta(pod)["uid"])) % 250) + 4}`;
}

/** How long the pod's containers run before they exit, or undefined (they run until stopped). */
export function runSeconds(pod: Obj): number | undefined {
  const a = at(pod, `metadata.annotations`);
  const given = isObj(a) ? a[EXIT_AFTER] : undefined;
  if (given !== undefined && /^\d+$/.test(String(given))) return Number(given);
  const jobOwned = list(meta(pod)["ownerReferences"]).some((r) => r["kind"] === "Job" && r["controller"] === true);
  return jobOwned ? JOB_RUN_SECONDS : undefined;
}

export function qosClass(pod: Obj): string {
  const all = [...containers(pod), ...initContainers(pod)];
  const res = all.map((c) => ({ req: isObj(at(c, "resources.requests")) ? (at(c, "resources.requests") as Obj) : {}, lim: isObj(at(c, "resources.limits")) ? (at(c, "resources.limits") as Obj) : {} }));
  if (res.every((r) => Object.keys(r.req).length === 0 && Object.keys(r.lim).length === 0)) return "BestEffort";
  const guaranteed = res.every((r) => ["cpu", "memory"].every((k) => r.lim[k] !== undefined && (r.req[k] === undefined || String(r.req[k]) === String(r.lim[k]))));
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** What the kubelet does next with `pod`, and when; undefined when it has nothing to do. */
export function nextStage(pod: Obj): { stage: Stage; at: number } | undefined {
  if (meta(pod)["deletionTimestamp"] !== undefined || typeof at(pod, "spec.nodeName") !== "string") return undefined;
  const phase = at(pod, "status.phase") ?? "Pending";
  const statuses = list(at(pod, "status.containerStatuses"));
  if (phase === "Pending" && statuses.length === 0) {
    const scheduled = condition(pod, "PodScheduled");
    const since = ms(scheduled?.["status"] === "True" ? scheduled["lastTransitionTime"] : meta(pod)["creationTimestamp"]);
    return { stage: "accept", at: (Number.isFinite(since) ? since : 0) + 1000 };
  }
  if (phase === "Pending" && statuses.every((s) => at(s, "state.waiting.reason") === "ContainerCreating" || at(s, "state.waiting.reason") === "PodInitializing")) {
    const accepted = ms(at(pod, "status.startTime"));
    const images = [...initContainers(pod), ...containers(pod)].map((c) => String(c["image"] ?? ""));
    const wait = Math.max(1, ...images.map(pullSeconds));
    return { stage: "start", at: (Number.isFinite(accepted) ? accepted : 0) + wait * 1000 };
  }
  if (phase === "Running") {
    const seconds = runSeconds(pod);
    if (seconds === undefined) return undefined;
    const mine = statuses.length > 0 && statuses.every((s) => s["containerID"] === containerId(pod, String(s["name"]), Number(s["restartCount"] ?? 0)));
    if (!mine) return undefined;
    // Waiting out a back-off: restarted when it ends.
    if (statuses.every((s) => at(s, "state.waiting.reason") === "CrashLoopBackOff")) {
      const exited = Math.max(...statuses.map((s) => ms(at(s, "lastState.terminated.finishedAt"))));
      const n = Math.max(...statuses.map((s) => Number(s["restartCount"] ?? 0)));
      return Number.isFinite(exited) ? { stage: "restart", at: exited + backOffSeconds(n) * 1000 } : undefined;
    }
    if (!statuses.every((s) => isObj(at(s, "state.running")))) return undefined;
    const started = Math.max(...statuses.map((s) => ms(at(s, "state.running.startedAt"))));
    if (!Number.isFinite(started)) return undefined;
    return { stage: "complete", at: started + seconds * 1000 };
  }
  return undefined;
}

const cond = (type: string, status: string, t: string, reason?: string, message?: string): Obj => ({ type, status, lastProbeTime: null, lastTransitionTime: t, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });

function baseStatus(pod: Obj, node: KubeletNode): Obj {
  const s = isObj(pod["status"]) ? pod["status"] : {};
  return { ...s, hostIP: node.ip, hostIPs: [{ ip: node.ip }], qosClass: qosClass(pod) };
}

/** The pod's status and the kubelet's events after `stage` at `now`. */
export function runStage(pod: Obj, stage: Stage, node: KubeletNode, now: number): { status: Obj; events: KubeletEvent[] } {
  const t = kubeTime(now);
  const scheduledAt = String(condition(pod, "PodScheduled")?.["lastTransitionTime"] ?? meta(pod)["creationTimestamp"] ?? t);
  const names = containers(pod).map((c) => String(c["name"]));
  const inits = initContainers(pod);
  const events: KubeletEvent[] = [];
  const field = (name: string, init = false) => `spec.${init ? "initContainers" : "containers"}{${name}}`;
  if (stage === "accept") {
    for (const c of [...inits, ...containers(pod)]) {
      const image = String(c["image"] ?? "");
      if (c["imagePullPolicy"] === "Always" || !node.hasImage(image)) events.push({ type: "Normal", reason: "Pulling", message: `Pulling image "${image}"`, fieldPath: field(String(c["name"]), inits.includes(c)) });
    }
    const waiting = (c: Obj, reason: string) => ({ image: c["image"], imageID: "", lastState: {}, name: c["name"], ready: false, restartCount: 0, started: false, state: { waiting: { reason } } });
    const status: Obj = {
      ...baseStatus(pod, node),
      phase: "Pending",
      conditions: [
        cond("PodReadyToStartContainers", "False", t),
        inits.length > 0 ? cond("Initialized", "False", t, "ContainersNotInitialized", `containers with incomplete status: [${inits.map((c) => String(c["name"])).join(" ")}]`) : cond("Initialized", "True", t),
        cond("Ready", "False", t, "ContainersNotReady", `containers with unready status: [${names.join(" ")}]`),
        cond("ContainersReady", "False", t, "ContainersNotReady", `containers with unready status: [${names.join(" ")}]`),
        cond("PodScheduled", "True", scheduledAt),
      ],
      containerStatuses: containers(pod).map((c) => waiting(c, inits.length > 0 ? "PodInitializing" : "ContainerCreating")),
      ...(inits.length > 0 ? { initContainerStatuses: inits.map((c) => waiting(c, "PodInitializing")) } : {}),
      startTime: t,
    };
    return { status, events };
  }
  const ip = podIp(pod, node);
  if (stage === "start") {
    const started = Date.parse(String(at(pod, "status.startTime") ?? t));
    for (const c of [...inits, ...containers(pod)]) {
      const image = String(c["image"] ?? "");
      const name = String(c["name"]);
      const init = inits.includes(c);
      if (c["imagePullPolicy"] === "Always" || !node.hasImage(image)) {
        const took = ((now - started) / 1000).toFixed(3);
        events.push({ type: "Normal", reason: "Pulled", message: `Successfully pulled image "${image}" in ${took}s (${took}s including waiting). Image size: ${10_000_000 + (fnv32a(image) % 90_000_000)} bytes.`, fieldPath: field(name, init) });
      } else events.push({ type: "Normal", reason: "Pulled", message: `Container image "${image}" already present on machine`, fieldPath: field(name, init) });
      events.push({ type: "Normal", reason: "Created", message: `Created container ${name}`, fieldPath: field(name, init) });
      events.push({ type: "Normal", reason: "Started", message: `Started container ${name}`, fieldPath: field(name, init) });
    }
    const running = (c: Obj) => ({ containerID: containerId(pod, String(c["name"])), image: c["image"], imageID: imageId(String(c["image"] ?? "")), lastState: {}, name: c["name"], ready: true, restartCount: 0, started: true, state: { running: { startedAt: t } } });
    const status: Obj = {
      ...baseStatus(pod, node),
      phase: "Running",
      conditions: [cond("PodReadyToStartContainers", "True", t), cond("Initialized", "True", t), cond("Ready", "True", t), cond("ContainersReady", "True", t), cond("PodScheduled", "True", scheduledAt)],
      containerStatuses: containers(pod).map(running),
      ...(inits.length > 0 ? { initContainerStatuses: inits.map((c) => ({ containerID: containerId(pod, String(c["name"])), image: c["image"], imageID: imageId(String(c["image"] ?? "")), lastState: {}, name: c["name"], ready: true, restartCount: 0, started: false, state: { terminated: { containerID: containerId(pod, String(c["name"])), exitCode: 0, finishedAt: t, reason: "Completed", startedAt: t } } })) } : {}),
      podIP: ip,
      podIPs: [{ ip }],
      startTime: at(pod, "status.startTime") ?? t,
    };
    return { status, events };
  }
  const code = exitCodeOf(pod);
  const podRef = `${String(meta(pod)["name"])}_${String(meta(pod)["namespace"] ?? "default")}(${String(meta(pod)["uid"])})`;
  const readyConditions = (ready: boolean) => [
    cond("PodReadyToStartContainers", "True", String(condition(pod, "PodReadyToStartContainers")?.["lastTransitionTime"] ?? t)),
    cond("Initialized", "True", String(condition(pod, "Initialized")?.["lastTransitionTime"] ?? t)),
    ready ? cond("Ready", "True", t) : cond("Ready", "False", t, "ContainersNotReady", `containers with unready status: [${names.join(" ")}]`),
    ready ? cond("ContainersReady", "True", t) : cond("ContainersReady", "False", t, "ContainersNotReady", `containers with unready status: [${names.join(" ")}]`),
    cond("PodScheduled", "True", scheduledAt),
  ];
  if (stage === "restart") {
    // A new container for each: the last run stays in lastState.
    const statuses = list(at(pod, "status.containerStatuses")).map((s) => {
      const run = Number(s["restartCount"] ?? 0) + 1;
      const name = String(s["name"]);
      events.push({ type: "Normal", reason: "Pulled", message: `Container image "${String(s["image"] ?? "")}" already present on machine`, fieldPath: field(name) });
      events.push({ type: "Normal", reason: "Created", message: `Created container ${name}`, fieldPath: field(name) });
      events.push({ type: "Normal", reason: "Started", message: `Started container ${name}`, fieldPath: field(name) });
      return { ...s, containerID: containerId(pod, name, run), ready: true, restartCount: run, started: true, state: { running: { startedAt: t } } };
    });
    return { status: { ...baseStatus(pod, node), phase: "Running", conditions: readyConditions(true), containerStatuses: statuses }, events };
  }
  // complete: every container exits with the pod's exit code.
  const exited = list(at(pod, "status.containerStatuses")).map((s) => ({ containerID: s["containerID"], exitCode: code, finishedAt: t, reason: code === 0 ? "Completed" : "Error", startedAt: at(s, "state.running.startedAt") }));
  if (restarts(pod, code)) {
    const runs = list(at(pod, "status.containerStatuses")).map((s) => Number(s["restartCount"] ?? 0));
    // The first exit is restarted at once; later ones wait out the back-off (CrashLoopBackOff).
    if (runs.every((n) => n === 0)) {
      const restarted = runStage({ ...pod, status: { ...(pod["status"] as Obj), containerStatuses: list(at(pod, "status.containerStatuses")).map((s, i) => ({ ...s, lastState: { terminated: exited[i] } })) } }, "restart", node, now);
      return restarted;
    }
    const statuses = list(at(pod, "status.containerStatuses")).map((s, i) => {
      const name = String(s["name"]);
      const wait = backOffSeconds(Number(s["restartCount"] ?? 0));
      events.push({ type: "Warning", reason: "BackOff", message: `Back-off restarting failed container ${name} in pod ${podRef}`, fieldPath: field(name) });
      return { ...s, ready: false, started: false, lastState: { terminated: exited[i] }, state: { waiting: { reason: "CrashLoopBackOff", message: `back-off ${humanBackOff(wait)} restarting failed container=${name} pod=${podRef}` } } };
    });
    return { status: { ...baseStatus(pod, node), phase: "Running", conditions: readyConditions(false), containerStatuses: statuses }, events };
  }
  const statuses = list(at(pod, "status.containerStatuses")).map((s, i) => ({ ...s, ready: false, started: false, state: { terminated: exited[i] } }));
  const reason = code === 0 ? "PodCompleted" : "PodFailed";
  const status: Obj = {
    ...baseStatus(pod, node),
    phase: code === 0 ? "Succeeded" : "Failed",
    conditions: [cond("PodReadyToStartContainers", "False", t), cond("Initialized", "True", String(condition(pod, "Initialized")?.["lastTransitionTime"] ?? t), code === 0 ? "PodCompleted" : undefined), cond("Ready", "False", t, reason), cond("ContainersReady", "False", t, reason), cond("PodScheduled", "True", scheduledAt)],
    containerStatuses: statuses,
  };
  return { status, events };
}

/** The back-off as the kubelet's message prints it (Go's Duration: 10s, 1m20s, 5m0s). */
function humanBackOff(seconds: number): string {
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

/** The images a pod's containers use (a node keeps them once pulled). */
export const imagesOf = (pod: Obj) => [...initContainers(pod), ...containers(pod)].map((c) => String(c["image"] ?? ""));

