// ARM scopes as locks compare them, pure: a subscription, a resource group, a resource or a child
// resource, by its ARM id. Ids compare case-insensitively and segment by segment (a lock on group
// "rg" does not cover group "rg2"); empty segments do not count (@azure/arm-locks sends
// `.../{namespace}//{type}/...` for a resource with no parent path).

/** The comparable form of a scope: lower-cased segments joined by "/", with a leading "/". */
export function scopeKey(scope: string): string {
  return `/${segmentsOf(scope).join("/")}`.toLowerCase();
}

/**
 * The scope as ARM writes it in a lock's id: the caller's names and types, ARM's own segments in
 * ARM's casing (the specs' resource-level paths say `resourcegroups`, ids say `resourceGroups`),
 * no empty segments.
 */
export function cleanScope(scope: string): string {
  const s = segmentsOf(scope).map((seg, i) => {
    const lower = seg.toLowerCase();
    if (i === 0 && lower === "subscriptions") return "subscriptions";
    if (i === 2 && lower === "resourcegroups") return "resourceGroups";
    return lower === "providers" ? "providers" : seg;
  });
  return `/${s.join("/")}`;
}

const segmentsOf = (scope: string) => scope.split("/").filter((s) => s !== "");

/** Whether `outer` is `inner` or one of its ancestors (both scope keys). */
export const covers = (outer: string, inner: string): boolean => inner === outer || inner.startsWith(`${outer}/`);

/** The resource group a scope key lies in (its key), or undefined for a subscription. */
export function groupOf(key: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/.exec(key)?.[0];
}

/** What a scope is, for the existence check of a lock's PUT/GET and for ARM's not-found texts. */
export type ScopeParts =
  | { kind: "subscription"; subscriptionId: string }
  | { kind: "resourceGroup"; subscriptionId: string; resourceGroup: string }
  /** `type` is "{namespace}/{type}[/{name}/{childType}...]", `name` the last name, as ARM's ResourceNotFound names them. */
  | { kind: "resource"; subscriptionId: string; resourceGroup: string; type: string; name: string };

/** The parts of a scope (caller's casing), or undefined when it is none of ARM's scopes. */
export function scopeParts(scope: string): ScopeParts | undefined {
  const s = segmentsOf(scope);
  if (s.length < 2 || s[0]!.toLowerCase() !== "subscriptions") return undefined;
  const subscriptionId = s[1]!;
  if (s.length === 2) return { kind: "subscription", subscriptionId };
  if (s[2]!.toLowerCase() !== "resourcegroups" || s.length < 4) return undefined;
  const resourceGroup = s[3]!;
  if (s.length === 4) return { kind: "resourceGroup", subscriptionId, resourceGroup };
  // providers/{namespace}/{type}/{name}[/{type}/{name}...]
  const rest = s.slice(4);
  if (rest[0]!.toLowerCase() !== "providers" || rest.length < 4 || rest.length % 2 !== 0) return undefined;
  return { kind: "resource", subscriptionId, resourceGroup, type: rest.slice(1, -1).join("/"), name: rest[rest.length - 1]! };
}
