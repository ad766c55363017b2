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
import type { Collection, Persistence, StoredRow, StoredWrite } from "./store.js";

type Row = { collection: Collection; key: string; value: string | undefined; groups: string | null; rests: 0 | 1 };

export function openSqlitePersistence(dataDir: string, opts: { onFailure?: (err: unknown) => void } = {}): Persistence {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, "aksemu.db"), nativeBinding());
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  // A document's groups (JSON array) and whether it rests on disk come before its value: a load
  // that skips the value of a resting document then never reads its overflow pages.
  db.exec("CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, key TEXT NOT NULL, groups TEXT, rests INTEGER NOT NULL DEFAULT 0, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID");
  // A data dir of an older aksemu: its rows get the columns, empty (the store fills them in at load).
  const columns = new Set((db.prepare("PRAGMA table_info(documents)").all() as { name: string }[]).map((c) => c.name));
  if (!columns.has("groups")) db.exec("ALTER TABLE documents ADD COLUMN groups TEXT");
  if (!columns.has("rests")) db.exec("ALTER TABLE documents ADD COLUMN rests INTEGER NOT NULL DEFAULT 0");
  const upsert = db.prepare("INSERT INTO documents (collection, key, groups, rests, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET groups = excluded.groups, rests = excluded.rests, value = excluded.value");
  const remove = db.prepare("DELETE FROM documents WHERE collection = ? AND key = ?");
  const readOne = db.prepare("SELECT value FROM documents WHERE collection = ? AND key = ?").pluck();
  const commitAll = db.transaction((rows: readonly Row[]) => {
    for (const r of rows) {
      if (r.value === undefined) remove.run(r.collection, r.key);
      else upsert.run(r.collection, r.key, r.groups, r.rests, r.value);
    }
  });

  // Rows queued this turn (serialised when queued: a later change to an object is not this write),
  // and those waiting for them to be durable.
  let queued: Row[] = [];
  let waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let committed: (() => void)[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let barrier: Promise<void> | undefined;
  let closed = false;

  function flush(): void {
    scheduled = undefined;
    const rows = queued;
    const waiting = waiters;
    const done = committed;
    queued = [];
    waiters = [];
    committed = [];
    barrier = undefined;
    if (rows.length === 0) {
      for (const f of done) f();
      return waiting.forEach((w) => w.resolve());
    }
    try {
      commitAll(lastWrites(rows));
    } catch (err) {
      // Memory already holds these writes; the disk refused them. Nothing that depends on them is
      // answered (the waiters fail), and the emulator stops rather than serve state it cannot keep.
      waiting.forEach((w) => w.reject(err));
      (opts.onFailure ?? defaultFailure)(err);
      return;
    }
    for (const f of done) f();
    waiting.forEach((w) => w.resolve());
  }

  return {
    *loadAll(): Iterable<StoredRow> {
      // Raw rows (arrays, not objects): a tenth of the time per row on a large store. A row of an
      // older aksemu (no groups) comes with its JSON, for the store to work them out.
      const rows = db.prepare("SELECT collection, key, rests, groups, CASE WHEN groups IS NULL THEN value END FROM documents").raw().iterate() as Iterable<[Collection, string, number, string | null, string | null]>;
      for (const [collection, key, rests, groups, json] of rows) yield groups === null ? { collection, key, rests: rests === 1, groups: undefined, json: json! } : { collection, key, rests: rests === 1, groups: JSON.parse(groups) as string[] };
    },
    read(collection, key) {
      return (readOne.get(collection, key) as string | undefined) ?? undefined;
    },
    commit(writes: readonly StoredWrite[], onCommitted?: () => void) {
      if (closed) throw new Error("the store is closed");
      // Serialised before anything is queued: a value JSON cannot hold refuses the whole transaction.
      const rows = writes.map((w): Row => ({ collection: w.collection, key: w.key, value: w.value === undefined ? undefined : serialised(w.value), groups: w.groups ? JSON.stringify(w.groups) : null, rests: w.rests ? 1 : 0 }));
      for (const r of rows) queued.push(r);
      if (onCommitted) committed.push(onCommitted);
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
