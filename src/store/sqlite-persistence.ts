// Embedded default backend: one SQLite file in WAL mode, synchronous=FULL (each COMMIT is fsync'd).
//
// Group commit: the writes of every transaction made in the same event-loop turn (concurrent
// requests, a catch-up) are committed together, in one SQLite transaction and one fsync. Once the
// store is busy (WRITER_AFTER batches), a writer thread commits them (store/sqlite-writer.ts), so
// the event loop serves on while the disk works, and what is queued while a batch commits goes in
// the next; before that, batches commit on the event loop (a short-lived process, a cold start,
// never pays for the thread). The store applies a transaction in memory as soon as it is queued
// here, so what a request sees is never behind what it wrote; what it answers waits for
// `durable()`, so nothing is acknowledged that a crash or power cut could lose
// (server/front-door.ts, server/kube-door.ts).
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { batchCommitter, startSqliteWriter, type SqliteWriter, type WriterRow } from "./sqlite-writer.js";
import type { Collection, Persistence, StoredRow, StoredWrite } from "./store.js";

/** How many batches commit on the event loop before the writer thread starts. */
const WRITER_AFTER = 20;

/** `writerAfter`: batches committed on the event loop before the writer thread starts (0: at once); `onWriterReady`: for tests. */
export function openSqlitePersistence(dataDir: string, opts: { onFailure?: (err: unknown) => void; writerAfter?: number; onWriterReady?: () => void } = {}): Persistence {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "aksemu.db");
  const binding = nativeBinding();
  const db = new Database(file, binding);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`CREATE TABLE IF NOT EXISTS documents ${DOCUMENTS_COLUMNS}`);
  // A data dir of an older aksemu: its rows get the columns, empty (the store fills them in at load).
  const columns = new Set((db.prepare("PRAGMA table_info(documents)").all() as { name: string }[]).map((c) => c.name));
  if (!columns.has("groups")) db.exec("ALTER TABLE documents ADD COLUMN groups TEXT");
  if (!columns.has("rests")) db.exec("ALTER TABLE documents ADD COLUMN rests INTEGER NOT NULL DEFAULT 0");
  withRowids(db);
  // What a restart loads (keys and groups, not documents), in an index of its own: a rowid table
  // keeps a 2 KB document in its row, so a scan of the table read every document (10,000 clusters:
  // 1.63 s to the first 200 without this index, 1.26 s with it; each insert costs a little more).
  db.exec("CREATE INDEX IF NOT EXISTS documents_listing ON documents (collection, key, rests, groups)");
  const readOne = db.prepare("SELECT value FROM documents WHERE collection = ? AND key = ?").pluck();
  const commitHere = batchCommitter(db);
  // The writer thread, once started; it takes batches once ready (until then they commit here, so
  // the two connections never write at once).
  let writer: SqliteWriter | undefined;
  let writerReady = false;
  let batches = 0;
  const writerAfter = opts.writerAfter ?? WRITER_AFTER;
  const startWriter = () =>
    (writer = startSqliteWriter(file, binding.nativeBinding, () => {
      writerReady = true;
      opts.onWriterReady?.();
    }));
  if (writerAfter === 0) startWriter();

  // Rows queued (serialised when queued: a later change to an object is not this write), those
  // waiting for them to be durable, and what to call once they are; the batch being committed.
  let queued: WriterRow[] = [];
  let waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let committed: (() => void)[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let barrier: Promise<void> | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  /** Hands what is queued to the writer, unless a batch is being committed (then it goes next). */
  function flush(): void {
    scheduled = undefined;
    if (inFlight || queued.length === 0) return;
    const rows = lastWrites(queued);
    const waiting = waiters;
    const done = committed;
    queued = [];
    waiters = [];
    committed = [];
    barrier = undefined;
    if (!writerReady) {
      if (++batches === writerAfter) startWriter();
      try {
        commitHere(rows);
      } catch (err) {
        return failed(waiting, err);
      }
      for (const f of done) f();
      return waiting.forEach((w) => w.resolve());
    }
    inFlight = writer!.commit(rows).then(
      () => {
        inFlight = undefined;
        for (const f of done) f();
        waiting.forEach((w) => w.resolve());
        flush();
      },
      (err: unknown) => failed(waiting, err),
    );
  }

  function failed(waiting: readonly { reject: (err: unknown) => void }[], err: unknown): void {
    // Memory already holds these writes; the disk refused them. Nothing that depends on them is
    // answered (the waiters fail), and the emulator stops rather than serve state it cannot keep.
    waiting.forEach((w) => w.reject(err));
    (opts.onFailure ?? defaultFailure)(err);
  }

  return {
    *loadAll(): Iterable<StoredRow> {
      // Raw rows (arrays, not objects): a tenth of the time per row on a large store; from the
      // listing index alone. A row of an older aksemu (no groups) comes with its JSON, read after
      // the scan, for the store to work its groups out.
      const legacy: [Collection, string, number][] = [];
      const listed = db.prepare("SELECT collection, key, rests, groups FROM documents INDEXED BY documents_listing").raw().iterate() as Iterable<[Collection, string, number, string | null]>;
      for (const [collection, key, rests, groups] of listed) {
        if (groups === null) legacy.push([collection, key, rests]);
        else yield { collection, key, rests: rests === 1, groups: JSON.parse(groups) as string[] };
      }
      for (const [collection, key, rests] of legacy) yield { collection, key, rests: rests === 1, groups: undefined, json: readOne.get(collection, key) as string };
    },
    read(collection, key) {
      return (readOne.get(collection, key) as string | undefined) ?? undefined;
    },
    commit(writes: readonly StoredWrite[], onCommitted?: () => void) {
      if (closed) throw new Error("the store is closed");
      // Serialised before anything is queued: a value JSON cannot hold refuses the whole transaction.
      const rows = writes.map((w): WriterRow => [w.collection, w.key, w.groups ? JSON.stringify(w.groups) : null, w.rests ? 1 : 0, w.value === undefined ? null : serialised(w.value)]);
      for (const r of rows) queued.push(r);
      if (onCommitted) committed.push(onCommitted);
      scheduled ??= setImmediate(flush);
    },
    durable() {
      // What is queued commits after the batch in flight: its barrier covers both.
      if (queued.length === 0) return inFlight;
      barrier ??= new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      return barrier;
    },
    close() {
      if (closed) return;
      closed = true;
      if (scheduled) clearImmediate(scheduled);
      // The batch in flight, then what is queued, committed before this returns.
      const rows = lastWrites(queued);
      queued = [];
      if (writer && writerReady) {
        if (rows.length > 0) writer.commit(rows).catch(() => {}); // closeSync reports a failure itself
        writer.closeSync();
      } else {
        if (rows.length > 0) commitHere(rows);
        writer?.closeSync(); // started, not yet ready: it has written nothing
      }
      for (const f of committed) f();
      waiters.forEach((w) => w.resolve());
      db.close();
    },
  };
}

