// Egress through a subnet's route table, pure: the user-defined route that carries a node's
// Internet-bound traffic (a route to a service tag covering the host, else one to 0.0.0.0/0, else
// the system route to the Internet) and what its next hop does with it. A VirtualAppliance hop
// (a firewall at nextHopIpAddress) passes what it allows: Azure cannot know a firewall's rules, so
// the emulator is told through its control API (/_aksemu/network/appliances/{ip},
// `{"allow": ["443", "80-90", "*"]}`: destination ports it lets out, TCP or UDP); an appliance
// nobody declared allows everything. A None hop drops the traffic (a black hole), as does
// VnetLocal (Internet traffic kept inside the network); Internet and VirtualNetworkGateway pass
// (what lies past a gateway is not the emulator's to judge).
import type { Bad } from "../../../arm/json.js";
import type { Egress } from "./egress.js";
import type { RouteRecord } from "./records.js";

/** An appliance declared through the control API (stored in meta, emulator-wide: keyed by address). */
export type ApplianceRecord = { kind: "appliance"; ip: string; allow: string[] };

export const applianceKey = (ip: string) => `networkAppliance:${ip}`;

/** Service tags a route may name that cover the hosts the nodes' CSE reaches (mcr.microsoft.com). */
const HOST_TAGS = /^(microsoftcontainerregistry(\..+)?|azurefrontdoor\.firstparty)$/i;

/** The route that carries egress to the Internet host from a subnet with these routes, if any user route does. */
export function internetRoute(routes: readonly RouteRecord[]): RouteRecord | undefined {
  return routes.find((r) => HOST_TAGS.test(r.addressPrefix)) ?? routes.find((r) => r.addressPrefix === "0.0.0.0/0");
}

const PORT = /^(\*|\d{1,5}(-\d{1,5})?)$/;

function portAllowed(entry: string, port: number): boolean {
  if (entry === "*") return true;
  const [lo, hi] = entry.split("-").map(Number);
  return port >= lo! && port <= (hi ?? lo!);
}

export const applianceAllows = (a: ApplianceRecord | undefined, egress: Egress): boolean => a === undefined || a.allow.some((e) => portAllowed(e, egress.port));

export type RouteVerdict =
  | { passes: true; route?: RouteRecord }
  | { passes: false; route: RouteRecord; appliance?: string };

/** What the route carrying the egress does with it (`appliance` reads the control API's records). */
export function routeVerdict(routes: readonly RouteRecord[], egress: Egress, appliance: (ip: string) => ApplianceRecord | undefined): RouteVerdict {
  const route = internetRoute(routes);
  if (!route) return { passes: true };
  switch (route.nextHopType) {
    case "VirtualAppliance": {
      const ip = route.nextHopIpAddress ?? "";
      return applianceAllows(appliance(ip), egress) ? { passes: true, route } : { passes: false, route, appliance: ip };
    }
    case "None":
    case "VnetLocal":
      return { passes: false, route };
    default:
      return { passes: true, route };
  }
}


/** PUT /_aksemu/network/appliances/{ip}: `{"allow": ["443"]}` (an empty list lets nothing out). */
export function decideAppliancePut(ip: string, body: unknown, isIp: (s: string) => boolean): ApplianceRecord | Bad {
  const example = '{"allow": ["443", "80"]}';
  if (!isIp(ip)) return { bad: `'${ip}' is not an IPv4 address: an appliance is named by its address (a route's nextHopIpAddress), e.g. /_aksemu/network/appliances/10.0.1.4.` };
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { bad: `Expected a JSON object such as ${example}.` };
  const unknown = Object.keys(body).filter((k) => k !== "allow");
  if (unknown.length > 0) return { bad: `Unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")}: the body takes "allow".` };
  const allow = (body as Record<string, unknown>)["allow"];
  if (!Array.isArray(allow)) return { bad: `"allow" must be a list of destination ports the appliance lets out ("443", a range "80-90", or "*"; [] lets nothing out), e.g. ${example}.` };
  for (const e of allow) {
    const bounds = typeof e === "string" && PORT.test(e) && e !== "*" ? e.split("-").map(Number) : [];
    const ok = e === "*" || (bounds.length > 0 && bounds.every((p) => p >= 1 && p <= 65535) && bounds[0]! <= bounds[bounds.length - 1]!);
    if (!ok) return { bad: `${JSON.stringify(e)} in "allow" is not a port ("443"), a range ("80-90") or "*".` };
  }
  return { kind: "appliance", ip, allow: allow as string[] };
}
