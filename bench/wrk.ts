// HTTP load from wrk (C; Debian's `wrk`), when it is installed: on 2 cores a Node client saturates
// before the server under test and flatters it (issue 12). wrk keeps `connections` requests in
// flight on one thread; its `done` hook (bench/wrk-report.lua) prints the figures as JSON.
import { spawn, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { processCpuMs, type LoadResult } from "./lib.js";

const REPORT = join(resolve(import.meta.dirname), "wrk-report.lua");

/** wrk's version line, or undefined when there is no wrk on the PATH. */
export function wrkVersion(): string | undefined {
  const r = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (r.error) return undefined;
  return `${r.stdout}${r.stderr}`.split("\n")[0]!.replace(/ Copyright.*$/, "").trim();
}

type WrkJson = { requests: number; durationUs: number; non2xx: number; errors: number; p50: number; p90: number; p99: number; max: number };

/** Runs wrk with `script` and the figures it prints as one JSON line after `marker`. */
function wrkJson<T>(script: string, marker: string, o: { target: string; headers: Record<string, string>; connections: number; seconds: number; scriptArgs?: string[] }): Promise<T> {
  const args = ["-t1", `-c${o.connections}`, `-d${o.seconds}s`, "--timeout", "10s", "-s", script, ...Object.entries(o.headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), o.target, ...(o.scriptArgs ? ["--", ...o.scriptArgs] : [])];
  return new Promise((done, fail) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(`${marker} `));
      if (code !== 0 || !line) return fail(new Error(`wrk exited ${code}: ${out.slice(0, 500)}`));
      done(JSON.parse(line.slice(marker.length + 1)) as T);
    });
  });
}

const wrkOnce = (url: string, headers: Record<string, string>, connections: number, seconds: number) => wrkJson<WrkJson>(REPORT, "WRK_JSON", { target: url, headers, connections, seconds });

/**
 * One round: a warm-up run whose figures are dropped, then the measured run. wrk gives percentiles,
 * not the samples, so the result has no `latencies` (merge rounds with mergeWrk, not mergeLoads).
 */
export async function runWrk(opts: { url: string; headers: Record<string, string>; connections: number; warmupMs: number; durationMs: number }): Promise<LoadResult> {
  await wrkOnce(opts.url, opts.headers, opts.connections, Math.max(1, Math.round(opts.warmupMs / 1000)));
  const r = await wrkOnce(opts.url, opts.headers, opts.connections, Math.max(1, Math.round(opts.durationMs / 1000)));
  const seconds = r.durationUs / 1e6;
  const ok = r.requests - r.non2xx;
  return { requests: r.requests, errors: r.non2xx + r.errors, seconds, rps: r.requests / seconds, p50: r.p50 / 1000, p90: r.p90 / 1000, p99: r.p99 / 1000, max: r.max / 1000, statuses: { "2xx": ok, ...(r.non2xx > 0 ? { other: r.non2xx } : {}) }, latencies: new Float64Array(0) };
}

/** Rounds of wrk as one: requests and time add up; percentiles are the request-weighted mean of the rounds', max the largest. */
export function mergeWrk(rounds: readonly LoadResult[]): LoadResult {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const weighted = (pick: (r: LoadResult) => number) => rounds.reduce((n, r) => n + pick(r) * r.requests, 0) / requests;
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return { requests, errors: rounds.reduce((n, r) => n + r.errors, 0), seconds, rps: requests / seconds, p50: weighted((r) => r.p50), p90: weighted((r) => r.p90), p99: weighted((r) => r.p99), max: Math.max(...rounds.map((r) => r.max)), statuses, latencies: new Float64Array(0) };
}

const LRO_SCRIPT = join(resolve(import.meta.dirname), "lro-wrk.lua");

/** `cpu`: the server's CPU per LRO over the measured run (its event loop, and its other threads), and how busy its event loop was. */
export type WrkLro = { succeeded: number; failed: number; polls: number; requests: number; seconds: number; rate: number; p50: number; p99: number; cpu?: { mainUsPerLro: number; otherUsPerLro: number; mainBusy: number } };

export async function wrkLroOnce(o: { origin: string; headers: Record<string, string>; connections: number; seconds: number; path: string; body: string; tag: string }): Promise<WrkLro> {
  type Printed = { requests: number; durationUs: number; succeeded: number; failed: number; polls: number; errors: number; p50: number; p99: number };
  const r = await wrkJson<Printed>(LRO_SCRIPT, "WRK_LRO_JSON", { target: o.origin, headers: o.headers, connections: o.connections, seconds: o.seconds, scriptArgs: [o.path, o.body, o.tag] });
  const seconds = r.durationUs / 1e6;
  return { succeeded: r.succeeded, failed: r.failed + r.errors, polls: r.polls, requests: r.requests, seconds, rate: r.succeeded / seconds, p50: r.p50 / 1000, p99: r.p99 / 1000 };
}

/**
 * create→Succeeded LROs with wrk as the client (bench/lro-wrk.lua): `connections` requests in
 * flight, each a PUT of a new cluster at `path` (`{name}` replaced) or a poll of an answered one.
 * A warm-up run, then the measured one; LROs/s counts the Succeeded polls of the measured run.
 */
export async function runWrkLro(o: { origin: string; headers: Record<string, string>; connections: number; warmupMs: number; durationMs: number; path: string; body: string; pid?: number }): Promise<WrkLro> {
  await wrkLroOnce({ ...o, seconds: Math.max(1, Math.round(o.warmupMs / 1000)), tag: "warm" });
  const before = o.pid !== undefined ? processCpuMs(o.pid) : undefined;
  const r = await wrkLroOnce({ ...o, seconds: Math.max(1, Math.round(o.durationMs / 1000)), tag: "run" });
  if (!before || r.succeeded === 0) return r;
  const after = processCpuMs(o.pid!);
  const main = after.main - before.main;
  return { ...r, cpu: { mainUsPerLro: (main * 1000) / r.succeeded, otherUsPerLro: ((after.all - before.all - main) * 1000) / r.succeeded, mainBusy: main / (r.seconds * 1000) } };
}
