// AKS's detectors (providers/detector.ts) over its own records: seed 002's Provisioning State
// Check (the cluster and every pool, with the error of the last failed operation), a cluster or
// node pool in a failed state (Scenarios 1 and 3), and the "Infrastructure issues" row
// (ReconcileVMSSAgentPoolFailed: reconcile each pool, then the cluster).
import {
  currentFailures,
  isoTime,
  lastFailed,
  operationEvidence,
  reconcileCommand,
  type Detector,
  type DetectorCluster,
  type DetectorInput,
  type DetectorStatus,
  type Finding,
  type Remedy,
} from "../detector.js";
import { AKS_ERRORS } from "./errors.js";
import { kubeSystemPods } from "./kube-system-detector.js";

const SCENARIO_1 = { symptom: "Scenario 1: Cluster is in a failed state", text: "To resolve this issue, get the operation that causes the failure and figure out the error." };
const SCENARIO_3 = {
  symptom: "Scenario 3: Node pool is in a failed state",
  text: "This issue can happen when the VM scale set or availability set that backs the node pool encounters an error during provisioning, scaling, or updating.",
};

const TRANSITIONAL = new Set(["Creating", "Updating", "Upgrading", "Scaling", "Deleting", "Starting", "Stopping", "Canceling"]);

function stateStatus(provisioningState: string): DetectorStatus {
  if (provisioningState === "Failed") return "Critical";
  if (provisioningState === "Canceled") return "Warning";
  return TRANSITIONAL.has(provisioningState) ? "Info" : "Success";
}

/** Seed 002, Scenario 1: the activity log names the failure; then reconcile. */
const clusterRemedy = (c: DetectorCluster): Remedy => ({
  title: "Find the failed operation's error, fix its cause, then reconcile the cluster",
  text: "Examine the activity log to identify the root cause of the failure (the error code and message are in `statusMessage`), fix the cause its error names, then reconcile: AKS brings the cluster back to its desired state.",
  commands: [`az monitor activity-log list --resource-id ${c.id} --status Failed`, `az aks operation show-latest -g ${c.resourceGroup} -n ${c.name}`, reconcileCommand(c.id)],
});

/** Seed 002, Scenario 3's steps for a pool: its state, its VMs, the quota; then reconcile. */
const poolRemedy = (c: DetectorCluster, pool: DetectorCluster["pools"][number]): Remedy => {
  const set = pool.fleet.split("/").pop()!;
  const vms =
    pool.vmSetType === "AvailabilitySet"
      ? [`az vm availability-set show -g ${c.nodeResourceGroup} -n ${set}`, `az vm list -g ${c.nodeResourceGroup} -d -o table`]
      : [`az vmss show -g ${c.nodeResourceGroup} -n ${set}`, `az vmss list-instances -g ${c.nodeResourceGroup} -n ${set} -o table`];
  return {
    title: "Check the node pool, its VMs, quota and guard rails, then reconcile",
    text: "Check the status of the node pool and of the VM scale set or availability set behind it, the quota and capacity of the region, and the policy, role assignments and locks around it; fix what the error names, then reconcile.",
    commands: [`az aks nodepool show -g ${c.resourceGroup} --cluster-name ${c.name} -n ${pool.name}`, ...vms, `az vm list-usage --location ${c.location} -o table`, `az aks nodepool update -g ${c.resourceGroup} --cluster-name ${c.name} -n ${pool.name}`, reconcileCommand(c.id)],
  };
};

/** One subject (the cluster, "", or a pool) as the Provisioning State Check shows it. */
function subjectFinding(input: DetectorInput, subject: string): Finding {
  const c = input.cluster;
  const pool = subject === "" ? undefined : c.pools.find((p) => p.name === subject)!;
  const state = pool ? pool.provisioningState : c.provisioningState;
  const power = pool ? pool.powerState : c.powerState;
  const status = stateStatus(state);
  const failed = lastFailed(input, subject);
  const what = pool ? `Agent pool '${pool.name}'` : `Managed cluster '${c.name}'`;
  const evidence: [string, string][] = [
    ["Resource", pool ? pool.id : c.id],
    ["Provisioning state", state],
    ["Power state", power],
    ...(pool ? ([["VM size", pool.vmSize], ["Node count", String(pool.count)], ["Orchestrator version", pool.orchestratorVersion]] as [string, string][]) : ([["Kubernetes version", c.kubernetesVersion]] as [string, string][])),
    ...(failed ? ([["Last failed operation", `${failed.operationType} ${failed.id}`], ["Failed at", isoTime(failed.endTime!)], ["Error code", failed.error?.code ?? "Failed"], ["Error message", failed.error?.message ?? ""]] as [string, string][]) : []),
  ];
  return {
    status,
    message: `${what} has a provisioning state of '${state}' (power state '${power}').`,
    ...(state === "Failed" ? { cause: pool ? SCENARIO_3 : SCENARIO_1, remedy: pool ? poolRemedy(c, pool) : clusterRemedy(c) } : {}),
    evidence,
  };
}

