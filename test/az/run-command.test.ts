// Seed 003 through the real az 2.45 (proxy mode, instant clock): `az aks command invoke --command`
// prints what az prints for a Succeeded result (the "command started at ..., finished at ... with
// exitcode=N" line, then the logs), `--file` attaches a manifest that kubectl applies, `az aks
// command result -i <id>` prints the same result again, and cause 1 (the named scenario
// run-command-pod-cannot-start: a taint on every node) is az's KubernetesPerformanceError block on
// stderr, exit 1, until the taint is removed. az's code: acs/custom.py aks_runcommand,
// _print_command_result (colorama strips its colours when stdout is not a terminal).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { putCluster } from "../e2e/helpers/azl.js";
import { SUB } from "../support/emulator.js";
import { kubeAccess } from "../support/run-command.js";
import { azSkip } from "./support/clis.js";
import { serviceError } from "./support/parity.js";
import { azSession } from "./support/session.js";

const RG = "rg-rc";
const s = azSession("run command", {
  setup: async (emu) => {
    await emu.createGroup(RG);
    await putCluster(emu, RG, "c1", [{ name: "nodepool1", count: 2 }]);
    const aad = { location: "eastus", properties: { dnsPrefix: "aad1", aadProfile: { managed: true }, agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System", vmSize: "Standard_DS2_v2" }] } };
    const res = await emu.request("PUT", `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aad1?api-version=2025-10-01`, { body: aad });
    assert.equal(res.status, 201, res.text);
  },
});

const invoke = (...extra: string[]) => s.az.run(["aks", "command", "invoke", "-g", RG, "-n", "c1", ...extra]);
// str() of the SDK's datetime: "2026-03-01 10:00:00+00:00".
const STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+00:00";
const header = (exitCode: number) => new RegExp(`^command started at ${STAMP}, finished at ${STAMP} with exitcode=${exitCode}\\n`);

describe("az aks command invoke / result (seed 003)", { skip: azSkip() }, () => {
  test('--command "kubectl get nodes": exit 0, the exitcode line, then kubectl\'s table', async () => {
    const r = await invoke("--command", "kubectl get nodes");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, header(0));
    const table = r.stdout.replace(header(0), "");
    const lines = table.split("\n");
    assert.match(lines[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    assert.equal(lines.filter((l) => /^aks-nodepool1-\d{8}-vmss\d{6}\s+Ready\s+agent\s+\S+\s+v\d+\.\d+\.\d+$/.test(l)).length, 2, table);
    // kubectl's own newline, then print()'s.
    assert.ok(table.endsWith("\n\n"), JSON.stringify(table));
  });

  test("--file: the manifest is in the command's directory and kubectl applies it; a failing command is exitcode=1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aksemu-az-rc-"));
    try {
      const file = join(dir, "ns.yaml");
      writeFileSync(file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n");
      const r = await invoke("--command", "kubectl apply -f ns.yaml", "--file", file);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, header(0));
      assert.equal(r.stdout.replace(header(0), ""), "namespace/demo created\n\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const kube = await kubeAccess(s.emu, RG, "c1");
    assert.equal((await kube.call("GET", "/api/v1/namespaces/demo")).status, 200);
    const bad = await invoke("--command", "kubectl get non-existing-resource");
    assert.equal(bad.code, 0, bad.stderr);
    assert.equal(bad.stdout.replace(header(1), ""), 'error: the server doesn\'t have a resource type "non-existing-resource"\n\n');
  });

  test("az aks command result -i <id> prints the finished command again; -o json is the SDK's model", async () => {
    const r = await invoke("--command", "kubectl get ns default -o name", "-o", "json");
    assert.equal(r.code, 0, r.stderr);
    const model = JSON.parse(r.stdout);
    assert.match(model.id, /^[0-9a-f]{32}$/);
    assert.equal(model.provisioningState, "Succeeded");
    assert.equal(model.exitCode, 0);
    assert.equal(model.logs, "namespace/default\n");
    // aks_command_result does not call colorama.init(): az prints the colour codes as they are.
    const again = await s.az.run(["aks", "command", "result", "-g", RG, "-n", "c1", "-i", model.id]);
    assert.equal(again.code, 0, again.stderr);
    const plain = again.stdout.replaceAll("\x1b[32m", "").replaceAll("\x1b[0m", "");
    assert.ok(again.stdout.startsWith("\x1b[32mcommand started at "), JSON.stringify(again.stdout));
    assert.match(plain, header(0));
    assert.equal(plain.replace(header(0), ""), "namespace/default\n\n");
  });

  test("an Entra ID cluster: az gets a token for AKS's server app (clusterToken) and the command runs as az's user, so Kubernetes RBAC answers", async () => {
    // The token az puts in clusterToken, as kubelogin's azurecli mode gets it too.
    const token = (await s.ok(["account", "get-access-token", "--resource", "6dae42f8-4368-4678-94ff-3960e28e3630", "--query", "accessToken", "-o", "tsv"])).trim();
    const oid = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")).oid as string;
    const r = await s.az.run(["aks", "command", "invoke", "-g", RG, "-n", "aad1", "--command", "kubectl get pods"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, header(1));
    assert.equal(r.stdout.replace(header(1), ""), `Error from server (Forbidden): pods is forbidden: User "${oid}" cannot list resource "pods" in API group "" in the namespace "default"\n\n`);
  });

  test("cause 1 (run-command-pod-cannot-start): az prints the KubernetesPerformanceError block, exit 1; the taint removed, the command runs", async () => {
    const applied = await s.emu.request("POST", "/_aksemu/scenarios/run-command-pod-cannot-start", { body: { resourceGroup: RG, cluster: "c1" } });
    assert.equal(applied.status, 200, applied.text);
    const r = await invoke("--command", "kubectl get pods");
    assert.equal(r.code, 1, r.stdout);
    const pod = /container (command-[0-9a-f]{32}) in aks-command/.exec(r.stderr)?.[1];
    assert.ok(pod, r.stderr);
    assert.equal(
      r.stderr,
      serviceError("KubernetesPerformanceError", `Failed to run command due to cluster perf issue, container ${pod} in aks-command namespace did not start within 30s on your cluster, retry may helps. If issue persist, you may need to tune your cluster with better performance (larger node/paid tier).`),
    );
    const result = await s.az.run(["aks", "command", "result", "-g", RG, "-n", "c1", "-i", pod.slice("command-".length)]);
    // Seed 003's symptom of cause 1: its pod never ran, so there is no result (a bare 404).
    assert.equal(result.code, 3);
    assert.equal(result.stderr, "ERROR: Operation returned an invalid status 'Not Found'\n");
    // Remedy: kubectl taint nodes --all CriticalAddonsOnly=true:NoSchedule-.
    const kube = await kubeAccess(s.emu, RG, "c1");
    for (const n of (await kube.call("GET", "/api/v1/nodes")).json.items) {
      assert.equal((await kube.call("PATCH", `/api/v1/nodes/${n.metadata.name}`, { spec: { taints: null } }, "application/strategic-merge-patch+json")).status, 200);
    }
    const ok = await invoke("--command", "kubectl get ns default -o name");
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.replace(header(0), ""), "namespace/default\n\n");
  });
});
