// How ARM names a write request in the activity log, read from its URL: the RBAC action the
// request needs, `{namespace}/{type}[/{childType}]/write` for PUT and PATCH, `/delete` for DELETE,
// `/{action}/action` for a POST to an action (`.../managedClusters/{name}/start`), in the casing the
// provider registers. Each provider's activity.ts adds its display names.
import type { ActivityDescription, ActivityRequest } from "../engine/activity.js";

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
