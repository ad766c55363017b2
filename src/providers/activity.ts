// How ARM names a write request in the activity log, read from its URL: the RBAC action the
// request needs, `{namespace}/{type}[/{childType}]/write` for PUT and PATCH, `/delete` for DELETE,
// `/{action}/action` for a POST to an action (`.../managedClusters/{name}/start`), in the casing the
// provider registers. Each provider's activity.ts adds its display names.
import type { ActivityDescriber, ActivityDescription, ActivityRequest } from "../engine/activity.js";

export type ActivityCanon = {
  /** The provider's namespace as it registers it. */
  namespace: string;
  /** Its resource types as it registers them ("managedClusters", "managedClusters/agentPools"). */
  types: readonly string[];
  /** operationName.localizedValue by operationName.value; the value itself when absent. */
  displays?: Readonly<Record<string, string>>;
};

const segments = (path: string): string[] =>
  path
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });

/** `/subscriptions/{s}/[resourceGroups/{rg}/]providers/{ns}/{type}/{name}[/{type}/{name}...][/{action}]`, named. */
export function armRequestActivity(request: ActivityRequest, canon: ActivityCanon): ActivityDescription | undefined {
  const seg = segments(request.path);
  if (seg.length < 4 || seg[0]!.toLowerCase() !== "subscriptions") return undefined;
  const scope = seg[2]!.toLowerCase() === "resourcegroups" ? 4 : 2;
  if (seg[scope]?.toLowerCase() !== "providers" || seg[scope + 1]?.toLowerCase() !== canon.namespace.toLowerCase()) return undefined;
  const pairs = seg.slice(scope + 2);
  const action = pairs.length % 2 === 1 ? pairs.pop() : undefined;
  if (action !== undefined && request.method !== "POST") return undefined;
  const typePath = pairs.filter((_, i) => i % 2 === 0).join("/");
  const type = canon.types.find((t) => t.toLowerCase() === typePath.toLowerCase()) ?? typePath;
  const resourceType = type === "" ? canon.namespace : `${canon.namespace}/${type}`;
  const operation = `${resourceType}/${action !== undefined ? `${action}/action` : request.method === "DELETE" ? "delete" : "write"}`;
  return {
    subscriptionId: seg[1]!,
    operation,
    operationDisplay: canon.displays?.[operation] ?? operation,
    resourceId: `/${seg.slice(0, action !== undefined ? -1 : undefined).join("/")}`,
    resourceType,
    resourceProvider: canon.namespace,
  };
}

type Describing = { namespace: string; types: Readonly<Record<string, readonly string[]>>; activity?: ActivityDescriber };

/** The first resource type segment after `/providers/{namespace}/` in a request path, lower-cased. */
function topType(path: string, namespace: string): string | undefined {
  const seg = segments(path).map((s) => s.toLowerCase());
  const i = seg.findIndex((s, k) => s === "providers" && seg[k + 1] === namespace.toLowerCase());
  return i < 0 ? undefined : seg[i + 2];
}

/**
 * Every provider's describer by namespace (lower-cased). Where providers share a namespace
 * (Microsoft.Network's private DNS zones beside its networks), a request goes to the one whose
 * types name the request's top-level type, else to the first of them.
 */
export function describersByNamespace(providers: readonly Describing[]): Map<string, ActivityDescriber> {
  const byNs = new Map<string, Describing[]>();
  for (const p of providers) if (p.activity) byNs.set(p.namespace.toLowerCase(), [...(byNs.get(p.namespace.toLowerCase()) ?? []), p]);
  const out = new Map<string, ActivityDescriber>();
  for (const [ns, list] of byNs) {
    if (list.length === 1) {
      out.set(ns, list[0]!.activity!);
      continue;
    }
    out.set(ns, (request) => {
      const type = topType(request.path, ns);
      const owner = list.find((p) => type !== undefined && Object.keys(p.types).some((t) => t.split("/")[0]!.toLowerCase() === type)) ?? list[0]!;
      return owner.activity!(request);
    });
  }
  return out;
}
