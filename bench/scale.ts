// Issue 12's scale goals: 10,000 clusters of 10 nodes (100,000 nodes) created over HTTPS on the
// durable store with the instant clock; the subscription's cluster list read page by page (ARM's
// page size, following nextLink); a restart on that data dir (spawn to the first authenticated 200,
// then the first page); the emulator's resident memory while running and once restarted, per cluster.
// Usage inside `npm run bench`; alone: node --import tsx bench/scale.ts <clusters> [keep-dir]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API, call, clusterUrl, startEmulator, unlimitedQuota, waitSucceeded, type Emu } from "./emulator.js";
import { SUB, mean, percentile, rssMb, sleep } from "./lib.js";

const IN_FLIGHT = 32;
const NODES = 10;
export const SCALE_GOALS = { restartMs: 2_000, pageMs: 20, clustersInTwoGiB: 100_000 };

/** What SCALE_GOALS' 100,000 clusters would hold, in GiB: the empty emulator plus the per-cluster figure. */
export const projectedGiB = (s: Pick<ScaleBench, "rssEmptyMb" | "kbPerCluster">): number => (s.rssEmptyMb + (s.kbPerCluster * SCALE_GOALS.clustersInTwoGiB) / 1024) / 1024;

export type ScaleBench = {
  clusters: number;
  nodes: number;
  createSeconds: number;
  rssEmptyMb: number;
  rssRunningMb: number;
  pages: number;
  pageMs: { mean: number; p50: number; p99: number; max: number };
  /** `rssMb`: at rest after the restart (keys and groups only); `rssReadMb`: once every cluster was read through the list. */
  restart: { first200Ms: number; firstPageMs: number; rssMb: number; rssReadMb: number };
  kbPerCluster: number;
};

