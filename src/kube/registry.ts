// The API resources a cluster serves (group, version, resource, kind, short names, scope, verbs,
// subresources) and the legacy discovery documents built from them: /api, /api/v1, /apis and
// /apis/{group}/{version}. Custom resources of an established CRD join the same table per world.
import type { Obj } from "./objects.js";

export type Subresource = "status" | "scale" | "eviction" | "log";

export type ResourceDef = {
  group: string;
  version: string;
  /** Plural, lower case: "pods". */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: readonly string[];
  categories?: readonly string[];
  verbs: readonly string[];
  subresources: readonly Subresource[];
  /** Whether the object is a custom resource (no strategic merge patch, as the apiserver says). */
  custom?: boolean;
};

/** "/pods", "apps/deployments": one resource across its versions (the world keeps one copy). */
export const typeKey = (d: Pick<ResourceDef, "group" | "resource">) => `${d.group}/${d.resource}`;
export const apiVersionOf = (d: Pick<ResourceDef, "group" | "version">) => (d.group === "" ? d.version : `${d.group}/${d.version}`);

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;

type Spec = [resource: string, kind: string, namespaced: boolean, shortNames?: string[], subresources?: Subresource[], categories?: string[]];

const ALL = ["all"];
const CORE: Spec[] = [
  ["bindings", "Binding", true],
  ["configmaps", "ConfigMap", true, ["cm"]],
  ["endpoints", "Endpoints", true, ["ep"]],
  ["events", "Event", true, ["ev"]],
  ["limitranges", "LimitRange", true, ["limits"]],
  ["namespaces", "Namespace", false, ["ns"], ["status"]],
  ["nodes", "Node", false, ["no"], ["status"]],
  ["persistentvolumeclaims", "PersistentVolumeClaim", true, ["pvc"], ["status"]],
  ["persistentvolumes", "PersistentVolume", false, ["pv"], ["status"]],
  ["pods", "Pod", true, ["po"], ["status", "eviction", "log"], ALL],
  ["replicationcontrollers", "ReplicationController", true, ["rc"], ["status", "scale"], ALL],
  ["resourcequotas", "ResourceQuota", true, ["quota"], ["status"]],
  ["secrets", "Secret", true],
  ["serviceaccounts", "ServiceAccount", true, ["sa"]],
  ["services", "Service", true, ["svc"], ["status"], ALL],
];

