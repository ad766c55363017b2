// Load balancers, pure: a PUT keeps its child collections as the caller writes them (ids and types
// filled in), each reference checked (a public IP that exists; a rule's frontend and backend pool in
// the same load balancer: InvalidResourceReference, ERROR-TEXTS.md §12), and the public IPs its
// frontends take or free.
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";
import { TYPES, type LoadBalancerRecord, type Sku } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";

export const COLLECTIONS = ["frontendIPConfigurations", "backendAddressPools", "loadBalancingRules", "probes", "inboundNatRules", "outboundRules", "inboundNatPools"] as const;
export type Collection = (typeof COLLECTIONS)[number];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const refOf = (v: unknown): string | undefined => (isObject(v) && typeof v["id"] === "string" ? v["id"] : undefined);

/** A child as stored: name, id, type and its properties (without provisioningState, added on render). */
function child(lbId: string, collection: Collection, raw: Json): Json {
  const name = String(raw["name"] ?? "");
  const { provisioningState: _ps, ...props } = isObject(raw["properties"]) ? raw["properties"] : {};
  return { name, id: `${lbId}/${collection}/${name}`, type: `${TYPES.loadBalancer}/${collection}`, properties: props };
}

/** Every reference a child makes to another child of the load balancer, with the property naming it. */
export function innerRefs(c: Json): string[] {
  const p = isObject(c["properties"]) ? c["properties"] : {};
  const refs = [refOf(p["frontendIPConfiguration"]), refOf(p["backendAddressPool"]), refOf(p["probe"])];
  for (const k of ["frontendIPConfigurations", "backendAddressPools"]) if (Array.isArray(p[k])) refs.push(...p[k].map(refOf));
  return refs.filter((r): r is string => r !== undefined);
}

/** The public IPs a load balancer's frontends use: public IP id (lower-cased) -> frontend id. */
export function frontendIps(lb: Pick<LoadBalancerRecord, "frontendIPConfigurations">): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of lb.frontendIPConfigurations) {
    const ip = refOf(isObject(f["properties"]) ? f["properties"]["publicIPAddress"] : undefined);
    if (ip) out.set(ip.toLowerCase(), String(f["id"]));
  }
  return out;
}

export function decideLoadBalancerPut(input: {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  body: Json;
  existing: LoadBalancerRecord | undefined;
  /** Whether a public IP of this id exists. */
  publicIpExists: (id: string) => boolean;
}): LoadBalancerRecord | NetworkRefusal {
  const id = input.existing?.id ?? input.id;
  const p = isObject(input.body["properties"]) ? input.body["properties"] : {};
  const skuIn = isObject(input.body["sku"]) ? input.body["sku"] : {};
  const sku: Sku = { name: typeof skuIn["name"] === "string" && same(skuIn["name"], "Basic") ? "Basic" : "Standard", tier: typeof skuIn["tier"] === "string" && same(skuIn["tier"], "Global") ? "Global" : "Regional" };
  const children = Object.fromEntries(COLLECTIONS.map((c) => [c, (Array.isArray(p[c]) ? p[c] : []).filter(isObject).map((raw) => child(id, c, raw))])) as Record<Collection, Json[]>;
  for (const f of children.frontendIPConfigurations) {
    const ip = refOf((f["properties"] as Json)["publicIPAddress"]);
    if (ip && !input.publicIpExists(ip)) return refuse("invalidResourceReference", { ref: ip, by: String(f["id"]) });
  }
  const known = new Set(COLLECTIONS.flatMap((c) => children[c].map((x) => String(x["id"]).toLowerCase())));
  for (const c of COLLECTIONS) {
    for (const x of children[c]) {
      const missing = innerRefs(x).find((r) => r.toLowerCase().startsWith(`${id.toLowerCase()}/`) && !known.has(r.toLowerCase()));
      if (missing) return refuse("invalidResourceReference", { ref: missing, by: String(x["id"]) });
    }
  }
  return {
    kind: "loadBalancer",
    id,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: input.existing?.name ?? input.name,
    location: input.location,
    tags: input.tags,
    sku,
    ...children,
    provisioningState: "Updating",
    resourceGuid: input.existing?.resourceGuid ?? stableGuid(id.toLowerCase()),
  };
}

/** The `kubernetes` load balancer AKS keeps: one frontend per outbound IP, the `kubernetes` pool, `aksOutboundRule`. */
export function aksLoadBalancer(input: { id: string; subscriptionId: string; resourceGroup: string; location: string; tags: Record<string, string>; ipIds: readonly string[] }): LoadBalancerRecord {
  const { id } = input;
  const frontends = input.ipIds.map((ip) => {
    const name = ip.slice(ip.lastIndexOf("/") + 1);
    return { name, id: `${id}/frontendIPConfigurations/${name}`, type: `${TYPES.loadBalancer}/frontendIPConfigurations`, properties: { privateIPAllocationMethod: "Dynamic", publicIPAddress: { id: ip } } };
  });
  const pool = { name: "kubernetes", id: `${id}/backendAddressPools/kubernetes`, type: `${TYPES.loadBalancer}/backendAddressPools`, properties: {} };
  const rule = {
    name: "aksOutboundRule",
    id: `${id}/outboundRules/aksOutboundRule`,
    type: `${TYPES.loadBalancer}/outboundRules`,
    properties: { allocatedOutboundPorts: 0, protocol: "All", enableTcpReset: true, idleTimeoutInMinutes: 30, backendAddressPool: { id: pool.id }, frontendIPConfigurations: frontends.map((f) => ({ id: f.id })) },
  };
  return {
    kind: "loadBalancer",
    id,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: "kubernetes",
    location: input.location,
    tags: input.tags,
    sku: { name: "Standard", tier: "Regional" },
    frontendIPConfigurations: frontends,
    backendAddressPools: [pool],
    loadBalancingRules: [],
    probes: [],
    inboundNatRules: [],
    outboundRules: [rule],
    inboundNatPools: [],
    provisioningState: "Succeeded",
    resourceGuid: stableGuid(id.toLowerCase()),
  };
}
