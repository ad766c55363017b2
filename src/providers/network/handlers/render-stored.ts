// Any Network record as its GET shows it, by store key (what a finished PUT returns at its
// operationResults URL), with the children and references it lists.
import type { Reader } from "../../../store/store.js";
import { keyOf } from "../domain/records.js";
import { childrenOf, getRecord, subnetsReferencing } from "../repository.js";
import { renderLoadBalancer, renderNsg, renderPublicIp, renderRoute, renderRouteTable, renderRule, renderSubnet, renderVnet } from "../wire.js";

export function renderStored(read: Reader, key: string): unknown {
  const r = getRecord(read, key);
  if (!r) return undefined;
  switch (r.kind) {
    case "virtualNetwork":
      return renderVnet(r, childrenOf(read, keyOf(r.id), "subnet"));
    case "subnet":
      return renderSubnet(r);
    case "networkSecurityGroup":
      return renderNsg(r, childrenOf(read, keyOf(r.id), "securityRule"), subnetsReferencing(read, r.subscriptionId, "networkSecurityGroupId", r.id));
    case "securityRule":
      return renderRule(r);
    case "routeTable":
      return renderRouteTable(r, childrenOf(read, keyOf(r.id), "route"), subnetsReferencing(read, r.subscriptionId, "routeTableId", r.id));
    case "route":
      return renderRoute(r);
    case "publicIPAddress":
      return renderPublicIp(r);
    case "loadBalancer":
      return renderLoadBalancer(r);
  }
}
