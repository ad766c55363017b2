// AKS's scenarios made of objects inside the cluster, written through its Kubernetes API (the
// control layer applies `kube` writes as the emulator itself): seed 003's cause 1, the command pod
// that cannot be scheduled (a taint on every node), and seed 002's "PDB problems" row, a PDB that
// allows no disruption over a workload on a pool's nodes, which fails the next drain.
import { badRequest, poolNamed, poolNotFound, RECONCILE, SEED_OTHER, SEED_RUN_COMMAND, type Scenario, type ScenarioOutcome } from "../scenario.js";
import { COMMAND_NAMESPACE } from "./domain/run-command.js";

/** A taint AKS users put on system pools (`--node-taints CriticalAddonsOnly=true:NoSchedule`); the command pod does not tolerate it. */
export const BLOCKING_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" } as const;

const commandPodCannotStart: Scenario = {
  name: "run-command-pod-cannot-start",
  scope: "cluster",
  rank: 130,
  seed: { section: SEED_RUN_COMMAND, symptom: "Operation returned an invalid status 'Not Found'", cause: "Cause 1: The pod can't be created because of node or resource constraints" },
  sets: `every node of the cluster tainted ${BLOCKING_TAINT.key}=${BLOCKING_TAINT.value}:${BLOCKING_TAINT.effect} through its Kubernetes API (kubectl taint nodes --all): the command pod tolerates no such taint`,
  sees: {
    where: `az aks command invoke: the pod command-<ID> stays Pending in ${COMMAND_NAMESPACE} (FailedScheduling); 30 s (virtual) later the POST fails (400); az aks command result <ID> is Not Found`,
    code: "KubernetesPerformanceError",
  },
  remedy: [
    `kubectl taint nodes --all ${BLOCKING_TAINT.key}=${BLOCKING_TAINT.value}:${BLOCKING_TAINT.effect}-   (admin kubeconfig: az aks get-credentials --admin)`,
    "or add a pool whose nodes have no such taint: az aks nodepool add -g <rg> --cluster-name <cluster> -n <pool>",
    "then az aks command invoke again → the command runs",
  ],
  apply(_read, t): ScenarioOutcome {
    const cluster = t.cluster!;
    return {
      kube: [{ patchEach: "/api/v1/nodes", patch: { spec: { taints: [{ ...BLOCKING_TAINT }] } } }],
      applied: { resourceId: cluster.id, taint: `${BLOCKING_TAINT.key}=${BLOCKING_TAINT.value}:${BLOCKING_TAINT.effect}`, nodes: "every node the cluster has now" },
    };
  },
};

export const PDB_DEMO = "pdb-demo";

