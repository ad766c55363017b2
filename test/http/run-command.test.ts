// Run command over raw HTTPS (seed 003): POST runCommand creates `command-<ID>` in `aks-command`,
// waits in virtual time for it to start, answers 202 with the result's Location; the real kubectl
// runs (attached files in its directory); commandResults answers 202 then 200 RunCommandResult;
// refusals say why before anything runs; a pod that does not start within 30 s is
// KubernetesPerformanceError and its result is Not Found.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertAksError, createCluster, header, mcPath, putGroup, q } from "./helpers.js";
import { startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { commandPods, kubeAccess, startPod, waitForCommandPod, zipBase64, type KubeAccess } from "../support/run-command.js";

let emu: Emulator;
let kube: KubeAccess;
const MC = mcPath("rg-run", "run1");

before(async () => {
  emu = await startEmulator();
  assert.equal((await putGroup(emu, "rg-run")).status, 201);
  await createCluster(emu, "rg-run", "run1");
  kube = await kubeAccess(emu, "rg-run", "run1");
});
after(() => emu.close());

/** POSTs a command, lets virtual time move until its pod runs, returns the POST's answer. */
async function invoke(body: unknown): Promise<HttpResult> {
  const answer = emu.request("POST", q(`${MC}/runCommand`), { body });
  const pod = await waitForCommandPod(kube);
  await startPod(kube, pod.metadata.name, emu);
  return answer;
}

async function resultOf(location: string): Promise<HttpResult> {
  for (let i = 0; i < 400; i++) {
    const res = await emu.request("GET", location);
    if (res.status !== 202) return res;
    assert.equal(header(res, "location"), location);
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail("the command did not finish");
}

describe("a command runs", () => {
  test("202 with the result's Location, then 200 RunCommandResult with kubectl's output; the pod ends Succeeded", async () => {
    const res = await invoke({ command: "kubectl get namespaces -o name" });
    assert.equal(res.status, 202, res.text);
    const location = String(header(res, "location"));
    const m = new RegExp(`^${emu.url}${MC}/commandResults/([0-9a-f]{32})\\?api-version=2026-04-01$`).exec(location);
    assert.ok(m, location);
    assert.equal(header(res, "retry-after"), "1");
    const done = await resultOf(location);
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(Object.keys(done.json), ["id", "properties"]);
    assert.equal(done.json.id, m[1]);
    const p = done.json.properties;
    assert.deepEqual(Object.keys(p), ["exitCode", "finishedAt", "logs", "provisioningState", "startedAt"]);
    assert.equal(p.provisioningState, "Succeeded");
    assert.equal(p.exitCode, 0);
    assert.match(p.startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(p.finishedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(p.logs, "namespace/aks-command\nnamespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n");
    const pod = (await kube.call("GET", `/api/v1/namespaces/aks-command/pods/command-${m[1]}`)).json;
    assert.equal(pod.status.phase, "Succeeded");
    assert.equal(pod.status.containerStatuses[0].state.terminated.exitCode, 0);
  });

  test("attached files are in the command's directory (kubectl apply -f ns.yaml, the spec's example)", async () => {
    const context = zipBase64({ "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dummy\n" });
    const res = await invoke({ command: "kubectl apply -f ns.yaml", context });
    assert.equal(res.status, 202, res.text);
    const done = await resultOf(String(header(res, "location")));
    assert.equal(done.json.properties.logs, "namespace/dummy created\n");
    assert.equal((await kube.call("GET", "/api/v1/namespaces/dummy")).status, 200);
  });

  test("a failing command is Succeeded with its exit code and output; the pod ends Failed", async () => {
    const res = await invoke({ command: "kubectl get non-existing-resource" });
    const done = await resultOf(String(header(res, "location")));
    assert.equal(done.json.properties.provisioningState, "Succeeded");
    assert.equal(done.json.properties.exitCode, 1);
    assert.equal(done.json.properties.logs, 'error: the server doesn\'t have a resource type "non-existing-resource"\n');
    const pods = await commandPods(kube);
    const pod = pods.find((x) => x.metadata.name === `command-${done.json.id}`);
    assert.equal(pod.status.phase, "Failed");
  });

  test("quoted arguments are split as a shell would (jsonpath with spaces), with no shell", async () => {
    const res = await invoke({ command: `kubectl get ns default -o "jsonpath={.metadata.name} is {.status.phase}"` });
    const done = await resultOf(String(header(res, "location")));
    assert.equal(done.json.properties.logs, "default is Active");
  });
});

describe("refusals: nothing runs, and the answer says why", () => {
  const refused = async (command: string, why: string) => {
    const before = (await commandPods(kube)).length;
    const res = await emu.request("POST", q(`${MC}/runCommand`), { body: { command } });
    assertAksError(res, 400, "InvalidParameter", `The command '${command}' cannot be run: ${why}. aksemu runs kubectl and helm directly, without a shell (docs/run-command.md).`, "command");
    assert.equal((await commandPods(kube)).length, before);
  };
  test("shell operators, substitutions, other binaries, paths outside the directory", async () => {
    await refused("kubectl get pods | grep x", "a pipe ('|') needs a shell");
    await refused("kubectl get pods; rm -rf x", "a command list (';') needs a shell");
    await refused("kubectl get pods && helm list", "a control operator ('&' or '&&') needs a shell");
    await refused("kubectl get pods > out.txt", "a redirection ('>') needs a shell");
    await refused("kubectl get pods $(whoami)", "command substitution ('$(...)') needs a shell");
    await refused("kubectl get pods `whoami`", "command substitution ('`...`') needs a shell");
    await refused("bash -c 'kubectl get pods'", "'bash' is not allowed: only kubectl and helm are");
    await refused("kubectl apply -f /etc/passwd", "'/etc/passwd' is outside the command's directory: attached files are in the current directory (use relative paths)");
    await refused("kubectl apply --filename=../x.yaml", "'--filename=../x.yaml' is outside the command's directory: attached files are in the current directory (use relative paths)");
    await refused("kubectl get 'pods", "a single quote is not closed");
  });
  test("no command, a context that is no zip, a zip entry outside the directory", async () => {
    const none = await emu.request("POST", q(`${MC}/runCommand`), { body: { context: "" } });
    assertAksError(none, 400, "InvalidParameter", "The value of parameter command is invalid: a run command request needs a command, such as 'kubectl get pods'.", "command");
    const bad = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods", context: "bm90IGEgemlw" } });
    assertAksError(bad, 400, "InvalidParameter", "The value of parameter context is invalid: it is not a base64-encoded zip file.", "context");
    const slip = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods", context: zipBase64({ "../evil.yaml": "x" }) } });
    assertAksError(slip, 400, "InvalidParameter", "The value of parameter context is invalid: '../evil.yaml' would be written outside the command's directory.", "context");
  });
  test("a cluster that does not exist is ResourceNotFound; a command id nobody issued is Not Found", async () => {
    const missing = await emu.request("POST", q(`${mcPath("rg-run", "nope")}/runCommand`), { body: { command: "kubectl get pods" } });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, "ResourceNotFound");
    const unknown = await emu.request("GET", q(`${MC}/commandResults/0123456789abcdef0123456789abcdef`));
    assertAksError(unknown, 404, "NotFound", "Command '0123456789abcdef0123456789abcdef' was not found in managed cluster 'run1'.");
  });
});

describe("cause 1: the pod does not start within 30 s", () => {
  test("every node cordoned: KubernetesPerformanceError after 30 s of virtual time, the pod stays Pending, its result is Not Found; uncordoned, it runs", async () => {
    const nodes: string[] = (await kube.call("GET", "/api/v1/nodes")).json.items.map((n: any) => n.metadata.name);
    for (const n of nodes) assert.equal((await kube.call("PATCH", `/api/v1/nodes/${n}`, { spec: { unschedulable: true } }, "application/merge-patch+json")).status, 200);
    const answer = emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods" } });
    const pod = await waitForCommandPod(kube);
    const name: string = pod.metadata.name;
    assert.match(name, /^command-[0-9a-f]{32}$/);
    assert.equal((await emu.advance("PT29S")).status, 200);
    assert.equal((await emu.advance("PT2S")).status, 200);
    const res = await answer;
    assertAksError(res, 400, "KubernetesPerformanceError", `Failed to run command due to cluster perf issue, container ${name} in aks-command namespace did not start within 30s on your cluster, retry may helps. If issue persist, you may need to tune your cluster with better performance (larger node/paid tier).`);
    const still = (await kube.call("GET", `/api/v1/namespaces/aks-command/pods/${name}`)).json;
    assert.equal(still.status.phase, "Pending");
    assert.equal(still.spec.nodeName, undefined);
    const result = await emu.request("GET", q(`${MC}/commandResults/${name.slice("command-".length)}`));
    assert.equal(result.status, 404);
    // Solution 1: make room (uncordon); the next command runs.
    for (const n of nodes) assert.equal((await kube.call("PATCH", `/api/v1/nodes/${n}`, { spec: { unschedulable: false } }, "application/merge-patch+json")).status, 200);
    const ok = await invoke({ command: "kubectl get ns default -o name" });
    assert.equal(ok.status, 202, ok.text);
    assert.equal((await resultOf(String(header(ok, "location")))).json.properties.logs, "namespace/default\n");
  });
});
