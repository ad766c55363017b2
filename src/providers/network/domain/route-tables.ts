// Route tables and their routes, pure: a route as the caller writes it (an address prefix or a
// service tag, a next hop type, an appliance's address when the hop is one), and what a route
// table PUT with its routes inline makes of the stored ones.
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";
import { type RouteRecord, type RouteTableRecord } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";

const HOPS = ["VirtualNetworkGateway", "VnetLocal", "Internet", "VirtualAppliance", "None"] as const;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

type RouteProps = Pick<RouteRecord, "addressPrefix" | "nextHopType" | "nextHopIpAddress">;

export function readRoute(routeId: string, body: unknown): RouteProps | NetworkRefusal {
  const p = isObject(body) && isObject(body["properties"]) ? body["properties"] : {};
  const bad = (property: string, value: unknown) => refuse("routeInvalidProperty", { route: routeId, property, value: value === undefined ? "null" : String(value) });
  const prefix = p["addressPrefix"];
  if (typeof prefix !== "string" || prefix === "") return bad("AddressPrefix", prefix);
  const hop = HOPS.find((h) => typeof p["nextHopType"] === "string" && same(h, p["nextHopType"]));
  if (!hop) return bad("NextHopType", p["nextHopType"]);
  const ip = p["nextHopIpAddress"];
  if (hop === "VirtualAppliance" && (typeof ip !== "string" || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))) return bad("NextHopIpAddress", ip);
  return { addressPrefix: prefix, nextHopType: hop, ...(hop === "VirtualAppliance" ? { nextHopIpAddress: ip as string } : {}) };
}

const routeRecord = (table: { id: string; subscriptionId: string; resourceGroup: string; name: string }, name: string, props: RouteProps, existing: RouteRecord | undefined): RouteRecord => {
  const id = existing?.id ?? `${table.id}/routes/${name}`;
  return { kind: "route", id, subscriptionId: table.subscriptionId, resourceGroup: table.resourceGroup, routeTableName: table.name, name: existing?.name ?? name, ...props, provisioningState: "Updating", resourceGuid: existing?.resourceGuid ?? stableGuid(id.toLowerCase()) };
};

export function decideRouteTablePut(input: { id: string; subscriptionId: string; resourceGroup: string; name: string; location: string; tags: Record<string, string>; body: Json; existing: RouteTableRecord | undefined; existingRoutes: readonly RouteRecord[] }): { table: RouteTableRecord; routes: RouteRecord[]; removed: RouteRecord[] } | NetworkRefusal {
  const id = input.existing?.id ?? input.id;
  const ids = { id, subscriptionId: input.subscriptionId, resourceGroup: input.resourceGroup, name: input.existing?.name ?? input.name };
  const p = isObject(input.body["properties"]) ? input.body["properties"] : {};
  const routes: RouteRecord[] = [];
  for (const r of (Array.isArray(p["routes"]) ? p["routes"] : []).filter(isObject)) {
    const name = String(r["name"] ?? "");
    const props = readRoute(`${id}/routes/${name}`, r);
    if ("refused" in props) return props;
    routes.push(routeRecord(ids, name, props, input.existingRoutes.find((x) => same(x.name, name))));
  }
  const table: RouteTableRecord = { kind: "routeTable", ...ids, location: input.location, tags: input.tags, disableBgpRoutePropagation: p["disableBgpRoutePropagation"] === true, provisioningState: "Updating", resourceGuid: input.existing?.resourceGuid ?? stableGuid(id.toLowerCase()) };
  return { table, routes, removed: input.existingRoutes.filter((r) => !routes.some((x) => same(x.name, r.name))) };
}

export function decideRoutePut(input: { table: RouteTableRecord; name: string; body: unknown; existing: RouteRecord | undefined }): RouteRecord | NetworkRefusal {
  const id = input.existing?.id ?? `${input.table.id}/routes/${input.name}`;
  const props = readRoute(id, input.body);
  if ("refused" in props) return props;
  return routeRecord(input.table, input.name, props, input.existing);
}
