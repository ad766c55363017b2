// Virtual network links of a private DNS zone over HTTP (VirtualNetworkLinks_*): PUT and PATCH
// (202; a vnet already linked to an overlapping zone is a 400 BadRequest), GET, list, DELETE (202;
// 204 when absent). Rules are in domain/zones.ts.
import { checkConditions } from "../../../arm/conditions.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import type { ProviderDeps } from "../../provider.js";
import { keyOf, LINK_TYPE, type ZoneRecord } from "../domain/records.js";
import { decideLinkPut } from "../domain/zones.js";
import { getOf, linksOf, linksOfSubscriptions } from "../repository.js";
import { etagOf, renderLink } from "../wire.js";
import { dnsPage, requireGroup, startWrite, trackedBody, unwrap, zoneIdFor } from "./common.js";

export function linkHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const zoneOf = (ctx: RequestContext, opts: { forWrite: boolean }): ZoneRecord => {
    requireGroup(deps, ctx, opts);
    const zone = getOf(store, keyOf(zoneIdFor(ctx)), "privateDnsZone");
    if (!zone) throw apiError("parentResourceNotFound", { parent: ctx.params["privateZoneName"]! });
    return zone;
  };
  const linkKey = (zone: ZoneRecord, ctx: RequestContext) => keyOf(`${zone.id}/virtualNetworkLinks/${ctx.params["virtualNetworkLinkName"]!}`);

  const get = (ctx: RequestContext): Reply => {
    const zone = zoneOf(ctx, { forWrite: false });
    const link = getOf(store, linkKey(zone, ctx), "virtualNetworkLink");
    if (!link) throw apiError("resourceNotFound", { type: LINK_TYPE, name: `${zone.name}/${ctx.params["virtualNetworkLinkName"]!}`, resourceGroup: zone.resourceGroup });
    return { status: 200, body: renderLink(link) };
  };
  const list = (ctx: RequestContext): Reply => dnsPage(ctx, linksOf(store, zoneOf(ctx, { forWrite: false })), renderLink);

  const write = (ctx: RequestContext, patch: boolean): Reply => {
    const zone = zoneOf(ctx, { forWrite: true });
    const existing = getOf(store, linkKey(zone, ctx), "virtualNetworkLink");
    if (patch && !existing) throw apiError("resourceNotFound", { type: LINK_TYPE, name: `${zone.name}/${ctx.params["virtualNetworkLinkName"]!}`, resourceGroup: zone.resourceGroup });
    checkConditions(ctx, existing ? etagOf(existing) : undefined, { allowIfNoneMatch: !patch });
    const { tags } = trackedBody(ctx, LINK_TYPE, existing?.tags);
    const body = isObject(ctx.body) ? ctx.body : {};
    const vnet = (body["properties"] as { virtualNetwork?: { id?: unknown } } | undefined)?.virtualNetwork?.id;
    const links = linksOfSubscriptions(store, zone.id, typeof vnet === "string" ? vnet : zone.id);
    const link = unwrap(decideLinkPut({ zone, name: ctx.params["virtualNetworkLinkName"]!, tags, body, existing, links }));
    return startWrite(deps, ctx, { resourceId: link.id, verb: "Updating", operationType: patch ? "PatchVirtualNetworkLink" : "PutVirtualNetworkLink", records: [link] });
  };

  const remove = (ctx: RequestContext): Reply => {
    const zone = zoneOf(ctx, { forWrite: false });
    const link = getOf(store, linkKey(zone, ctx), "virtualNetworkLink");
    if (!link) return { status: 204 };
    checkConditions(ctx, etagOf(link), { allowIfNoneMatch: false });
    return startWrite(deps, ctx, { resourceId: link.id, verb: "Deleting", operationType: "DeleteVirtualNetworkLink", records: [link] });
  };

  return { get, list, put: (ctx: RequestContext) => write(ctx, false), patch: (ctx: RequestContext) => write(ctx, true), remove };
}
