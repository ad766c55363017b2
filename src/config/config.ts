// One frozen Config. Precedence: command-line flags > AKSEMU_* environment > defaults.
import { homedir } from "node:os";
import { join } from "node:path";
import type { ClockMode } from "../clock/clock.js";

export type Config = Readonly<{
  host: string;
  port: number;
  /** Proxy mode's CONNECT port (0: any free port), or null when proxy mode is off. */
  proxyPort: number | null;
  dataDir: string;
  inMemory: boolean;
  clock: ClockMode;
  speed: number;
  loose: boolean;
  /** Where the CA and server certificate live; defaults to <dataDir>/tls. */
  tlsDir: string;
  subscriptionId: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Object id of the default principal. */
  principalObjectId: string;
  /** A file to record every exchange to (JSON lines; src/server/recorder.ts), or null. */
  record: string | null;
}>;

// Fixed, documented identities so scripts and docs can rely on them.
export const DEFAULT_IDENTITY = {
  subscriptionId: "00000000-0000-4000-8000-00000000a55e",
  tenantId: "00000000-0000-4000-8000-0000000a7e11",
  clientId: "00000000-0000-4000-8000-00000000c11e",
  clientSecret: "aksemu-local-secret",
  principalObjectId: "00000000-0000-4000-8000-0000000000b1",
} as const;

/** Proxy mode listens here unless told otherwise (the direct endpoint's 8443, plus one). */
export const DEFAULT_PROXY_PORT = 8444;

// Real AKS creates a cluster in about five minutes; at speed 30 that is about ten seconds.
export const DEFAULT_SPEED = 30;

type FlagSpec = { key: keyof Config; kind: "string" | "number" | "boolean" | "clock" | "port-or-off" };
const FLAGS: Record<string, FlagSpec> = {
  "--host": { key: "host", kind: "string" },
  "--port": { key: "port", kind: "number" },
  "--proxy-port": { key: "proxyPort", kind: "port-or-off" },
  "--data-dir": { key: "dataDir", kind: "string" },
  "--in-memory": { key: "inMemory", kind: "boolean" },
  "--clock": { key: "clock", kind: "clock" },
  "--speed": { key: "speed", kind: "number" },
  "--loose": { key: "loose", kind: "boolean" },
  "--tls-dir": { key: "tlsDir", kind: "string" },
  "--record": { key: "record", kind: "string" },
};

const ENV: Record<string, FlagSpec> = {
  AKSEMU_HOST: FLAGS["--host"]!,
  AKSEMU_PORT: FLAGS["--port"]!,
  AKSEMU_PROXY_PORT: FLAGS["--proxy-port"]!,
  AKSEMU_DATA_DIR: FLAGS["--data-dir"]!,
  AKSEMU_IN_MEMORY: FLAGS["--in-memory"]!,
  AKSEMU_CLOCK: FLAGS["--clock"]!,
  AKSEMU_SPEED: FLAGS["--speed"]!,
  AKSEMU_LOOSE: FLAGS["--loose"]!,
  AKSEMU_TLS_DIR: FLAGS["--tls-dir"]!,
  AKSEMU_RECORD: FLAGS["--record"]!,
};

export class ConfigError extends Error {}

function parseValue(spec: FlagSpec, raw: string, source: string): unknown {
  switch (spec.kind) {
    case "string":
      if (raw === "") throw new ConfigError(`${source} needs a value`);
      return raw;
    case "number": {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${source} must be a non-negative number, got '${raw}'`);
      return n;
    }
    case "boolean":
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new ConfigError(`${source} must be true or false, got '${raw}'`);
    case "port-or-off": {
      if (/^off$/i.test(raw)) return null;
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${source} must be a port 0-65535 or 'off', got '${raw}'`);
      return n;
    }
    case "clock":
      if (raw === "realtime" || raw === "manual" || raw === "instant") return raw;
      throw new ConfigError(`${source} must be realtime, manual or instant, got '${raw}'`);
  }
}

/** Parses flags (already split, without the subcommand) and environment into a Config. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  const fromEnv: Partial<Record<keyof Config, unknown>> = {};
  for (const [name, spec] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw !== undefined) fromEnv[spec.key] = parseValue(spec, raw, name);
  }
  const fromFlags: Partial<Record<keyof Config, unknown>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const spec = FLAGS[name];
    if (!spec) throw new ConfigError(`unknown option '${name}'`);
    if (spec.kind === "boolean" && inline === undefined) {
      fromFlags[spec.key] = true;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new ConfigError(`${name} needs a value`);
    fromFlags[spec.key] = parseValue(spec, raw, name);
  }
  const merged = { ...fromEnv, ...fromFlags, ...overrides } as Partial<Config>;
  const dataDir = merged.dataDir ?? join(homedir(), ".aksemu");
  const port = merged.port ?? 8443;
  if (!Number.isInteger(port) || port > 65535) throw new ConfigError(`--port must be an integer 0-65535, got '${port}'`);
  const speed = merged.speed ?? DEFAULT_SPEED;
  if (speed <= 0) throw new ConfigError("--speed must be greater than 0");
  return Object.freeze({
    host: merged.host ?? "127.0.0.1",
    port,
    proxyPort: merged.proxyPort === undefined ? DEFAULT_PROXY_PORT : merged.proxyPort,
    dataDir,
    inMemory: merged.inMemory ?? false,
    clock: merged.clock ?? "realtime",
    speed,
    loose: merged.loose ?? false,
    tlsDir: merged.tlsDir ?? join(dataDir, "tls"),
    subscriptionId: merged.subscriptionId ?? DEFAULT_IDENTITY.subscriptionId,
    tenantId: merged.tenantId ?? DEFAULT_IDENTITY.tenantId,
    clientId: merged.clientId ?? DEFAULT_IDENTITY.clientId,
    clientSecret: merged.clientSecret ?? DEFAULT_IDENTITY.clientSecret,
    principalObjectId: merged.principalObjectId ?? DEFAULT_IDENTITY.principalObjectId,
    record: merged.record ?? null,
  });
}
