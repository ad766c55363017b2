// POST {MC}/runCommand and GET {MC}/commandResults/{commandId} (seed 003). The POST creates the
// command's pod (`command-<ID>` in `aks-command`, the namespace made on first use) through the
// cluster's Kubernetes API, so admission (gatekeeper) judges it; waits, in virtual time, for the pod
// to be scheduled and Running (30 s, else KubernetesPerformanceError); then answers 202 with the
// result's Location while the real kubectl or helm runs (run-command/sandbox.ts) as the caller,
// against that cluster only. The result is 202 while the command runs, then 200 RunCommandResult;
// the pod ends Succeeded or Failed with the command's exit code.
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import type { KubeClusterFacts } from "../../../kube/clusters.js";
import type { KubeReply } from "../../../kube/api.js";
import { KubeError } from "../../../kube/status.js";
import { waitInVirtualTime } from "../../../kube/wait.js";
import type { ProviderDeps } from "../../provider.js";
import { parseCommandLine, refusedCommandMessage, type CommandLine } from "../domain/command-line.js";
import { apiServerFqdn } from "../domain/kube-nodes.js";
import {
  COMMAND_NAMESPACE,
  commandIdFrom,
  commandKey,
  commandNamespace,
  commandPod,
  commandResult,
  finishedPodStatus,
  podName,
  podStarted,
  runCommandUti,
  START_TIMEOUT_MS,
  type CommandRecord,
  type UnstartedCommand,
} from "../domain/run-command.js";
import type { ClusterRecord } from "../domain/records.js";
import { aksKubernetes } from "../kubernetes.js";
import { runInSandbox, type SandboxRun } from "../run-command/sandbox.js";
import { readContext, type ZipEntry } from "../run-command/zip.js";
import { clusterPath, requireCluster } from "./lookups.js";
import { aksError } from "./wire-errors.js";

const POD_PATH = `/api/v1/namespaces/${COMMAND_NAMESPACE}/pods`;

