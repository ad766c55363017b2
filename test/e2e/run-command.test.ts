// Run command through the official SDK (beginRunCommandAndWait, getCommandResult) and azl (aks
// command invoke with --file, aks command result), in-process; the command pod is placed and started by
// the scheduler and kubelet simulation as virtual time moves on.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runAzl } from "../../src/cli/azl/run.js";
import { createCluster, putGroup } from "../http/helpers.js";
import { startEmulator, TLS_DIR, type Emulator } from "../support/emulator.js";
import { kubeAccess, startPod, waitForCommandPod, type KubeAccess } from "../support/run-command.js";
import { FAST, sdkClients } from "../support/sdk.js";

let emu: Emulator;
let kube: KubeAccess;
let dir: string;
before(async () => {
  emu = await startEmulator();
  assert.equal((await putGroup(emu, "rg-cmd")).status, 201);
  await createCluster(emu, "rg-cmd", "cmd1");
  kube = await kubeAccess(emu, "rg-cmd", "cmd1");
  dir = mkdtempSync(join(tmpdir(), "azl-cmd-"));
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `work`, letting virtual time move until the command pod it creates runs. */
async function withPodStarted<T>(work: Promise<T>): Promise<T> {
  const pod = await waitForCommandPod(kube);
  await startPod(kube, pod.metadata.name, emu);
  return work;
}

test("SDK: beginRunCommandAndWait gives the result; getCommandResult reads it again", async () => {
  const { client } = sdkClients(emu);
  const result = await withPodStarted(client.managedClusters.beginRunCommandAndWait("rg-cmd", "cmd1", { command: "kubectl get ns kube-system -o name" }, FAST));
  assert.equal(result.provisioningState, "Succeeded");
  assert.equal(result.exitCode, 0);
  assert.equal(result.logs, "namespace/kube-system\n");
  assert.ok(result.startedAt instanceof Date && result.finishedAt instanceof Date);
  assert.match(String(result.id), /^[0-9a-f]{32}$/);
  const again = await client.managedClusters.getCommandResult("rg-cmd", "cmd1", result.id!);
  assert.deepEqual(again, result);
});

async function azl(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runAzl(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stderrIsTTY: false, cwd: dir, env: { AKSEMU_ENDPOINT: emu.url, AKSEMU_CA: join(TLS_DIR, "ca.crt"), AZL_CONFIG_DIR: join(dir, "config"), HOME: dir } });
  return { code, stdout, stderr };
}

test("azl aks command invoke --file, then aks command result -o json", async () => {
  assert.equal((await azl("login", "-o", "none")).code, 0);
  const before = new Set((await kube.call("GET", "/api/v1/namespaces/aks-command/pods")).json.items?.map((p: any) => p.metadata.name) ?? []);
  writeFileSync(join(dir, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n  namespace: default\ndata:\n  a: b\n");
  const r = await withPodStarted(azl("aks", "command", "invoke", "-g", "rg-cmd", "-n", "cmd1", "--command", "kubectl apply -f cm.yaml", "--file", "cm.yaml"));
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^command started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00, finished at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00 with exitcode=0\nconfigmap\/from-file created\n\n$/);
  assert.equal((await kube.call("GET", "/api/v1/namespaces/default/configmaps/from-file")).status, 200);
  const pods = (await kube.call("GET", "/api/v1/namespaces/aks-command/pods")).json.items;
  // The pod this invoke made (names are random: the list's order says nothing of age).
  const id = pods.find((p: any) => !before.has(p.metadata.name)).metadata.name.slice("command-".length);
  const shown = await azl("aks", "command", "result", "-g", "rg-cmd", "-n", "cmd1", "-i", id, "-o", "json");
  assert.equal(shown.code, 0, shown.stderr);
  const json = JSON.parse(shown.stdout);
  assert.deepEqual(Object.keys(json), ["exitCode", "finishedAt", "id", "logs", "provisioningState", "reason", "startedAt"]);
  assert.equal(json.logs, "configmap/from-file created\n");
  assert.equal(json.reason, null);
  assert.match(json.startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  const empty = await azl("aks", "command", "invoke", "-g", "rg-cmd", "-n", "cmd1", "--command", "");
  assert.deepEqual([empty.code, empty.stderr], [1, "ERROR: Command cannot be empty.\n"]);
});
