// The durable store keeps in memory what is live: a restart loads keys and groups only and reads a
// document the first time it is asked for; history (restsOnDisk) leaves memory once durable and is
// read from disk each time. Proved by changing rows behind the store's back: what it answers shows
// where it read from.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openSqlitePersistence } from "../../src/store/sqlite-persistence.js";
import { createStore, type StoreOptions } from "../../src/store/store.js";

type Doc = { n: number; live?: boolean; sub: string };
const options: StoreOptions = {
  groupOf: { meta: (_k, v) => (v as Doc).sub, events: (_k, v) => (v as Doc).sub },
  restsOnDisk: { events: () => true, meta: (v) => !(v as Doc).live },
  restingKept: 0,
};

/** Rewrites a stored document's value directly in the data dir's SQLite file. */
function tamper(dir: string, collection: string, key: string, value: Doc): void {
  const db = new Database(join(dir, "aksemu.db"));
  try {
    assert.equal(db.prepare("UPDATE documents SET value = ? WHERE collection = ? AND key = ?").run(JSON.stringify(value), collection, key).changes, 1);
  } finally {
    db.close();
  }
}

function withDir(fn: (dir: string) => Promise<void> | void) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "aksemu-ondisk-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test("history leaves memory once durable and is read from disk; live documents stay in memory", withDir(async (dir) => {
  const store = createStore(openSqlitePersistence(dir), options);
  store.transaction((tx) => {
    tx.put("events", "e1", { n: 1, sub: "s" });
    tx.put("meta", "ended", { n: 1, sub: "s" });
    tx.put("meta", "running", { n: 1, live: true, sub: "s" });
  });
  // Until durable, memory holds them (the disk may not yet).
  assert.deepEqual(store.get("events", "e1"), { n: 1, sub: "s" });
  await store.durable();
  tamper(dir, "events", "e1", { n: 2, sub: "s" });
  tamper(dir, "meta", "ended", { n: 2, sub: "s" });
  tamper(dir, "meta", "running", { n: 2, live: true, sub: "s" });
  assert.deepEqual(store.get("events", "e1"), { n: 2, sub: "s" });
  assert.deepEqual(store.get("meta", "ended"), { n: 2, sub: "s" });
  assert.deepEqual(store.get("meta", "running"), { n: 1, live: true, sub: "s" });
  // Groups and counts do not need the documents.
  assert.equal(store.count("meta", "s"), 2);
  assert.deepEqual(store.group<Doc>("meta", "s").map((d) => d.n).sort(), [1, 2]);
  assert.deepEqual(store.group<Doc>("events", "s", (k) => k !== "e1"), []);
  // A document written again while its earlier write was being committed keeps the newer value.
  store.transaction((tx) => tx.put("meta", "ended", { n: 3, sub: "s" }));
  const barrier = store.durable();
  store.transaction((tx) => tx.put("meta", "ended", { n: 4, live: true, sub: "s" }));
  await barrier;
  await store.durable();
  assert.deepEqual(store.get("meta", "ended"), { n: 4, live: true, sub: "s" });
  store.close();
}));

test("a restart loads keys and groups only: each document is read the first time it is asked for", withDir(async (dir) => {
  const first = createStore(openSqlitePersistence(dir), options);
  first.transaction((tx) => {
    tx.put("meta", "a", { n: 1, live: true, sub: "s" });
    tx.put("meta", "b", { n: 1, live: true, sub: "t" });
    tx.put("events", "e1", { n: 1, sub: "s" });
  });
  first.close();
  const second = createStore(openSqlitePersistence(dir), options);
  assert.equal(second.count("meta", "s"), 1);
  assert.equal(second.count("events", "s"), 1);
  assert.deepEqual([...second.keys("meta")].sort(), ["a", "b"]);
  tamper(dir, "meta", "a", { n: 2, live: true, sub: "s" });
  assert.deepEqual(second.get("meta", "a"), { n: 2, live: true, sub: "s" }); // read now, not at start
  tamper(dir, "meta", "a", { n: 3, live: true, sub: "s" });
  assert.deepEqual(second.get("meta", "a"), { n: 2, live: true, sub: "s" }); // and kept since
  // Moved to another group, then deleted: the index follows without the old value being read.
  second.transaction((tx) => tx.put("meta", "b", { n: 2, live: true, sub: "s" }));
  assert.deepEqual([second.count("meta", "s"), second.count("meta", "t")], [2, 0]);
  second.transaction((tx) => tx.delete("events", "e1"));
  assert.equal(second.count("events", "s"), 0);
  second.close();
  const third = createStore(openSqlitePersistence(dir), options);
  assert.deepEqual(third.group<Doc>("meta", "s").map((d) => d.n).sort(), [2, 3]);
  assert.equal(third.get("events", "e1"), undefined);
  third.close();
}));

test("rows written by an older aksemu (no groups recorded, a WITHOUT ROWID table) are indexed from their JSON, get their groups, move to a rowid table and get the listing index, once", withDir(async (dir) => {
  const db = new Database(join(dir, "aksemu.db"));
  db.exec("CREATE TABLE documents (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID");
  db.prepare("INSERT INTO documents VALUES (?, ?, ?)").run("events", "e1", JSON.stringify({ n: 1, sub: "s" }));
  db.prepare("INSERT INTO documents VALUES (?, ?, ?)").run("meta", "m", JSON.stringify({ n: 1, live: true, sub: "s" }));
  db.close();
  const store = createStore(openSqlitePersistence(dir), options);
  assert.deepEqual([store.count("events", "s"), store.count("meta", "s")], [1, 1]);
  await store.durable();
  store.close();
  const check = new Database(join(dir, "aksemu.db"), { readonly: true });
  try {
    assert.deepEqual(check.prepare("SELECT collection, key, groups, rests FROM documents ORDER BY collection").raw().all(), [
      ["events", "e1", '["s"]', 1],
      ["meta", "m", '["s"]', 0],
    ]);
    assert.doesNotMatch(check.prepare("SELECT sql FROM sqlite_master WHERE name = 'documents'").pluck().get() as string, /WITHOUT ROWID/i);
    assert.deepEqual(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'documents_rowid'").pluck().get(), 0);
    // A restart's load reads keys and groups from an index of their own, not the documents' rows.
    assert.match(JSON.stringify(check.prepare("EXPLAIN QUERY PLAN SELECT collection, key, rests, groups FROM documents").all()), /COVERING INDEX documents_listing/);
  } finally {
    check.close();
  }
}));

test("the most recent history stays in memory (restingKept), older history is read from disk", withDir(async (dir) => {
  const store = createStore(openSqlitePersistence(dir), { ...options, restingKept: 2 });
  for (const key of ["e1", "e2", "e3"]) {
    store.transaction((tx) => tx.put("events", key, { n: 1, sub: "s" }));
    await store.durable();
  }
  for (const key of ["e1", "e2", "e3"]) tamper(dir, "events", key, { n: 2, sub: "s" });
  assert.deepEqual(["e1", "e2", "e3"].map((k) => store.get<Doc>("events", k)!.n), [2, 1, 1]);
  store.close();
}));
