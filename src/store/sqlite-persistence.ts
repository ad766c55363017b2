// Embedded default backend: one SQLite file in WAL mode. synchronous=FULL makes each commit
// durable (fsync) before the emulator answers, so even a power cut loses nothing acknowledged.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Collection, Persistence, Write } from "./store.js";

export function openSqlitePersistence(dataDir: string): Persistence {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, "aksemu.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID");
  const upsert = db.prepare("INSERT INTO documents (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value");
  const remove = db.prepare("DELETE FROM documents WHERE collection = ? AND key = ?");
  const commitAll = db.transaction((writes: readonly Write[]) => {
    for (const w of writes) {
      if (w.value === undefined) remove.run(w.collection, w.key);
      else upsert.run(w.collection, w.key, JSON.stringify(w.value));
    }
  });
  return {
    *loadAll() {
      const rows = db.prepare("SELECT collection, key, value FROM documents").iterate() as Iterable<{ collection: Collection; key: string; value: string }>;
      for (const row of rows) yield { collection: row.collection, key: row.key, value: JSON.parse(row.value) as unknown };
    },
    commit(writes) {
      commitAll(writes);
    },
    close() {
      db.close();
    },
  };
}
