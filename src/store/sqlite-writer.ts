// The SQLite store's writer: a worker thread with its own connection that commits batches of rows,
// one transaction and one fsync each, while the event loop goes on serving. Batches go one at a
// time: what is queued while one commits becomes the next (group commit that grows with the load).
// The main thread keeps its own connection for loading and for reading documents resting on disk.
import { createRequire } from "node:module";

/** One row: collection, key, groups (JSON array, or null: unknown), rests (0/1), value (null: delete). */
export type WriterRow = [collection: string, key: string, groups: string | null, rests: 0 | 1, value: string | null];

export type SqliteWriter = {
  /** Commits `rows` after every batch sent before; settles once they are durable. */
  commit(rows: readonly WriterRow[]): Promise<void>;
  /** Commits what was sent, closes the worker's connection, and returns once that is done. */
  closeSync(): void;
};

/** What a SQLite connection needs to commit batches of rows; the same in the writer thread and on the event loop. */
type Connection = {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction(fn: (rows: readonly WriterRow[]) => void): (rows: readonly WriterRow[]) => unknown;
};

/**
 * The statement that commits a batch, as one transaction. Self-contained (no outside names): its
 * source is also the writer thread's (WORKER_SOURCE), so the two connections write alike.
 */
export function batchCommitter(db: Connection): (rows: readonly WriterRow[]) => unknown {
  const upsert = db.prepare("INSERT INTO documents (collection, key, groups, rests, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET groups = excluded.groups, rests = excluded.rests, value = excluded.value");
  const remove = db.prepare("DELETE FROM documents WHERE collection = ? AND key = ?");
  return db.transaction((rows: readonly WriterRow[]) => {
    for (const r of rows) {
      if (r[4] === null) remove.run(r[0], r[1]);
      else upsert.run(r[0], r[1], r[2], r[3], r[4]);
    }
  });
}

// CommonJS run by the worker (eval: it works the same from tsc's output and from the bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
const commitAll = (${batchCommitter.toString()})(db);
const closed = new Int32Array(workerData.closed);
parentPort.postMessage({ ready: true });
parentPort.on("message", (m) => {
  if (m.rows) {
    try {
      commitAll(m.rows);
      parentPort.postMessage({ id: m.id });
    } catch (err) {
      parentPort.postMessage({ id: m.id, error: String((err && err.stack) || err) });
      Atomics.store(closed, 0, 2);
      Atomics.notify(closed, 0);
    }
  }
  if (m.close) {
    db.close();
    Atomics.store(closed, 0, Atomics.load(closed, 0) === 2 ? 2 : 1);
    Atomics.notify(closed, 0);
    parentPort.close();
  }
});
`;

/** How long closing waits for the last commit before it gives up (a wedged disk). */
const CLOSE_TIMEOUT_MS = 60_000;

/** `ready`: called once the worker's connection is open and it takes commits. */
export function startSqliteWriter(file: string, nativeBinding: string | undefined, ready: () => void): SqliteWriter {
  const closed = new SharedArrayBuffer(4);
  const flag = new Int32Array(closed);
  const betterSqlite3 = createRequire(import.meta.url).resolve("better-sqlite3");
  // Loaded with the first writer: a short-lived process (a cold start) never needs worker_threads.
  const { Worker } = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
  // No flags of the parent's (`--input-type=module` would make this CommonJS source fail; loaders are not needed).
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, nativeBinding, betterSqlite3, closed } });
  // Idle, the worker does not keep the process alive (closeSync ends it); with commits in flight it
  // does, so a process whose only work left is a commit waits for it.
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
    worker.unref();
  };
  worker.on("message", (m: { id: number; error?: string; ready?: true }) => {
    if (m.ready) return ready();
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.error !== undefined) fail(new Error(`SQLite commit failed in the writer: ${m.error}`));
    else p?.resolve();
  });
  worker.on("error", (err) => fail(err));
  worker.on("exit", (code) => {
    if (pending.size > 0) fail(new Error(`the SQLite writer stopped (exit ${code}) with commits in flight`));
  });
  return {
    commit(rows) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      });
    },
    closeSync() {
      worker.postMessage({ close: true });
      // The worker handles messages in order: the batches sent before are committed first.
      if (Atomics.wait(flag, 0, 0, CLOSE_TIMEOUT_MS) === "timed-out") throw new Error("the SQLite writer did not close in time");
      const ok = Atomics.load(flag, 0) === 1;
      for (const p of pending.values()) {
        if (ok) p.resolve();
        else p.reject(failure ?? new Error("SQLite commit failed in the writer"));
      }
      pending.clear();
      if (!ok) throw failure ?? new Error("SQLite commit failed in the writer");
    },
  };
}
