// One cluster's Kubernetes world, alive: the change feed marks what needs attention (controllers
// whose objects or pods changed, pods waiting for the scheduler, nodes whose readiness changed) and
// a timer heap holds what falls due later (kubelet stages, taint evictions). `run(at)` does what is
// due at the virtual instant `at`, in rounds until nothing is left: node lifecycle, controllers,
// scheduler, kubelets; every round's decisions are written through the world (Change.kube).
// Indexes (pods by owner and by node, requested resources per node) are kept from the feed, so a
// pass costs what changed, not the size of the world.
import { reconcileDaemonSet } from "./controllers/daemonset.js";
import { reconcileDeployment } from "./controllers/deployment.js";
import { reconcilePdb } from "./controllers/disruption.js";
import { reconcileJob } from "./controllers/job.js";
import { reconcileReplicaSet } from "./controllers/replicaset.js";
import { reconcileStatefulSet } from "./controllers/statefulset.js";
import { DAEMONSETS, DEPLOYMENTS, EVENTS, isDeleting, isReady, isTerminal, JOBS, list, NODES, PDBS, PODS, REPLICASETS, STATEFULSETS, type ControllerCtx, type Decision, type EventSpec } from "./controllers/context.js";
import { eventObject, EVENT_TTL_MS } from "./events.js";
import { nameSuffix } from "./hash.js";
import { TimerHeap } from "./heap.js";
import { imagesOf, nextStage, runStage, type KubeletNode } from "./kubelet.js";
import { evictionAt, lifecycleTaints, nodeReady } from "./node-lifecycle.js";
import { at as field, isObj, kubeTime, labelsOf, meta, nameOf, namespaceOf, type Obj } from "./objects.js";
import { failedSchedulingMessage, place, podRequests, resourcesOf, type BoundPod, type NodeView, type Resources, type Taint } from "./scheduler/placement.js";
import { World, type WorldEvent, type WorldWrite } from "./world.js";

export type WorldSimDeps = {
  now(): number;
  newId(): string;
  /** The work's next due instant may have moved earlier: the engine looks again. */
  wake(): void;
  onError(err: unknown): void;
};

const RECONCILE: Record<string, (o: Obj, ctx: ControllerCtx) => Decision> = {
  [DEPLOYMENTS]: reconcileDeployment,
  [REPLICASETS]: reconcileReplicaSet,
  [DAEMONSETS]: reconcileDaemonSet,
  [STATEFULSETS]: reconcileStatefulSet,
  [JOBS]: reconcileJob,
  [PDBS]: reconcilePdb,
};
const OWNER_TYPE: Record<string, string> = { Deployment: DEPLOYMENTS, ReplicaSet: REPLICASETS, DaemonSet: DAEMONSETS, StatefulSet: STATEFULSETS, Job: JOBS };
const MAX_ROUNDS = 200;

/** Images the AKS node image caches: their pods start with "already present on machine". */
const PRECACHED = /^mcr\.microsoft\.com\/(oss|aks|containernetworking|azuremonitor|azure-policy)\//;

type Timer = { kind: "pod" | "node"; key: string };

const controllerOf = (o: Obj): Obj | undefined => list(meta(o)["ownerReferences"]).find((r) => r["controller"] === true);
const splitSlot = (slot: string): [string, string] => {
  const i = slot.indexOf("/");
  return [slot.slice(0, i), slot.slice(i + 1)];
};
const boundNode = (p: Obj) => (typeof field(p, "spec.nodeName") === "string" && field(p, "spec.nodeName") !== "" ? String(field(p, "spec.nodeName")) : undefined);
const defaultScheduled = (p: Obj) => (field(p, "spec.schedulerName") ?? "default-scheduler") === "default-scheduler";

