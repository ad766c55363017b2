// The store is dumb on purpose: keyed documents in a few collections, written in transactions.
// Rules live in the domain, so a second backend (PostgreSQL) cannot drift from the first.
//
// Reads are served from memory; the durable store reads a document from disk the first time it is
// asked for after a restart, and history (StoreOptions.restsOnDisk) each time. Every transaction is
// handed to the persistence backend before it is applied in memory, and answers wait for
// `durable()`, so nothing is acknowledged that a crash could lose.
/**
 * `events`: the activity log (engine/activity.ts), written by the engine in the transaction of the change that caused them.
 * `kube`: the clusters' Kubernetes objects (src/kube/world.ts), grouped by cluster.
 */
export type Collection = "resources" | "operations" | "meta" | "events" | "kube";

/** Reads that see a transaction's own pending writes. */
export type Reader = {
  get<T>(collection: Collection, key: string): T | undefined;
  /** `where`: only members whose key passes (history resting on disk is then read only for them). */
  group<T>(collection: Collection, group: string, where?: (key: string) => boolean): T[];
  /** How many documents `group` holds, without reading them: O(1) (in a transaction, after its first call per group). */
  count(collection: Collection, group: string): number;
};

export type Tx = Reader & {
  put(collection: Collection, key: string, value: unknown): void;
  delete(collection: Collection, key: string): void;
};

export type Write = { collection: Collection; key: string; value: unknown | undefined };

/** A write as the backend keeps it: with the groups it is listed under, and whether it may rest on disk only. */
export type StoredWrite = Write & { groups?: readonly string[]; rests?: boolean };

/**
 * A document as loaded: its key, whether it rests on disk, and its groups when recorded (rows of an
 * older aksemu have none: then its JSON comes with it, to work them out).
 */
export type StoredRow = { collection: Collection; key: string; rests: boolean; groups: readonly string[] | undefined; json?: string };

/** Where committed writes go; `undefined` value means delete. */
export type Persistence = {
  /** Every document's key and groups, without its JSON (read on demand). */
  loadAll(): Iterable<StoredRow>;
  /** One document's JSON as committed. */
  read(collection: Collection, key: string): string | undefined;
  /**
   * Takes a transaction's writes; they are durable once `durable()` has settled (at once, without
   * it). `committed` is called as soon as they are on disk, before anyone waiting is told.
   */
  commit(writes: readonly StoredWrite[], committed?: () => void): void;
  /** What settles when every write taken so far is durable; undefined when they already are. */
  durable?(): Promise<void> | undefined;
  /** Makes what was taken durable, then closes. */
  close(): void;
};

export type Store = {
  get<T>(collection: Collection, key: string): T | undefined;
  values<T>(collection: Collection): IterableIterator<T>;
  /** Committed keys of a collection, without reading the documents (some may rest on disk). */
  keys(collection: Collection): IterableIterator<string>;
  /** Committed documents of a collection with their keys (a snapshot, a reset). */
  entries(collection: Collection): IterableIterator<[string, unknown]>;
  /** Committed documents whose group (see StoreOptions.groupOf) is `group`. */
  /** `where`: only members whose key passes (history resting on disk is then read only for them). */
  group<T>(collection: Collection, group: string, where?: (key: string) => boolean): T[];
  /** The keys of the committed documents of `group`, without reading them (some may be on disk). */
  groupKeys(collection: Collection, group: string): string[];
  /** How many committed documents `group` holds, in O(1). */
  count(collection: Collection, group: string): number;
  /** The groups that hold committed documents of `collection` (a deleted cluster's Kubernetes world is found and pruned by this). */
  groupNames(collection: Collection): string[];
  transaction<T>(fn: (tx: Tx) => T): T;
  /**
   * Replaces every committed document with `docs`, exactly as given (no new etags), except those
   * `keep` says stay: one transaction, durable like any other (a reset, a snapshot restored).
   */
  replace(docs: Iterable<{ collection: Collection; key: string; value: unknown }>, keep?: (collection: Collection, key: string, value: unknown) => boolean): void;
  /** Whether a transaction is running (a write now would be nested in it). */
  inTransaction(): boolean;
  /** Counts committed transactions that wrote something: equal revisions mean equal contents. */
  revision(): number;
  /**
   * What settles once every transaction so far is durable (the backend commits a turn's
   * transactions together); undefined when they already are. An answer that shows or acknowledges
   * what a transaction wrote waits for it.
   */
  durable(): Promise<void> | undefined;
  close(): void;
};

