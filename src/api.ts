// aksemu from test code: `import { startAksemu } from "aksemu"` starts the emulator in this process
// (HTTPS on a free port, in memory unless given a data dir, the manual clock unless told) and
// returns what a test needs: the endpoint and CA, options for @azure/identity's
// ClientSecretCredential, the environment `aksemu env` prints, the virtual clock, reset,
// snapshots, and stop. Every call goes through the emulator's own control API, as a client's would.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClockMode } from "./clock/clock.js";
import { loadConfig, type Config } from "./config/config.js";
import { controlClient } from "./cli/control-client.js";
import { environment, proxyEnvironment } from "./cli/environment.js";
import { createApp } from "./server/app.js";

export type AksemuOptions = {
  /** Virtual time: "manual" (default: moves only with clock.advance), "instant" or "realtime". */
  clock?: ClockMode;
  /** Realtime clock speed (virtual seconds per real second). */
  speed?: number;
  /** A data dir (SQLite, durable, snapshots as files); absent: in memory. */
  dataDir?: string;
  /** Where the CA and server certificate are kept (default: the data dir's, or ~/.aksemu/tls in memory). */
  tlsDir?: string;
  /** HTTPS port (default 0: any free one). */
  port?: number;
  /** Also listen as proxy mode's CONNECT proxy (on any free port): env gets HTTPS_PROXY and friends. */
  proxy?: boolean;
  /** Accept any api-version. */
  loose?: boolean;
  /** The emulator's log lines (engine errors, internal errors); default: dropped. */
  log?: (line: string) => void;
  /** "child": run it as its own process (the bundled bin, `aksemu start --json`), stopped with SIGTERM; default: in this process. */
  process?: "in-process" | "child";
};

export type Aksemu = {
  /** https://127.0.0.1:<port>: give it to the SDKs as `endpoint`, to azl, as AZURE_AUTHORITY_HOST. */
  endpoint: string;
  /** The CA certificate (PEM) and its file: pass `ca` to agents, or set NODE_EXTRA_CA_CERTS before a child starts. */
  ca: string;
  caPath: string;
  subscriptionId: string;
  /** Options for `new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost, disableInstanceDiscovery })`. */
  credential: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string; disableInstanceDiscovery: true };
  /** The variables `aksemu env` prints (with `proxy`: `aksemu env --proxy`), for child processes. */
  env: Record<string, string>;
  clock: { mode: ClockMode; now(): Promise<Date>; advance(by: string): Promise<Date> };
  /** Back to the first-start state: everything, or one subscription or resource group. */
  reset(scope?: { subscriptionId?: string; resourceGroup?: string }): Promise<void>;
  snapshot(name: string): Promise<void>;
  restore(name: string): Promise<void>;
  stop(): Promise<void>;
};

export async function startAksemu(options: AksemuOptions = {}): Promise<Aksemu> {
  const started = options.process === "child" ? await startChild(options) : await startHere(options);
  const { url, config, caPath, env, stop } = started;
  const ca = readFileSync(caPath, "utf8");
  const control = controlClient({ endpoint: url, ca, tenantId: config.tenantId, clientId: config.clientId, clientSecret: config.clientSecret });

  return {
    endpoint: url,
    ca,
    caPath,
    subscriptionId: config.subscriptionId,
    credential: { tenantId: config.tenantId, clientId: config.clientId, clientSecret: config.clientSecret, authorityHost: url, disableInstanceDiscovery: true },
    env,
    clock: {
      mode: config.clock,
      now: async () => new Date((await control("GET", "/_aksemu/clock")).now as string),
      advance: async (by) => new Date((await control("POST", "/_aksemu/clock/advance", { by })).now as string),
    },
    reset: async (scope = {}) => void (await control("POST", "/_aksemu/reset", scope)),
    snapshot: async (name) => void (await control("POST", "/_aksemu/snapshots", { name })),
    restore: async (name) => void (await control("POST", `/_aksemu/snapshots/${encodeURIComponent(name)}/restore`)),
    stop,
  };
}

type Started = { url: string; config: Config; caPath: string; env: Record<string, string>; stop: () => Promise<void> };

function configOf(options: AksemuOptions): Config {
  const overrides: Partial<Config> = {
    port: options.port ?? 0,
    host: "127.0.0.1",
    proxyPort: options.proxy ? 0 : null,
    clock: options.clock ?? "manual",
    inMemory: options.dataDir === undefined,
    loose: options.loose ?? false,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.tlsDir !== undefined ? { tlsDir: options.tlsDir } : {}),
  };
  // Defaults only: what the process's own AKSEMU_* variables say does not leak into a test's emulator.
  return loadConfig([], {}, overrides);
}

async function startHere(options: AksemuOptions): Promise<Started> {
  const config = configOf(options);
  const app = await createApp(config, { log: options.log ?? (() => {}) });
  const { url, port, proxyPort } = await app.listen();
  const caPath = join(config.tlsDir, "ca.crt");
  const env = options.proxy ? proxyEnvironment(config, caPath, port, proxyPort) : environment(config, caPath, port);
  return { url, config, caPath, env, stop: () => app.close() };
}

/** The bundled bin (dist/aksemu.cjs), found upwards from this module (dist/src/api.js, or src/api.ts under tsx). */
function bundledBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "dist", "aksemu.cjs");
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, "aksemu.cjs"))) return join(dir, "aksemu.cjs");
    dir = resolve(dir, "..");
  }
  throw new Error("aksemu: dist/aksemu.cjs is not built (npm run build)");
}

async function startChild(options: AksemuOptions): Promise<Started> {
  const config = configOf(options);
  const args = ["start", "--json", "--host", config.host, "--port", String(config.port), "--proxy-port", options.proxy ? "0" : "off", "--clock", config.clock, "--tls-dir", config.tlsDir, ...(config.inMemory ? ["--in-memory"] : ["--data-dir", config.dataDir]), ...(config.loose ? ["--loose"] : []), ...(options.speed !== undefined ? ["--speed", String(options.speed)] : [])];
  const child = spawn(process.execPath, [bundledBin(), ...args], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] ?? "" } });
  child.stderr.on("data", (c: Buffer) => options.log?.(c.toString().trimEnd()));
  const ready = await new Promise<{ endpoint: string; caPath: string; env: Record<string, string> }>((done, fail) => {
    let out = "";
    const onData = (c: Buffer) => {
      out += c.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      child.stdout.off("data", onData);
      done(JSON.parse(line) as { endpoint: string; caPath: string; env: Record<string, string> });
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => fail(new Error(`aksemu: the emulator exited (${code}) before it was ready`)));
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    url: ready.endpoint,
    config,
    caPath: ready.caPath,
    env: ready.env,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