export class WorldSim {
  private readonly owned = new Map<string, Map<string, Map<string, Obj>>>();
  private readonly ownerOf = new Map<string, string>();
  private readonly byNode = new Map<string, Map<string, Obj>>();
  private readonly podNode = new Map<string, { node: string; req: Resources }>();
  private readonly usage = new Map<string, Resources>();
  /** What the scheduler reads of each Node object, parsed once per node write rather than once per pass. */
  private readonly nodeBase = new WeakMap<Obj, Omit<NodeView, "requested">>();
  /** The scheduler's views of the nodes in the world's order and each one's position, as of the world's `revision` of nodes. */
  private nodeOrder: { revision: number; views: NodeView[]; at: Map<string, number> } | undefined;
  /** Views whose `requested` is a pass's copy (nodeViews puts the node's usage back). */
  private readonly overlaid = new Set<NodeView>();
  private readonly unbound = new Map<string, Obj>();
  private readonly fresh = new Set<string>();
  private retry = false;
  private readonly dirty = new Set<string>();
  private readonly nodesDirty = new Set<string>();
  private readonly timers = new TimerHeap<Timer>();
  private readonly due = new Map<string, number>();
  private readonly images = new Map<string, Set<string>>();
  private readonly failedMessage = new Map<string, string>();
  private readonly eventLog: { at: number; ns: string; name: string }[] = [];
  private eventHead = 0;
  private pendingSince: number | undefined;
  private seq = 0;
  private startIndex = 0;
  private readonly unsubscribe: () => void;
  /** While its API server is down (a stopped cluster) nothing runs. */
  paused = false;

  constructor(
    readonly world: World,
    readonly fqdn: string,
    private readonly deps: WorldSimDeps,
    startAt?: number,
  ) {
    for (const type of world.typesHeld()) for (const o of world.list(type)) this.observe({ rv: 0, type, event: "ADDED", object: o });
    this.eventLog.sort((a, b) => a.at - b.at);
    this.pendingSince = startAt;
    this.unsubscribe = world.subscribe((e) => this.observe(e));
  }

  close(): void {
    this.unsubscribe();
  }

  // ---- The feed.

  private markPending(): void {
    if (this.pendingSince !== undefined) return;
    this.pendingSince = this.deps.now();
    this.deps.wake();
  }

  private markDirty(type: string, ns: string, name: string): void {
    this.dirty.add(`${type}|${ns}/${name}`);
    this.markPending();
  }

  private timer(at: number, t: Timer): void {
    const id = `${t.kind}:${t.key}`;
    const known = this.due.get(id);
    if (known !== undefined && known <= at) return;
    this.due.set(id, at);
    const before = this.timers.peek();
    this.timers.push(at, t);
    if (before === undefined || at < before) this.deps.wake();
  }

  private observe(e: WorldEvent): void {
    const o = e.object;
    const slot = World.slot(o);
    const ns = namespaceOf(o);
    const key = `${e.type}/${slot}`;
    const before = this.ownerOf.get(key);
    const ref = e.event === "DELETED" ? undefined : controllerOf(o);
    const now = ref ? String(ref["uid"]) : undefined;
    if (before !== undefined) this.owned.get(before)?.get(e.type)?.delete(slot);
    if (now !== undefined) {
      let byType = this.owned.get(now);
      if (!byType) this.owned.set(now, (byType = new Map()));
      let objs = byType.get(e.type);
      if (!objs) byType.set(e.type, (objs = new Map()));
      objs.set(slot, o);
      this.ownerOf.set(key, now);
    } else this.ownerOf.delete(key);
    if (e.event === "DELETED") this.owned.delete(String(meta(o)["uid"]));
    const owner = ref ?? (e.old ? controllerOf(e.old) : undefined);
    if (owner && OWNER_TYPE[String(owner["kind"])] && (e.type === PODS || e.type === REPLICASETS)) this.markDirty(OWNER_TYPE[String(owner["kind"])]!, ns, String(owner["name"]));
    switch (e.type) {
      case PODS:
        this.observePod(e, slot, ns);
        break;
      case NODES:
        this.nodesDirty.add(nameOf(o));
        this.retry = true;
        for (const ds of this.world.list(DAEMONSETS)) this.markDirty(DAEMONSETS, namespaceOf(ds), nameOf(ds));
        this.markPending();
        break;
      case EVENTS:
        if (e.event === "ADDED") this.eventLog.push({ at: Date.parse(String(o["lastTimestamp"] ?? meta(o)["creationTimestamp"])) || 0, ns, name: nameOf(o) });
        break;
      default:
        if (RECONCILE[e.type] && e.event !== "DELETED") this.markDirty(e.type, ns, nameOf(o));
    }
  }

