// How ARM's policy engine sees Network's records (Provider.policyView): each as its GET shows it
// (sku.name of a public IP or load balancer, a subnet's addressPrefix, a rule's properties), so
// aliases such as Microsoft.Network/publicIPAddresses/sku.name read the wire path. Of the steps
// another provider runs here, only those that PUT resources are judged: AKS keeping the cluster's
// network in its node resource group (the VNet, NSG, route table, load balancer and outbound IPs
// it creates); claiming or releasing a subnet's addresses (NICs) and deleting are not.
import type { Step } from "../../engine/operations.js";
import type { PolicyView } from "../provider.js";
import type { NetworkRecord, SubnetRecord } from "./domain/records.js";
import type { NetworkAction } from "./public.js";
import { renderLoadBalancer, renderNsg, renderPublicIp, renderRoute, renderRouteTable, renderRule, renderSubnet, renderVnet } from "./wire.js";

/** Steps that PUT Network resources on another provider's behalf. */
const PUT_ACTIONS: ReadonlySet<string> = new Set<NetworkAction["type"]>(["ensureClusterNetwork"]);

const KINDS: ReadonlySet<string> = new Set(["virtualNetwork", "subnet", "networkSecurityGroup", "securityRule", "routeTable", "route", "publicIPAddress", "loadBalancer"]);

export function networkPolicyView(_key: string, doc: object, step?: Step): PolicyView | undefined {
  const r = doc as NetworkRecord;
  if (typeof r.kind !== "string" || !KINDS.has(r.kind) || typeof r.id !== "string") return undefined;
  if (step && !PUT_ACTIONS.has((step.action as NetworkAction).type)) return undefined;
  return render(r) as unknown as PolicyView;
}

function render(r: NetworkRecord): unknown {
  switch (r.kind) {
    case "virtualNetwork":
      // Its subnets are judged on their own (a PUT of the VNet with subnets is judged at the front door).
      return renderVnet(r, []);
    case "subnet":
      return renderSubnet(r as SubnetRecord);
    case "networkSecurityGroup":
      return renderNsg(r, [], []);
    case "securityRule":
      return renderRule(r);
    case "routeTable":
      return renderRouteTable(r, [], []);
    case "route":
      return renderRoute(r);
    case "publicIPAddress":
      return renderPublicIp(r);
    case "loadBalancer":
      return renderLoadBalancer(r);
  }
}
