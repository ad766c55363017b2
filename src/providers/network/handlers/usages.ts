// Network usages per location (Usages_List, what `az network list-usages` shows) and the control
// API's limits (/_aksemu/network/limits/{location}): PublicIPAddresses is the one a new public IP is
// judged against (PublicIPCountLimitReached).
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { LOCATIONS, normalizeLocation } from "../../../arm/locations.js";
import type { ProviderDeps } from "../../provider.js";
import { NETWORK_VERSIONS } from "../api-versions.js";
import { decideLimitsUpdate, isBad, limitOf, limitsKey, NETWORK_QUOTAS } from "../domain/usages.js";
import { getLimits, inSubscription, publicIpsIn } from "../repository.js";
import { renderUsage } from "../wire.js";
import { networkPage, sub } from "./common.js";

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

  /** Usages_List: a location Network serves (as written, "West US" too), else NoRegisteredProviderFound. */
  const usages = (ctx: RequestContext): Reply => {
    const raw = ctx.params["location"]!;
    const location = normalizeLocation(raw);
    if (!LOCATIONS.includes(location)) throw apiError("noRegisteredProvider", { location: raw, apiVersion: ctx.apiVersion, type: "locations/usages", supported: NETWORK_VERSIONS, locations: LOCATIONS });
    return networkPage(ctx, usagesIn(sub(ctx), location, raw), (u) => u);
  };

  // --- control API: /_aksemu/network/limits/{location} (the emulator's own, not Azure's) ---
  const controlSubscription = (raw: unknown): string => {
    const all = deps.subscriptions();
    if (raw === undefined || raw === null) return all[0]!.id;
    const found = typeof raw === "string" ? all.find((s) => s.id.toLowerCase() === raw.toLowerCase()) : undefined;
    if (!found) throw apiError("controlBadRequest", { message: `Unknown subscription ${JSON.stringify(raw)}: the emulator has ${all.map((s) => s.id).join(", ")}.` });
    return found.id;
  };
  const controlLocation = (ctx: RequestContext): string => {
    const location = normalizeLocation(ctx.params["location"]!);
    if (!LOCATIONS.includes(location)) throw apiError("controlBadRequest", { message: `Unknown location '${ctx.params["location"]!}': one of ${LOCATIONS.join(", ")}.` });
    return location;
  };
  const limitsReply = (subscriptionId: string, location: string): Reply => ({ status: 200, body: { subscriptionId, location, value: usagesIn(subscriptionId, location, location) } });

  const getLimitsRoute = (ctx: RequestContext): Reply => limitsReply(controlSubscription(ctx.query.get("subscriptionId") ?? undefined), controlLocation(ctx));
  const setLimits = (ctx: RequestContext): Reply => {
    const location = controlLocation(ctx);
    const subscriptionId = controlSubscription((ctx.body as Record<string, unknown> | undefined)?.["subscriptionId"]);
    const decided = decideLimitsUpdate({ body: ctx.body, subscriptionId, location, existing: getLimits(store, subscriptionId, location) });
    if (isBad(decided)) throw apiError("controlBadRequest", { message: decided.bad });
    engine.commit({ meta: [[limitsKey(subscriptionId, location), decided]] });
    return limitsReply(subscriptionId, location);
  };
  const resetLimits = (ctx: RequestContext): Reply => {
    const location = controlLocation(ctx);
    engine.commit({ meta: [[limitsKey(controlSubscription(ctx.query.get("subscriptionId") ?? undefined), location), undefined]] });
    return { status: 204 };
  };

  return { usages, getLimits: getLimitsRoute, setLimits, resetLimits };
}
