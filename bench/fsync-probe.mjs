// How many durable commits per second this disk allows: single-row transactions against a SQLite
// file configured as the emulator's store is (WAL, synchronous=FULL: one fsync per commit), and the
// same with synchronous=NORMAL (WAL without an fsync per commit) for comparison. Prints JSON.
// Usage: node bench/fsync-probe.mjs <scratch dir> <ms per mode>
import Database from "better-sqlite3";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const [scratch, msArg] = process.argv.slice(2);
if (!scratch) {
  process.stderr.write("usage: node bench/fsync-probe.mjs <scratch dir> [ms per mode]\n");
  process.exit(2);
}
const ms = Number(msArg ?? 1000);
mkdirSync(scratch, { recursive: true });

function probe(synchronous) {
  const file = join(scratch, `probe-${synchronous}.db`);
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.exec("CREATE TABLE documents (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID");
  const upsert = db.prepare("INSERT INTO documents (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value");
  const commit = db.transaction((i) => upsert.run("operations", `op-${i % 64}`, JSON.stringify({ i, pad: "x".repeat(1500) })));
  const end = performance.now() + ms;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() < end) commit(n++);
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return { commits: n, perSecond: n / seconds, msPerCommit: (seconds * 1000) / n };
}

process.stdout.write(`${JSON.stringify({ full: probe("FULL"), normal: probe("NORMAL") })}\n`);
