// Load balancers over HTTP (LoadBalancers_*): enough for AKS's `kubernetes` load balancer and a
// user's own. The public IPs a PUT's frontends name take it as their ip configuration; those it
// stops naming are freed.
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { decideLoadBalancerPut, frontendIps } from "../domain/load-balancers.js";
import { withIpConfiguration } from "../domain/public-ips.js";
import { keyOf, TYPES, type PublicIpRecord } from "../domain/records.js";
import { getOf, inGroup, inSubscription } from "../repository.js";
import { renderLoadBalancer } from "../wire.js";
import { deleteReply, idFor, networkPage, putReply, requireGroup, startWrite, sub, trackedBody, unwrap } from "./common.js";

export function loadBalancerHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const lbId = (ctx: RequestContext) => idFor(ctx, `loadBalancers/${ctx.params["loadBalancerName"]!}`);
  const find = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const rg = requireGroup(deps, ctx, opts);
    return { rg, lb: getOf(store, keyOf(lbId(ctx)), "loadBalancer") };
  };

  const get = (ctx: RequestContext): Reply => {
    const { rg, lb } = find(ctx, { forWrite: false });
    if (!lb) throw apiError("resourceNotFound", { type: TYPES.loadBalancer, name: ctx.params["loadBalancerName"]!, resourceGroup: rg });
    return { status: 200, body: renderLoadBalancer(lb) };
  };
  const list = (ctx: RequestContext): Reply => networkPage(ctx, inGroup(store, sub(ctx), requireGroup(deps, ctx, { forWrite: false }), "loadBalancer"), renderLoadBalancer);
  const listAll = (ctx: RequestContext): Reply => networkPage(ctx, inSubscription(store, sub(ctx), "loadbalancers", "loadBalancer"), renderLoadBalancer);

  const put = (ctx: RequestContext): Reply => {
    const { rg, lb: existing } = find(ctx, { forWrite: true });
    const { body, location, tags } = trackedBody(ctx, TYPES.loadBalancer, existing, rg);
    const lb = unwrap(
      decideLoadBalancerPut({ id: lbId(ctx), subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["loadBalancerName"]!, location, tags, body, existing, publicIpExists: (id) => getOf(store, keyOf(id), "publicIPAddress") !== undefined }),
    );
    const before = existing ? frontendIps(existing) : new Map<string, string>();
    const after = frontendIps(lb);
    const ips: PublicIpRecord[] = [];
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const ip = getOf(store, key, "publicIPAddress");
      if (ip && ip.ipConfigurationId !== after.get(key)) ips.push(withIpConfiguration(ip, after.get(key)));
    }
    const op = startWrite(deps, ctx, { resourceId: lb.id, location, verb: "Updating", operationType: "PutLoadBalancer", write: { puts: [lb] }, extra: ips.map((ip) => [keyOf(ip.id), ip] as const) });
    return putReply(deps, ctx, op, !existing, renderLoadBalancer(lb));
  };

  const remove = (ctx: RequestContext): Reply => {
    const { lb } = find(ctx, { forWrite: false });
    if (!lb) return { status: 204 };
    const op = startWrite(deps, ctx, { resourceId: lb.id, location: lb.location, verb: "Deleting", operationType: "DeleteLoadBalancer", write: { puts: [lb] } });
    return deleteReply(deps, ctx, op);
  };

  return { get, list, listAll, put, remove };
}
