// Where azl keeps its login (like ~/.azure): the emulator endpoint, the service principal, the
// chosen subscription and a token cache. AZL_CONFIG_DIR overrides the folder.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type Profile = {
  endpoint: string;
  caPath: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  subscriptions: { id: string; name: string; tenantId: string; state: string }[];
  token?: { value: string; expiresOn: number };
  /** `azl login --identity`: tokens come from this managed identity endpoint (MSI_ENDPOINT), not the client secret. */
  msiEndpoint?: string;
  /** The account's user as az shows it for a Cloud Shell login (`unique_name` of its token). */
  cloudShellUser?: string;
};

/** The user's home as the given environment says (HOME), so an in-process run with its own env stays in it. */
const home = (env: NodeJS.ProcessEnv) => env["HOME"] ?? homedir();

export const configDir = (env: NodeJS.ProcessEnv) => env["AZL_CONFIG_DIR"] ?? join(home(env), ".azl");

/** The emulator azl talks to: AKSEMU_ENDPOINT, else the address `aksemu start` uses by default. */
export function defaultEndpoint(env: NodeJS.ProcessEnv): string {
  return (env["AKSEMU_ENDPOINT"] ?? `https://127.0.0.1:${env["AKSEMU_PORT"] ?? "8443"}`).replace(/\/+$/, "");
}

/** The emulator's CA: AKSEMU_CA (what `aksemu env` exports), else the one `aksemu start` wrote into its data directory. */
export function defaultCaPath(env: NodeJS.ProcessEnv): string {
  if (env["AKSEMU_CA"]) return env["AKSEMU_CA"];
  const dataDir = env["AKSEMU_DATA_DIR"] ?? join(home(env), ".aksemu");
  return env["AKSEMU_TLS_DIR"] ? join(env["AKSEMU_TLS_DIR"], "ca.crt") : join(dataDir, "tls", "ca.crt");
}

/**
 * The emulator's fixed default service principal (src/config's DEFAULT_IDENTITY), which `azl login`
 * uses when given no credentials. Spelled out here because azl knows the emulator only over HTTP
 * and imports none of its code; test/unit/azl-profile.test.ts keeps the two in step.
 */
export const DEFAULT_LOGIN = {
  tenantId: "00000000-0000-4000-8000-0000000a7e11",
  clientId: "00000000-0000-4000-8000-00000000c11e",
  clientSecret: "aksemu-local-secret",
} as const;

export function loadProfile(env: NodeJS.ProcessEnv): Profile | undefined {
  const file = join(configDir(env), "profile.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Profile;
  } catch {
    return undefined;
  }
}

/**
 * The login, pointed where the environment says now: `eval "$(aksemu env)"` after `azl login`
 * (another port, another data dir) must not leave azl talking to the old endpoint or trusting the old CA.
 */
export function withEnvironment(profile: Profile | undefined, env: NodeJS.ProcessEnv): Profile | undefined {
  if (!profile) return undefined;
  const endpoint = env["AKSEMU_ENDPOINT"] ? defaultEndpoint(env) : profile.endpoint;
  const caPath = env["AKSEMU_CA"] || env["AKSEMU_TLS_DIR"] || env["AKSEMU_DATA_DIR"] ? defaultCaPath(env) : profile.caPath;
  if (endpoint === profile.endpoint && caPath === profile.caPath) return profile;
  // Another emulator signs with another key: the cached token stays with the old one.
  const { token: _old, ...rest } = profile;
  return { ...rest, endpoint, caPath };
}

export function saveProfile(env: NodeJS.ProcessEnv, profile: Profile): void {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, "profile.json");
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(profile, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}
