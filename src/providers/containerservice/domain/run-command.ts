// Run command (ManagedClusters_RunCommand / GetCommandResult): the command's record, the pod AKS
// creates for it in the cluster (`command-<ID>` in `aks-command`) and the result's wire form. Pure.
//
// provisioningState: the spec's examples write "succeeded"/"failed", but real AKS answers
// "Succeeded"/"Failed": az 2.45's `_print_command_result` compares with "Succeeded" and real output
// is "command started at ..., finished at ... with exitcode=1" (Azure/azure-cli#23808), which only
// that branch prints. aksemu answers as real AKS does.
import { rfc3339Seconds as isoSeconds } from "./time-format.js";

export const COMMAND_NAMESPACE = "aks-command";

/** A pod that has not started within this (virtual) time fails the request (seed 003, cause 1). */
export const START_TIMEOUT_MS = 30_000;

export type CommandState = "Running" | "Succeeded" | "Failed";

/**
 * A command whose pod did not start in time (cause 1): no result was ever written, so its result
 * is a 404 with no error body, which az prints as "Operation returned an invalid status 'Not Found'"
 * (seed 003's symptom, ERROR-TEXTS.md §14). Kept apart from the records of commands that ran.
 */
export type UnstartedCommand = { kind: "runCommandUnstarted"; id: string; clusterUid: string; createdAt: number };

/** One command, kept in the store's meta collection under its cluster. */
export type CommandRecord = {
  kind: "runCommand";
  id: string;
  clusterKey: string;
  clusterUid: string;
  command: string;
  state: CommandState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  logs?: string;
  reason?: string;
};

export const commandKey = (clusterKey: string, id: string) => `runcommand:${clusterKey}/${id.toLowerCase()}`;

export const podName = (id: string) => `command-${id}`;

/**
 * The `uti` claim of the kubeconfig token a command's kubectl gets: it names the cluster and marks the
 * caller as run command's pod, inside the cluster's network (a private cluster's API lets it in).
 */
export const runCommandUti = (clusterUid: string) => `${clusterUid}-runcommand`;

/** A command id: 32 lower-case hex digits, as AKS's (RunCommandRequest example: def7b3ea71bd4f7e9d226ddbc0f00ad9). */
export const commandIdFrom = (uuid: string) => uuid.replace(/-/g, "").toLowerCase();

// The run command pod's image (not taken from a real pod manifest: no public sample was found).
export const COMMAND_IMAGE = "mcr.microsoft.com/aks/command/runtime:master";

/** The namespace AKS creates on first use. */
export function commandNamespace(): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: COMMAND_NAMESPACE } };
}

/** The command's pod: one container, never restarted, with the requests the scheduler must place. */
export function commandPod(id: string, command: string): Record<string, unknown> {
  const name = podName(id);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: COMMAND_NAMESPACE, labels: { app: "aks-command", "aks-command-id": id } },
    spec: {
      restartPolicy: "Never",
      nodeSelector: { "kubernetes.io/os": "linux" },
      containers: [
        {
          name,
          image: COMMAND_IMAGE,
          command: ["/bin/sh", "-c", command],
          resources: { requests: { cpu: "200m", memory: "500Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
          workingDir: "/mnt/command",
        },
      ],
    },
  };
}

/** Whether the pod has started: scheduled (spec.nodeName) and Running (or already finished). */
export function podStarted(pod: Record<string, unknown> | undefined): boolean {
  if (!pod) return false;
  const spec = pod["spec"] as Record<string, unknown> | undefined;
  const status = pod["status"] as Record<string, unknown> | undefined;
  const phase = status?.["phase"];
  return typeof spec?.["nodeName"] === "string" && spec["nodeName"] !== "" && (phase === "Running" || phase === "Succeeded" || phase === "Failed");
}

/** The pod's status once the command has ended: Succeeded on exit 0, else Failed, with the container's termination. */
export function finishedPodStatus(r: CommandRecord, containerName: string): Record<string, unknown> {
  const finished = isoSeconds(r.finishedAt ?? r.createdAt);
  const started = isoSeconds(r.startedAt ?? r.createdAt);
  const ok = r.state === "Succeeded" && r.exitCode === 0;
  return {
    phase: ok ? "Succeeded" : "Failed",
    containerStatuses: [
      {
        name: containerName,
        image: COMMAND_IMAGE,
        imageID: "",
        ready: false,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode: r.exitCode ?? 1, reason: ok ? "Completed" : "Error", startedAt: started, finishedAt: finished } },
      },
    ],
  };
}

/** RunCommandResult as the spec's examples show it (key order of RunCommandResultSucceed.json). */
export function commandResult(r: CommandRecord): Record<string, unknown> {
  const properties: Record<string, unknown> =
    r.state === "Failed"
      ? { provisioningState: "Failed", ...(r.reason !== undefined ? { reason: r.reason } : {}) }
      : {
          ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
          ...(r.finishedAt !== undefined ? { finishedAt: isoSeconds(r.finishedAt) } : {}),
          ...(r.logs !== undefined ? { logs: r.logs } : {}),
          provisioningState: r.state,
          ...(r.startedAt !== undefined ? { startedAt: isoSeconds(r.startedAt) } : {}),
        };
  return { id: r.id, properties };
}
