import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, clusterUrl, startEmulator, waitSucceeded } from "./emulator.js";
import { SUB } from "./lib.js";
import { runWrk } from "./wrk.js";
const scratch = mkdtempSync(join(tmpdir(), "aksemu-gp-"));
const prof = process.argv[2] === "prof" ? join(scratch, "prof") : undefined;
const emu = await startEmulator(["--in-memory", "--clock", "instant"], join(scratch, "tls"), prof);
await call(emu, "PUT", `/subscriptions/${SUB}/resourceGroups/bench?api-version=2021-04-01`, { location: "eastus" });
const put = await call(emu, "PUT", clusterUrl("bench", "getbench"), { location: "eastus", tags: { env: "bench" }, properties: { agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }] } });
await waitSucceeded(emu, String(put.headers["azure-asyncoperation"]));
const token = await emu.token();
const url = `${emu.url}${clusterUrl("bench", "getbench")}`;
{
  const r = await runWrk({ url: `${emu.url}/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration`, headers: { accept: "application/json" }, connections: 32, warmupMs: 1000, durationMs: 4000 });
  console.log("openid rps", Math.round(r.rps), "p50", r.p50.toFixed(2), "p99", r.p99.toFixed(2));
}
for (let i = 0; i < 2; i++) {
  const r = await runWrk({ url, headers: { authorization: `Bearer ${token}`, accept: "application/json" }, connections: 32, warmupMs: 1000, durationMs: 4000 });
  console.log("rps", Math.round(r.rps), "p50", r.p50.toFixed(2), "p99", r.p99.toFixed(2));
}
emu.agent.destroy();
await emu.stop();
if (prof) {
  const f = readdirSync(prof)[0]!;
  const p = JSON.parse(readFileSync(join(prof, f), "utf8"));
  // inclusive time per function (by callFrame), from samples
  const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt: number[] = p.timeDeltas;
  const self = new Map<string, number>(), incl = new Map<string, number>();
  const name = (n: any) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/.*\/(dist|node_modules)\//, "$1/")}:${n.callFrame.lineNumber}`;
  let total = 0;
  p.samples.forEach((id: number, i: number) => {
    const d = dt[i] ?? 0; total += d;
    let n = byId.get(id); self.set(name(n), (self.get(name(n)) ?? 0) + d);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) { const k = name(byId.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d); } }
  });
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${(v / total * 100).toFixed(1).padStart(5)}% ${k}`).join("\n");
  console.log("SELF\n" + top(self) + "\nINCLUSIVE\n" + top(incl));
}
