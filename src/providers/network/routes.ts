// Microsoft.Network's route table: ARM routes (pattern, resource type -> api-versions, handler) and
// the control API's limits, DNS servers and appliances. Data: the front door and the docs read it.
import type { Handler } from "../../arm/http.js";
import type { Route } from "../../arm/router.js";
import { versionsOf, type Provider, type ProviderDeps } from "../provider.js";
import { declaredHandlers } from "./handlers/declared.js";
import { loadBalancerHandlers } from "./handlers/load-balancers.js";
import { operationHandlers } from "./handlers/operations.js";
import { publicIpHandlers } from "./handlers/public-ips.js";
import { renderStored } from "./handlers/render-stored.js";
import { routeTableHandlers } from "./handlers/route-tables.js";
import { securityGroupHandlers } from "./handlers/security-groups.js";
import { usageHandlers } from "./handlers/usages.js";
import { vnetHandlers } from "./handlers/vnets.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const N = "/providers/Microsoft.Network";
const VNET = `${RG}${N}/virtualNetworks/{virtualNetworkName}`;
const NSG = `${RG}${N}/networkSecurityGroups/{networkSecurityGroupName}`;
const RT = `${RG}${N}/routeTables/{routeTableName}`;
const PIP = `${RG}${N}/publicIPAddresses/{publicIpAddressName}`;
const LB = `${RG}${N}/loadBalancers/{loadBalancerName}`;
const CONTROL = "/_aksemu/network";

export function networkRoutes(p: Pick<Provider, "namespace" | "types" | "unsupportedApiVersion">, deps: ProviderDeps): Route[] {
  const v = vnetHandlers(deps);
  const nsg = securityGroupHandlers(deps);
  const rt = routeTableHandlers(deps);
  const ip = publicIpHandlers(deps);
  const lb = loadBalancerHandlers(deps);
  const u = usageHandlers(deps);
  const d = declaredHandlers(deps);
  const ops = operationHandlers(deps, (key) => renderStored(deps.store, key));
  const r = (method: string, pattern: string, type: string, handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf(p, type), handler });
  const c = (method: string, pattern: string, handler: Handler, summary: string): Route => ({ method, pattern: `${CONTROL}${pattern}`, apiVersions: { kind: "none" }, handler, summary, tenant: "emulator" });
  const crud = (path: string, type: string, h: { get: Handler; put: Handler; remove: Handler }) => [r("GET", path, type, h.get), r("PUT", path, type, h.put), r("DELETE", path, type, h.remove)];
  return [
    r("GET", `${SUB}${N}/virtualNetworks`, "virtualNetworks", v.listAll),
    r("GET", `${RG}${N}/virtualNetworks`, "virtualNetworks", v.list),
    ...crud(VNET, "virtualNetworks", v),
    r("GET", `${VNET}/subnets`, "virtualNetworks/subnets", v.listSubnets),
    ...crud(`${VNET}/subnets/{subnetName}`, "virtualNetworks/subnets", { get: v.getSubnet, put: v.putSubnet, remove: v.removeSubnet }),
    r("GET", `${SUB}${N}/networkSecurityGroups`, "networkSecurityGroups", nsg.listAll),
    r("GET", `${RG}${N}/networkSecurityGroups`, "networkSecurityGroups", nsg.list),
    ...crud(NSG, "networkSecurityGroups", nsg),
    r("GET", `${NSG}/securityRules`, "networkSecurityGroups/securityRules", nsg.listRules),
    ...crud(`${NSG}/securityRules/{securityRuleName}`, "networkSecurityGroups/securityRules", { get: nsg.getRule, put: nsg.putRule, remove: nsg.removeRule }),
    r("GET", `${NSG}/defaultSecurityRules`, "networkSecurityGroups/defaultSecurityRules", nsg.listDefaultRules),
    r("GET", `${NSG}/defaultSecurityRules/{defaultSecurityRuleName}`, "networkSecurityGroups/defaultSecurityRules", nsg.getDefaultRule),
    r("GET", `${SUB}${N}/routeTables`, "routeTables", rt.listAll),
    r("GET", `${RG}${N}/routeTables`, "routeTables", rt.list),
    ...crud(RT, "routeTables", rt),
    r("GET", `${RT}/routes`, "routeTables/routes", rt.listRoutes),
    ...crud(`${RT}/routes/{routeName}`, "routeTables/routes", { get: rt.getRoute, put: rt.putRoute, remove: rt.removeRoute }),
    r("GET", `${SUB}${N}/publicIPAddresses`, "publicIPAddresses", ip.listAll),
    r("GET", `${RG}${N}/publicIPAddresses`, "publicIPAddresses", ip.list),
    ...crud(PIP, "publicIPAddresses", ip),
    r("GET", `${SUB}${N}/loadBalancers`, "loadBalancers", lb.listAll),
    r("GET", `${RG}${N}/loadBalancers`, "loadBalancers", lb.list),
    ...crud(LB, "loadBalancers", lb),
    r("GET", `${SUB}${N}/locations/{location}/usages`, "locations/usages", u.usages),
    r("GET", `${SUB}${N}/locations/{location}/operations/{operationId}`, "locations/operations", ops.status),
    r("GET", `${SUB}${N}/locations/{location}/operationResults/{operationId}`, "locations/operationResults", ops.result),
    c("GET", "/limits/{location}", u.getLimits, "network usages and limits of a location (`?subscriptionId=`; default the emulator's subscription)"),
    c("PUT", "/limits/{location}", u.setLimits, 'set limits: `{"limits": {"PublicIPAddresses": 3}, "subscriptionId"?}` (merged; a public IP over the limit fails with PublicIPCountLimitReached)'),
    c("DELETE", "/limits/{location}", u.resetLimits, "back to the default limits"),
    c("GET", "/dns-servers/{ip}", d.getDnsServer, 'what a custom DNS server (a vnet\'s dhcpOptions.dnsServers) resolves: `{"ip", "resolves", "declared"}` (undeclared: "azure")'),
    c("PUT", "/dns-servers/{ip}", d.putDnsServer, 'declare it: `{"resolves": "azure" | "internet" | "none"}` (azure forwards to Azure DNS; internet resolves public names only, not the API server\'s: new nodes fail with K8SAPIServerDNSLookupFailVMExtensionError; none answers nothing)'),
    c("DELETE", "/dns-servers/{ip}", d.deleteDnsServer, "back to forwarding to Azure DNS"),
    c("GET", "/appliances/{ip}", d.getAppliance, 'what a virtual appliance (a route\'s nextHopIpAddress) lets out: `{"ip", "allow", "declared"}` (undeclared: every port)'),
    c("PUT", "/appliances/{ip}", d.putAppliance, 'declare it: `{"allow": ["443", "80-90", "*"]}` (destination ports; [] lets nothing out: new nodes routed through it fail with OutboundConnFailVMExtensionError)'),
    c("DELETE", "/appliances/{ip}", d.deleteAppliance, "back to allowing everything"),
  ];
}