export const COLLECTIONS: readonly Collection[] = ["resources", "operations", "meta", "events", "kube"];

export type StoreOptions = {
  /**
   * Maps a document to the group(s) it is listed under (its parent; also, for resources, its
   * subscription's list of that type), so a list costs O(its members), not O(the store).
   */
  groupOf?: Partial<Record<Collection, (key: string, value: unknown) => string | readonly string[] | undefined>>;
  /**
   * Documents of the "resources" collection get a fresh `eTag` on every put: etags are assigned
   * in one place, at the write, so no caller can forget or reuse one.
   */
  newEtag?: () => string;
  /**
   * History that may rest on disk (activity events, ended operations): once durable, the store
   * keeps only such a document's key and groups in memory and reads it from disk when asked, so
   * memory and restarts grow with what is live, not with everything that ever happened.
   */
  restsOnDisk?: Partial<Record<Collection, (value: unknown) => boolean>>;
  /** How many of the most recent such documents stay in memory anyway (default 1024). */
  restingKept?: number;
};

/** A write made in a transaction, with the groups of its value (worked out once, at the put). */
type Pending = Write & { groups?: readonly string[] };

/**
 * A document on disk and not in memory: a restart loads only keys and groups, and reads a document
 * the first time it is asked for (then keeps it, unless it rests on disk: history is read each time).
 */
class OnDisk {
  constructor(
    readonly groups: readonly string[],
    readonly rests: boolean,
  ) {}
}

