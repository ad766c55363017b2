// Route tables and their routes over HTTP (RouteTables_*, Routes_*). A table a subnet uses cannot go.
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { keyOf, TYPES, type RouteTableRecord } from "../domain/records.js";
import { decideRoutePut, decideRouteTablePut } from "../domain/route-tables.js";
import { refuse } from "../errors.js";
import { childrenOf, getOf, inGroup, inSubscription, subnetsReferencing } from "../repository.js";
import { renderRoute, renderRouteTable } from "../wire.js";
import { deleteReply, idFor, networkError, networkPage, putReply, requireGroup, startWrite, sub, trackedBody, unwrap } from "./common.js";

export function routeTableHandlers(deps: ProviderDeps) {
  const { store } = deps;
  const tableId = (ctx: RequestContext) => idFor(ctx, `routeTables/${ctx.params["routeTableName"]!}`);
  const routesOf = (t: RouteTableRecord) => childrenOf(store, keyOf(t.id), "route");
  const render = (t: RouteTableRecord) => renderRouteTable(t, routesOf(t), subnetsReferencing(store, t.subscriptionId, "routeTableId", t.id));

  const find = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const rg = requireGroup(deps, ctx, opts);
    return { rg, table: getOf(store, keyOf(tableId(ctx)), "routeTable") };
  };
  const requireTable = (ctx: RequestContext) => {
    const { rg, table } = find(ctx, { forWrite: false });
    if (!table) throw apiError("resourceNotFound", { type: TYPES.routeTable, name: ctx.params["routeTableName"]!, resourceGroup: rg });
    return table;
  };
  const parentTable = (ctx: RequestContext, opts: { forWrite: boolean }) => {
    const { table } = find(ctx, opts);
    if (!table) throw networkError("networkNotFound", { id: tableId(ctx) });
    return table;
  };
  const routeKey = (ctx: RequestContext) => keyOf(`${tableId(ctx)}/routes/${ctx.params["routeName"]!}`);

  const get = (ctx: RequestContext): Reply => ({ status: 200, body: render(requireTable(ctx)) });
  const list = (ctx: RequestContext): Reply => networkPage(ctx, inGroup(store, sub(ctx), requireGroup(deps, ctx, { forWrite: false }), "routeTable"), render);
  const listAll = (ctx: RequestContext): Reply => networkPage(ctx, inSubscription(store, sub(ctx), "routetables", "routeTable"), render);

  const put = (ctx: RequestContext): Reply => {
    const { rg, table: existing } = find(ctx, { forWrite: true });
    const { body, location, tags } = trackedBody(ctx, TYPES.routeTable, existing, rg);
    const d = unwrap(decideRouteTablePut({ id: tableId(ctx), subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["routeTableName"]!, location, tags, body, existing, existingRoutes: existing ? routesOf(existing) : [] }));
    const op = startWrite(deps, ctx, { resourceId: d.table.id, location, verb: "Updating", operationType: "PutRouteTable", write: { puts: [d.table, ...d.routes], deletes: d.removed.map((r) => keyOf(r.id)) } });
    return putReply(deps, ctx, op, !existing, renderRouteTable(d.table, d.routes, []));
  };

  const remove = (ctx: RequestContext): Reply => {
    const { table } = find(ctx, { forWrite: false });
    if (!table) return { status: 204 };
    const users = subnetsReferencing(store, table.subscriptionId, "routeTableId", table.id);
    if (users.length > 0) unwrap(refuse("routeTableInUse", { id: table.id, by: users.map((s) => s.id).join(", ") }));
    const op = startWrite(deps, ctx, { resourceId: table.id, location: table.location, verb: "Deleting", operationType: "DeleteRouteTable", write: { puts: [table, ...routesOf(table)] } });
    return deleteReply(deps, ctx, op);
  };

  const getRoute = (ctx: RequestContext): Reply => {
    parentTable(ctx, { forWrite: false });
    const r = getOf(store, routeKey(ctx), "route");
    if (!r) throw networkError("networkNotFound", { id: `${tableId(ctx)}/routes/${ctx.params["routeName"]!}` });
    return { status: 200, body: renderRoute(r) };
  };
  const listRoutes = (ctx: RequestContext): Reply => networkPage(ctx, routesOf(parentTable(ctx, { forWrite: false })), renderRoute);
  const putRoute = (ctx: RequestContext): Reply => {
    const table = parentTable(ctx, { forWrite: true });
    const existing = getOf(store, routeKey(ctx), "route");
    const route = unwrap(decideRoutePut({ table, name: ctx.params["routeName"]!, body: ctx.body, existing }));
    const op = startWrite(deps, ctx, { resourceId: route.id, location: table.location, verb: "Updating", operationType: "PutRoute", write: { puts: [route] } });
    return putReply(deps, ctx, op, !existing, renderRoute(route));
  };
  const removeRoute = (ctx: RequestContext): Reply => {
    const table = parentTable(ctx, { forWrite: false });
    const r = getOf(store, routeKey(ctx), "route");
    if (!r) return { status: 204 };
    const op = startWrite(deps, ctx, { resourceId: r.id, location: table.location, verb: "Deleting", operationType: "DeleteRoute", write: { puts: [r] } });
    return deleteReply(deps, ctx, op);
  };

  return { get, list, listAll, put, remove, getRoute, listRoutes, putRoute, removeRoute };
}
