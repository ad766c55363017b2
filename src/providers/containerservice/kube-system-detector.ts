// Seed 002's "Workload issues: The kube-system pods are not running" as a detector: AKS's system
// workloads (coredns, metrics-server, konnectivity-agent, the node daemons) read from the cluster's
// own Kubernetes API (DetectorInput.kubernetes), each pod not Running and Ready named with the
// cause the scheduler recorded (its FailedScheduling message: untolerated taints, cordoned nodes,
// insufficient cpu or memory) and the remedy for that cause. Critical when a workload has no
// ready pod at all, Warning when it runs short. Pure.
import type { Detector, DetectorCluster, Finding, Remedy } from "../detector.js";

type O = Readonly<Record<string, unknown>>;
const obj = (v: unknown): O => (v && typeof v === "object" && !Array.isArray(v) ? (v as O) : {});
const arr = (v: unknown): O[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown) => (typeof v === "string" ? v : "");

const NS = "kube-system";
const CAUSE = { symptom: "The kube-system pods are not running", text: "Workload issues (seed 002's common causes of a failed cluster or node pool)" };

const ready = (pod: O) => str(obj(pod["status"])["phase"]) === "Running" && arr(obj(pod["status"])["conditions"]).some((c) => c["type"] === "Ready" && c["status"] === "True");

/** The workload a pod belongs to: its DaemonSet, or the Deployment of its ReplicaSet (the name without the template hash). */
function workloadOf(pod: O): string {
  const owner = arr(obj(pod["metadata"])["ownerReferences"]).find((r) => r["controller"] === true) ?? arr(obj(pod["metadata"])["ownerReferences"])[0];
  if (!owner) return str(obj(pod["metadata"])["name"]);
  const name = str(owner["name"]);
  return owner["kind"] === "ReplicaSet" ? name.replace(/-[a-z0-9]{5,10}$/, "") : name;
}

/** Why a pod is not running: the scheduler's last word on it, else its phase and container state. */
function whyNot(pod: O, events: readonly O[]): string {
  const name = str(obj(pod["metadata"])["name"]);
  const failed = events
    .filter((e) => e["reason"] === "FailedScheduling" && str(obj(e["involvedObject"])["name"]) === name)
    .sort((a, b) => str(a["lastTimestamp"]).localeCompare(str(b["lastTimestamp"])))
    .pop();
  if (failed) return `FailedScheduling: ${str(failed["message"])}`;
  const scheduled = arr(obj(pod["status"])["conditions"]).find((c) => c["type"] === "PodScheduled" && c["status"] === "False");
  if (scheduled) return `${str(scheduled["reason"]) || "Unschedulable"}: ${str(scheduled["message"])}`;
  const waiting = arr(obj(pod["status"])["containerStatuses"]).map((c) => obj(obj(c["state"])["waiting"])).find((w) => str(w["reason"]) !== "");
  return waiting ? `${str(waiting["reason"])}${waiting["message"] ? `: ${str(waiting["message"])}` : ""}` : `phase ${str(obj(pod["status"])["phase"]) || "Pending"}, not ready`;
}

/** The taints the scheduler names (`{key: value}`), the cordoned nodes, and whether resources ran short. */
function causes(reasons: readonly string[], nodes: readonly O[]) {
  const taints = new Set<string>();
  for (const r of reasons) for (const m of r.matchAll(/untolerated taint \{([^:}]+): ?([^}]*)\}/g)) taints.add(`${m[1]}${m[2] ? `=${m[2]}` : ""}`);
  const cordoned = reasons.some((r) => /were unschedulable/.test(r)) ? nodes.filter((n) => obj(n["spec"])["unschedulable"] === true).map((n) => str(obj(n["metadata"])["name"])) : [];
  const short = [...new Set(reasons.flatMap((r) => [...r.matchAll(/Insufficient (\w[\w./-]*)/g)].map((m) => m[1]!)))];
  return { taints: [...taints], cordoned, short };
}