const provisioningStateCheck: Detector = {
  id: "provisioning-state-check",
  name: "Provisioning State Check",
  category: "Cluster Issues",
  description: "Shows the provisioning state and power state of the cluster and of each agent pool, with the error of the last failed operation in the time range (seed 002).",
  rank: 0,
  healthy: "The cluster and all of its agent pools have a provisioning state of 'Succeeded'.",
  evaluate: (input) => ["", ...input.cluster.pools.map((p) => p.name)].map((s) => subjectFinding(input, s)),
};

const failedState: Detector = {
  id: "cluster-failed-state",
  name: "Cluster or Node Pool in a Failed State",
  category: "Cluster Issues",
  description: "Checks whether the cluster or one of its node pools is in a failed state, and names the operation and error that left it there (seed 002, Scenarios 1 and 3).",
  rank: 10,
  healthy: "Neither the cluster nor any of its agent pools is in a failed state.",
  evaluate(input) {
    const c = input.cluster;
    const out: Finding[] = [];
    const add = (subject: string, what: string, cause: Finding["cause"], remedy: Remedy, id: string) => {
      const op = lastFailed(input, subject) ?? lastFailed({ ...input, window: { start: 0, end: input.now } }, subject);
      out.push({
        status: "Critical",
        message: `${what} is in a failed state${op ? `: ${op.operationType} failed with ${op.error?.code ?? "an error"}` : ""}.`,
        ...(cause ? { cause } : {}),
        remedy,
        evidence: [["Resource", id], ...(op ? operationEvidence(op, op.error ?? { code: "Failed", message: "" }) : [])],
      });
    };
    if (c.provisioningState === "Failed") add("", `Managed cluster '${c.name}'`, SCENARIO_1, clusterRemedy(c), c.id);
    for (const p of c.pools) if (p.provisioningState === "Failed") add(p.name, `Agent pool '${p.name}'`, SCENARIO_3, poolRemedy(c, p), p.id);
    return out;
  },
};

// AKS's text for an internal failure (Azure/AKS#4975), from its catalog.
const INFRASTRUCTURE_CODES = [AKS_ERRORS["reconcileVmssAgentPoolFailed"].code];

const infrastructureIssues: Detector = {
  id: "infrastructure-issues",
  name: "Infrastructure Issues",
  category: "Cluster Issues",
  description: "Checks for operations that failed because of an internal issue of the platform (ReconcileVMSSAgentPoolFailed), which a reconciliation of each agent pool and of the cluster resolves (seed 002).",
  rank: 70,
  healthy: "No operation failed because of an infrastructure issue.",
  evaluate(input) {
    const c = input.cluster;
    return currentFailures(input)
      .filter((f) => INFRASTRUCTURE_CODES.includes(f.error.code))
      .map((f) => ({
        status: "Critical" as const,
        message: `${f.op.operationType} failed with ${f.error.code} (${f.error.message}): an internal issue, not a setting of yours.`,
        cause: { symptom: "Infrastructure issues", text: "The operation can't update the cluster because of an internal issue with the Azure Resource Manager (ARM) service that manages resources in Azure." },
        remedy: {
          title: "Reconcile each agent pool, then the cluster",
          text: "Do an agent pool reconciliation for each node pool and a reconciliation for the managed cluster using the Azure CLI or Azure PowerShell.",
          commands: [...c.pools.map((p) => `az aks nodepool update -g ${c.resourceGroup} --cluster-name ${c.name} -n ${p.name}`), reconcileCommand(c.id)],
        },
        evidence: [["Left failed", f.subjects.join(", ")], ...operationEvidence(f.op, f.error)],
      }));
  },
};

export const AKS_DETECTORS: readonly Detector[] = [provisioningStateCheck, failedState, infrastructureIssues, kubeSystemPods];
