// Runs azl in-process: azlMain (what the bin runs) with a captured Io, exactly as the bin would see
// it from a shell with stdin ignored and stdout/stderr piped (no terminal anywhere, so errors carry
// az's "ERROR: " prefix and nothing is coloured), pointed at a test emulator through AKSEMU_ENDPOINT
// and AKSEMU_CA, with its own fresh AZL_CONFIG_DIR and HOME. azl reads nothing from `process`, so
// the env given here is all it sees. An invocation is a few milliseconds instead of a node start.
// test/e2e/azl-bin.test.ts spawns the real bin (azlProcess below) to prove what this leaves out:
// exit codes, separate stdout/stderr pipes, terminal detection.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { azlMain } from "../../../src/cli/azl/run.js";
import { TLS_DIR, type Emulator } from "../../support/emulator.js";
import { GA_API, clusterPath } from "./aks.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const SOURCE_ENTRY = join(ROOT, "src", "cli", "azl.ts");
const BUILT_ENTRY = join(ROOT, "dist", "src", "cli", "azl.js");

export type AzlResult = { code: number | null; stdout: string; stderr: string };

/** What a finished azl run must have printed and returned: all three compared exactly. */
export type Expected = { code?: number; stdout?: string; stderr?: string };

export type Azl = {
  /** The temp folder holding AZL_CONFIG_DIR (and anything a test writes next to it); also azl's HOME. */
  dir: string;
  configDir: string;
  /** Everything azl sees of its environment. */
  env: NodeJS.ProcessEnv;
  /** One azl invocation; argv as a shell would pass it (no quoting needed). */
  run(...args: string[]): Promise<AzlResult>;
  /** Runs and asserts the exit code, stdout and stderr (each defaults to: 0, "", ""). */
  expect(args: string[], expected: Expected): Promise<AzlResult>;
  /** Runs and asserts exit code 0 with nothing on stderr; returns stdout parsed as JSON (if any). */
  json(...args: string[]): Promise<any>;
  close(): void;
};

/** The az command line of a seed, as words ("az" → azl is implied): splits on blanks, honours "…" and '…'. */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  assert.equal(out[0], "az", `not an az command: ${line}`);
  return out.slice(1);
}