  private observePod(e: WorldEvent, slot: string, ns: string): void {
    const p = e.object;
    const gone = e.event === "DELETED";
    const node = !gone && !isTerminal(p) ? boundNode(p) : undefined;
    const prev = this.podNode.get(slot);
    if (prev && prev.node !== node) {
      this.byNode.get(prev.node)?.delete(slot);
      const u = this.usage.get(prev.node);
      if (u) for (const [k, v] of Object.entries(prev.req)) u[k] = (u[k] ?? 0) - v;
      this.podNode.delete(slot);
      this.retry = true;
      this.markPending();
    }
    if (node) {
      if (!prev || prev.node !== node) {
        const req = podRequests(p);
        this.podNode.set(slot, { node, req });
        const u = this.usageOf(node);
        for (const [k, v] of Object.entries(req)) u[k] = (u[k] ?? 0) + v;
      }
      let m = this.byNode.get(node);
      if (!m) this.byNode.set(node, (m = new Map()));
      m.set(slot, p);
      if (field(p, "status.phase") === "Running") {
        let imgs = this.images.get(node);
        if (!imgs) this.images.set(node, (imgs = new Set()));
        for (const i of imagesOf(p)) imgs.add(i);
      }
      const stage = nextStage(p);
      if (stage) this.timer(stage.at, { kind: "pod", key: slot });
    }
    const waiting = !gone && !boundNode(p) && !isTerminal(p) && !isDeleting(p) && defaultScheduled(p);
    if (waiting) {
      if (!this.unbound.has(slot)) {
        this.fresh.add(slot);
        this.markPending();
      }
      this.unbound.set(slot, p);
    } else {
      this.unbound.delete(slot);
      this.fresh.delete(slot);
    }
    if (gone) this.failedMessage.delete(String(meta(p)["uid"]));
    // A PDB's status follows the pods it may select.
    for (const pdb of this.world.list(PDBS, ns)) this.markDirty(PDBS, ns, nameOf(pdb));
  }

  // ---- Due work.

  /** When something is due: now for what the feed marked, else the earliest timer. */
  nextDue(): number | undefined {
    if (this.paused) return undefined;
    if (this.pendingSince !== undefined) return this.pendingSince;
    return this.timers.peek();
  }

  private hasPending(): boolean {
    return this.dirty.size > 0 || this.fresh.size > 0 || (this.retry && this.unbound.size > 0) || this.nodesDirty.size > 0;
  }

  /** Runs everything due up to `now`, in time order (a new world catching up from its cluster's creation). */
  settle(now: number): void {
    for (let i = 0; i < 10_000; i++) {
      const due = this.nextDue();
      if (due === undefined || due > now) return;
      this.run(due);
    }
  }

  private running = false;

  run(at: number): void {
    if (this.running) return;
    this.running = true;
    try {
      this.runRounds(at);
    } finally {
      this.running = false;
    }
  }

  private runRounds(at: number): void {
    this.pendingSince = undefined;
    let rounds = 0;
    try {
      for (; rounds < MAX_ROUNDS; rounds++) {
        const timerDue = (this.timers.peek() ?? Number.POSITIVE_INFINITY) <= at;
        if (!this.hasPending() && !timerDue) break;
        this.nodeLifecycle(at);
        this.controllers(at);
        this.schedule(at);
        this.kubelets(at);
      }
      this.pruneEvents(at);
    } catch (err) {
      this.deps.onError(err);
      rounds = MAX_ROUNDS;
    }
    if (rounds >= MAX_ROUNDS) {
      // Work that does not settle is dropped rather than spun on (a bug, logged above or here).
      if (this.hasPending()) this.deps.onError(new Error(`kube simulation of ${this.fqdn}: work left after ${MAX_ROUNDS} rounds`));
      this.dirty.clear();
      this.fresh.clear();
      this.nodesDirty.clear();
      this.retry = false;
    }
    this.pendingSince = undefined;
    this.retry = false;
  }

  private write(writes: WorldWrite[], events: readonly EventSpec[], at: number): void {
    for (const e of events) {
      const id = (BigInt(at) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16);
      writes.push({ type: EVENTS, object: eventObject(e, at, `${nameOf(e.object)}.${id}`, this.deps.newId()) });
    }
    if (writes.length > 0) this.world.write(writes);
  }

