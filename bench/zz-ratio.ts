import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, clusterUrl, NODE, ROOT, startEmulator, waitSucceeded } from "./emulator.js";
import { SUB, spawnChild } from "./lib.js";
import { runWrk } from "./wrk.js";
const scratch = mkdtempSync(join(tmpdir(), "aksemu-gr-"));
const tlsDir = join(scratch, "tls");
const emu = await startEmulator(["--in-memory", "--clock", "instant"], tlsDir);
await call(emu, "PUT", `/subscriptions/${SUB}/resourceGroups/bench?api-version=2021-04-01`, { location: "eastus" });
const put = await call(emu, "PUT", clusterUrl("bench", "getbench"), { location: "eastus", tags: { env: "bench" }, properties: { agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }] } });
await waitSucceeded(emu, String(put.headers["azure-asyncoperation"]));
const got = await call(emu, "GET", clusterUrl("bench", "getbench"));
const pairs: [string, string][] = [];
for (let i = 0; i < got.rawHeaders.length; i += 2) pairs.push([got.rawHeaders[i]!, got.rawHeaders[i + 1]!]);
writeFileSync(join(scratch, "r.json"), JSON.stringify({ status: 200, headers: pairs, body: got.body.toString("base64") }));
const bare = await spawnChild(NODE, [join(ROOT, "bench", "bare-server.mjs"), join(tlsDir, "server.crt"), join(tlsDir, "server.key"), join(scratch, "r.json")], { ready: /listening on (https:\/\/\S+)/ });
const headers = { authorization: `Bearer ${await emu.token()}`, accept: "application/json" };
const path = clusterUrl(process.argv[2] ?? "bench", "getbench");
let e = 0, b = 0;
for (let i = 0; i < 3; i++) {
  const re = await runWrk({ url: `${emu.url}${path}`, headers, connections: 32, warmupMs: 1000, durationMs: 3000 });
  const rb = await runWrk({ url: `${bare.url}${path}`, headers, connections: 32, warmupMs: 1000, durationMs: 3000 });
  console.log(`emu ${Math.round(re.rps)} p99 ${re.p99.toFixed(2)} | bare ${Math.round(rb.rps)} p99 ${rb.p99.toFixed(2)}`);
  e += re.rps; b += rb.rps;
}
console.log("ratio", (e / b).toFixed(2));
emu.agent.destroy(); await emu.stop(); await bare.stop();
