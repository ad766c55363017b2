// Starts a real emulator (HTTPS on 127.0.0.1, port 0) for a test, with helpers to talk to it as a
// client would: real tokens from its Entra ID endpoint, raw HTTPS requests, and the official SDKs.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClockMode } from "../../src/clock/clock.js";
import { DEFAULT_IDENTITY, loadConfig, type Config } from "../../src/config/config.js";
import { createApp, type App } from "../../src/server/app.js";
import { httpsCall, type HttpResult } from "./https.js";
import { pooledSigningKey } from "./signing-keys.js";

export type { HttpResult };

export const SUB = DEFAULT_IDENTITY.subscriptionId;
export const TENANT = DEFAULT_IDENTITY.tenantId;
export const CLIENT_ID = DEFAULT_IDENTITY.clientId;
export const CLIENT_SECRET = DEFAULT_IDENTITY.clientSecret;

export const TLS_DIR = process.env["AKSEMU_TEST_TLS_DIR"] ?? join(process.cwd(), "test", ".tls");


export type Emulator = {
  app: App;
  url: string;
  port: number;
  /** Proxy mode's port when the test asked for it (config.proxyPort: 0), else null. */
  proxyPort: number | null;
  ca: string;
  dataDir: string | undefined;
  /** A bearer token for the default principal, from the emulator's own token endpoint. */
  token(): Promise<string>;
  /** A raw HTTPS request; `path` may be absolute or start with "/". Adds the bearer token unless `auth: false`. */
  request(method: string, path: string, opts?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; auth?: boolean | string }): Promise<HttpResult>;
  /** Moves the manual clock forward by an ISO 8601 duration (through the control API). */
  advance(by: string): Promise<HttpResult>;
  createGroup(name: string, location?: string): Promise<void>;
  close(): Promise<void>;
};

export type EmulatorOptions = { clock?: ClockMode; speed?: number; dataDir?: string; persistent?: boolean; loose?: boolean; config?: Partial<Config> };

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const persistent = opts.persistent ?? opts.dataDir !== undefined;
  const dataDir = persistent ? (opts.dataDir ?? mkdtempSync(join(tmpdir(), "aksemu-test-"))) : undefined;
  const config = loadConfig([], {}, {
    host: "127.0.0.1",
    port: 0,
    // Proxy mode only where a test asks for it (config.proxyPort: 0), so parallel tests never share a port.
    proxyPort: null,
    clock: opts.clock ?? "manual",
    speed: opts.speed ?? 30,
    inMemory: !persistent,
    dataDir: dataDir ?? join(tmpdir(), "aksemu-unused"),
    tlsDir: TLS_DIR,
    loose: opts.loose ?? false,
    ...opts.config,
  });
  const signingKey = persistent ? undefined : await pooledSigningKey(TLS_DIR);
  const app = await createApp(config, { log: () => {}, ...(signingKey ? { signingKey } : {}) });
  const { url, port, proxyPort } = await app.listen();
  const ca = readFileSync(join(TLS_DIR, "ca.crt"), "utf8");
  let cached: string | undefined;

  const raw = (method: string, target: string, body: string | undefined, headers: Record<string, string>): Promise<HttpResult> =>
    httpsCall({ url: new URL(target.startsWith("http") ? target : `${url}${target}`), method, ca, ...(body !== undefined ? { body } : {}), headers });

  // Tokens live an hour of wall-clock time, like Entra ID's.
  let cachedExp = 0;
  const token = async () => {
    if (cached && Date.now() < cachedExp - 60_000) return cached;
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "https://management.azure.com/.default" });
    const res = await raw("POST", `/${TENANT}/oauth2/v2.0/token`, form.toString(), { "content-type": "application/x-www-form-urlencoded" });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    cached = res.json.access_token as string;
    cachedExp = JSON.parse(Buffer.from(cached.split(".")[1]!, "base64url").toString("utf8")).exp * 1000;
    return cached;
  };

  const emulator: Emulator = {
    app,
    url,
    port,
    proxyPort,
    ca,
    dataDir,
    token,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.auth !== false) headers["authorization"] ??= `Bearer ${typeof o.auth === "string" ? o.auth : await token()}`;
      let body = o.rawBody;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] ??= "application/json";
      }
      return raw(method, path, body, headers);
    },
    advance(by) {
      return emulator.request("POST", "/_aksemu/clock/advance", { body: { by } });
    },
    async createGroup(name, location = "eastus") {
      const res = await emulator.request("PUT", `/subscriptions/${SUB}/resourceGroups/${name}?api-version=2021-04-01`, { body: { location } });
      if (res.status !== 200 && res.status !== 201) throw new Error(`create group failed: ${res.status} ${res.text}`);
    },
    async close() {
      await app.close();
      if (dataDir && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return emulator;
}

export const clusterPath = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
