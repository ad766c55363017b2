// Microsoft.Compute over HTTP: scale sets and their VMs (read: AKS's plans write them), usages per
// location, resource SKUs; and the control API's quotas and capacity (/_aksemu/compute/...).
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { LOCATIONS, normalizeLocation } from "../../arm/locations.js";
import { page } from "../../arm/paging.js";
import { usageListHandlers } from "../../arm/usages.js";
import type { ProviderDeps, VmSizeCatalog } from "../provider.js";
import { COMPUTE_VERSIONS } from "./api-versions.js";
import { capacityKey, type CapacityRecord } from "./domain/capacity.js";
import { isBad } from "../../arm/json.js";
import { decideCapacity, decideQuotaUpdate } from "./domain/control.js";
import { limitOf, quotaKey, quotaNames } from "./domain/quota.js";
import { usageTotal } from "./usage-index.js";
import type { ScaleSetRecord } from "./domain/records.js";
import { regionZones, skusIn } from "./domain/skus.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { computeLookups } from "./lookups.js";
import { getQuota, scaleSetsOf, scaleSetsOfGroup } from "./repository.js";
import { renderInstance, renderInstanceView, renderScaleSet, renderScaleSetInstanceView, renderUsage } from "./wire.js";

const { error: computeError } = errorFactory(COMPUTE_ERRORS);

export const EMPTY_CATALOG: VmSizeCatalog = { sizes: [], offeredIn: () => false, zonesIn: () => [] };

export function computeHandlers(deps: ProviderDeps, catalog: () => VmSizeCatalog) {
  const { store, engine } = deps;
  const skipToken = (raw: string) => computeError("computeInvalidSkipToken", { skipToken: raw });
  const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;

  const { requireGroup, scaleSetOf, parentOf, instanceOf } = computeLookups(store);
  const expandsInstanceView = (ctx: RequestContext) => [ctx.query.get("$expand"), ctx.query.get("$select")].some((v) => v?.toLowerCase().includes("instanceview"));
  const byName = (a: ScaleSetRecord, b: ScaleSetRecord) => a.id.toLowerCase().localeCompare(b.id.toLowerCase());

  const listAll = (ctx: RequestContext): Reply => page(ctx, scaleSetsOf(store, sub(ctx)).sort(byName), renderScaleSet, skipToken);
  const list = (ctx: RequestContext): Reply => page(ctx, scaleSetsOfGroup(store, sub(ctx), requireGroup(ctx)).sort(byName), renderScaleSet, skipToken);
  const get = (ctx: RequestContext): Reply => ({ status: 200, body: renderScaleSet(scaleSetOf(ctx)) });
  const instanceView = (ctx: RequestContext): Reply => ({ status: 200, body: renderScaleSetInstanceView(scaleSetOf(ctx)) });

  const listInstances = (ctx: RequestContext): Reply => {
    const ss = parentOf(ctx);
    const view = expandsInstanceView(ctx);
    return page(ctx, ss.instances, (i) => renderInstance(ss, i, { instanceView: view }), skipToken);
  };
  const getInstance = (ctx: RequestContext): Reply => {
    const { ss, instance } = instanceOf(ctx);
    return { status: 200, body: renderInstance(ss, instance, { instanceView: expandsInstanceView(ctx) }) };
  };
  const getInstanceView = (ctx: RequestContext): Reply => {
    const { ss, instance } = instanceOf(ctx);
    return { status: 200, body: renderInstanceView(ss, instance) };
  };

  /** Every quota of a location: the fixed ones and one per family of the catalog (AKS deploys only its sizes), from the running total allocations read. */
  const usagesIn = (subscriptionId: string, location: string) => {
    const usage = usageTotal(store, subscriptionId, location).usage;
    const record = getQuota(store, subscriptionId, location);
    return quotaNames(catalog().sizes).map((q) => renderUsage(q, usage[q.value.toLowerCase()] ?? 0, limitOf(record, q.value)));
  };
  // Usages_List, and the control API's quotas (/_aksemu/compute/quotas/{location}).
  const quotas = usageListHandlers({
    versions: COMPUTE_VERSIONS,
    subscriptions: deps.subscriptions,
    usagesIn,
    page: (ctx, items) => page(ctx, items, (u) => u, skipToken),
    decide: ({ body, subscriptionId, location }) => decideQuotaUpdate({ body, subscriptionId, location, sizes: catalog().sizes, existing: getQuota(store, subscriptionId, location) }),
    commit: (subscriptionId, location, quota) => engine.commit({ meta: [[quotaKey(subscriptionId, location), quota]] }),
  });
  const { controlLocation } = quotas;

  /**
   * ResourceSkus_List: `$filter=location eq '<loc>'` narrows to one location (its only filter), in
   * one page as Compute answers it; every location's SKUs are paged.
   */
  const skus = (ctx: RequestContext): Reply => {
    const filter = /^\s*location\s+eq\s+'([^']*)'\s*$/i.exec(ctx.query.get("$filter") ?? "");
    if (!filter) return page(ctx, skusIn(catalog(), LOCATIONS), (s) => s, skipToken);
    const location = normalizeLocation(filter[1]!);
    return { status: 200, body: { value: LOCATIONS.includes(location) ? skusIn(catalog(), [location]) : [] } };
  };

  // --- control API: /_aksemu/compute/capacity/... (the emulator's own, not Azure's) ---
  const capacities = (): CapacityRecord[] =>
    [...store.values<{ kind?: string }>("meta")].filter((m): m is CapacityRecord => m?.kind === "computeCapacity").sort((a, b) => `${a.location}/${a.vmSize}`.localeCompare(`${b.location}/${b.vmSize}`));
  const getCapacity = (): Reply => ({ status: 200, body: { value: capacities() } });
  const canonicalSize = (raw: string) => catalog().sizes.find((s) => s.toLowerCase() === raw.toLowerCase());
  const setCapacity = (ctx: RequestContext): Reply => {
    const location = controlLocation(ctx);
    const requested = ctx.params["vmSize"]!;
    const decided = decideCapacity({ body: ctx.body, location, vmSize: canonicalSize(requested), requestedSize: requested, regionZones: regionZones(catalog(), location) });
    if (isBad(decided)) throw apiError("controlBadRequest", { message: decided.bad });
    engine.commit({ meta: [[capacityKey(location, decided.vmSize), decided]] });
    return { status: 200, body: decided };
  };
  const resetCapacity = (ctx: RequestContext): Reply => {
    const location = controlLocation(ctx);
    engine.commit({ meta: [[capacityKey(location, ctx.params["vmSize"]!), undefined]] });
    return { status: 204 };
  };

  return { listAll, list, get, instanceView, listInstances, getInstance, getInstanceView, usages: quotas.usages, skus, getQuotas: quotas.getLimits, setQuotas: quotas.setLimits, resetQuotas: quotas.resetLimits, getCapacity, setCapacity, resetCapacity };
}
