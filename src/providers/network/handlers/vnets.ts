// Virtual networks and their subnets over HTTP (VirtualNetworks_* and Subnets_*): PUT (201 new,
// 200 updated, Azure-AsyncOperation), GET, lists, DELETE (202, 204 when absent). Rules are in
// domain/vnets.ts and domain/prefixes.ts.
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { keyOf, TYPES, type SubnetRecord, type VirtualNetworkRecord } from "../domain/records.js";
import { decideSubnetDelete, decideSubnetPut, decideVnetDelete, decideVnetPut, type References } from "../domain/vnets.js";
import { childrenOf, getOf, getRecord, inGroup, inSubscription } from "../repository.js";
import { renderSubnet, renderVnet } from "../wire.js";
import { deleteReply, idFor, networkError, networkPage, putReply, requireGroup, startWrite, sub, trackedBody, unwrap } from "./common.js";

export function vnetHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const vnetId = (ctx: RequestContext) => idFor(ctx, `virtualNetworks/${ctx.params["virtualNetworkName"]!}`);
  const subnetsOf = (v: VirtualNetworkRecord) => childrenOf(store, keyOf(v.id), "subnet");
  const render = (v: VirtualNetworkRecord) => renderVnet(v, subnetsOf(v));
  const refs: References = { exists: (id) => getRecord(store, keyOf(id)) !== undefined };

  const findVnet = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const rg = requireGroup(deps, ctx, opts);
    return { rg, vnet: getOf(store, keyOf(vnetId(ctx)), "virtualNetwork") };
  };
  const requireVnet = (ctx: RequestContext): VirtualNetworkRecord => {
    const { rg, vnet } = findVnet(ctx, { forWrite: false });
    if (!vnet) throw apiError("resourceNotFound", { type: TYPES.virtualNetwork, name: ctx.params["virtualNetworkName"]!, resourceGroup: rg });
    return vnet;
  };
  /** A subnet request's network: a missing one is Network's NotFound, for a read or a write. */
  const parentVnet = (ctx: RequestContext, opts: { forWrite: boolean }): VirtualNetworkRecord => {
    const { vnet } = findVnet(ctx, opts);
    if (!vnet) throw networkError("networkNotFound", { id: vnetId(ctx) });
    return vnet;
  };
  const subnetKey = (ctx: RequestContext) => keyOf(`${vnetId(ctx)}/subnets/${ctx.params["subnetName"]!}`);

  const get = (ctx: RequestContext): Reply => ({ status: 200, body: render(requireVnet(ctx)) });
  const list = (ctx: RequestContext): Reply => networkPage(ctx, inGroup(store, sub(ctx), requireGroup(deps, ctx, { forWrite: false }), "virtualNetwork"), render);
  const listAll = (ctx: RequestContext): Reply => networkPage(ctx, inSubscription(store, sub(ctx), "virtualnetworks", "virtualNetwork"), render);

  const put = (ctx: RequestContext): Reply => {
    const { rg, vnet: existing } = findVnet(ctx, { forWrite: true });
    const { body, location, tags } = trackedBody(ctx, TYPES.virtualNetwork, existing, rg);
    const decided = unwrap(
      decideVnetPut({ id: vnetId(ctx), subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["virtualNetworkName"]!, location, tags, body, existing, existingSubnets: existing ? subnetsOf(existing) : [], refs }),
    );
    const op = startWrite(deps, ctx, { resourceId: decided.vnet.id, location, verb: "Updating", operationType: "PutVirtualNetwork", write: { puts: [decided.vnet, ...decided.subnets], deletes: decided.removed.map((s) => keyOf(s.id)) } });
    return putReply(deps, ctx, op, decided.created, renderVnet(decided.vnet, decided.subnets));
  };

  const remove = (ctx: RequestContext): Reply => {
    const { vnet } = findVnet(ctx, { forWrite: false });
    if (!vnet) return { status: 204 };
    const subnets = subnetsOf(vnet);
    const refusal = decideVnetDelete(subnets);
    if (refusal) unwrap(refusal);
    const op = startWrite(deps, ctx, { resourceId: vnet.id, location: vnet.location, verb: "Deleting", operationType: "DeleteVirtualNetwork", write: { puts: [vnet, ...subnets] } });
    return deleteReply(deps, ctx, op);
  };

  const getSubnet = (ctx: RequestContext): Reply => {
    parentVnet(ctx, { forWrite: false });
    const s = getOf(store, subnetKey(ctx), "subnet");
    if (!s) throw networkError("networkNotFound", { id: `${vnetId(ctx)}/subnets/${ctx.params["subnetName"]!}` });
    return { status: 200, body: renderSubnet(s) };
  };
  const listSubnets = (ctx: RequestContext): Reply => networkPage(ctx, subnetsOf(parentVnet(ctx, { forWrite: false })), renderSubnet);

  const putSubnet = (ctx: RequestContext): Reply => {
    const vnet = parentVnet(ctx, { forWrite: true });
    const existing = getOf(store, subnetKey(ctx), "subnet");
    const subnet: SubnetRecord = unwrap(decideSubnetPut({ vnet, name: ctx.params["subnetName"]!, body: ctx.body, existing, siblings: subnetsOf(vnet), refs }));
    const op = startWrite(deps, ctx, { resourceId: subnet.id, location: vnet.location, verb: "Updating", operationType: "PutSubnet", write: { puts: [subnet] } });
    return putReply(deps, ctx, op, !existing, renderSubnet(subnet));
  };

  const removeSubnet = (ctx: RequestContext): Reply => {
    const vnet = parentVnet(ctx, { forWrite: false });
    const s = getOf(store, subnetKey(ctx), "subnet");
    if (!s) return { status: 204 };
    const refusal = decideSubnetDelete(s);
    if (refusal) unwrap(refusal);
    const op = startWrite(deps, ctx, { resourceId: s.id, location: vnet.location, verb: "Deleting", operationType: "DeleteSubnet", write: { puts: [s] } });
    return deleteReply(deps, ctx, op);
  };

  return { get, list, listAll, put, remove, getSubnet, listSubnets, putSubnet, removeSubnet };
}
