// The emulator as the bench runs it: the compiled CLI in a child process, a keep-alive agent that
// trusts its CA, a bearer token fetched once (and again on a 401), and the calls every section makes.
import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { join, resolve } from "node:path";
import { fetchToken, httpRequest, LISTENING, spawnChild, SUB, type Child } from "./lib.js";

export const ROOT = resolve(import.meta.dirname, "..");
/** The bundled CLI, as `npm start` and the `aksemu` bin run it (scripts/bundle.mjs). */
export const CLI = join(ROOT, "dist", "aksemu.cjs");
/** The same code unbundled (tsc's output): a CPU profile of it names source files, which the bundle's one file cannot. */
export const UNBUNDLED_CLI = join(ROOT, "dist", "src", "cli", "aksemu.js");
export const NODE = process.execPath;
export const API = "2025-10-01";

export type Emu = Child & { ca: string; token: () => Promise<string>; refreshToken: () => Promise<string>; agent: Agent };

export async function startEmulator(args: string[], tlsDir: string, profileDir?: string): Promise<Emu> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every emulator child (when it shuts down); a
  // profiled emulator runs unbundled, so the profile's self time can be told apart by file.
  const dir = profileDir ?? (process.env["BENCH_CPU_PROF"] ? resolve(process.env["BENCH_CPU_PROF"]) : undefined);
  const prof = dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...(process.env["BENCH_CPU_PROF_INTERVAL"] ? [`--cpu-prof-interval=${process.env["BENCH_CPU_PROF_INTERVAL"]}`] : [])] : [];
  const child = await spawnChild(NODE, [...prof, dir ? UNBUNDLED_CLI : CLI, "start", "--port", "0", "--proxy-port", "0", "--tls-dir", tlsDir, ...args], { ready: LISTENING });
  const ca = readFileSync(join(tlsDir, "ca.crt"), "utf8");
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca });
  let token: Promise<string> | undefined;
  const refreshToken = () => (token = fetchToken(child.url, ca, agent));
  return { ...child, ca, agent, token: () => token ?? refreshToken(), refreshToken };
}

/** Thousands of clusters are far beyond a real subscription's vCPU quota and public IP limit: the LRO runs lift both first. */
export async function unlimitedQuota(emu: Emu): Promise<void> {
  const limits = { cores: 1_000_000_000, virtualMachines: 1_000_000_000, virtualMachineScaleSets: 1_000_000_000, standardDSv2Family: 1_000_000_000 };
  const res = await call(emu, "PUT", "/_aksemu/compute/quotas/eastus", { limits });
  if (res.status !== 200) throw new Error(`PUT quotas: ${res.status} ${res.body.toString().slice(0, 300)}`);
  // Each cluster's load balancer has a public IP: thousands are past Network's regional limit too.
  const ips = await call(emu, "PUT", "/_aksemu/network/limits/eastus", { limits: { PublicIPAddresses: 1_000_000_000 } });
  if (ips.status !== 200) throw new Error(`PUT network limits: ${ips.status} ${ips.body.toString().slice(0, 300)}`);
}

export async function call(emu: Emu, method: string, url: string, body?: unknown) {
  for (let attempt = 0; ; attempt++) {
    const token = await emu.token();
    const res = await httpRequest(url.startsWith("http") ? url : `${emu.url}${url}`, {
      method,
      ca: emu.ca,
      agent: emu.agent,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status === 401 && attempt < 3) {
      await emu.refreshToken();
      continue;
    }
    return res;
  }
}

export const clusterUrl = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}?api-version=${API}`;
export const clusterBody = (count: number) => ({ location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count, mode: "System" }] } });

export async function virtualNow(emu: Emu): Promise<number> {
  const res = await call(emu, "GET", "/_aksemu/clock");
  return Date.parse((JSON.parse(res.body.toString()) as { now: string }).now);
}

export async function waitSucceeded(emu: Emu, url: string): Promise<number> {
  for (let polls = 1; polls < 10_000; polls++) {
    const res = await call(emu, "GET", url);
    const status = (JSON.parse(res.body.toString()) as { status?: string }).status;
    if (status === "Succeeded") return polls;
    if (status !== "InProgress") throw new Error(`operation ended ${status}: ${res.body.toString()}`);
  }
  throw new Error(`operation never finished: ${url}`);
}
