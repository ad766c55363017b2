// The emulator as a child process for the kill -9 proofs: started from source
// (`node --import tsx src/cli/aksemu.ts start ...`) on a persistent data dir with the test suite's
// TLS dir (whose CA `npm test` trusts), killed with SIGKILL or stopped, and raw HTTPS clients with
// no keep-alive (a killed server must not leave half-dead pooled sockets behind). All waits are
// bounded by deadlines.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { httpsCall, type HttpResult } from "../../support/https.js";
import { CLIENT_ID, CLIENT_SECRET, SUB, TENANT, TLS_DIR } from "../../support/emulator.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const CLI = join(ROOT, "src", "cli", "aksemu.ts");
export const CA = readFileSync(join(TLS_DIR, "ca.crt"), "utf8");
export const AKS = "2025-10-01";
export const RG = "2021-04-01";
export const TERMINAL = new Set(["Succeeded", "Failed", "Canceled"]);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const rgPath = (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`;
export const mcPath = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const q = (path: string, v = AKS) => `${path}?api-version=${v}`;
/** The path and query of a URL the previous process handed out (its port is gone after a restart). */
export const relative = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
export const header = (res: HttpResult, name: string): string | undefined => {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};
export const show = (res: HttpResult) => `${res.status} ${res.text.slice(0, 400)}`;

export type Child = { proc: ChildProcess; url: string; log: () => string; exited: Promise<void> };

function childEnv(): NodeJS.ProcessEnv {
  // Flags decide; an AKSEMU_* variable of the caller's shell (AKSEMU_IN_MEMORY...) must not.
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AKSEMU_")));
}

/** `speed`: a realtime clock that fast; "manual": a manual clock. */
export function startChild(dataDir: string, clock: number | "manual"): Promise<Child> {
  const clockArgs = clock === "manual" ? ["--clock", "manual"] : ["--clock", "realtime", "--speed", String(clock)];
  const args = ["--import", "tsx", CLI, "start", "--data-dir", dataDir, "--port", "0", "--proxy-port", "0", ...clockArgs, "--tls-dir", TLS_DIR];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`emulator did not start within 30 s:\n${out}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString("utf8");
      const m = /aksemu is listening on (https:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ proc, url: m[1]!, log: () => out, exited });
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

export async function kill9(child: Child): Promise<void> {
  child.proc.kill("SIGKILL");
  await child.exited;
}

export async function stopChild(child: Child | undefined): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill("SIGTERM");
  const t = setTimeout(() => child.proc.kill("SIGKILL"), 5_000);
  await child.exited;
  clearTimeout(t);
}

function rawRequest(origin: string, method: string, target: string, body: string | undefined, headers: Record<string, string>): Promise<HttpResult> {
  const url = new URL(target.startsWith("http") ? target : `${origin}${target}`);
  return httpsCall({ url, method, ca: CA, ...(body !== undefined ? { body } : {}), headers, timeoutMs: 15_000, freshConnection: true });
}

export type Client = { origin: string; call(method: string, target: string, body?: unknown): Promise<HttpResult> };

/** A client of one child with a fresh token from its own token endpoint. */
export async function client(origin: string): Promise<Client> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "https://management.azure.com/.default" });
  const res = await rawRequest(origin, "POST", `/${TENANT}/oauth2/v2.0/token`, form.toString(), { "content-type": "application/x-www-form-urlencoded" });
  assert.equal(res.status, 200, `token: ${res.text}`);
  const token = res.json.access_token as string;
  return {
    origin,
    call(method, target, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      return rawRequest(origin, method, target.startsWith("http") ? relative(target) : target, body === undefined ? undefined : JSON.stringify(body), headers);
    },
  };
}
