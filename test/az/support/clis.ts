// The two CLIs of the az tier, each a fresh user of one emulator: the real az (Debian's azure-cli
// 2.45, a Python process per command) through proxy mode with the environment `aksemu env --proxy`
// prints, and azl in-process on the direct endpoint. Every invocation is timed for the tier's report.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { proxyEnvironment } from "../../../src/cli/environment.js";
import { AZ_VERSION_COMPARED } from "../../../src/cli/azl/differences.js";
import { azlMain } from "../../../src/cli/azl/run.js";
import { CLIENT_ID, CLIENT_SECRET, TENANT, TLS_DIR, type Emulator } from "../../support/emulator.js";

export type CliResult = { code: number | null; stdout: string; stderr: string };

export type Cli = {
  name: "az" | "azl";
  /** This user's folder: HOME (with ~/.ssh/id_rsa.pub, as `--generate-ssh-keys` finds it) and the CLI's config. */
  dir: string;
  /** One invocation; `cwd` (default: the user's folder) is where relative paths such as `-f kubeconfig` land. */
  run(args: readonly string[], opts?: { cwd?: string }): Promise<CliResult>;
  close(): void;
};

/** Where `az` is, or undefined: the tier needs the real CLI on PATH (Debian: apt-get install azure-cli). */
export function findAz(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "az");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

const MISSING = "the az CLI is not on PATH (Debian: apt-get install -y azure-cli)";

/** node:test's skip option: skip without az on a developer's machine; in CI (CI set) run, and fail in `requireAz`. */
export const azSkip = (): string | false => (findAz() === undefined && !process.env["CI"] ? `SKIPPED: ${MISSING}` : false);

export function requireAz(): string {
  const az = findAz();
  if (az === undefined) assert.fail(`${MISSING}: CI must run the az tier`);
  return az;
}

/** Every timed invocation of this process, for the report `timingReport` prints. */
const TIMINGS: { cli: string; command: string; ms: number }[] = [];

/** The command words of an argv (up to the first option), e.g. "aks nodepool add". */
const commandOf = (args: readonly string[]) => args.slice(0, Math.max(0, args.findIndex((a) => a.startsWith("-")))).join(" ") || args.join(" ");

/** Totals per CLI, then az's mean time per command (az costs a Python start each time; azl runs in-process). */
export function timingReport(): string {
  const lines = ["az", "azl"].map((cli) => {
    const ts = TIMINGS.filter((t) => t.cli === cli);
    const total = ts.reduce((s, t) => s + t.ms, 0);
    return `${cli}: ${ts.length} invocations, ${(total / 1000).toFixed(1)} s in all`;
  });
  const byCommand = new Map<string, number[]>();
  for (const t of TIMINGS.filter((x) => x.cli === "az")) byCommand.set(t.command, [...(byCommand.get(t.command) ?? []), t.ms]);
  const mean = (ms: number[]) => Math.round(ms.reduce((a, b) => a + b, 0) / ms.length);
  return [...lines, `az per command (mean ms × runs): ${[...byCommand].map(([c, ms]) => `${c} ${mean(ms)}×${ms.length}`).join("; ")}`].join("\n");
}

function sshPublicKey(): string {
  // ssh-rsa wire format: string "ssh-rsa", mpint e, mpint n (RFC 4253 §6.6).
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
  const mpint = (b64: string) => {
    let b = Buffer.from(b64, "base64url");
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return b;
  };
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 0xff, b.length & 0xff]), b]);
  return `ssh-rsa ${Buffer.concat([field(Buffer.from("ssh-rsa")), field(mpint(jwk.e!)), field(mpint(jwk.n!))]).toString("base64")} aksemu-az-tier\n`;
}

function userDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, ".ssh"), { recursive: true });
  writeFileSync(join(dir, ".ssh", "id_rsa.pub"), sshPublicKey());
  return dir;
}

/**
 * A fresh az user: HOME and AZURE_CONFIG_DIR of its own, the proxy-mode environment, no telemetry,
 * no colour; nothing else from this process but PATH (and the locale), so a developer's own az
 * login and settings never leak in. Logged in with the emulator's default service principal.
 */
export async function azUser(emu: Emulator, proxyPort: number): Promise<Cli> {
  const az = requireAz();
  const dir = userDir("aksemu-az-");
  const ca = resolve(TLS_DIR, "ca.crt");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    LANG: process.env["LANG"] ?? "C.UTF-8",
    HOME: dir,
    ...proxyEnvironment(emu.app.config, ca, emu.port, proxyPort),
    AZURE_CONFIG_DIR: join(dir, ".azure"),
    AZURE_CORE_COLLECT_TELEMETRY: "0",
    AZURE_CORE_NO_COLOR: "1",
  };
  const cli: Cli = {
    name: "az",
    dir,
    run(args, opts = {}) {
      const started = performance.now();
      // The emulator answers from this process: az must run asynchronously, never spawnSync.
      return new Promise((done, fail) => {
        const child = spawn(az, args, { cwd: opts.cwd ?? dir, env, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => out.push(c));
        child.stderr.on("data", (c: Buffer) => err.push(c));
        child.on("error", fail);
        child.on("close", (code) => {
          TIMINGS.push({ cli: "az", command: commandOf(args), ms: Math.round(performance.now() - started) });
          done({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
        });
      });
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
  // The tier pins az 2.45's own behaviour (its bugs and missing commands included): say so plainly when another az is installed.
  const version = await cli.run(["version", "--query", '"azure-cli"', "-o", "tsv"]);
  assert.equal(version.stdout.trim(), AZ_VERSION_COMPARED, `the az tier compares with az ${AZ_VERSION_COMPARED} (Debian's azure-cli); ${az} is ${version.stdout.trim() || version.stderr}`);
  await login(cli);
  return cli;
}

/** A fresh azl user, in-process (azl reads nothing from `process`), on the emulator's direct endpoint. */
export async function azlUser(emu: Emulator): Promise<Cli> {
  const dir = userDir("aksemu-azl-");
  const env: NodeJS.ProcessEnv = { HOME: dir, AZL_CONFIG_DIR: join(dir, ".azl"), AKSEMU_ENDPOINT: emu.url, AKSEMU_CA: resolve(TLS_DIR, "ca.crt") };
  const cli: Cli = {
    name: "azl",
    dir,
    async run(args, opts = {}) {
      const started = performance.now();
      let stdout = "";
      let stderr = "";
      const code = await azlMain(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, env, cwd: opts.cwd ?? dir });
      TIMINGS.push({ cli: "azl", command: commandOf(args), ms: Math.round(performance.now() - started) });
      return { code, stdout, stderr };
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
  await login(cli);
  return cli;
}

/** The login a runbook does: `login --service-principal` with the emulator's default principal. */
export const LOGIN = ["login", "--service-principal", "-u", CLIENT_ID, "-p", CLIENT_SECRET, "--tenant", TENANT];

async function login(cli: Cli): Promise<void> {
  const r = await cli.run([...LOGIN, "-o", "none"]);
  assert.deepEqual(r, { code: 0, stdout: "", stderr: "" }, `${cli.name} login`);
}
