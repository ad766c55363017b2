// A cluster's world on its first request: the four namespaces, each with its `default` service
// account, and the `kubernetes` service (AKS's default service CIDR 10.0.0.0/16 gives it 10.0.0.1).
import { kubeTime, type Obj } from "./objects.js";
import type { WorldWrite } from "./world.js";

export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"] as const;

/** The namespaces the apiserver refuses to delete. */
export const IMMORTAL_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

export function bootstrapObjects(createdAt: number, newId: () => string): WorldWrite[] {
  const t = kubeTime(createdAt);
  const m = (name: string, namespace?: string, extra: Obj = {}) => ({ name, ...(namespace ? { namespace } : {}), uid: newId(), creationTimestamp: t, ...extra });
  const writes: WorldWrite[] = [];
  for (const ns of SYSTEM_NAMESPACES) {
    writes.push({ type: "/namespaces", object: { kind: "Namespace", apiVersion: "v1", metadata: m(ns, undefined, { labels: { "kubernetes.io/metadata.name": ns } }), spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } } });
  }
  for (const ns of SYSTEM_NAMESPACES) writes.push({ type: "/serviceaccounts", object: { kind: "ServiceAccount", apiVersion: "v1", metadata: m("default", ns) } });
  writes.push({
    type: "/services",
    object: {
      kind: "Service",
      apiVersion: "v1",
      metadata: m("kubernetes", "default", { labels: { component: "apiserver", provider: "kubernetes" } }),
      spec: { clusterIP: "10.0.0.1", clusterIPs: ["10.0.0.1"], internalTrafficPolicy: "Cluster", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 443 }], sessionAffinity: "None", type: "ClusterIP" },
      status: { loadBalancer: {} },
    },
  });
  return writes;
}