export function createStore(persistence: Persistence | null, opts: StoreOptions = {}): Store {
  const maps = new Map<Collection, Map<string, unknown>>(COLLECTIONS.map((c) => [c, new Map()]));
  const groups = new Map<Collection, Map<string, Set<string>>>(COLLECTIONS.map((c) => [c, new Map()]));
  const map = (c: Collection) => maps.get(c)!;
  const groupsOf = (c: Collection, key: string, value: unknown): readonly string[] => {
    if (value instanceof OnDisk) return value.groups;
    const groupOf = opts.groupOf?.[c];
    const g = groupOf && value !== undefined ? groupOf(key, value) : undefined;
    return g === undefined ? [] : typeof g === "string" ? [g] : g;
  };
  const index = (c: Collection, key: string, of: readonly string[], add: boolean) => {
    const byGroup = groups.get(c)!;
    for (const g of of) {
      if (add) {
        let set = byGroup.get(g);
        if (!set) byGroup.set(g, (set = new Set()));
        set.add(key);
      } else {
        const set = byGroup.get(g);
        set?.delete(key);
        if (set?.size === 0) byGroup.delete(g);
      }
    }
  };
  const sameGroups = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((g, i) => g === b[i]);
  /** `of`: the new value's groups, when the caller has them already. */
  const set = (c: Collection, key: string, value: unknown | undefined, of = groupsOf(c, key, value)) => {
    const old = map(c).get(key);
    const was = old === undefined ? [] : groupsOf(c, key, old);
    // A document rewritten in the groups it was in stays in them (no removal and re-add in a large group's set).
    const same = old !== undefined && value !== undefined && sameGroups(was, of);
    if (!same) index(c, key, was, false);
    if (value === undefined) map(c).delete(key);
    else {
      map(c).set(key, value);
      if (!same) index(c, key, of, true);
    }
  };
  /** A document as callers see it: one on disk is read here, and kept unless it rests there. */
  const read = (c: Collection, key: string): unknown => {
    const v = map(c).get(key);
    if (!(v instanceof OnDisk)) return v;
    const json = persistence!.read(c, key);
    if (json === undefined) throw new Error(`the store lost ${c} ${key}: it is indexed but not on disk`);
    const value: unknown = JSON.parse(json);
    if (!v.rests) map(c).set(key, value);
    return value;
  };
  const rests = (c: Collection, value: unknown) => value !== undefined && (opts.restsOnDisk?.[c]?.(value) ?? false);
  // History leaves memory once durable, the most recent `restingKept` documents last: an operation
  // that just ended is polled once more, an event just written is often read at once.
  const kept: StoredWrite[] = [];
  let keptHead = 0;
  const restingKept = opts.restingKept ?? 1024;
  const settle = (w: StoredWrite) => {
    kept.push(w);
    while (kept.length - keptHead > restingKept) {
      const old = kept[keptHead++]!;
      // Unless written again since: then memory holds a newer value than this write.
      if (map(old.collection).get(old.key) === old.value) map(old.collection).set(old.key, new OnDisk(old.groups!, true));
    }
    if (keptHead > 4096 && keptHead * 2 > kept.length) {
      kept.splice(0, keptHead);
      keptHead = 0;
    }
  };
  /** Hands writes to the backend with their groups; those that may rest on disk leave memory once durable. */
  const persist = (writes: readonly Pending[]) => {
    if (!persistence) return;
    const stored = writes.map((w): StoredWrite => ({ collection: w.collection, key: w.key, value: w.value, groups: w.groups ?? groupsOf(w.collection, w.key, w.value), rests: rests(w.collection, w.value) }));
    persistence.commit(stored, () => {
      for (const w of stored) if (w.rests) settle(w);
    });
  };
  // Loading: keys and groups only, each key once (the table's primary key), so no old value to
  // unindex, and nothing parsed (issue 12: a restart with 10,000 clusters under 2 s). Rows of an
  // older aksemu have no groups: those are parsed and written back with them, once.
  if (persistence) {
    // One string per group name, however many members share it.
    const names = new Map<string, string>();
    const legacy: Write[] = [];
    for (const row of persistence.loadAll()) {
      let value: unknown;
      if (row.groups === undefined) {
        value = JSON.parse(row.json!);
        legacy.push({ collection: row.collection, key: row.key, value });
      } else {
        value = new OnDisk(row.groups.map((g) => names.get(g) ?? (names.set(g, g), g)), row.rests);
      }
      map(row.collection).set(row.key, value);
      index(row.collection, row.key, groupsOf(row.collection, row.key, value), true);
    }
    if (legacy.length > 0) persist(legacy);
  }
  let inTransaction = false;
  let revision = 0;

  return {
    get: <T>(c: Collection, key: string) => read(c, key) as T | undefined,
    *values<T>(c: Collection): IterableIterator<T> {
      for (const key of map(c).keys()) yield read(c, key) as T;
    },
    keys: (c: Collection) => map(c).keys(),
    *entries(c: Collection): IterableIterator<[string, unknown]> {
      for (const key of map(c).keys()) yield [key, read(c, key)];
    },
    count: (c: Collection, g: string) => groups.get(c)!.get(g)?.size ?? 0,
    group<T>(c: Collection, g: string, where?: (key: string) => boolean): T[] {
      const out: T[] = [];
      for (const k of groups.get(c)!.get(g) ?? []) if (!where || where(k)) out.push(read(c, k) as T);
      return out;
    },
    groupNames: (c: Collection) => [...groups.get(c)!.keys()],
    groupKeys: (c: Collection, g: string) => [...(groups.get(c)!.get(g) ?? [])],
    transaction<T>(fn: (tx: Tx) => T): T {
      if (inTransaction) throw new Error("nested store transaction");
      inTransaction = true;
      try {
        // The transaction's writes by collection, then key (a key's last write stands).
        const pendingIn = new Map<Collection, Map<string, Pending>>(COLLECTIONS.map((c) => [c, new Map()]));
        // Which groups the transaction's own writes join, by collection, kept as they are made: a
        // group read inside a large catch-up costs O(its members), not O(pending writes).
        const joined = new Map<Collection, Map<string, Set<string>>>(COLLECTIONS.map((c) => [c, new Map()]));
        const joins = (c: Collection, key: string, of: readonly string[]) => {
          const byGroup = joined.get(c)!;
          for (const g of of) {
            let set = byGroup.get(g);
            if (!set) byGroup.set(g, (set = new Set()));
            set.add(key);
          }
        };
        // Groups counted in this transaction: their size change so far, kept as writes are made.
        const counted = new Map<Collection, Map<string, number>>();
        const member = (c: Collection, key: string, g: string): boolean => {
          const w = pendingIn.get(c)!.get(key);
          if (!w) return groups.get(c)!.get(g)?.has(key) ?? false;
          return w.value !== undefined && w.groups!.includes(g);
        };
        const write = (c: Collection, key: string, value: unknown, of: readonly string[]) => {
          const tracked = counted.get(c);
          if (tracked) for (const [g, delta] of tracked) {
            const was = member(c, key, g) ? 1 : 0;
            const is = value !== undefined && of.includes(g) ? 1 : 0;
            if (is !== was) tracked.set(g, delta + is - was);
          }
          pendingIn.get(c)!.set(key, { collection: c, key, value, groups: of });
        };
        const tx: Tx = {
          get<V>(c: Collection, key: string) {
            const w = pendingIn.get(c)!.get(key);
            return (w ? w.value : read(c, key)) as V | undefined;
          },
          put(c, key, value) {
            const stamped = c === "resources" && opts.newEtag && typeof value === "object" && value !== null ? { ...value, eTag: opts.newEtag() } : value;
            const of = groupsOf(c, key, stamped);
            write(c, key, stamped, of);
            joins(c, key, of);
          },
          delete(c, key) {
            write(c, key, undefined, []);
          },
          count(c, g) {
            let tracked = counted.get(c);
            if (!tracked) counted.set(c, (tracked = new Map()));
            let delta = tracked.get(g);
            if (delta === undefined) {
              // Once per group: what the writes made so far changed; later writes keep it up to date.
              const committed = groups.get(c)!.get(g);
              delta = 0;
              for (const w of pendingIn.get(c)!.values()) {
                const was = committed?.has(w.key) ? 1 : 0;
                const is = w.value !== undefined && w.groups!.includes(g) ? 1 : 0;
                delta += is - was;
              }
              tracked.set(g, delta);
            }
            return (groups.get(c)!.get(g)?.size ?? 0) + delta;
          },
          group<V>(c: Collection, g: string, where?: (key: string) => boolean): V[] {
            const committed = groups.get(c)!.get(g);
            const added = joined.get(c)!.get(g);
            const writes = pendingIn.get(c)!;
            const out: V[] = [];
            if (!added && writes.size === 0) {
              if (committed) for (const k of committed) if (!where || where(k)) out.push(read(c, k) as V);
              return out;
            }
            const keys = added ? new Set([...(committed ?? []), ...added]) : (committed ?? []);
            // A member stays when its current value (pending or committed) still belongs to the group.
            for (const k of keys) {
              if (where && !where(k)) continue;
              const w = writes.get(k);
              if (!w) {
                const v = read(c, k);
                if (v !== undefined) out.push(v as V);
                continue;
              }
              if (w.value === undefined || !w.groups!.includes(g)) continue;
              out.push(w.value as V);
            }
            return out;
          },
        };
        const result = fn(tx);
        const writes: Pending[] = [];
        for (const byKey of pendingIn.values()) for (const w of byKey.values()) writes.push(w);
        if (writes.length > 0) {
          persist(writes);
          for (const w of writes) set(w.collection, w.key, w.value, w.groups);
          revision++;
        }
        return result;
      } finally {
        inTransaction = false;
      }
    },
    replace(docs, keep) {
      if (inTransaction) throw new Error("store replace inside a transaction");
      const incoming = new Map<Collection, Map<string, unknown>>(COLLECTIONS.map((c) => [c, new Map()]));
      for (const d of docs) incoming.get(d.collection)!.set(d.key, d.value);
      const writes: Write[] = [];
      for (const c of COLLECTIONS) {
        const next = incoming.get(c)!;
        for (const key of map(c).keys()) if (!next.has(key) && !keep?.(c, key, read(c, key))) writes.push({ collection: c, key, value: undefined });
        for (const [key, value] of next) writes.push({ collection: c, key, value });
      }
      if (writes.length === 0) return;
      persist(writes);
      for (const w of writes) set(w.collection, w.key, w.value);
      revision++;
    },
    revision: () => revision,
    inTransaction: () => inTransaction,
    durable: () => persistence?.durable?.(),
    close() {
      persistence?.close();
    },
  };
}
