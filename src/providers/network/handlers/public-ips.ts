// Public IP addresses over HTTP (PublicIPAddresses_*): a new one is judged against the
// subscription's limit in its location (PublicIPCountLimitReached); one a load balancer uses cannot go.
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { decidePublicIpPut } from "../domain/public-ips.js";
import { keyOf, TYPES } from "../domain/records.js";
import { refuse } from "../errors.js";
import { getLimits, getOf, inGroup, inSubscription, publicIpCount } from "../repository.js";
import { renderPublicIp } from "../wire.js";
import { deleteReply, idFor, networkPage, putReply, requireGroup, startWrite, sub, trackedBody, unwrap } from "./common.js";

export function publicIpHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const ipId = (ctx: RequestContext) => idFor(ctx, `publicIPAddresses/${ctx.params["publicIpAddressName"]!}`);
  const find = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const rg = requireGroup(deps, ctx, opts);
    return { rg, ip: getOf(store, keyOf(ipId(ctx)), "publicIPAddress") };
  };

  const get = (ctx: RequestContext): Reply => {
    const { rg, ip } = find(ctx, { forWrite: false });
    if (!ip) throw apiError("resourceNotFound", { type: TYPES.publicIPAddress, name: ctx.params["publicIpAddressName"]!, resourceGroup: rg });
    return { status: 200, body: renderPublicIp(ip) };
  };
  const list = (ctx: RequestContext): Reply => networkPage(ctx, inGroup(store, sub(ctx), requireGroup(deps, ctx, { forWrite: false }), "publicIPAddress"), renderPublicIp);
  const listAll = (ctx: RequestContext): Reply => networkPage(ctx, inSubscription(store, sub(ctx), "publicipaddresses", "publicIPAddress"), renderPublicIp);

  const put = (ctx: RequestContext): Reply => {
    const { rg, ip: existing } = find(ctx, { forWrite: true });
    const { body, location, tags } = trackedBody(ctx, TYPES.publicIPAddress, existing, rg);
    const ip = unwrap(
      decidePublicIpPut({ id: ipId(ctx), subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["publicIpAddressName"]!, location, tags, body, existing, count: publicIpCount(store, sub(ctx), location), limits: getLimits(store, sub(ctx), location) }),
    );
    const op = startWrite(deps, ctx, { resourceId: ip.id, location, verb: "Updating", operationType: "PutPublicIPAddress", write: { puts: [ip] } });
    return putReply(deps, ctx, op, !existing, renderPublicIp(ip));
  };

  const remove = (ctx: RequestContext): Reply => {
    const { ip } = find(ctx, { forWrite: false });
    if (!ip) return { status: 204 };
    if (ip.ipConfigurationId) unwrap(refuse("publicIpCannotBeDeleted", { id: ip.id, by: ip.ipConfigurationId }));
    const op = startWrite(deps, ctx, { resourceId: ip.id, location: ip.location, verb: "Deleting", operationType: "DeletePublicIPAddress", write: { puts: [ip] } });
    return deleteReply(deps, ctx, op);
  };

  return { get, list, listAll, put, remove };
}