  private ctx(at: number): ControllerCtx {
    const reserved = new Set<string>();
    let nodes: Obj[] | undefined;
    return {
      now: at,
      get: (type, ns, name) => this.world.get(type, ns, name),
      list: (type, ns) => this.world.list(type, ns),
      owned: (uid, type) => [...(this.owned.get(uid)?.get(type)?.values() ?? [])],
      nodes: () => (nodes ??= [...this.world.list(NODES)]),
      newId: () => this.deps.newId(),
      freeName: (type, ns, base, seed) => {
        for (let i = 0; ; i++) {
          const name = `${base}${nameSuffix(`${seed}/${this.world.rv}/${i}`)}`;
          const k = `${type}/${ns}/${name}`;
          if (reserved.has(k) || this.world.get(type, ns, name)) continue;
          reserved.add(k);
          return name;
        }
      },
    };
  }

  private controllers(at: number): void {
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const k of keys) {
      const bar = k.indexOf("|");
      const type = k.slice(0, bar);
      const [ns, name] = splitSlot(k.slice(bar + 1));
      const o = this.world.get(type, ns, name);
      const reconcile = RECONCILE[type];
      if (!o || !reconcile) continue;
      const d = reconcile(o, this.ctx(at));
      this.write(d.writes, d.events, at);
    }
  }

  // ---- Node lifecycle and taint eviction.

  private nodeLifecycle(at: number): void {
    if (this.nodesDirty.size === 0) return;
    const names = [...this.nodesDirty];
    this.nodesDirty.clear();
    for (const name of names) {
      const node = this.world.get(NODES, "", name);
      const pods = [...(this.byNode.get(name)?.values() ?? [])];
      const writes: WorldWrite[] = [];
      const events: EventSpec[] = [];
      if (!node) {
        // Pod GC: the pods of a node that is gone go with it.
        for (const p of pods) writes.push({ type: PODS, object: p, delete: true });
        this.write(writes, events, at);
        continue;
      }
      const taints = lifecycleTaints(node, at);
      let current = node;
      if (taints) {
        const spec: Obj = { ...(isObj(node["spec"]) ? node["spec"] : {}) };
        if (taints.length > 0) spec["taints"] = taints;
        else delete spec["taints"];
        current = { ...node, spec };
        writes.push({ type: NODES, object: current });
      }
      const ready = nodeReady(current);
      let next: number | undefined;
      for (const p of pods) {
        const when = evictionAt(p, current);
        if (when !== undefined && when <= at && !isDeleting(p)) {
          writes.push({ type: PODS, object: p, delete: true });
          events.push({ object: p, type: "Normal", reason: "TaintManagerEviction", message: `Marking for deletion Pod ${namespaceOf(p)}/${nameOf(p)}`, component: "taint-eviction-controller" });
          continue;
        }
        if (when !== undefined) next = next === undefined ? when : Math.min(next, when);
        // The node's pods are not Ready while it is not (MarkPodsNotReady), and are again when it is.
        const conditions = list(field(p, "status.conditions"));
        const running = list(field(p, "status.containerStatuses")).length > 0 && list(field(p, "status.containerStatuses")).every((c) => isObj(field(c, "state.running")));
        if ((!ready && isReady(p)) || (ready && running && !isReady(p) && field(p, "status.phase") === "Running")) {
          const t = kubeTime(at);
          const status = { ...(p["status"] as Obj), conditions: conditions.map((c) => (c["type"] === "Ready" ? { ...c, status: ready ? "True" : "False", lastTransitionTime: t } : c)) };
          writes.push({ type: PODS, object: { ...p, status } });
        }
        if (ready) {
          const stage = nextStage(p);
          if (stage) this.timer(stage.at, { kind: "pod", key: World.slot(p) });
        }
      }
      if (next !== undefined) this.timer(next, { kind: "node", key: name });
      this.write(writes, events, at);
    }
  }

  // ---- The scheduler.

  /**
   * Every node as the scheduler sees it now, and where each is in the list. The views are kept
   * between passes (rebuilt when a node is written), their `requested` the node's usage itself,
   * which the feed keeps; a pass that binds a pod to a node gives that view a copy to add to
   * (`bind`), put back at the next pass, so a pass costs what it binds, not the number of nodes.
   */
  private nodeViews(): { views: NodeView[]; at: ReadonlyMap<string, number> } {
    const revision = this.world.revision(NODES);
    if (this.nodeOrder?.revision !== revision) {
      const views: NodeView[] = [];
      for (const n of this.world.list(NODES)) {
        let b = this.nodeBase.get(n);
        if (!b) this.nodeBase.set(n, (b = { name: nameOf(n), labels: labelsOf(n), taints: list(field(n, "spec.taints")) as unknown as Taint[], unschedulable: field(n, "spec.unschedulable") === true, allocatable: resourcesOf(field(n, "status.allocatable")) }));
        views.push({ ...b, requested: this.usageOf(b.name) });
      }
      this.nodeOrder = { revision, views, at: new Map(views.map((v, i) => [v.name, i])) };
    } else for (const v of this.overlaid) v.requested = this.usageOf(v.name);
    this.overlaid.clear();
    return { views: this.nodeOrder.views, at: this.nodeOrder.at };
  }

  /** The requests of the pods bound to `node`, one object per node for the world's life (the feed adds to it in place). */
  private usageOf(node: string): Resources {
    let u = this.usage.get(node);
    // One shape for every node's usage (the scheduler reads these keys of a thousand of them per pod); absent and 0 read alike.
    if (!u) this.usage.set(node, (u = { cpu: 0, memory: 0, "ephemeral-storage": 0, pods: 0 }));
    return u;
  }

  /** Adds `pod`'s requests to a view for the rest of this pass, on a copy of the node's usage. */
  private bind(v: NodeView, pod: Obj): void {
    if (!this.overlaid.has(v)) {
      v.requested = { ...v.requested };
      this.overlaid.add(v);
    }
    for (const [k, a] of Object.entries(podRequests(pod))) v.requested[k] = (v.requested[k] ?? 0) + a;
  }

  private schedule(at: number): void {
    if (this.fresh.size === 0 && !(this.retry && this.unbound.size > 0)) return;
    const slots = this.retry ? [...this.unbound.keys()] : [...this.fresh];
    this.retry = false;
    this.fresh.clear();
    const pods = slots.map((s) => this.unbound.get(s)).filter((p): p is Obj => p !== undefined);
    const prio = (p: Obj) => Number(field(p, "spec.priority") ?? 0);
    pods.sort((a, b) => prio(b) - prio(a) || String(meta(a)["creationTimestamp"]).localeCompare(String(meta(b)["creationTimestamp"])) || World.slot(a).localeCompare(World.slot(b)));
    const { views, at: position } = this.nodeViews();
    const t = kubeTime(at);
    const writes: WorldWrite[] = [];
    const events: EventSpec[] = [];
    const evicted = new Set<string>();
    // A workload's replicas by node, counted once per owner and kept as this pass binds.
    const spread = new Map<string, Map<string, number>>();
    const siblingsOf = (ownerUid: string) => {
      let m = spread.get(ownerUid);
      if (!m) {
        spread.set(ownerUid, (m = new Map()));
        for (const s of this.owned.get(ownerUid)?.get(PODS)?.values() ?? []) {
          const n = boundNode(s);
          if (n) m.set(n, (m.get(n) ?? 0) + 1);
        }
      }
      return m;
    };
    for (const pod of pods) {
      const owner = controllerOf(pod);
      const siblings = owner ? siblingsOf(String(owner["uid"])) : new Map<string, number>();
      const podsOn = (node: string): BoundPod[] => [...(this.byNode.get(node)?.values() ?? [])].filter((p) => !evicted.has(World.slot(p))).map((p) => ({ key: World.slot(p), priority: Number(field(p, "spec.priority") ?? 0), requests: this.podNode.get(World.slot(p))?.req ?? {} }));
      const placement = place(pod, views, (n) => siblings.get(n) ?? 0, podsOn, { start: this.startIndex });
      if (views.length > 0) this.startIndex = (this.startIndex + 1) % views.length;
      const uid = String(meta(pod)["uid"]);
      if ("node" in placement) {
        this.bind(views[position.get(placement.node)!]!, pod);
        siblings.set(placement.node, (siblings.get(placement.node) ?? 0) + 1);
        const conditions = [...list(field(pod, "status.conditions")).filter((c) => c["type"] !== "PodScheduled"), { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: t }];
        const status = { ...(isObj(pod["status"]) ? pod["status"] : {}), phase: "Pending", conditions };
        delete (status as Obj)["nominatedNodeName"];
        writes.push({ type: PODS, object: { ...pod, spec: { ...(pod["spec"] as Obj), nodeName: placement.node }, status } });
        events.push({ object: pod, type: "Normal", reason: "Scheduled", message: `Successfully assigned ${namespaceOf(pod)}/${nameOf(pod)} to ${placement.node}`, component: "default-scheduler" });
        this.failedMessage.delete(uid);
        continue;
      }
      if ("preempt" in placement) {
        for (const key of placement.preempt.victims) {
          const [vns, vname] = splitSlot(key);
          const victim = this.world.get(PODS, vns, vname);
          if (!victim) continue;
          evicted.add(key);
          writes.push({ type: PODS, object: victim, delete: true });
          events.push({ object: victim, type: "Normal", reason: "Preempted", message: `Preempted by pod ${uid} on node ${placement.preempt.node}`, component: "default-scheduler" });
        }
        writes.push({ type: PODS, object: { ...pod, status: { ...(isObj(pod["status"]) ? pod["status"] : {}), nominatedNodeName: placement.preempt.node } } });
        continue;
      }
      const message = failedSchedulingMessage(views.length, placement.failures, placement.preemption);
      if (this.failedMessage.get(uid) === message) continue;
      this.failedMessage.set(uid, message);
      const conditions = [{ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: t, reason: "Unschedulable", message }];
      writes.push({ type: PODS, object: { ...pod, status: { ...(isObj(pod["status"]) ? pod["status"] : {}), phase: "Pending", conditions } } });
      events.push({ object: pod, type: "Warning", reason: "FailedScheduling", message, component: "default-scheduler" });
    }
    this.write(writes, events, at);
  }

  // ---- Kubelets.

  private kubeletNode(node: Obj): KubeletNode {
    const name = nameOf(node);
    const ip = String(list(field(node, "status.addresses")).find((a) => a["type"] === "InternalIP")?.["address"] ?? "10.224.0.4");
    const imgs = this.images.get(name);
    return { name, ready: nodeReady(node), ip, hasImage: (i) => PRECACHED.test(i) || imgs?.has(i) === true };
  }

  private kubelets(at: number): void {
    const writes: WorldWrite[] = [];
    const events: EventSpec[] = [];
    const touched = new Set<string>();
    for (let e = this.timers.popDue(at); e; e = this.timers.popDue(at)) {
      const id = `${e.value.kind}:${e.value.key}`;
      if (this.due.get(id) === e.at) this.due.delete(id);
      if (e.value.kind === "node") {
        this.nodesDirty.add(e.value.key);
        continue;
      }
      const slot = e.value.key;
      if (touched.has(slot)) continue;
      const [ns, name] = splitSlot(slot);
      const pod = this.world.get(PODS, ns, name);
      if (!pod) continue;
      const stage = nextStage(pod);
      if (!stage) continue;
      if (stage.at > at) {
        this.timer(stage.at, { kind: "pod", key: slot });
        continue;
      }
      const node = this.world.get(NODES, "", boundNode(pod) ?? "");
      if (!node || !nodeReady(node)) continue; // the node lifecycle looks again when it is Ready
      const k = this.kubeletNode(node);
      const when = Math.max(stage.at, Date.parse(String(meta(node)["creationTimestamp"])) || 0);
      const r = runStage(pod, stage.stage, k, Math.min(when, at));
      touched.add(slot);
      writes.push({ type: PODS, object: { ...pod, status: r.status } });
      for (const ev of r.events) events.push({ object: pod, ...ev, component: "kubelet", host: k.name });
    }
    this.write(writes, events, at);
  }

  /** Events older than the apiserver's TTL go. */
  private pruneEvents(at: number): void {
    const writes: WorldWrite[] = [];
    while (this.eventHead < this.eventLog.length && this.eventLog[this.eventHead]!.at < at - EVENT_TTL_MS) {
      const e = this.eventLog[this.eventHead++]!;
      const o = this.world.get(EVENTS, e.ns, e.name);
      if (o && Date.parse(String(o["lastTimestamp"] ?? meta(o)["creationTimestamp"])) < at - EVENT_TTL_MS) writes.push({ type: EVENTS, object: o, delete: true });
    }
    if (this.eventHead > 4096) {
      this.eventLog.splice(0, this.eventHead);
      this.eventHead = 0;
    }
    if (writes.length > 0) this.world.write(writes);
  }
}
