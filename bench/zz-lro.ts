import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, clusterBody, clusterUrl, startEmulator, unlimitedQuota, waitSucceeded } from "./emulator.js";
import { SUB } from "./lib.js";
const scratch = mkdtempSync(join(tmpdir(), "aksemu-lro-"));
const prof = process.argv[3] === "prof" ? join(scratch, "prof") : undefined;
const args = process.argv[2] === "sql" ? ["--data-dir", join(scratch, "data")] : ["--in-memory"];
const emu = await startEmulator(["--clock", "instant", ...args], join(scratch, "tls"), prof);
await call(emu, "PUT", `/subscriptions/${SUB}/resourceGroups/lro?api-version=2021-04-01`, { location: "eastus" });
await unlimitedQuota(emu);
const end = performance.now() + 5000;
let done = 0;
await Promise.all(Array.from({ length: 32 }, async (_, c) => {
  for (let n = 0; performance.now() < end; n++) {
    const put = await call(emu, "PUT", clusterUrl("lro", `c${c}-${n}`), clusterBody(1));
    if (put.status !== 201) throw new Error(`PUT ${put.status} ${put.body.toString().slice(0, 300)}`);
    await waitSucceeded(emu, String(put.headers["azure-asyncoperation"]));
    done++;
  }
}));
console.log("LROs/s", (done / 5).toFixed(0));
emu.agent.destroy(); await emu.stop();
if (prof) {
  const p = JSON.parse(readFileSync(join(prof, readdirSync(prof)[0]!), "utf8"));
  const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>(), incl = new Map<string, number>(); let total = 0;
  const name = (n: any) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/.*\/(dist|node_modules)\//, "$1/")}:${n.callFrame.lineNumber}`;
  p.samples.forEach((id: number, i: number) => {
    const d = p.timeDeltas[i] ?? 0; total += d; const n = byId.get(id); self.set(name(n), (self.get(name(n)) ?? 0) + d);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) { const k = name(byId.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d); } }
  });
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / total * 100).toFixed(1).padStart(5)}% ${k}`).join("\n");
  console.log("SELF\n" + top(self, 40) + "\nINCLUSIVE\n" + top(incl, 70));
}
