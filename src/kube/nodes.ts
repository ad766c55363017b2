// Node objects mirror the provider's nodes: created as nodes join, deleted as they leave, their
// provider-kept fields (labels the provider sets, conditions, versions, capacity) refreshed, while
// what users changed through the API (cordon, their labels and taints) stays. Mirrored when the
// provider's node revision changes, on the next request to the cluster (or a watch's poll), so
// Nodes are ordinary stored objects: resourceVersions, watches and patches work as for any other.
import type { KubeClusterFacts, KubeNodeFacts, KubeTaint } from "./clusters.js";
import { isObj, jsonEqual, kubeTime, meta, type Obj } from "./objects.js";
import type { World, WorldWrite } from "./world.js";

export const NODES = "/nodes";

function conditions(f: KubeNodeFacts): Obj[] {
  const t = kubeTime(f.createdAt);
  const c = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: t, lastTransitionTime: t, reason, message });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    f.ready ? c("Ready", "True", "KubeletReady", "kubelet is posting ready status") : c("Ready", "False", "KubeletNotReady", "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"),
  ];
}

const taintId = (t: KubeTaint) => `${t.key}:${t.effect}`;

/** The Node for `f`, keeping from `existing` what users set through the API. */
export function nodeObject(f: KubeNodeFacts, existing: Obj | undefined, uid: string, providerCordoned: boolean): Obj {
  const oldMeta = existing ? meta(existing) : {};
  const oldSpec = existing && isObj(existing["spec"]) ? existing["spec"] : {};
  const labels = { ...(isObj(oldMeta["labels"]) ? (oldMeta["labels"] as Record<string, string>) : {}), ...f.labels };
  const userTaints = Array.isArray(oldSpec["taints"]) ? (oldSpec["taints"] as KubeTaint[]) : [];
  const taints = [...f.taints.map((t) => ({ ...t }))];
  for (const t of userTaints) if (!taints.some((x) => taintId(x) === taintId(t))) taints.push(t);
  // A cordon the provider made ends with it; one a user made stays.
  const userCordon = oldSpec["unschedulable"] === true && !providerCordoned;
  const unschedulable = f.unschedulable || userCordon;
  const spec: Obj = { ...oldSpec, providerID: f.providerID };
  if (taints.length > 0) spec["taints"] = taints;
  else delete spec["taints"];
  if (unschedulable) spec["unschedulable"] = true;
  else delete spec["unschedulable"];
  return {
    kind: "Node",
    apiVersion: "v1",
    metadata: {
      ...oldMeta,
      name: f.name,
      uid: oldMeta["uid"] ?? uid,
      creationTimestamp: oldMeta["creationTimestamp"] ?? kubeTime(f.createdAt),
      labels,
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true", ...(isObj(oldMeta["annotations"]) ? oldMeta["annotations"] : {}) },
    },
    spec,
    status: {
      capacity: f.capacity,
      allocatable: f.allocatable,
      conditions: conditions(f),
      addresses: [
        { type: "InternalIP", address: f.internalIP },
        { type: "Hostname", address: f.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: f.nodeInfo,
    },
  };
}

const withoutVersion = (o: Obj): Obj => ({ ...o, metadata: { ...meta(o), resourceVersion: undefined } });

/**
 * Brings the world's Node objects to the provider's nodes, in one durable write; a cluster whose
 * node revision did not change since the last call costs a string comparison.
 */
export function mirrorNodes(world: World, cluster: KubeClusterFacts, newId: () => string, providerCordons: Map<string, boolean>): void {
  if (world.nodeRevision === cluster.nodeRevision) return;
  const facts = cluster.nodes();
  const wanted = new Map(facts.map((f) => [f.name, f]));
  const writes: WorldWrite[] = [];
  for (const existing of [...world.list(NODES)]) {
    const name = String(meta(existing)["name"]);
    if (!wanted.has(name)) {
      writes.push({ type: NODES, object: existing, delete: true });
      providerCordons.delete(name);
    }
  }
  for (const f of facts) {
    const existing = world.get(NODES, "", f.name);
    const next = nodeObject(f, existing, existing ? "" : newId(), providerCordons.get(f.name) === true);
    providerCordons.set(f.name, f.unschedulable);
    if (existing && jsonEqual(withoutVersion(existing), withoutVersion(next))) continue;
    writes.push({ type: NODES, object: next });
  }
  world.write(writes);
  world.nodeRevision = cluster.nodeRevision;
}
