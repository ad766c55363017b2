// Every route aksemu serves, from one place: Entra ID and metadata (anonymous), the control API,
// and each provider's ARM routes. The front door routes with it; docs/api.md is generated from it.
import type { Route } from "../arm/router.js";
import { controlRoutes, type ControlDeps } from "../control/routes.js";
import { entraRoutes, type EntraDeps } from "../identity/routes.js";
import { PROVIDERS } from "../providers/index.js";
import type { ProviderDeps } from "../providers/provider.js";
import { metadataRoutes } from "./metadata.js";

export type RouteGroups = { anonymous: Route[]; control: Route[]; arm: Route[] };

export function buildRoutes(deps: { provider: Omit<ProviderDeps, "groupCascades" | "catalog">; control: ControlDeps; entra: Omit<EntraDeps, "principals"> }): RouteGroups {
  const control = controlRoutes(deps.control);
  const providerDeps: ProviderDeps = {
    ...deps.provider,
    groupCascades: PROVIDERS.flatMap((p) => (p.onGroupDelete ? [p.onGroupDelete] : [])),
    catalog: PROVIDERS.map((p) => ({ namespace: p.namespace, types: p.types })),
  };
  return {
    anonymous: [...entraRoutes({ ...deps.entra, principals: control.principals }), ...metadataRoutes()],
    control: control.routes,
    arm: PROVIDERS.flatMap((p) => p.routes(providerDeps)),
  };
}

/**
 * For ARM's InvalidResourceType: each namespace served under `/providers/{namespace}/{type}` and
 * the types it serves there, read from the route patterns (Microsoft.Resources serves groups and
 * subscriptions outside such paths, so an unknown type there stays a plain NotFound).
 */
export function namespaceTypes(routes: readonly Route[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of routes) {
    const m = /\/providers\/([^/{]+)\/([^/{]+)/i.exec(r.pattern);
    if (!m) continue;
    const ns = m[1]!.toLowerCase();
    if (!out.has(ns)) out.set(ns, new Set());
    out.get(ns)!.add(m[2]!.toLowerCase());
  }
  return out;
}
