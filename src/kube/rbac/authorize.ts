// Kubernetes RBAC (rbac.authorization.k8s.io/v1) as the apiserver's RBAC authorizer decides: a
// request (user, groups, verb, API group, resource[/subresource], namespace, name) is allowed when
// a RoleBinding in its namespace or a ClusterRoleBinding names the user or one of its groups and
// the Role / ClusterRole it refers to has a rule covering it. Deny by default; no aggregation
// (aggregated ClusterRoles count with the rules they hold). Pure: the world's objects come in.
import type { Obj } from "../objects.js";
import { at, isObj, meta, nameOf } from "../objects.js";

/** Who a request is, as an authenticator says (the kubeconfig token's identity). */
export type KubeUser = { name: string; groups: readonly string[] };

/** The apiserver's attributes of a resource request (k8s.io/apiserver authorizer.Attributes). */
export type KubeAttributes = { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string };

/** The objects the authorizer reads, from one cluster's world. */
export type RbacObjects = {
  roles: (namespace: string) => Iterable<Obj>;
  roleBindings: (namespace: string) => Iterable<Obj>;
  clusterRoles: () => Iterable<Obj>;
  clusterRoleBindings: () => Iterable<Obj>;
};

/** `system:masters` bypasses the authorizer, as the apiserver's superuser group (AKS's local admin and user credentials). */
export const MASTERS = "system:masters";

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const covers = (values: readonly string[], wanted: string) => values.includes("*") || values.includes(wanted);

/** Whether one PolicyRule covers the attributes (resource "pods/log" names a subresource; "*\/log" and "pods/*" wildcards). */
export function ruleAllows(rule: Obj, a: KubeAttributes): boolean {
  if (!covers(list(rule["verbs"]), a.verb)) return false;
  if (!covers(list(rule["apiGroups"]), a.group)) return false;
  const resources = list(rule["resources"]);
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = resources.some((r) => r === "*" || r === combined || (a.subresource !== undefined && (r === `*/${a.subresource}` || r === `${a.resource}/*`)));
  if (!resourceOk) return false;
  const names = list(rule["resourceNames"]);
  // resourceNames restrict requests that name an object; a list or create (no name) is not covered by them.
  return names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

const subjectMatches = (subjects: unknown, user: KubeUser, bindingNamespace: string | undefined) =>
  Array.isArray(subjects) &&
  subjects.some((s) => {
    if (!isObj(s)) return false;
    if (s["kind"] === "User") return s["name"] === user.name;
    if (s["kind"] === "Group") return typeof s["name"] === "string" && user.groups.includes(s["name"]);
    if (s["kind"] === "ServiceAccount") return user.name === `system:serviceaccount:${String(s["namespace"] ?? bindingNamespace ?? "")}:${String(s["name"])}`;
    return false;
  });

const rulesOf = (role: Obj | undefined): Obj[] => (role && Array.isArray(role["rules"]) ? role["rules"].filter(isObj) : []);

const find = (objs: Iterable<Obj>, name: unknown) => {
  for (const o of objs) if (nameOf(o) === name) return o;
  return undefined;
};

/** The apiserver's decision for `user` doing `a` in the world `rbac` describes. */
export function authorize(rbac: RbacObjects, user: KubeUser, a: KubeAttributes): boolean {
  if (user.groups.includes(MASTERS)) return true;
  for (const b of rbac.clusterRoleBindings()) {
    if (!subjectMatches(b["subjects"], user, undefined)) continue;
    if (at(b, "roleRef.kind") !== "ClusterRole") continue;
    if (rulesOf(find(rbac.clusterRoles(), at(b, "roleRef.name"))).some((r) => ruleAllows(r, a))) return true;
  }
  if (a.namespace === undefined) return false;
  for (const b of rbac.roleBindings(a.namespace)) {
    if (!subjectMatches(b["subjects"], user, String(meta(b)["namespace"]))) continue;
    const kind = at(b, "roleRef.kind");
    const role = kind === "ClusterRole" ? find(rbac.clusterRoles(), at(b, "roleRef.name")) : kind === "Role" ? find(rbac.roles(a.namespace), at(b, "roleRef.name")) : undefined;
    if (rulesOf(role).some((r) => ruleAllows(r, a))) return true;
  }
  return false;
}

/**
 * The apiserver's Forbidden message (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters
 * forbiddenMessage), as kubectl prints it after "Error from server (Forbidden): ": `pods is
 * forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "default"`
 * (ERROR-TEXTS §14), `... at the cluster scope`, and `pods "p" is forbidden: ...` for a named object.
 */
export function forbiddenMessage(user: KubeUser, a: KubeAttributes): string {
  const qualified = a.group === "" ? a.resource : `${a.resource}.${a.group}`;
  const what = a.name ? `${qualified} "${a.name}"` : qualified;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace !== undefined ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `${what} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${where}`;
}
