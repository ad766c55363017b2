// Runs azl as a user does: a child process `node --import tsx src/cli/azl.ts <args>` with stdin
// ignored (so stderr is not a terminal and errors carry az's "ERROR: " prefix), pointed at a test
// emulator through AKSEMU_ENDPOINT and AKSEMU_CA, with its own fresh AZL_CONFIG_DIR.
// The emulator runs in this process, so the child must be spawned asynchronously (spawnSync would
// block the event loop that answers it).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TLS_DIR, type Emulator } from "../../support/emulator.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const ENTRY = join(ROOT, "src", "cli", "azl.ts");

export type AzlResult = { code: number | null; stdout: string; stderr: string };

/** What a finished azl run must have printed and returned: all three compared exactly. */
export type Expected = { code?: number; stdout?: string; stderr?: string };

export type Azl = {
  /** The temp folder holding AZL_CONFIG_DIR (and anything a test writes next to it). */
  dir: string;
  configDir: string;
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

export function azlProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<AzlResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** An azl user for `emu`: a fresh config folder and the environment a user would set. Not logged in yet. */
export function azlFor(emu: Emulator, extraEnv: NodeJS.ProcessEnv = {}): Azl {
  const dir = mkdtempSync(join(tmpdir(), "azl-e2e-"));
  const configDir = join(dir, "config");
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Only what a user would set: no test-runner trust (azl must trust the CA through AKSEMU_CA) and
  // nothing that would point azl at another emulator or turn colours off.
  for (const k of ["NODE_EXTRA_CA_CERTS", "AKSEMU_DATA_DIR", "AKSEMU_TLS_DIR", "AKSEMU_PORT", "AZURE_CORE_NO_COLOR", "NODE_OPTIONS", "NODE_TEST_CONTEXT"]) delete env[k];
  Object.assign(env, { AKSEMU_ENDPOINT: emu.url, AKSEMU_CA: join(TLS_DIR, "ca.crt"), AZL_CONFIG_DIR: configDir, HOME: dir, NO_COLOR: undefined }, extraEnv);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];

  const azl: Azl = {
    dir,
    configDir,
    env,
    run: (...args) => azlProcess(args, env),
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
export async function loggedIn(emu: Emulator, extraEnv: NodeJS.ProcessEnv = {}): Promise<Azl> {
  const azl = azlFor(emu, extraEnv);
  const r = await azl.run("login");
  assert.equal(r.code, 0, `azl login: ${r.stderr}`);
  return azl;
}

/** az's service error block, as printed on a stderr that is not a colour terminal. */
export function serviceErrorText(code: string, message: string): string {
  return `ERROR: (${code}) ${message}\nCode: ${code}\nMessage: ${message}\n`;
}
