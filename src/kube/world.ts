// One cluster's Kubernetes objects: indexed in memory by resource and namespace/name, durable
// through the emulator's store (collection "kube", keys `{world}/{group}/{resource}/{ns}/{name}`,
// grouped by world so one cluster loads alone), with a resourceVersion counter per world and a
// change feed (watch events) that watches and, later, controllers read.
import type { Obj } from "./objects.js";
import { meta, nameOf, namespaceOf } from "./objects.js";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

/** One change of the world: what a watch streams and what controllers will react to. */
export type WorldEvent = { rv: number; type: string; event: EventType; object: Obj; old?: Obj };

/** A document of the "kube" collection: an object and its resource type ("/pods", "apps/deployments"). */
export type StoredObject = { type: string; object: Obj };
/** The world's own document (key = the world id): its resourceVersion counter. */
export type StoredWorld = { rv: number };

/** Durable writes, committed before anything is acknowledged; an `undefined` value deletes. */
export type KubeCommit = (writes: ReadonlyArray<readonly [key: string, doc: StoredObject | StoredWorld | undefined]>) => void;

export type WorldWrite = { type: string; object: Obj; delete?: boolean };

type TypeIndex = { objects: Map<string, Obj>; sorted: string[] | undefined; revision: number };

const EVENT_LOG = 10_000;

const slotOf = (o: Obj) => `${namespaceOf(o)}/${nameOf(o)}`;

export class World {
  private readonly types = new Map<string, TypeIndex>();
  /** The change feed's history: `log[head..]` are the last EVENT_LOG changes. */
  private readonly log: WorldEvent[] = [];
  private head = 0;
  /** Watches from a resourceVersion below this cannot be replayed (410 Expired). */
  private floor: number;
  private readonly listeners = new Set<(e: WorldEvent) => void>();
  /** Events staged but not yet told to listeners (World.stage). */
  private readonly pending: WorldEvent[] = [];
  rv: number;
  /** The provider's node revision last mirrored (nodes.ts), so an unchanged cluster costs nothing. */
  nodeRevision: string | undefined;

  constructor(
    readonly id: string,
    private readonly commit: KubeCommit,
    stored: readonly (StoredObject | StoredWorld)[],
  ) {
    let rv = 0;
    for (const doc of stored) {
      if ("type" in doc) {
        this.index(doc.type).objects.set(slotOf(doc.object), doc.object);
        rv = Math.max(rv, Number(meta(doc.object)["resourceVersion"] ?? 0));
      } else rv = Math.max(rv, doc.rv);
    }
    this.rv = rv;
    this.floor = rv;
  }

  /** Whether the world has never been written (a cluster's first request bootstraps it). */
  get empty(): boolean {
    return this.rv === 0;
  }

  private index(type: string): TypeIndex {
    let t = this.types.get(type);
    if (!t) this.types.set(type, (t = { objects: new Map(), sorted: undefined, revision: 0 }));
    return t;
  }

  get(type: string, namespace: string, name: string): Obj | undefined {
    return this.types.get(type)?.objects.get(`${namespace}/${name}`);
  }

  /** A number that changes whenever an object of `type` is written (readers cache what they derive from it). */
  revision(type: string): number {
    return this.types.get(type)?.revision ?? 0;
  }

  count(type: string): number {
    return this.types.get(type)?.objects.size ?? 0;
  }

  /**
   * Objects of `type` in etcd's key order (namespace, then name), in `namespace` only when given,
   * starting after `after` (a continue token's last key).
   */
  *list(type: string, namespace?: string, after?: string): Generator<Obj> {
    const t = this.types.get(type);
    if (!t) return;
    if (!t.sorted) t.sorted = [...t.objects.keys()].sort();
    const keys = t.sorted;
    const prefix = namespace === undefined ? "" : `${namespace}/`;
    // The first key after `after`, or the first at or past the namespace's prefix.
    const strict = after !== undefined && after >= prefix;
    const start = strict ? after : prefix;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? keys[mid]! <= start : keys[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length; i++) {
      const k = keys[i]!;
      if (prefix && !k.startsWith(prefix)) break;
      const o = t.objects.get(k);
      if (o) yield o;
    }
  }