function remedy(c: DetectorCluster, found: ReturnType<typeof causes>, nodes: readonly O[]): Remedy {
  const commands = [`kubectl get pods -n ${NS} -o wide`, `kubectl describe pod <pod> -n ${NS}`, `kubectl get events -n ${NS} --field-selector reason=FailedScheduling`];
  for (const t of found.taints) {
    const key = t.split("=")[0]!;
    const effects = new Set(nodes.flatMap((n) => arr(obj(n["spec"])["taints"])).filter((x) => x["key"] === key).map((x) => str(x["effect"])));
    for (const e of effects.size > 0 ? effects : new Set(["NoSchedule"])) commands.push(`kubectl taint nodes --all ${t}:${e}-`);
  }
  for (const n of found.cordoned) commands.push(`kubectl uncordon ${n}`);
  if (found.short.length > 0) {
    const system = c.pools.find((p) => p.mode === "System") ?? c.pools[0];
    if (system) commands.push(`az aks nodepool scale -g ${c.resourceGroup} --cluster-name ${c.name} -n ${system.name} --node-count ${system.count + 1}`);
  }
  return {
    title: "Let the system pods be scheduled and run",
    text:
      "View the pods in the kube-system namespace (`kubectl get pods -n kube-system`) and the events of those not running. " +
      "Remove taints the system pods do not tolerate, uncordon the nodes, or add capacity (scale the system node pool) as the scheduler's message says; the pods then start.",
    commands,
  };
}

export const kubeSystemPods: Detector = {
  id: "kube-system-pods",
  name: "Kube-system Pods Not Running",
  category: "Cluster Issues",
  description: "Checks that AKS's system pods in kube-system (coredns, metrics-server, konnectivity-agent, the node daemons) are running and ready, and names what the scheduler says keeps them pending (seed 002: the kube-system pods are not running).",
  rank: 97,
  healthy: "Every kube-system pod is running and ready.",
  evaluate(input): Finding[] {
    const kube = input.kubernetes;
    if (!kube) return [{ status: "Info", message: `The cluster's API server does not answer (power state ${input.cluster.powerState}): its kube-system pods are not judged.` }];
    const pods = kube.list(`/api/v1/namespaces/${NS}/pods`).filter((p) => obj(obj(p["metadata"])["labels"])["kubernetes.azure.com/managedby"] === "aks" && str(obj(p["status"])["phase"]) !== "Succeeded");
    const down = pods.filter((p) => !ready(p));
    if (down.length === 0) return [];
    const events = kube.list(`/api/v1/namespaces/${NS}/events`);
    const nodes = kube.list("/api/v1/nodes");
    const byWorkload = new Map<string, { all: number; down: O[] }>();
    for (const p of pods) {
      const w = byWorkload.get(workloadOf(p)) ?? { all: 0, down: [] };
      w.all += 1;
      if (!ready(p)) w.down.push(p);
      byWorkload.set(workloadOf(p), w);
    }
    const affected = [...byWorkload].filter(([, w]) => w.down.length > 0);
    const none = affected.filter(([, w]) => w.down.length === w.all).map(([n]) => n);
    const reasons = down.map((p) => whyNot(p, events));
    const found = causes(reasons, nodes);
    const evidence: [string, string][] = [["Workloads affected", affected.map(([n, w]) => `${n} (${w.all - w.down.length}/${w.all} ready)`).join(", ")]];
    down.forEach((p, i) => evidence.push([`Pod ${str(obj(p["metadata"])["name"])}`, `${str(obj(p["status"])["phase"]) || "Pending"}; ${reasons[i]}`]));
    if (found.taints.length > 0) evidence.push(["Untolerated taints", found.taints.join(", ")]);
    if (found.cordoned.length > 0) evidence.push(["Cordoned nodes", found.cordoned.join(", ")]);
    if (found.short.length > 0) evidence.push(["Insufficient", found.short.join(", ")]);
    return [
      {
        status: none.length > 0 ? "Critical" : "Warning",
        message: `${down.length} of ${pods.length} kube-system pods are not running${none.length > 0 ? `; no ready pod at all for ${none.join(", ")}` : ""}.`,
        cause: CAUSE,
        remedy: remedy(input.cluster, found, nodes),
        evidence,
      },
    ];
  },
};
