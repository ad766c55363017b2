// Every route aksemu serves, from one place: Entra ID and metadata (anonymous), the control API,
// and each provider's ARM routes. The front door routes with it; docs/api.md is generated from it.
import type { Route } from "../arm/router.js";
import type { KubeClusters } from "../kube/clusters.js";
import type { KubeAdmission } from "../kube/admission/admission.js";
import { controlRoutes, type ControlDeps } from "../control/routes.js";
import { entraRoutes, type EntraDeps } from "../identity/routes.js";
import { PROVIDERS } from "../providers/index.js";
import type { Directory, DirectoryPrincipal, Guard, ProviderDeps, ServedNamespace } from "../providers/provider.js";
import { metadataRoutes } from "./metadata.js";
import { portalRoutes } from "./portal.js";

/** The routes by group, the registration lookup ARM's gate shares with the providers, and ARM's guard rails. */
export type RouteGroups = { anonymous: Route[]; control: Route[]; arm: Route[]; registered: ProviderDeps["registered"]; guards: Guard[]; kubernetes: KubeClusters | undefined; kubeAdmission: KubeAdmission };

export function buildRoutes(deps: { provider: Omit<ProviderDeps, "groupCascades" | "catalog" | "registered" | "policyView" | "detectors">; control: ControlDeps; entra: Omit<EntraDeps, "principals"> }): RouteGroups {
  const control = controlRoutes(deps.control);
  const kept = PROVIDERS.find((p) => p.registrations)?.registrations?.(deps.provider.store);
  // A RegistrationFree namespace (Microsoft.Resources, Microsoft.Authorization) is always usable.
  const free = new Set(PROVIDERS.filter((p) => p.registrationFree).map((p) => p.namespace.toLowerCase()));
  const registered: ProviderDeps["registered"] | undefined = kept && ((sub, namespace, now) => free.has(namespace.toLowerCase()) || kept(sub, namespace, now));
  // The directory as ARM's RBAC sees it: service principals without their secrets.
  const withoutSecret = (p: DirectoryPrincipal): DirectoryPrincipal => ({ objectId: p.objectId, clientId: p.clientId, displayName: p.displayName });
  const directory: Directory = { principals: () => control.principals().map(withoutSecret), owner: () => withoutSecret(deps.control.defaultPrincipal) };
  const providerDeps: ProviderDeps = {
    ...deps.provider,
    groupCascades: PROVIDERS.flatMap((p) => (p.onGroupDelete ? [p.onGroupDelete] : [])),
    detectors: PROVIDERS.flatMap((p) => p.detectors ?? []),
    ...(PROVIDERS.find((p) => p.vmSizeFacts) ? { vmSizeFacts: PROVIDERS.find((p) => p.vmSizeFacts)!.vmSizeFacts! } : {}),
    catalog: knownNamespaces(),
    registered: registered ?? (() => true),
    directory,
    policyView: (key, doc, step) => {
      for (const p of PROVIDERS) {
        const view = p.policyView?.(key, doc, step);
        if (view) return view;
      }
      return undefined;
    },
  };
  // ARM's RBAC, from the provider that keeps it, for every provider's routes (AKS's linked access checks).
  const access = PROVIDERS.find((p) => p.access)?.access?.(providerDeps);
  if (access) providerDeps.access = access;
  return {
    anonymous: [...entraRoutes({ ...deps.entra, principals: control.principals, cloudShell: control.cloudShell }), ...metadataRoutes(), ...portalRoutes()],
    control: control.routes,
    arm: PROVIDERS.flatMap((p) => p.routes(providerDeps)),
    registered: providerDeps.registered,
    guards: PROVIDERS.flatMap((p) => (p.guard ? [p.guard(providerDeps)] : [])),
    kubernetes: PROVIDERS.find((p) => p.kubernetes)?.kubernetes?.(providerDeps),
    kubeAdmission: joinAdmission(PROVIDERS.flatMap((p) => (p.kubeAdmission ? [p.kubeAdmission(providerDeps)] : []))),
  };
}

/** Every provider's admission, asked in turn; the first denial answers. */
function joinAdmission(all: readonly KubeAdmission[]): KubeAdmission {
  return (cluster, request) => {
    for (const admit of all) {
      const denial = admit(cluster, request);
      if (denial) return denial;
    }
    return undefined;
  };
}

/**
 * The namespaces ARM's providers API knows: every one served (with its types), then every one a
 * provider depends on that aksemu does not serve (Microsoft.Network: no types, but a registration
 * state AKS reads), each once.
 */
export function knownNamespaces(): ServedNamespace[] {
  // Providers that share a namespace (Microsoft.Network's private DNS zones) are one namespace with all their types.
  const served: ServedNamespace[] = [];
  for (const p of PROVIDERS) {
    const same = served.find((s) => s.namespace.toLowerCase() === p.namespace.toLowerCase());
    if (same) same.types = { ...same.types, ...p.types };
    else served.push({ namespace: p.namespace, types: p.types, ...(p.registrationFree ? { registrationFree: true } : {}) });
  }
  const seen = new Set(served.map((s) => s.namespace.toLowerCase()));
  const extra: ServedNamespace[] = [];
  for (const ns of PROVIDERS.flatMap((p) => p.dependsOn ?? [])) {
    if (seen.has(ns.toLowerCase())) continue;
    seen.add(ns.toLowerCase());
    extra.push({ namespace: ns, types: {} });
  }
  return [...served, ...extra];
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
