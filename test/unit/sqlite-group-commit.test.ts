// Group commit in the SQLite backend: the transactions of one event-loop turn reach the disk
// together at the end of the turn, `durable()` settles after that, and closing commits what is queued.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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

test("a turn's transactions are one commit; durable() settles once they are on disk (before the writer thread starts)", async () => {
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

test("writes queued while a batch commits on the writer thread go in the next; durable() covers the batch in flight; close commits both", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-gc-"));
  let ready!: () => void;
  const writerReady = new Promise<void>((resolve) => (ready = resolve));
  const p = openSqlitePersistence(dir, { writerAfter: 0, onWriterReady: () => ready() });
  await writerReady;
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  p.commit([{ collection: "meta", key: "a", value: {} }]);
  await turn(); // "a" is handed to the writer
  p.commit([{ collection: "meta", key: "b", value: {} }]);
  await p.durable!();
  assert.deepEqual(onDisk(dir), ["a", "b"]);
  p.commit([{ collection: "meta", key: "c", value: {} }]);
  await turn();
  // Nothing is queued now, but "c" may still be committing: durable() waits for it.
  await p.durable!();
  assert.deepEqual(onDisk(dir), ["a", "b", "c"]);
  let committed = 0;
  p.commit([{ collection: "meta", key: "d", value: {} }], () => committed++);
  await turn();
  p.commit([{ collection: "meta", key: "e", value: {} }], () => committed++);
  p.close();
  assert.deepEqual(onDisk(dir), ["a", "b", "c", "d", "e"]);
  await turn();
  assert.equal(committed, 2);
});

test("the writer thread starts once the store is busy; batches before it commit on the event loop, none is lost at the switch", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-gc-"));
  let started = false;
  const p = openSqlitePersistence(dir, { writerAfter: 3, onWriterReady: () => (started = true) });
  const keys: string[] = [];
  for (let i = 0; i < 40 && !started; i++) {
    const key = `k${String(i).padStart(2, "0")}`;
    keys.push(key);
    p.commit([{ collection: "meta", key, value: { i } }]);
    await p.durable!();
    assert.deepEqual(onDisk(dir), keys); // each acknowledged batch is on disk, on either connection
    if (i >= 3) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(started, "the writer thread started");
  p.commit([{ collection: "meta", key: "last", value: {} }]);
  await p.durable!();
  p.close();
  assert.deepEqual(onDisk(dir), [...keys, "last"].sort());
});

test("a process whose only work left is a commit on the writer thread waits for it (the idle thread does not keep it alive)", () => {
  const dir = mkdtempSync(join(tmpdir(), "aksemu-gc-"));
  const persistence = new URL("../../src/store/sqlite-persistence.ts", import.meta.url).href;
  const script = `
    import { openSqlitePersistence } from ${JSON.stringify(persistence)};
    // Alive until the writer is ready; then only the commit in flight keeps the process running.
    const alive = setTimeout(() => {}, 20000);
    const p = openSqlitePersistence(${JSON.stringify(dir)}, { writerAfter: 0, onWriterReady: () => {
      clearTimeout(alive);
      p.commit([{ collection: "meta", key: "last", value: {} }]);
      setImmediate(() => p.durable().then(() => console.log("durable")));
    } });
  `;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "durable");
  assert.deepEqual(onDisk(dir), ["last"]);
});