const pdbBlocksDrain: Scenario = {
  name: "pdb-blocks-drain",
  scope: "cluster",
  rank: 96,
  showsPool: true,
  seed: { section: SEED_OTHER, symptom: "PDB problems", cause: "The operation can't update the cluster because a PDB stopped the removal of one or more pods." },
  sets: `in namespace default, a Deployment '${PDB_DEMO}' with one replica per node of the pool (\`pool\`, default the first; nodeSelector kubernetes.azure.com/agentpool, spread one per node by the scheduler) and a PodDisruptionBudget '${PDB_DEMO}' with minAvailable equal to its replicas, through the cluster's Kubernetes API`,
  sees: {
    where: "the next operation that drains the pool's nodes (az aks upgrade, az aks nodepool upgrade, a scale-in, deleteMachines, the pool's delete) retries the eviction, then fails after upgradeSettings.drainTimeoutInMinutes (30 when unset) of virtual time; the pool and the cluster Failed, the node cordoned",
    code: "UpgradeFailed",
  },
  remedy: [
    `kubectl delete pdb ${PDB_DEMO} -n default   (kubectl get pdb ${PDB_DEMO} -o yaml > pdb.yaml first)`,
    `${RECONCILE}   (or the same operation again: az aks nodepool upgrade / scale)`,
    "kubectl apply -f pdb.yaml   (the PDB back)",
  ],
  apply(_read, t): ScenarioOutcome {
    const cluster = t.cluster!;
    const pool = t.pool !== undefined ? poolNamed(cluster, t.pool) : cluster.pools[0];
    if (!pool) return t.pool !== undefined ? poolNotFound(cluster, t.pool) : badRequest(`'pdb-blocks-drain' needs an agent pool: managed cluster '${cluster.name}' has none.`);
    const replicas = Math.max(1, pool.count ?? 1);
    const labels = { app: PDB_DEMO };
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: PDB_DEMO, namespace: "default", labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: { "kubernetes.azure.com/agentpool": pool.name },
            containers: [{ name: "web", image: "mcr.microsoft.com/azuredocs/aks-helloworld:v1", resources: { requests: { cpu: "10m", memory: "16Mi" } } }],
          },
        },
      },
    };
    const pdb = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: PDB_DEMO, namespace: "default" }, spec: { minAvailable: replicas, selector: { matchLabels: labels } } };
    return {
      kube: [
        { path: `/apis/apps/v1/namespaces/default/deployments/${PDB_DEMO}`, apply: deployment },
        { path: `/apis/policy/v1/namespaces/default/poddisruptionbudgets/${PDB_DEMO}`, apply: pdb },
      ],
      applied: { resourceId: cluster.id, pool: pool.name, namespace: "default", deployment: PDB_DEMO, replicas, podDisruptionBudget: PDB_DEMO, minAvailable: replicas },
    };
  },
};

/** A taint AKS's system Deployments do not tolerate; NoExecute evicts their running pods, whose replacements stay Pending (the daemons tolerate every taint). */
export const SYSTEM_EVICTING_TAINT = { key: "dedicated", value: "batch", effect: "NoExecute" } as const;

const kubeSystemPodsPending: Scenario = {
  name: "kube-system-pods-pending",
  scope: "cluster",
  rank: 97,
  seed: { section: "Common causes", symptom: "The kube-system pods are not running", cause: "Workload issues" },
  sets: `every node of the cluster tainted ${SYSTEM_EVICTING_TAINT.key}=${SYSTEM_EVICTING_TAINT.value}:${SYSTEM_EVICTING_TAINT.effect} through its Kubernetes API (kubectl taint nodes --all): coredns, coredns-autoscaler, metrics-server and konnectivity-agent tolerate no such taint, so the taint manager evicts their pods and the replacements stay Pending (FailedScheduling)`,
  sees: {
    where: "kubectl get pods -n kube-system: those pods Pending; kubectl describe pod: the FailedScheduling event (0/N nodes are available: N node(s) had untolerated taint {dedicated: batch}...); the kube-system-pods detector Critical",
    code: "FailedScheduling",
  },
  remedy: [
    `kubectl taint nodes --all ${SYSTEM_EVICTING_TAINT.key}=${SYSTEM_EVICTING_TAINT.value}:${SYSTEM_EVICTING_TAINT.effect}-   (admin kubeconfig: az aks get-credentials --admin)`,
    "then the pods are scheduled and start (kubectl get pods -n kube-system: Running)",
  ],
  apply(_read, t): ScenarioOutcome {
    const cluster = t.cluster!;
    return {
      kube: [{ patchEach: "/api/v1/nodes", patch: { spec: { taints: [{ ...SYSTEM_EVICTING_TAINT }] } } }],
      applied: { resourceId: cluster.id, taint: `${SYSTEM_EVICTING_TAINT.key}=${SYSTEM_EVICTING_TAINT.value}:${SYSTEM_EVICTING_TAINT.effect}`, nodes: "every node the cluster has now" },
    };
  },
};

export const AKS_KUBE_SCENARIOS: readonly Scenario[] = [commandPodCannotStart, pdbBlocksDrain, kubeSystemPodsPending];
