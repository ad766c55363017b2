// A provider's usages per location, one shape for every provider that has them (Compute, Network):
// ARM's Usages_List (GET {S}/providers/{namespace}/locations/{location}/usages, one entry per quota)
// and the emulator's control API over the limits behind it (GET, PUT and DELETE
// /_aksemu/<provider>/<limits>/{location}: the emulator's own, not Azure's). The provider brings what
// differs: how it counts and renders its usages, its paging error, how a PUT body merges into its
// stored limits, and where they are stored.
import { apiError } from "./error-catalog.js";
import { isBad } from "./json.js";
import type { Reply, RequestContext } from "./http.js";
import { LOCATIONS, normalizeLocation } from "./locations.js";

export type UsageListOptions<Limits> = {
  /** The provider's api-versions for `locations/usages`, as NoRegisteredProviderFound lists them. */
  versions: readonly string[];
  /** The emulator's subscriptions; the control API's default is the first. */
  subscriptions: () => readonly { id: string }[];
  /** One location's usages, rendered; `asWritten` is the location as the request spelled it ("West US"). */
  usagesIn: (subscriptionId: string, location: string, asWritten: string) => unknown[];
  /** A page of them, with the provider's own error for a $skipToken it did not issue. */
  page: (ctx: RequestContext, usages: unknown[]) => Reply;
  /** A PUT body merged into the stored limits, or why it is refused (a 400). */
  decide: (input: { body: unknown; subscriptionId: string; location: string }) => Limits | { bad: string };
  /** Stores the limits; undefined: back to the defaults. */
  commit: (subscriptionId: string, location: string, limits: Limits | undefined) => void;
};


export function usageListHandlers<Limits>(opts: UsageListOptions<Limits>) {
  /** Usages_List: a location the provider serves (as written, "West US" too), else NoRegisteredProviderFound as ARM answers. */
  const usages = (ctx: RequestContext): Reply => {
    const raw = ctx.params["location"]!;
    const location = normalizeLocation(raw);
    if (!LOCATIONS.includes(location)) throw apiError("noRegisteredProvider", { location: raw, apiVersion: ctx.apiVersion, type: "locations/usages", supported: opts.versions, locations: LOCATIONS });
    return opts.page(ctx, opts.usagesIn(ctx.params["subscriptionId"]!, location, raw));
  };

  // --- control API ---
  /** The subscription a control request names (`subscriptionId`, any casing), by default the emulator's first. */
  const controlSubscription = (raw: unknown): string => {
    const all = opts.subscriptions();
    if (raw === undefined || raw === null) return all[0]!.id;
    const found = typeof raw === "string" ? all.find((s) => s.id.toLowerCase() === raw.toLowerCase()) : undefined;
    if (!found) throw apiError("controlBadRequest", { message: `Unknown subscription ${JSON.stringify(raw)}: the emulator has ${all.map((s) => s.id).join(", ")}.` });
    return found.id;
  };
  /** The `{location}` of a control route, normalized; an unknown one is a 400. */
  const controlLocation = (ctx: RequestContext): string => {
    const location = normalizeLocation(ctx.params["location"]!);
    if (!LOCATIONS.includes(location)) throw apiError("controlBadRequest", { message: `Unknown location '${ctx.params["location"]!}': one of ${LOCATIONS.join(", ")}.` });
    return location;
  };
  const limitsReply = (subscriptionId: string, location: string): Reply => ({ status: 200, body: { subscriptionId, location, value: opts.usagesIn(subscriptionId, location, location) } });

  const getLimits = (ctx: RequestContext): Reply => limitsReply(controlSubscription(ctx.query.get("subscriptionId") ?? undefined), controlLocation(ctx));
  const setLimits = (ctx: RequestContext): Reply => {
    const location = controlLocation(ctx);
    const subscriptionId = controlSubscription((ctx.body as Record<string, unknown> | undefined)?.["subscriptionId"]);
    const decided = opts.decide({ body: ctx.body, subscriptionId, location });
    if (isBad(decided)) throw apiError("controlBadRequest", { message: decided.bad });
    opts.commit(subscriptionId, location, decided);
    return limitsReply(subscriptionId, location);
  };
  const resetLimits = (ctx: RequestContext): Reply => {
    const location = controlLocation(ctx);
    opts.commit(controlSubscription(ctx.query.get("subscriptionId") ?? undefined), location, undefined);
    return { status: 204 };
  };

  return { usages, getLimits, setLimits, resetLimits, controlLocation };
}