const listUrl = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=${API}`;

/** Resident memory once the process has been idle a moment (V8 collects garbage when idle). */
async function settledRss(emu: Emu): Promise<number> {
  await sleep(1500);
  return rssMb(emu.proc.pid!);
}

async function createClusters(emu: Emu, clusters: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < clusters; i = next++) {
        const put = await call(emu, "PUT", clusterUrl(`scale${i % 100}`, `c${i}`), { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: NODES, mode: "System" }] } });
        if (put.status !== 201) throw new Error(`PUT: ${put.status} ${put.body.toString().slice(0, 300)}`);
        await waitSucceeded(emu, String(put.headers["azure-asyncoperation"]));
      }
    }),
  );
}

/** Every page of the subscription's cluster list, each timed from request to its last byte. */
async function readPages(emu: Emu): Promise<{ ms: number[]; clusters: number }> {
  const ms: number[] = [];
  let clusters = 0;
  for (let url: string | undefined = listUrl; url; ) {
    const t = performance.now();
    const res = await call(emu, "GET", url);
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    const body = JSON.parse(res.body.toString()) as { value: unknown[]; nextLink?: string };
    clusters += body.value.length;
    url = body.nextLink ? body.nextLink.replace(/^https:\/\/[^/]+/, "") : undefined;
  }
  return { ms, clusters };
}

export async function scaleBench(tlsDir: string, scratch: string, clusters: number, log: (msg: string) => void): Promise<ScaleBench> {
  const dataDir = join(scratch, "scale-data");
  log(`scale: ${clusters} clusters of ${NODES} nodes`);
  const emu = await startEmulator(["--clock", "instant", "--data-dir", dataDir], tlsDir);
  let running: Omit<ScaleBench, "restart" | "kbPerCluster">;
  try {
    for (let g = 0; g < 100; g++) await call(emu, "PUT", `/subscriptions/${SUB}/resourceGroups/scale${g}?api-version=2021-04-01`, { location: "eastus" });
    await unlimitedQuota(emu);
    const rssEmptyMb = await settledRss(emu);
    const t0 = performance.now();
    await createClusters(emu, clusters);
    const createSeconds = (performance.now() - t0) / 1000;
    const rssRunningMb = await settledRss(emu);
    log("scale: reading the list page by page");
    const pages = await readPages(emu);
    if (pages.clusters !== clusters) throw new Error(`the list holds ${pages.clusters} clusters, not ${clusters}`);
    const sorted = [...pages.ms].sort((a, b) => a - b);
    running = {
      clusters,
      nodes: clusters * NODES,
      createSeconds,
      rssEmptyMb,
      rssRunningMb,
      pages: pages.ms.length,
      pageMs: { mean: mean(pages.ms), p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! },
    };
  } finally {
    emu.agent.destroy();
    await emu.stop();
  }
  log("scale: restart on that data dir");
  const t = performance.now();
  const again = await startEmulator(["--clock", "instant", "--data-dir", dataDir], tlsDir);
  try {
    const first = await call(again, "GET", clusterUrl("scale0", "c0"));
    const first200Ms = performance.now() - t;
    if (first.status !== 200) throw new Error(`GET after restart: ${first.status}`);
    const tp = performance.now();
    const page = await call(again, "GET", listUrl);
    const firstPageMs = performance.now() - tp;
    if (page.status !== 200) throw new Error(`list after restart: ${page.status}`);
    const rssMb = await settledRss(again);
    // A restart reads a document when first asked for: every cluster read once (with its pools,
    // as the list renders them) is what serving them all costs.
    const read = await readPages(again);
    if (read.clusters !== clusters) throw new Error(`the list after the restart holds ${read.clusters} clusters, not ${clusters}`);
    const rssReadMb = await settledRss(again);
    return { ...running, restart: { first200Ms, firstPageMs, rssMb, rssReadMb }, kbPerCluster: ((rssReadMb - running.rssEmptyMb) * 1024) / clusters };
  } finally {
    again.agent.destroy();
    await again.stop();
  }
}

/** docs/benchmarks.md's section 6; `nodeKb`: a node of a loaded Kubernetes world (section 4). */
export function renderScale(s: ScaleBench, nodeKb: number, fmt: (n: number, d?: number) => string): string[] {
  const ms = (n: number) => `${fmt(n, 1)} ms`;
  const projected = projectedGiB(s);
  return [
    `## 6. Scale: ${s.clusters.toLocaleString("en")} clusters, ${s.nodes.toLocaleString("en")} nodes (issue 12)`,
    "",
    `Method: \`--clock instant --data-dir\` (SQLite, group commit); ${s.clusters} clusters of one ${NODES}-node system pool in 100 resource groups, created over HTTPS with ${IN_FLIGHT} in flight (create→Succeeded each): ${fmt(s.createSeconds, 1)} s. Then the subscription's list (\`GET /subscriptions/{id}/providers/Microsoft.ContainerService/managedClusters\`) read page by page through nextLink, each page timed request to last byte. Then the emulator is stopped and started again on the same data dir: spawn to the first authenticated 200 (a cluster GET; the bench's own token fetch included), then the list's first page. Resident memory (VmRSS) after 1.5 s idle.`,
    "",
    "| measure | value | goal | verdict |",
    "| --- | ---: | --- | --- |",
    `| list page (${s.pages} pages of 100), mean / p50 / p99 / max | ${ms(s.pageMs.mean)} / ${ms(s.pageMs.p50)} / ${ms(s.pageMs.p99)} / ${ms(s.pageMs.max)} | < ${SCALE_GOALS.pageMs} ms | ${s.pageMs.p99 < SCALE_GOALS.pageMs ? "met" : "**missed**"} |`,
    `| restart to first 200 | ${ms(s.restart.first200Ms)} | < ${SCALE_GOALS.restartMs} ms | ${s.restart.first200Ms < SCALE_GOALS.restartMs ? "met" : "**missed**"} |`,
    `| first list page after the restart | ${ms(s.restart.firstPageMs)} | — | — |`,
    `| RSS: empty emulator / with the clusters, running / after the restart / after the restart, every cluster read | ${fmt(s.rssEmptyMb, 0)} / ${fmt(s.rssRunningMb, 0)} / ${fmt(s.restart.rssMb, 0)} / ${fmt(s.restart.rssReadMb, 0)} MB | — | — |`,
    `| memory per cluster (after the restart with every cluster read, less the empty emulator) / in the process that created them | ${fmt(s.kbPerCluster, 1)} / ${fmt(((s.rssRunningMb - s.rssEmptyMb) * 1024) / s.clusters, 1)} KB | — | — |`,
    `| memory per node: in the ARM plane / in a loaded Kubernetes world (section 4) | 0 / ${fmt(nodeKb, 1)} KB | — | — |`,
    `| ${SCALE_GOALS.clustersInTwoGiB.toLocaleString("en")} clusters, projected from the per-cluster figure | ${fmt(projected, 2)} GiB | < 2 GiB | ${projected < 2 ? "met (projected)" : "**missed** (projected)"} |`,
    "",
    `How memory is held: the durable store keeps what is live. A restart loads each document's key and groups only (recorded with it) and reads a document from disk the first time it is asked for, then keeps it; activity events and ended operations rest on disk once durable and are read when asked for (src/store/store.ts). So a restarted emulator holds the clusters it serves (the projection above: every cluster read once, with its pools), not their scale sets, load balancers and history until asked; the process that created the clusters still holds every resource it wrote (the second per-cluster figure: ${fmt(((s.rssRunningMb - s.rssEmptyMb) * 1024) / s.clusters * SCALE_GOALS.clustersInTwoGiB / 1024 / 1024, 2)} GiB for ${SCALE_GOALS.clustersInTwoGiB.toLocaleString("en")} clusters).`,
    "",
    "A node costs nothing in the ARM plane: it is a count in its pool and scale set records, not a document. It costs memory only once its cluster's Kubernetes world is loaded (the first Kubernetes API call, a run command), with its Node object, kube-system pods and events.",
    "",
  ];
}

// Alone, a third argument keeps the data dir there (to profile a restart on it).
if (import.meta.url === `file://${process.argv[1]}`) {
  const keep = process.argv[3];
  const scratch = keep ?? mkdtempSync(join(tmpdir(), "aksemu-scale-"));
  try {
    const r = await scaleBench(join(scratch, "tls"), scratch, Number(process.argv[2] ?? 2000), (m) => process.stderr.write(`${m}\n`));
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  } finally {
    if (!keep) rmSync(scratch, { recursive: true, force: true });
  }
}
