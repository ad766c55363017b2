// Shared pieces of `npm run bench`: child processes (emulator, bare server), raw HTTPS requests,
// a keep-alive load generator and percentiles. Nothing here asserts: benchmarks measure and report.
import { readdirSync, readFileSync } from "node:fs";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { Agent, request as httpsRequest } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { DEFAULT_IDENTITY } from "../src/config/config.js";

export const SUB = DEFAULT_IDENTITY.subscriptionId;
export const TENANT = DEFAULT_IDENTITY.tenantId;

export type Response = { status: number; headers: IncomingHttpHeaders; rawHeaders: string[]; body: Buffer };

export function httpRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; ca: string; agent?: Agent | false },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = opts.body;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const req = httpsRequest(url, { method: opts.method ?? "GET", headers, ca: opts.ca, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function fetchToken(origin: string, ca: string, agent?: Agent): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: DEFAULT_IDENTITY.clientId,
    client_secret: DEFAULT_IDENTITY.clientSecret,
    scope: "https://management.azure.com/.default",
  }).toString();
  const res = await httpRequest(`${origin}/${TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    ca,
    body: form,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    ...(agent ? { agent } : {}),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.body.toString()}`);
  return (JSON.parse(res.body.toString()) as { access_token: string }).access_token;
}

export type Child = { proc: ChildProcess; url: string; stdout: () => string; stderr: () => string; stop(): Promise<void> };

/**
 * Spawns a process and waits until its stdout matches `ready` (whose first group is the URL).
 * `onReady` is given the moment the line was seen (performance.now()).
 */
export function spawnChild(cmd: string, args: string[], opts: { ready: RegExp; timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Child & { readyAt: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let done = false;
    const timer = setTimeout(() => fail(new Error(`timed out waiting for ${cmd} ${args.join(" ")} to be ready\nstdout: ${out}\nstderr: ${err}`)), opts.timeoutMs ?? 20_000);
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    const stop = async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        const t = setTimeout(() => proc.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(t);
      }
    };
    function fail(e: Error) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      proc.kill("SIGKILL");
      reject(e);
    }
    proc.stdout!.setEncoding("utf8");
    proc.stderr!.setEncoding("utf8");
    proc.stdout!.on("data", (d: string) => {
      out += d;
      if (done) return;
      const m = opts.ready.exec(out);
      if (m) {
        done = true;
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, readyAt: performance.now(), stdout: () => out, stderr: () => err, stop });
      }
    });
    proc.stderr!.on("data", (d: string) => {
      err += d;
    });
    proc.once("exit", (code, signal) => fail(new Error(`${cmd} exited (${code ?? signal}) before it was ready\nstdout: ${out}\nstderr: ${err}`)));
    proc.once("error", (e) => fail(e));
  });
}

export const LISTENING = /aksemu is listening on (https:\/\/\S+)/;

export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p90: number; p99: number; max: number; statuses: Record<string, number>; latencies: Float64Array };

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Closed-loop load: `connections` loops, each with one request in flight at a time over a shared
 * keep-alive agent with that many sockets. Requests that start during the warm-up are not counted;
 * the measurement window is the `durationMs` that follows it.
 */
export async function runLoad(opts: { url: string; headers: Record<string, string>; ca: string; connections: number; warmupMs: number; durationMs: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections, ca: opts.ca });
  const u = new URL(opts.url);
  const reqOpts = { hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: "GET", headers: opts.headers, agent };
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const measureTo = measureFrom + opts.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const one = () =>
    new Promise<number>((resolve) => {
      const req = httpsRequest(reqOpts, (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      });
      req.on("error", () => resolve(0));
      req.end();
    });
  const loop = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= measureTo) return;
      const status = await one();
      const t1 = performance.now();
      if (t0 >= measureFrom && t1 <= measureTo) {
        latencies.push(t1 - t0);
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        if (status !== 200) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, loop));
  agent.destroy();
  return summarize(Float64Array.from(latencies), opts.durationMs / 1000, errors, statuses);
}

function summarize(latencies: Float64Array, seconds: number, errors: number, statuses: Record<string, number>): LoadResult {
  const sorted = latencies.sort();
  return {
    requests: sorted.length,
    errors,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    statuses,
    latencies: sorted,
  };
}

