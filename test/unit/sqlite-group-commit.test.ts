// Group commit in the SQLite backend: the transactions of one event-loop turn reach the disk
// together at the end of the turn, `durable()` settles after that, and closing commits what is queued.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openSqlitePersistence } from "../../src/store/sqlite-persistence.js";

const onDisk = (dir: string) => {
  const db = new Database(join(dir, "aksemu.db"), { readonly: true });
  try {
    return (db.prepare("SELECT key FROM documents ORDER BY key").all() as { key: string }[]).map((r) => r.key);
  } finally {
    db.close();
  }
};

test("a turn's transactions are one commit; durable() settles once they are on disk", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-gc-"));
  const p = openSqlitePersistence(dir);
  assert.equal(p.durable!(), undefined);
  p.commit([{ collection: "meta", key: "a", value: { n: 1 } }]);
  p.commit([{ collection: "meta", key: "b", value: { n: 2 } }, { collection: "meta", key: "a", value: undefined }]);
  const barrier = p.durable!();
  assert.ok(barrier);
  assert.equal(p.durable!(), barrier);
  assert.deepEqual(onDisk(dir), []);
  await barrier;
  assert.deepEqual(onDisk(dir), ["b"]);
  assert.equal(p.durable!(), undefined);
  p.commit([{ collection: "meta", key: "c", value: {} }]);
  p.close();
  assert.deepEqual(onDisk(dir), ["b", "c"]);
});

test("a value JSON cannot hold refuses its transaction when taken, and nothing of it is queued", () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-gc-"));
  const p = openSqlitePersistence(dir);
  assert.throws(() => p.commit([{ collection: "meta", key: "ok", value: {} }, { collection: "meta", key: "bad", value: (() => 1) as unknown }]), /must be JSON/);
  assert.throws(() => p.commit([{ collection: "meta", key: "big", value: { n: 1n } }]), TypeError);
  assert.equal(p.durable!(), undefined);
  p.close();
  assert.deepEqual(onDisk(dir), []);
});

test("a key written several times in one turn is on disk with its last write, per collection", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-gc-"));
  const p = openSqlitePersistence(dir);
  p.commit([{ collection: "meta", key: "clock", value: { now: 1 } }, { collection: "operations", key: "clock", value: { op: 1 } }]);
  p.commit([{ collection: "meta", key: "clock", value: { now: 2 } }, { collection: "meta", key: "gone", value: { x: 1 } }]);
  p.commit([{ collection: "meta", key: "gone", value: undefined }, { collection: "meta", key: "back", value: undefined }]);
  p.commit([{ collection: "meta", key: "back", value: { y: 1 } }, { collection: "meta", key: "clock", value: { now: 3 } }]);
  await p.durable!();
  p.close();
  const again = openSqlitePersistence(dir);
  const rows = [...again.loadAll()].map((r) => [r.collection, r.key, JSON.parse(r.json ?? again.read(r.collection, r.key)!) as unknown]).sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
  again.close();
  assert.deepEqual(rows, [
    ["meta", "back", { y: 1 }],
    ["meta", "clock", { now: 3 }],
    ["operations", "clock", { op: 1 }],
  ]);
});
