// What ARM authorizes a request as: an action ("Microsoft.ContainerService/managedClusters/write")
// over a scope (the ARM id it acts on). RBAC, locks and policy all start from this pair, so it is
// derived once, from the path alone, the way ARM does it for any provider:
// - after the last "/providers/{namespace}/" the segments alternate type, name, type, name...;
//   before it (subscriptions, resource groups) the namespace is Microsoft.Resources;
// - an even count names a resource: GET read, PUT/PATCH write, DELETE delete, POST {type}/action;
// - an odd count ends in a type: GET lists it (read, over the parent), POST is an action named by
//   the last segment over the resource before it ({types}/{action}/action).

export type AuthorizedAction = {
  /** e.g. "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action". */
  action: string;
  /** The ARM id the action is over, in the caller's casing (a list: its parent). */
  scope: string;
  /** What the action does to its scope: locks and policy judge writes and deletes only. */
  kind: "read" | "write" | "delete" | "action";
};

const VERB: Record<string, "read" | "write" | "delete"> = { GET: "read", HEAD: "read", PUT: "write", PATCH: "write", DELETE: "delete" };

/** The action and scope of `method path`; undefined for paths outside ARM's resource tree. */
export function authorizedAction(method: string, path: string): AuthorizedAction | undefined {
  const segments = path.split("/").filter((s) => s !== "");
  if (segments.length === 0 || segments[0]!.toLowerCase() !== "subscriptions") return undefined;
  const m = method.toUpperCase();
  let at = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (segments[i]!.toLowerCase() === "providers" && i + 1 < segments.length) {
      at = i;
      break;
    }
  }
  // A subscription's own providers list (GET /subscriptions/{s}/providers) is Microsoft.Resources'.
  const namespace = at >= 0 ? segments[at + 1]! : "Microsoft.Resources";
  const prefix = at >= 0 ? segments.slice(0, at) : [];
  const rest = at >= 0 ? segments.slice(at + 2) : segments;
  // GET /subscriptions/{s}/providers/{ns}: reading the subscription's registration of a namespace.
  if (at >= 0 && rest.length === 0) return m === "GET" || m === "HEAD" ? { action: "Microsoft.Resources/subscriptions/providers/read", scope: `/${prefix.join("/")}`, kind: "read" } : undefined;
  const types = rest.filter((_, i) => i % 2 === 0);
  const scopeOf = (n: number) => `/${[...prefix, ...(at >= 0 ? segments.slice(at, at + 2) : []), ...rest.slice(0, n)].join("/")}`;
  const parentScope = (n: number) => (at >= 0 && n === 0 ? `/${prefix.join("/")}` : scopeOf(n));
  if (rest.length % 2 === 0) {
    // A resource (or, with no types at all, a namespace: POST .../providers/{ns}/register is odd, below).
    if (m === "POST") return { action: `${[namespace, ...types].join("/")}/action`, scope: scopeOf(rest.length), kind: "action" };
    const verb = VERB[m];
    return verb && { action: `${[namespace, ...types, verb].join("/")}`, scope: scopeOf(rest.length), kind: verb };
  }
  if (m === "POST") {
    const name = types.pop()!;
    return { action: `${[namespace, ...types, name].join("/")}/action`, scope: parentScope(rest.length - 1), kind: "action" };
  }
  const verb = VERB[m];
  return verb && { action: `${[namespace, ...types, verb].join("/")}`, scope: parentScope(rest.length - 1), kind: verb };
}