const GROUPS: [group: string, version: string, specs: Spec[]][] = [
  ["", "v1", CORE],
  ["apps", "v1", [
    ["controllerrevisions", "ControllerRevision", true],
    ["daemonsets", "DaemonSet", true, ["ds"], ["status"], ALL],
    ["deployments", "Deployment", true, ["deploy"], ["status", "scale"], ALL],
    ["replicasets", "ReplicaSet", true, ["rs"], ["status", "scale"], ALL],
    ["statefulsets", "StatefulSet", true, ["sts"], ["status", "scale"], ALL],
  ]],
  ["autoscaling", "v2", [["horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ["hpa"], ["status"], ALL]]],
  ["batch", "v1", [
    ["cronjobs", "CronJob", true, ["cj"], ["status"], ALL],
    ["jobs", "Job", true, [], ["status"], ALL],
  ]],
  ["policy", "v1", [["poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"], ["status"]]]],
  ["coordination.k8s.io", "v1", [["leases", "Lease", true]]],
  ["networking.k8s.io", "v1", [
    ["ingresses", "Ingress", true, ["ing"], ["status"]],
    ["networkpolicies", "NetworkPolicy", true, ["netpol"]],
  ]],
  ["rbac.authorization.k8s.io", "v1", [
    ["clusterrolebindings", "ClusterRoleBinding", false],
    ["clusterroles", "ClusterRole", false],
    ["rolebindings", "RoleBinding", true],
    ["roles", "Role", true],
  ]],
  ["storage.k8s.io", "v1", [["storageclasses", "StorageClass", false, ["sc"]]]],
  ["apiextensions.k8s.io", "v1", [["customresourcedefinitions", "CustomResourceDefinition", false, ["crd", "crds"], ["status"]]]],
];

const builtIn: ResourceDef[] = GROUPS.flatMap(([group, version, specs]) =>
  specs.map(([resource, kind, namespaced, shortNames, subresources, categories]) => ({
    group,
    version,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    ...(shortNames && shortNames.length > 0 ? { shortNames } : {}),
    ...(categories ? { categories } : {}),
    verbs: resource === "bindings" ? ["create"] : ALL_VERBS,
    subresources: subresources ?? [],
  })),
);

export type Registry = {
  /** Every group-version served, in discovery order (core first). */
  groupVersions: readonly { group: string; version: string }[];
  find(group: string, version: string, resource: string): ResourceDef | undefined;
  /** The resources of one group-version. */
  resources(group: string, version: string): readonly ResourceDef[];
};

function build(defs: readonly ResourceDef[]): Registry {
  const byGv = new Map<string, ResourceDef[]>();
  const gvs: { group: string; version: string }[] = [];
  for (const d of defs) {
    const gv = apiVersionOf(d);
    let list = byGv.get(gv);
    if (!list) {
      byGv.set(gv, (list = []));
      gvs.push({ group: d.group, version: d.version });
    }
    list.push(d);
  }
  const index = new Map(defs.map((d) => [`${apiVersionOf(d)}/${d.resource}`, d]));
  return {
    groupVersions: gvs,
    find: (group, version, resource) => index.get(`${group === "" ? version : `${group}/${version}`}/${resource}`),
    resources: (group, version) => byGv.get(group === "" ? version : `${group}/${version}`) ?? [],
  };
}

export const BUILT_IN: Registry = build(builtIn);

export const CRD_TYPE = "apiextensions.k8s.io/customresourcedefinitions";

/** The resource definitions an established CRD adds, one per served version. */
export function crdResources(crd: Obj): ResourceDef[] {
  const spec = (crd["spec"] ?? {}) as Obj;
  const names = (spec["names"] ?? {}) as Obj;
  const group = String(spec["group"] ?? "");
  const plural = String(names["plural"] ?? "");
  const kind = String(names["kind"] ?? "");
  if (!group || !plural || !kind) return [];
  const versions = Array.isArray(spec["versions"]) ? (spec["versions"] as Obj[]) : [];
  return versions
    .filter((v) => v["served"] !== false)
    .map((v) => {
      const sub = (v["subresources"] ?? {}) as Obj;
      const subresources: Subresource[] = [...(sub["status"] !== undefined ? (["status"] as const) : []), ...(sub["scale"] !== undefined ? (["scale"] as const) : [])];
      const shortNames = Array.isArray(names["shortNames"]) ? (names["shortNames"] as string[]) : undefined;
      const categories = Array.isArray(names["categories"]) ? (names["categories"] as string[]) : undefined;
      return {
        group,
        version: String(v["name"]),
        resource: plural,
        kind,
        singular: String(names["singular"] ?? kind.toLowerCase()),
        namespaced: spec["scope"] !== "Cluster",
        ...(shortNames ? { shortNames } : {}),
        ...(categories ? { categories } : {}),
        verbs: ALL_VERBS,
        subresources,
        custom: true,
      };
    });
}

/** The built-in table plus the resources of `crds` (the world's established CRDs). */
export function registryWith(crds: readonly Obj[]): Registry {
  if (crds.length === 0) return BUILT_IN;
  const taken = new Set(builtIn.map((d) => `${apiVersionOf(d)}/${d.resource}`));
  const extra = crds.flatMap(crdResources).filter((d) => !taken.has(`${apiVersionOf(d)}/${d.resource}`));
  return build([...builtIn, ...extra]);
}

// ---- Legacy discovery documents (kubectl 1.31 asks for aggregated discovery and falls back to these).

const subresourceEntry = (d: ResourceDef, s: Subresource): Obj => {
  switch (s) {
    case "eviction":
      return { name: `${d.resource}/eviction`, singularName: d.singular, namespaced: d.namespaced, group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] };
    case "scale":
      return { name: `${d.resource}/scale`, singularName: d.singular, namespaced: d.namespaced, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] };
    case "log":
      return { name: `${d.resource}/log`, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: ["get"] };
    case "status":
      return { name: `${d.resource}/status`, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: ["get", "patch", "update"] };
  }
};

export function apiResourceList(registry: Registry, group: string, version: string): Obj | undefined {
  const defs = registry.resources(group, version);
  if (defs.length === 0) return undefined;
  const resources: Obj[] = [];
  for (const d of defs) {
    resources.push({
      name: d.resource,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
    });
    for (const s of d.subresources) resources.push(subresourceEntry(d, s));
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group === "" ? version : `${group}/${version}`, resources };
}

export const apiVersions = (serverAddress: string): Obj => ({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] });

function apiGroup(registry: Registry, group: string): Obj | undefined {
  const versions = registry.groupVersions.filter((gv) => gv.group === group).map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  if (versions.length === 0) return undefined;
  return { name: group, versions, preferredVersion: versions[0]! };
}

export function apiGroupList(registry: Registry): Obj {
  const groups = [...new Set(registry.groupVersions.map((gv) => gv.group).filter((g) => g !== ""))].map((g) => apiGroup(registry, g)!);
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function apiGroupDoc(registry: Registry, group: string): Obj | undefined {
  const g = apiGroup(registry, group);
  return g && { kind: "APIGroup", apiVersion: "v1", ...g };
}