/** Several measurement rounds against one server, as if they were one longer window. */
export function mergeLoads(rounds: readonly LoadResult[]): LoadResult {
  const all = new Float64Array(rounds.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  const statuses: Record<string, number> = {};
  for (const r of rounds) {
    all.set(r.latencies, offset);
    offset += r.latencies.length;
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  }
  return summarize(all, rounds.reduce((n, r) => n + r.seconds, 0), rounds.reduce((n, r) => n + r.errors, 0), statuses);
}

/**
 * Self time of a V8 CPU profile (node --cpu-prof), grouped: `idle`, `gc`, `sqlite` (better-sqlite3
 * and the emulator's SQLite persistence module: statement execution, commit and its fsync) and
 * `other`, in milliseconds.
 */
export function profileShares(
  profile: CpuProfile,
  lastMs = Number.POSITIVE_INFINITY,
): Record<"idle" | "gc" | "sqlite" | "other", number> {
  const kind = new Map<number, "idle" | "gc" | "sqlite" | "other">();
  for (const n of profile.nodes) {
    const { functionName, url } = n.callFrame;
    kind.set(n.id, functionName === "(idle)" ? "idle" : functionName === "(garbage collector)" ? "gc" : /better-sqlite3|sqlite-persistence/.test(url) ? "sqlite" : "other");
  }
  const out = { idle: 0, gc: 0, sqlite: 0, other: 0 };
  const from = profile.endTime - lastMs * 1000; // profile times are in microseconds
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t >= from) out[kind.get(profile.samples[i]!) ?? "other"] += delta / 1000;
  }
  return out;
}

export const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Milliseconds per clock tick of /proc's CPU times (CLK_TCK, 100 on Linux unless told otherwise). */
const MS_PER_TICK = 1000 / (Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100);

/**
 * CPU time (user and system) a process has used, in ms: its main thread (the event loop) and all its
 * threads (GC helpers, the SQLite writer, libuv's pool). On a shared machine a rate moves with the
 * neighbours; CPU time per unit of work moves less, and the main thread's share of the wall time
 * tells a CPU-bound event loop from one that waits (for commits).
 */
export function processCpuMs(pid: number): { main: number; all: number } {
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]);
  };
  let all = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      all += ticks(readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8"));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return { main: ticks(readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8")) * MS_PER_TICK, all: all * MS_PER_TICK };
}

/** A process's resident memory (VmRSS), in MB. */
export const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** The `n` functions with the most self time over the profile's last `lastMs`, idle excluded. */
export function profileTop(profile: CpuProfile, lastMs: number, n: number): { name: string; ms: number; share: number }[] {
  const name = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/node_modules\//, "").replace(/^.*\/dist\//, "").replace(/^file:\/\//, "");
    name.set(node.id, `${functionName || "(anonymous)"}${where ? ` (${where}:${lineNumber + 1})` : ""}`);
  }
  const self = new Map<string, number>();
  const from = profile.endTime - lastMs * 1000;
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from) continue;
    const key = name.get(profile.samples[i]!) ?? "?";
    if (key.startsWith("(idle)")) continue;
    total += delta / 1000;
    self.set(key, (self.get(key) ?? 0) + delta / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => ({ name: k, ms, share: ms / total }));
}

/** Self time (ms) of the functions `match` selects over the profile's last `lastMs`, and the busy (non-idle) total. */
export function profileSelf(profile: CpuProfile, lastMs: number, match: (functionName: string, url: string) => boolean): { ms: number; busyMs: number } {
  const hit = new Map<number, boolean>();
  const idle = new Set<number>();
  for (const node of profile.nodes) {
    hit.set(node.id, match(node.callFrame.functionName, node.callFrame.url));
    if (node.callFrame.functionName === "(idle)") idle.add(node.id);
  }
  const from = profile.endTime - lastMs * 1000;
  let t = profile.startTime;
  let ms = 0;
  let busyMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from || idle.has(profile.samples[i]!)) continue;
    busyMs += delta / 1000;
    if (hit.get(profile.samples[i]!)) ms += delta / 1000;
  }
  return { ms, busyMs };
}
