// Network usages per location (Usages_List, what `az network list-usages` shows) and the control
// API's limits (/_aksemu/network/limits/{location}): PublicIPAddresses is the one a new public IP is
// judged against (PublicIPCountLimitReached).
import { usageListHandlers } from "../../../arm/usages.js";
import type { ProviderDeps } from "../../provider.js";
import { NETWORK_VERSIONS } from "../api-versions.js";
import { decideLimitsUpdate, limitOf, limitsKey, NETWORK_QUOTAS } from "../domain/usages.js";
import { getLimits, inSubscription, publicIpsIn } from "../repository.js";
import { renderUsage } from "../wire.js";
import { networkPage } from "./common.js";

export function usageHandlers(deps: ProviderDeps) {
  const { store, engine } = deps;

  /** Current values by quota name in one location, counted from the subscription's records. */
  const counts = (subscriptionId: string, location: string): Record<string, number> => {
    const here = <T extends { location: string }>(rs: T[]) => rs.filter((r) => r.location.toLowerCase() === location);
    const vnets = here(inSubscription(store, subscriptionId, "virtualnetworks", "virtualNetwork"));
    const ips = publicIpsIn(store, subscriptionId, location);
    const inVnets = new Set(vnets.map((v) => v.id.toLowerCase()));
    const nics = inSubscription(store, subscriptionId, "virtualnetworks/subnets", "subnet")
      .filter((s) => inVnets.has(s.id.toLowerCase().replace(/\/subnets\/[^/]+$/, "")))
      .reduce((n, s) => n + s.holders.reduce((m, h) => m + h.instanceIds.length, 0), 0);
    return {
      VirtualNetworks: vnets.length,
      StaticPublicIPAddresses: ips.filter((p) => p.allocationMethod === "Static").length,
      NetworkSecurityGroups: here(inSubscription(store, subscriptionId, "networksecuritygroups", "networkSecurityGroup")).length,
      PublicIPAddresses: ips.length,
      NetworkInterfaces: nics,
      LoadBalancers: here(inSubscription(store, subscriptionId, "loadbalancers", "loadBalancer")).length,
      RouteTables: here(inSubscription(store, subscriptionId, "routetables", "routeTable")).length,
    };
  };
  const usagesIn = (subscriptionId: string, location: string, asWritten: string) => {
    const current = counts(subscriptionId, location);
    const record = getLimits(store, subscriptionId, location);
    return NETWORK_QUOTAS.map((q) => renderUsage(subscriptionId, asWritten, q, current[q.value] ?? 0, limitOf(record, q.value)));
  };

  const { usages, getLimits: getLimitsRoute, setLimits, resetLimits } = usageListHandlers({
    versions: NETWORK_VERSIONS,
    subscriptions: deps.subscriptions,
    usagesIn,
    page: (ctx, items) => networkPage(ctx, items, (u) => u),
    decide: ({ body, subscriptionId, location }) => decideLimitsUpdate({ body, subscriptionId, location, existing: getLimits(store, subscriptionId, location) }),
    commit: (subscriptionId, location, limits) => engine.commit({ meta: [[limitsKey(subscriptionId, location), limits]] }),
  });
  return { usages, getLimits: getLimitsRoute, setLimits, resetLimits };
}
