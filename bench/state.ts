// Issue 13's state control at scale: 1,000 clusters (instant clock, durable SQLite store), then the
// time a snapshot save, a full reset and the restore of that snapshot take, as a client sees each
// (request to answer), and whether the restore brought every cluster back.
import { join } from "node:path";
import { call, clusterBody, clusterUrl, startEmulator, unlimitedQuota, waitSucceeded } from "./emulator.js";
import { SUB } from "./lib.js";

const CLUSTERS = 1_000;
const IN_FLIGHT = 32;

export type StateBench = { clusters: number; createMs: number; saveMs: number; snapshotBytes: number; resetMs: number; restoreMs: number; restoredClusters: number };

export async function stateBench(tlsDir: string, scratch: string, log: (msg: string) => void): Promise<StateBench> {
  log(`reset and restore with ${CLUSTERS} clusters`);
  const emu = await startEmulator(["--clock", "instant", "--data-dir", join(scratch, "state-data")], tlsDir);
  try {
    await call(emu, "PUT", `/subscriptions/${SUB}/resourceGroups/state?api-version=2021-04-01`, { location: "eastus" });
    await unlimitedQuota(emu);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < CLUSTERS; i = next++) {
          const put = await call(emu, "PUT", clusterUrl("state", `c${i}`), clusterBody(1));
          if (put.status !== 201) throw new Error(`PUT: ${put.status} ${put.body.toString().slice(0, 300)}`);
          await waitSucceeded(emu, String(put.headers["azure-asyncoperation"]));
        }
      }),
    );
    const createMs = performance.now() - t0;
    const timed = async (method: string, path: string, body?: unknown) => {
      const t = performance.now();
      const res = await call(emu, method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
      return { ms: performance.now() - t, json: JSON.parse(res.body.toString()) as Record<string, unknown> };
    };
    const save = await timed("POST", "/_aksemu/snapshots", { name: "thousand" });
    const reset = await timed("POST", "/_aksemu/reset", {});
    const restore = await timed("POST", "/_aksemu/snapshots/thousand/restore");
    const list = await call(emu, "GET", `/subscriptions/${SUB}/resourceGroups/state/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`);
    let restoredClusters = 0;
    for (let page = JSON.parse(list.body.toString()) as { value: unknown[]; nextLink?: string }; ; ) {
      restoredClusters += page.value.length;
      if (!page.nextLink) break;
      page = JSON.parse((await call(emu, "GET", page.nextLink)).body.toString()) as typeof page;
    }
    return { clusters: CLUSTERS, createMs, saveMs: save.ms, snapshotBytes: Number(save.json["bytes"]), resetMs: reset.ms, restoreMs: restore.ms, restoredClusters };
  } finally {
    emu.agent.destroy();
    await emu.stop();
  }
}

export function renderState(s: StateBench, fmt: (n: number, d?: number) => string): string[] {
  const ms = (n: number) => `${fmt(n, 0)} ms`;
  return [
    "## 5. Reset and snapshots at 1,000 clusters (issue 13)",
    "",
    `Method: \`--clock instant --data-dir\` (SQLite, group commit); ${s.clusters} clusters of one node created over HTTPS, ${IN_FLIGHT} in flight (${ms(s.createMs)}). Then, each timed from request to answer: \`POST /_aksemu/snapshots\` (every document, written to a file and fsync'd), \`POST /_aksemu/reset\` (one durable transaction deleting everything), \`POST /_aksemu/snapshots/{name}/restore\` (one durable transaction writing it all back, the engine and the clusters' worlds reloaded).`,
    "",
    "| step | time |",
    "| --- | ---: |",
    `| save a snapshot (${fmt(s.snapshotBytes / 2 ** 20, 1)} MiB) | ${ms(s.saveMs)} |`,
    `| reset everything | ${ms(s.resetMs)} |`,
    `| restore the snapshot | ${ms(s.restoreMs)} |`,
    "",
    `Clusters listed after the restore: ${s.restoredClusters} of ${s.clusters}.`,
    "",
  ];
}
