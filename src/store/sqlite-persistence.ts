// Embedded default backend: one SQLite file in WAL mode, synchronous=FULL (each COMMIT is fsync'd).
//
// Group commit: the writes of every transaction made in the same event-loop turn (concurrent
// requests, a catch-up) are committed together at the end of the turn, in one SQLite transaction
// and one fsync. The store applies a transaction in memory as soon as it is queued here, so what a
// request sees is never behind what it wrote; what it answers waits for `durable()`, so nothing is
// acknowledged that a crash or power cut could lose (server/front-door.ts, server/kube-door.ts).
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Collection, Persistence, Write } from "./store.js";

type Row = { collection: Collection; key: string; value: string | undefined };

export function openSqlitePersistence(dataDir: string, opts: { onFailure?: (err: unknown) => void } = {}): Persistence {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, "aksemu.db"), nativeBinding());
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID");
  const upsert = db.prepare("INSERT INTO documents (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value");
  const remove = db.prepare("DELETE FROM documents WHERE collection = ? AND key = ?");
  const commitAll = db.transaction((rows: readonly Row[]) => {
    for (const r of rows) {
      if (r.value === undefined) remove.run(r.collection, r.key);
      else upsert.run(r.collection, r.key, r.value);
    }
  });

  // Rows queued this turn (serialised when queued: a later change to an object is not this write),
  // and those waiting for them to be durable.
  let queued: Row[] = [];
  let waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let barrier: Promise<void> | undefined;
  let closed = false;

  function flush(): void {
    scheduled = undefined;
    const rows = queued;
    const waiting = waiters;
    queued = [];
    waiters = [];
    barrier = undefined;
    if (rows.length === 0) return waiting.forEach((w) => w.resolve());
    try {
      commitAll(lastWrites(rows));
    } catch (err) {
      // Memory already holds these writes; the disk refused them. Nothing that depends on them is
      // answered (the waiters fail), and the emulator stops rather than serve state it cannot keep.
      waiting.forEach((w) => w.reject(err));
      (opts.onFailure ?? defaultFailure)(err);
      return;
    }
    waiting.forEach((w) => w.resolve());
  }

  return {
    *loadAll() {
      // Raw rows (arrays, not objects): a tenth of the time per row on a large store.
      const rows = db.prepare("SELECT collection, key, value FROM documents").raw().iterate() as Iterable<[Collection, string, string]>;
      for (const [collection, key, value] of rows) yield { collection, key, value: JSON.parse(value) as unknown };
    },
    commit(writes: readonly Write[]) {
      if (closed) throw new Error("the store is closed");
      // Serialised before anything is queued: a value JSON cannot hold refuses the whole transaction.
      const rows = writes.map((w): Row => ({ collection: w.collection, key: w.key, value: w.value === undefined ? undefined : serialised(w.value) }));
      for (const r of rows) queued.push(r);
      scheduled ??= setImmediate(flush);
    },
    durable() {
      if (queued.length === 0) return undefined;
      barrier ??= new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      return barrier;
    },
    close() {
      if (closed) return;
      if (scheduled) clearImmediate(scheduled);
      flush();
      closed = true;
      db.close();
    },
  };
}

/**
 * Each document's last write of the turn only: one COMMIT makes them all durable at once, so what a
 * key held in between is never on disk (concurrent LROs rewrite the clock, their operations and
 * clusters several times a turn). Deletes are writes like the others: the last one stands.
 */
function lastWrites(rows: readonly Row[]): Row[] {
  if (rows.length < 2) return rows as Row[];
  const seen = new Map<Collection, Set<string>>();
  const out: Row[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    let keys = seen.get(r.collection);
    if (!keys) seen.set(r.collection, (keys = new Set()));
    if (keys.has(r.key)) continue;
    keys.add(r.key);
    out.push(r);
  }
  return out;
}

/**
 * The addon named by its path: better-sqlite3 then skips `bindings`' search, which looks for its
 * caller's package from a stack trace, so the bin's bundle can carry better-sqlite3's own JavaScript
 * (and V8's code cache for it: 12 ms of a cold start loaded it file by file). Absent (another
 * install layout): better-sqlite3 finds it itself.
 */
function nativeBinding(): { nativeBinding?: string } {
  try {
    return { nativeBinding: createRequire(import.meta.url).resolve("better-sqlite3/build/Release/better_sqlite3.node") };
  } catch {
    return {};
  }
}

function serialised(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError("a stored document must be JSON");
  return text;
}

function defaultFailure(err: unknown): void {
  process.stderr.write(`aksemu: the store could not commit to disk, stopping: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(70);
}