export function runCommandHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const clusters = aksKubernetes(deps);

  /** The emulator's own request to a cluster's API (no user: AKS's run command service, cluster-admin). */
  const system = (facts: KubeClusterFacts, method: string, path: string, body?: unknown, contentType = "application/json"): KubeReply =>
    deps.kube!.serve(facts, { method, path, query: new URLSearchParams(), accept: "application/json", contentType, body: body === undefined ? "" : JSON.stringify(body), userAgent: "aks-run-command" });

  const getPod = (facts: KubeClusterFacts, id: string) => exists(() => system(facts, "GET", `${POD_PATH}/${podName(id)}`))?.body as Record<string, unknown> | undefined;

  function requestOf(ctx: RequestContext): { command: string; line: CommandLine; files: ZipEntry[]; clusterToken?: string } {
    const body = ctx.body;
    const command = isObject(body) ? body["command"] : undefined;
    if (typeof command !== "string" || command.trim() === "") throw aksError("invalidParameter", { message: "The value of parameter command is invalid: a run command request needs a command, such as 'kubectl get pods'.", target: "command" });
    const line = parseCommandLine(command);
    if ("refused" in line) throw aksError("invalidParameter", { message: refusedCommandMessage(command, line.refused), target: "command" });
    const context = isObject(body) ? body["context"] : undefined;
    if (context !== undefined && context !== null && typeof context !== "string") throw aksError("invalidParameter", { message: "The value of parameter context is invalid: it must be a base64-encoded zip file.", target: "context" });
    const files = typeof context === "string" && context.trim() !== "" ? readContext(context) : [];
    if (!Array.isArray(files)) throw aksError("invalidParameter", { message: `The value of parameter context is invalid: ${files.problem}.`, target: "context" });
    const clusterToken = isObject(body) ? body["clusterToken"] : undefined;
    if (clusterToken !== undefined && clusterToken !== null && typeof clusterToken !== "string") throw aksError("invalidParameter", { message: "The value of parameter clusterToken is invalid: it must be a bearer token for the AKS server application.", target: "clusterToken" });
    return { command, line, files, ...(typeof clusterToken === "string" && clusterToken !== "" ? { clusterToken } : {}) };
  }

  /**
   * A kubeconfig for this cluster's API on the emulator. The command runs as the subject of
   * `clusterToken` when there is one (az sends the user's token for AKS's server app on an Entra ID
   * cluster, so that Kubernetes RBAC judges the user), else as its ARM caller. A clusterToken that
   * is not a valid token for that audience goes into the kubeconfig as it is: the API server refuses
   * it, and kubectl's "You must be logged in to the server" is in the logs.
   */
  function kubeconfigFor(ctx: RequestContext, c: ClusterRecord, clusterToken: string | undefined): string {
    const server = `${deps.selfUrl!()}/_aksemu/kubernetes/${apiServerFqdn(c)}`;
    const subject = clusterToken === undefined ? ctx.principal : deps.readKubeToken?.(clusterToken);
    const token = subject ? deps.issueKubeToken({ objectId: subject.objectId, clientId: subject.clientId, tenantId: subject.tenantId, origin: deps.selfUrl!(), issuedAt: c.systemData.createdAt, uti: runCommandUti(c.uid) }) : clusterToken!;
    return [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `- name: ${c.name}`,
      "  cluster:",
      `    server: ${server}`,
      `    certificate-authority-data: ${Buffer.from(deps.caCertPem).toString("base64")}`,
      "users:",
      "- name: command",
      "  user:",
      `    token: ${token}`,
      "contexts:",
      `- name: ${c.name}`,
      "  context:",
      `    cluster: ${c.name}`,
      "    user: command",
      `current-context: ${c.name}`,
      "",
    ].join("\n");
  }

  const save = (r: CommandRecord) => deps.engine.commit({ meta: [[commandKey(r.clusterKey, r.id), r]] });

  /** The command has ended: its result, and its pod's final phase. */
  function finish(facts: KubeClusterFacts, r: CommandRecord, run: SandboxRun): void {
    const now = deps.clock.now();
    const ended: CommandRecord =
      "missing" in run
        ? { ...r, state: "Failed", finishedAt: now, reason: run.missing }
        : run.timedOut
          ? { ...r, state: "Failed", finishedAt: now, exitCode: run.exitCode, logs: run.logs, reason: "CommandTimeout: the command did not finish within 60 seconds" }
          : { ...r, state: "Succeeded", finishedAt: now, exitCode: run.exitCode, logs: run.truncated ? `${run.logs}\n[aksemu: output truncated at 524288 bytes]` : run.logs };
    save(ended);
    try {
      system(facts, "PATCH", `${POD_PATH}/${podName(r.id)}/status`, { status: finishedPodStatus(ended, podName(r.id)) }, "application/merge-patch+json");
    } catch (err) {
      // The pod may be gone (deleted by a user, the cluster stopped): the result stands.
      if (!(err instanceof KubeError)) throw err;
    }
  }

  const invoke = async (ctx: RequestContext): Promise<Reply> => {
    const path = clusterPath(ctx);
    const c = requireCluster(store, path);
    const { command, line, files, clusterToken } = requestOf(ctx);
    const facts = clusters.find(apiServerFqdn(c));
    if (!deps.kube || !deps.selfUrl || !facts) throw aksError("kubernetesFailure", { details: "the cluster's Kubernetes API is not served by this emulator" });
    // A stopped cluster has no API server to create the pod on (no real sample of this refusal).
    if (!facts.reachable) throw aksError("kubernetesFailure", { details: `Get "https://${facts.fqdn}:443/api/v1/namespaces/${COMMAND_NAMESPACE}": dial tcp: lookup ${facts.fqdn}: no such host` });
    const id = commandIdFrom(deps.newId());
    try {
      if (!exists(() => system(facts, "GET", `/api/v1/namespaces/${COMMAND_NAMESPACE}`))) system(facts, "POST", "/api/v1/namespaces", commandNamespace());
      system(facts, "POST", POD_PATH, commandPod(id, command));
    } catch (err) {
      if (err instanceof KubeError) throw aksError("kubernetesFailure", { details: err.message });
      throw err;
    }
    const createdAt = ctx.now;
    const deadline = createdAt + START_TIMEOUT_MS;
    const started = await waitInVirtualTime({
      probe: () => {
        deps.engine.catchUp();
        const again = clusters.find(facts.fqdn);
        return again?.reachable && podStarted(getPod(again, id)) ? again : undefined;
      },
      now: () => deps.clock.now(),
      deadline,
      // An instant clock jumps to the work it knows of: the pod's deadline is such work.
      ...(deps.clock.mode === "instant" ? { onIdle: () => deps.clock.advanceTo(deadline) } : {}),
    });
    if (!started) {
      deps.engine.commit({ meta: [[commandKey(path.key, id), { kind: "runCommandUnstarted", id, clusterUid: c.uid, createdAt } satisfies UnstartedCommand]] });
      throw aksError("kubernetesPerformance", { pod: podName(id) });
    }
    const record: CommandRecord = { kind: "runCommand", id, clusterKey: path.key, clusterUid: c.uid, command, state: "Running", createdAt, startedAt: deps.clock.now() };
    save(record);
    const kubeconfig = kubeconfigFor(ctx, c, clusterToken);
    void runInSandbox({ line, files, kubeconfig }).then((run) => finish(started, record, run));
    return { status: 202, headers: { Location: resultUrl(ctx, path.id, id), "Retry-After": "1" } };
  };

  const result = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const c = requireCluster(store, path);
    const id = ctx.params["commandId"]!;
    const r = store.get<CommandRecord | UnstartedCommand>("meta", commandKey(path.key, id));
    // Its pod never ran: AKS has no result for it, and answers a bare 404.
    if (r?.kind === "runCommandUnstarted" && r.clusterUid === c.uid) return { status: 404 };
    if (!r || r.kind !== "runCommand" || r.clusterUid !== c.uid) throw aksError("childNotFound", { what: `Command '${id}' was not found in managed cluster '${c.name}'.` });
    if (r.state === "Running") return { status: 202, headers: { Location: resultUrl(ctx, path.id, r.id), "Retry-After": "1" } };
    return { status: 200, body: commandResult(r) };
  };

  return { invoke, result };
}

/** A read's reply, or undefined for a 404. */
function exists(read: () => KubeReply): KubeReply | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return undefined;
    throw err;
  }
}

const resultUrl = (ctx: RequestContext, clusterId: string, id: string) => `${ctx.origin}${clusterId}/commandResults/${id}?api-version=${encodeURIComponent(ctx.apiVersion)}`;