// A document's key, its groups (JSON array) and whether it rests on disk, then its value. A rowid
// table, not WITHOUT ROWID: documents are 1 to 3 KB, past the 1/20 of a page SQLite advises for
// WITHOUT ROWID, and a batch of them (the writer's group commit) took 2.2 times as long to insert
// there. A restart reads the columns before the value from their own index (documents_listing).
const DOCUMENTS_COLUMNS = "(collection TEXT NOT NULL, key TEXT NOT NULL, groups TEXT, rests INTEGER NOT NULL DEFAULT 0, value TEXT NOT NULL, PRIMARY KEY (collection, key))";

/** A data dir of an earlier aksemu keeps its documents in a WITHOUT ROWID table: copied into a rowid one, once, in one transaction. */
function withRowids(db: Database.Database): void {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'").pluck().get() as string | undefined;
  if (!sql || !/WITHOUT\s+ROWID/i.test(sql)) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE documents_rowid ${DOCUMENTS_COLUMNS}`);
    db.exec("INSERT INTO documents_rowid (collection, key, groups, rests, value) SELECT collection, key, groups, rests, value FROM documents");
    db.exec("DROP TABLE documents");
    db.exec("ALTER TABLE documents_rowid RENAME TO documents");
  })();
}

/**
 * Each document's last write of the turn only: one COMMIT makes them all durable at once, so what a
 * key held in between is never on disk (concurrent LROs rewrite the clock, their operations and
 * clusters several times a turn). Deletes are writes like the others: the last one stands.
 */
function lastWrites(rows: readonly WriterRow[]): WriterRow[] {
  if (rows.length < 2) return rows as WriterRow[];
  const seen = new Map<string, Set<string>>();
  const out: WriterRow[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    let keys = seen.get(r[0]);
    if (!keys) seen.set(r[0], (keys = new Set()));
    if (keys.has(r[1])) continue;
    keys.add(r[1]);
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
