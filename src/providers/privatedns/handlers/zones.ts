// Private DNS zones over HTTP (PrivateZones_*): PUT and PATCH (202, the operation finishes it),
// GET, lists (group, subscription; `$top`), DELETE (202; 204 when absent; 409 while links remain).
// Rules are in domain/zones.ts.
import { checkConditions } from "../../../arm/conditions.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { keyOf, ZONE_TYPE, type ZoneRecord } from "../domain/records.js";
import { decideZoneDelete, decideZonePut } from "../domain/zones.js";
import { linksOf, recordSetsOf, getOf, zonesInGroup, zonesInSubscription } from "../repository.js";
import { etagOf, renderZone } from "../wire.js";
import { dnsPage, requireGroup, startWrite, sub, trackedBody, unwrap, zoneIdFor } from "./common.js";

export function zoneHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const render = (z: ZoneRecord) => renderZone(z, linksOf(store, z), recordSetsOf(store, z).length);
  const find = (ctx: RequestContext, opts: { forWrite: boolean }) => ({ rg: requireGroup(deps, ctx, opts), zone: getOf(store, keyOf(zoneIdFor(ctx)), "privateDnsZone") });

  const get = (ctx: RequestContext): Reply => {
    const { rg, zone } = find(ctx, { forWrite: false });
    if (!zone) throw apiError("resourceNotFound", { type: ZONE_TYPE, name: ctx.params["privateZoneName"]!, resourceGroup: rg });
    return { status: 200, body: render(zone) };
  };
  const list = (ctx: RequestContext): Reply => dnsPage(ctx, zonesInGroup(store, sub(ctx), requireGroup(deps, ctx, { forWrite: false })), render);
  const listAll = (ctx: RequestContext): Reply => dnsPage(ctx, zonesInSubscription(store, sub(ctx)), render);

  const write = (ctx: RequestContext, patch: boolean): Reply => {
    const { rg, zone: existing } = find(ctx, { forWrite: true });
    if (patch && !existing) throw apiError("resourceNotFound", { type: ZONE_TYPE, name: ctx.params["privateZoneName"]!, resourceGroup: rg });
    checkConditions(ctx, existing ? etagOf(existing) : undefined, { allowIfNoneMatch: !patch });
    const { tags } = trackedBody(ctx, ZONE_TYPE, existing?.tags);
    const zone = unwrap(decideZonePut({ id: zoneIdFor(ctx), subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["privateZoneName"]!, tags, existing }));
    return startWrite(deps, ctx, { resourceId: zone.id, verb: "Updating", operationType: patch ? "PatchPrivateDnsZone" : "PutPrivateDnsZone", records: [zone] });
  };

  const remove = (ctx: RequestContext): Reply => {
    const { zone } = find(ctx, { forWrite: false });
    if (!zone) return { status: 204 };
    checkConditions(ctx, etagOf(zone), { allowIfNoneMatch: false });
    const refusal = decideZoneDelete(zone, linksOf(store, zone));
    if (refusal) unwrap(refusal);
    // Its record sets go with it.
    return startWrite(deps, ctx, { resourceId: zone.id, verb: "Deleting", operationType: "DeletePrivateDnsZone", records: [zone], alsoDeletes: recordSetsOf(store, zone).map((r) => keyOf(r.id)) });
  };

  return { get, list, listAll, put: (ctx: RequestContext) => write(ctx, false), patch: (ctx: RequestContext) => write(ctx, true), remove };
}
