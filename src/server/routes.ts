// Every route aksemu serves, from one place: Entra ID and metadata (anonymous), the control API,
// and each provider's ARM routes. The front door routes with it; docs/api.md is generated from it.
import type { Route } from "../arm/router.js";
import { controlRoutes, type ControlDeps } from "../control/routes.js";
import { entraRoutes, type EntraDeps } from "../identity/routes.js";
import { PROVIDERS } from "../providers/index.js";
import type { ProviderDeps } from "../providers/provider.js";
import { metadataRoutes } from "./metadata.js";

export type RouteGroups = { anonymous: Route[]; control: Route[]; arm: Route[] };

export function buildRoutes(deps: { provider: Omit<ProviderDeps, "groupCascades">; control: ControlDeps; entra: Omit<EntraDeps, "principals"> }): RouteGroups {
  const control = controlRoutes(deps.control);
  const providerDeps: ProviderDeps = { ...deps.provider, groupCascades: PROVIDERS.flatMap((p) => (p.onGroupDelete ? [p.onGroupDelete] : [])) };
  return {
    anonymous: [...entraRoutes({ ...deps.entra, principals: control.principals }), ...metadataRoutes()],
    control: control.routes,
    arm: PROVIDERS.flatMap((p) => p.routes(providerDeps)),
  };
}

/** For ARM's InvalidResourceType: each namespace and the first segments of its resource types. */
export function namespaceTypes(): Map<string, Set<string>> {
  return new Map(PROVIDERS.map((p) => [p.namespace.toLowerCase(), new Set(Object.keys(p.types).map((t) => t.split("/")[0]!.toLowerCase()))]));
}