  /** The key a continue token resumes after. */
  static slot = slotOf;

  /**
   * Writes objects (each already carrying its final metadata but no resourceVersion: one is
   * assigned here, in order) durably, then indexes them and tells the feed. Returns them as stored.
   */
  write(writes: readonly WorldWrite[]): Obj[] {
    if (writes.length === 0) return [];
    const { stored, docs } = this.prepare(writes);
    this.commit(docs);
    this.flush();
    this.apply(writes, stored);
    return stored;
  }

  /**
   * The same writes made from inside an engine step, whose transaction cannot nest another: they
   * are indexed at once (later steps of the same catch-up read them) and their durable documents
   * returned for the step's change, which the engine commits with the step. The feed hears of
   * them on a microtask, once that synchronous transaction is over, so a listener that writes
   * (a controller) commits on its own.
   */
  stage(writes: readonly WorldWrite[]): { stored: Obj[]; docs: [string, StoredObject | StoredWorld | undefined][] } {
    if (writes.length === 0) return { stored: [], docs: [] };
    const { stored, docs } = this.prepare(writes);
    this.apply(writes, stored, true);
    return { stored, docs };
  }

  private prepare(writes: readonly WorldWrite[]) {
    const stored: Obj[] = [];
    const docs: [string, StoredObject | StoredWorld | undefined][] = [];
    let rv = this.rv;
    for (const w of writes) {
      rv++;
      const object = { ...w.object, metadata: { ...meta(w.object), resourceVersion: String(rv) } };
      stored.push(object);
      docs.push([this.key(w.type, object), w.delete ? undefined : { type: w.type, object }]);
    }
    docs.push([this.id, { rv }]);
    return { stored, docs };
  }

  private apply(writes: readonly WorldWrite[], stored: readonly Obj[], deferred = false): void {
    let v = this.rv;
    this.rv += writes.length;
    writes.forEach((w, i) => {
      const object = stored[i]!;
      const t = this.index(w.type);
      t.revision++;
      const slot = slotOf(object);
      const old = t.objects.get(slot);
      if (w.delete) {
        t.objects.delete(slot);
        t.sorted = undefined;
      } else {
        if (!old) t.sorted = undefined;
        t.objects.set(slot, object);
      }
      const event: WorldEvent = { rv: ++v, type: w.type, event: w.delete ? "DELETED" : old ? "MODIFIED" : "ADDED", object, ...(old ? { old } : {}) };
      this.log.push(event);
      if (deferred) this.pending.push(event);
      else for (const l of this.listeners) l(event);
    });
    if (deferred && this.pending.length === writes.length) queueMicrotask(() => this.flush());
    if (this.log.length - this.head > EVENT_LOG) {
      // The oldest events leave by moving the head; the array is compacted once per EVENT_LOG
      // drops, so a write costs O(1) rather than a shift of the whole log.
      this.head = this.log.length - EVENT_LOG;
      this.floor = this.log[this.head - 1]!.rv;
      if (this.head >= EVENT_LOG) {
        this.log.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  /** Tells listeners the staged events, in order, before anything newer. */
  private flush(): void {
    while (this.pending.length > 0) {
      const e = this.pending.shift()!;
      for (const l of this.listeners) l(e);
    }
  }

  private key(type: string, o: Obj): string {
    return `${this.id}/${type}/${namespaceOf(o)}/${nameOf(o)}`;
  }

  /** The events after `rv`, or undefined when they are no longer kept (a watch gets 410 Expired). */
  since(rv: number): WorldEvent[] | undefined {
    if (rv < this.floor) return undefined;
    let lo = this.head;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo);
  }

  get oldestReplayable(): number {
    return this.floor;
  }

  /** The change feed: every event from now on, in order, until the returned function is called. */
  subscribe(listener: (e: WorldEvent) => void): () => void {
    // Staged events go to those already listening: a new listener has read the world with them.
    this.flush();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every resource type that holds objects (for a namespace's deletion). */
  typesHeld(): string[] {
    return [...this.types.entries()].filter(([, t]) => t.objects.size > 0).map(([k]) => k);
  }
}
