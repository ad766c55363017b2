// AKS's outbound reconciler on the `kubernetes` load balancer, pure: its PUT rewrites what AKS
// owns (the managed outbound IPs' frontends, the `kubernetes` backend pool, aksOutboundRule) and
// keeps the rest as it finds it (the frontends, rules and probes Kubernetes Services or the user
// added, and the frontends aksOutboundRule names beyond AKS's own: the troubleshooting article
// error-code-invalidresourcereference, cause 2, "the default outbound rule aksOutboundRule on the
// load balancer is manually modified"). Network judges that PUT like any other: a reference to a
// frontend the load balancer no longer has, or to a public IP that is gone, is
// InvalidResourceReference (ERROR-TEXTS.md §12), and the operation that reconciled fails.
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";
import { COLLECTIONS, innerRefs } from "./load-balancers.js";
import type { LoadBalancerRecord } from "./records.js";

const lower = (s: string) => s.toLowerCase();
const idOf = (x: Json) => String(x["id"]);
const propsOf = (x: Json): Json => (isObject(x["properties"]) ? x["properties"] : {});
const publicIpOf = (frontend: Json): string | undefined => {
  const ip = propsOf(frontend)["publicIPAddress"];
  return isObject(ip) && typeof ip["id"] === "string" ? ip["id"] : undefined;
};

export const AKS_OUTBOUND_RULE = "aksOutboundRule";

/**
 * The load balancer AKS's reconcile PUTs: `desired` (aksLoadBalancer: AKS's own parts) merged into
 * `current`. A frontend of `current` whose public IP is a managed outbound IP AKS no longer wants
 * (`isManagedIp`, not among desired's) goes, with every reference aksOutboundRule made to it.
 */
export function reconcileAksLoadBalancer(current: LoadBalancerRecord | undefined, desired: LoadBalancerRecord, isManagedIp: (id: string) => boolean): LoadBalancerRecord {
  if (!current) return desired;
  const mine = new Set(desired.frontendIPConfigurations.map((f) => lower(idOf(f))));
  const dropped = new Set(
    current.frontendIPConfigurations.filter((f) => !mine.has(lower(idOf(f))) && (publicIpOf(f) !== undefined && isManagedIp(publicIpOf(f)!))).map((f) => lower(idOf(f))),
  );
  const keep = (list: Json[], own: Json[]) => {
    const owned = new Set(own.map((x) => lower(idOf(x))));
    return [...list.filter((x) => !owned.has(lower(idOf(x))) && !dropped.has(lower(idOf(x)))), ...own];
  };
  const rule = desired.outboundRules.find((r) => r["name"] === AKS_OUTBOUND_RULE);
  const was = current.outboundRules.find((r) => lower(String(r["name"])) === lower(AKS_OUTBOUND_RULE));
  // aksOutboundRule: AKS's frontends first, then those the rule named by hand (kept, dangling or not).
  const byHand = was
    ? ((propsOf(was)["frontendIPConfigurations"] as Json[] | undefined) ?? []).filter((r) => isObject(r) && typeof r["id"] === "string" && !mine.has(lower(r["id"])) && !dropped.has(lower(r["id"])))
    : [];
  const outboundRule = rule && { ...rule, properties: { ...propsOf(rule), frontendIPConfigurations: [...((propsOf(rule)["frontendIPConfigurations"] as Json[]) ?? []), ...byHand] } };
  return {
    ...current,
    provisioningState: desired.provisioningState,
    tags: desired.tags,
    sku: desired.sku,
    frontendIPConfigurations: keep(current.frontendIPConfigurations, desired.frontendIPConfigurations),
    backendAddressPools: keep(current.backendAddressPools, desired.backendAddressPools),
    outboundRules: keep(current.outboundRules, outboundRule ? [outboundRule] : []),
  };
}

/**
 * Network's check of a load balancer PUT's references, in its order: each frontend's public IP
 * exists, then each child's reference to another child of the load balancer resolves.
 */
export function loadBalancerReferenceRefusal(lb: LoadBalancerRecord, publicIpExists: (id: string) => boolean): NetworkRefusal | undefined {
  for (const f of lb.frontendIPConfigurations) {
    const ip = publicIpOf(f);
    if (ip && !publicIpExists(ip)) return refuse("invalidResourceReference", { ref: ip, by: idOf(f) });
  }
  const known = new Set(COLLECTIONS.flatMap((c) => lb[c].map((x) => lower(idOf(x)))));
  const prefix = `${lower(lb.id)}/`;
  for (const c of COLLECTIONS) {
    for (const x of lb[c]) {
      const missing = innerRefs(x).find((r) => lower(r).startsWith(prefix) && !known.has(lower(r)));
      if (missing) return refuse("invalidResourceReference", { ref: missing, by: idOf(x) });
    }
  }
  return undefined;
}

/** Whether AKS's PUT changes anything of the load balancer (Network answers an unchanged PUT without a write). */
export const sameLoadBalancer = (a: LoadBalancerRecord, b: LoadBalancerRecord) =>
  JSON.stringify(COLLECTIONS.map((c) => a[c])) === JSON.stringify(COLLECTIONS.map((c) => b[c])) && JSON.stringify(a.tags) === JSON.stringify(b.tags);