/** One azl invocation in this process, with no terminal: stdout and stderr captured apart. */
export async function azlInProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<AzlResult> {
  let stdout = "";
  let stderr = "";
  const code = await azlMain(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    env,
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

/**
 * How to start the real bin: the compiled dist/src/cli/azl.js (what `npm install` links as `azl`)
 * when `npm run build` has produced it and it is not older than the sources, else src/cli/azl.ts
 * through tsx.
 */
export function azlBin(): { argv: string[]; what: string } {
  if (existsSync(BUILT_ENTRY)) {
    const built = statSync(BUILT_ENTRY).mtimeMs;
    const newestSource = Math.max(...sourceFiles(join(ROOT, "src", "cli")).map((f) => statSync(f).mtimeMs));
    if (built >= newestSource) return { argv: [BUILT_ENTRY], what: "dist/src/cli/azl.js" };
  }
  return { argv: ["--import", "tsx", SOURCE_ENTRY], what: "src/cli/azl.ts via tsx" };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** The real bin as a child process (stdin ignored, stdout and stderr separate pipes), with `env` as its whole environment. */
export function azlProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<AzlResult> {
  // The emulator runs in this process, so the child must be spawned asynchronously (spawnSync would
  // block the event loop that answers it).
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...azlBin().argv, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/**
 * The environment a user would have for `emu`: only what azl reads (no test-runner trust: azl must
 * trust the CA through AKSEMU_CA; nothing that would point it at another emulator or turn colours
 * off). A spawned bin also gets PATH (and the like) from this process, without the test runner's
 * NODE_OPTIONS, NODE_EXTRA_CA_CERTS and NODE_TEST_CONTEXT.
 */
export function userEnv(emu: Emulator, dir: string, extraEnv: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: dir, AZL_CONFIG_DIR: join(dir, "config"), AKSEMU_ENDPOINT: emu.url, AKSEMU_CA: join(TLS_DIR, "ca.crt"), ...extraEnv };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** `env` plus this process's environment minus what only the test runner should see: for spawning the bin. */
export function spawnEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["NODE_EXTRA_CA_CERTS", "AKSEMU_DATA_DIR", "AKSEMU_TLS_DIR", "AKSEMU_PORT", "AKSEMU_ENDPOINT", "AKSEMU_CA", "AZL_CONFIG_DIR", "AZURE_CORE_NO_COLOR", "NO_COLOR", "NODE_OPTIONS", "NODE_TEST_CONTEXT"]) delete base[k];
  return { ...base, ...env };
}

/** An azl user for `emu`: a fresh config folder and the environment a user would set. Not logged in yet. */
export function azlFor(emu: Emulator, extraEnv: NodeJS.ProcessEnv = {}, opts: { bin?: boolean } = {}): Azl {
  const dir = mkdtempSync(join(tmpdir(), "azl-e2e-"));
  const env = userEnv(emu, dir, extraEnv);
  const runner = opts.bin ? (args: readonly string[]) => azlProcess(args, spawnEnv(env)) : (args: readonly string[]) => azlInProcess(args, env);

  const azl: Azl = {
    dir,
    configDir: env["AZL_CONFIG_DIR"]!,
    env,
    run: (...args) => runner(args),
    async expect(args, expected) {
      const r = await azl.run(...args);
      const want = { code: expected.code ?? 0, stdout: expected.stdout ?? "", stderr: expected.stderr ?? "" };
      assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, want, `azl ${args.join(" ")}`);
      return r;
    },
    async json(...args) {
      const r = await azl.run(...args);
      assert.deepEqual({ code: r.code, stderr: r.stderr }, { code: 0, stderr: "" }, `azl ${args.join(" ")}\nstdout: ${r.stdout}`);
      return r.stdout === "" ? undefined : JSON.parse(r.stdout);
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return azl;
}

/** An azl user logged in with the default principal (`azl login`). */
export async function loggedIn(emu: Emulator, extraEnv: NodeJS.ProcessEnv = {}, opts: { bin?: boolean } = {}): Promise<Azl> {
  const azl = azlFor(emu, extraEnv, opts);
  const r = await azl.run("login");
  assert.equal(r.code, 0, `azl login: ${r.stderr}`);
  return azl;
}

/** az's service error block, as printed on a stderr that is not a colour terminal. */
export function serviceErrorText(code: string, message: string): string {
  return `ERROR: (${code}) ${message}\nCode: ${code}\nMessage: ${message}\n`;
}

/**
 * What `-o table` prints for these rows: knack's tabulate(headers="keys", tablefmt="simple",
 * disable_numparse=True). Every column is left-aligned and at least two wider than its header
 * (tabulate's MIN_PADDING), columns are joined by two spaces, the rule is dashes the width of each
 * column, and each line is right-stripped. None/undefined print as "", booleans as True/False.
 */
export function azTable(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const headers: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!headers.includes(k)) headers.push(k);
  const cell = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "True" : "False") : String(v));
  const widths = headers.map((h) => Math.max(h.length + 2, ...rows.map((r) => cell(r[h]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(headers.map((h) => cell(r[h]))))].join("\n") + "\n";
}

/** An az command line from a seed article as azl argv: placeholders and shell variables replaced, "az" dropped. */
export function seedArgs(line: string, vars: Record<string, string>): string[] {
  let text = line;
  for (const [k, v] of Object.entries(vars)) text = text.split(k).join(v);
  return words(text);
}

// --- Setting the scene through the emulator's own API (the commands under test go through azl) ---

export type RawPool = { name: string; count: number; mode?: "System" | "User" };

/** Starts a cluster's creation with a raw ARM PUT; the caller moves the manual clock to finish it. */
export async function putCluster(emu: Emulator, rg: string, name: string, pools: RawPool[] = [{ name: "nodepool1", count: 1 }]): Promise<void> {
  const body = { location: "eastus", properties: { dnsPrefix: name.toLowerCase(), agentPoolProfiles: pools.map((p) => ({ name: p.name, count: p.count, mode: p.mode ?? "System", vmSize: "Standard_DS2_v2" })) } };
  const res = await emu.request("PUT", `${clusterPath(rg, name)}?api-version=${GA_API}`, { body });
  assert.ok(res.status === 200 || res.status === 201, `PUT cluster ${name}: ${res.status} ${res.text}`);
}

/** The cluster (or one of its pools) as ARM returns it. */
export async function getRaw(emu: Emulator, rg: string, name: string, pool?: string): Promise<any> {
  const res = await emu.request("GET", `${clusterPath(rg, name)}${pool ? `/agentPools/${pool}` : ""}?api-version=${GA_API}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** Waits (in real time) until `check` holds, e.g. until a running azl has started its operation. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
