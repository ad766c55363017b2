// Network security groups and their rules over HTTP (NetworkSecurityGroups_*, SecurityRules_*,
// DefaultSecurityRules_*). Rules are in domain/security-rules.ts; an NSG a subnet uses cannot go.
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { keyOf, TYPES, type NetworkSecurityGroupRecord } from "../domain/records.js";
import { decideNsgPut, decideRulePut, DEFAULT_RULES } from "../domain/security-rules.js";
import { refuse } from "../errors.js";
import { childrenOf, getOf, inGroup, inSubscription, subnetsReferencing } from "../repository.js";
import { renderDefaultRule, renderNsg, renderRule } from "../wire.js";
import { deleteReply, idFor, networkError, networkPage, putReply, requireGroup, startWrite, sub, trackedBody, unwrap } from "./common.js";

export function securityGroupHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const nsgId = (ctx: RequestContext) => idFor(ctx, `networkSecurityGroups/${ctx.params["networkSecurityGroupName"]!}`);
  const rulesOf = (n: NetworkSecurityGroupRecord) => childrenOf(store, keyOf(n.id), "securityRule");
  const render = (n: NetworkSecurityGroupRecord) => renderNsg(n, rulesOf(n), subnetsReferencing(store, n.subscriptionId, "networkSecurityGroupId", n.id));

  const find = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const rg = requireGroup(deps, ctx, opts);
    return { rg, nsg: getOf(store, keyOf(nsgId(ctx)), "networkSecurityGroup") };
  };
  const requireNsg = (ctx: RequestContext) => {
    const { rg, nsg } = find(ctx, { forWrite: false });
    if (!nsg) throw apiError("resourceNotFound", { type: TYPES.networkSecurityGroup, name: ctx.params["networkSecurityGroupName"]!, resourceGroup: rg });
    return nsg;
  };
  const parentNsg = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const { nsg } = find(ctx, opts);
    if (!nsg) throw networkError("networkNotFound", { id: nsgId(ctx) });
    return nsg;
  };
  const ruleKey = (ctx: RequestContext) => keyOf(`${nsgId(ctx)}/securityRules/${ctx.params["securityRuleName"]!}`);

  const get = (ctx: RequestContext): Reply => ({ status: 200, body: render(requireNsg(ctx)) });
  const list = (ctx: RequestContext): Reply => networkPage(ctx, inGroup(store, sub(ctx), requireGroup(deps, ctx, { forWrite: false }), "networkSecurityGroup"), render);
  const listAll = (ctx: RequestContext): Reply => networkPage(ctx, inSubscription(store, sub(ctx), "networksecuritygroups", "networkSecurityGroup"), render);

  const put = (ctx: RequestContext): Reply => {
    const { rg, nsg: existing } = find(ctx, { forWrite: true });
    const { body, location, tags } = trackedBody(ctx, TYPES.networkSecurityGroup, existing, rg);
    const d = unwrap(decideNsgPut({ id: nsgId(ctx), subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["networkSecurityGroupName"]!, location, tags, body, existing, existingRules: existing ? rulesOf(existing) : [] }));
    const op = startWrite(deps, ctx, { resourceId: d.nsg.id, location, verb: "Updating", operationType: "PutNetworkSecurityGroup", write: { puts: [d.nsg, ...d.rules], deletes: d.removed.map((r) => keyOf(r.id)) } });
    return putReply(deps, ctx, op, !existing, renderNsg(d.nsg, d.rules, existing ? subnetsReferencing(store, d.nsg.subscriptionId, "networkSecurityGroupId", d.nsg.id) : []));
  };

  const remove = (ctx: RequestContext): Reply => {
    const { nsg } = find(ctx, { forWrite: false });
    if (!nsg) return { status: 204 };
    const users = subnetsReferencing(store, nsg.subscriptionId, "networkSecurityGroupId", nsg.id);
    if (users.length > 0) unwrap(refuse("nsgInUse", { id: nsg.id, by: users.map((s) => s.id).join(", ") }));
    const op = startWrite(deps, ctx, { resourceId: nsg.id, location: nsg.location, verb: "Deleting", operationType: "DeleteNetworkSecurityGroup", write: { puts: [nsg, ...rulesOf(nsg)] } });
    return deleteReply(deps, ctx, op);
  };

  const getRule = (ctx: RequestContext): Reply => {
    parentNsg(ctx, { forWrite: false });
    const r = getOf(store, ruleKey(ctx), "securityRule");
    if (!r) throw networkError("networkNotFound", { id: `${nsgId(ctx)}/securityRules/${ctx.params["securityRuleName"]!}` });
    return { status: 200, body: renderRule(r) };
  };
  const listRules = (ctx: RequestContext): Reply => networkPage(ctx, rulesOf(parentNsg(ctx, { forWrite: false })), renderRule);

  const putRule = (ctx: RequestContext): Reply => {
    const nsg = parentNsg(ctx, { forWrite: true });
    const existing = getOf(store, ruleKey(ctx), "securityRule");
    const rule = unwrap(decideRulePut({ nsg, name: ctx.params["securityRuleName"]!, body: ctx.body, existing, siblings: rulesOf(nsg) }));
    const op = startWrite(deps, ctx, { resourceId: rule.id, location: nsg.location, verb: "Updating", operationType: "PutSecurityRule", write: { puts: [rule] } });
    return putReply(deps, ctx, op, !existing, renderRule(rule));
  };

  const removeRule = (ctx: RequestContext): Reply => {
    const nsg = parentNsg(ctx, { forWrite: false });
    const r = getOf(store, ruleKey(ctx), "securityRule");
    if (!r) return { status: 204 };
    const op = startWrite(deps, ctx, { resourceId: r.id, location: nsg.location, verb: "Deleting", operationType: "DeleteSecurityRule", write: { puts: [r] } });
    return deleteReply(deps, ctx, op);
  };

  const listDefaultRules = (ctx: RequestContext): Reply => {
    const nsg = parentNsg(ctx, { forWrite: false });
    return networkPage(ctx, DEFAULT_RULES, (d) => renderDefaultRule(nsg.id, d.name));
  };
  const getDefaultRule = (ctx: RequestContext): Reply => {
    const nsg = parentNsg(ctx, { forWrite: false });
    const name = ctx.params["defaultSecurityRuleName"]!;
    if (!DEFAULT_RULES.some((d) => d.name.toLowerCase() === name.toLowerCase())) throw networkError("networkNotFound", { id: `${nsg.id}/defaultSecurityRules/${name}` });
    return { status: 200, body: renderDefaultRule(nsg.id, name) };
  };

  return { get, list, listAll, put, remove, getRule, listRules, putRule, removeRule, listDefaultRules, getDefaultRule };
}
