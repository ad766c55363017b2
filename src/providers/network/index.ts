// Microsoft.Network: virtual networks and subnets (with the addresses scale sets' NICs hold),
// network security groups and their rules, route tables and routes, public IP addresses, load
// balancers, usages per location and the control API's limits. AKS's plans hand it steps: claim
// and release a subnet's addresses for a pool's nodes, keep a cluster's network in its node
// resource group. Built with the provider list, which it reads for how an operation's owner words
// a failed Network step.
import type { Provider } from "../provider.js";
import { networkActivity } from "./activity.js";
import { NETWORK_VERSIONS } from "./api-versions.js";
import { NAMESPACE } from "./domain/records.js";
import { NETWORK_ERRORS } from "./errors.js";
import { NETWORK_DETECTORS } from "./detectors.js";
import { LB_DNS_DETECTORS } from "./detectors-lb-dns.js";
import { deleteNetworkOfGroup } from "./group-cascade.js";
import { networkRoutes } from "./routes.js";
import { EGRESS_SCENARIOS } from "./scenarios-egress.js";
import { NETWORK_SCENARIOS } from "./scenarios.js";
import { LB_DNS_SCENARIOS } from "./scenarios-lb-dns.js";
import { networkPolicyView } from "./policy-view.js";
import { networkSteps } from "./steps.js";

const types = {
  virtualNetworks: NETWORK_VERSIONS,
  "virtualNetworks/subnets": NETWORK_VERSIONS,
  networkSecurityGroups: NETWORK_VERSIONS,
  "networkSecurityGroups/securityRules": NETWORK_VERSIONS,
  "networkSecurityGroups/defaultSecurityRules": NETWORK_VERSIONS,
  routeTables: NETWORK_VERSIONS,
  "routeTables/routes": NETWORK_VERSIONS,
  publicIPAddresses: NETWORK_VERSIONS,
  loadBalancers: NETWORK_VERSIONS,
  "locations/usages": NETWORK_VERSIONS,
  "locations/operations": NETWORK_VERSIONS,
  "locations/operationResults": NETWORK_VERSIONS,
};
// Network is registered by location: an unknown api-version is NoRegisteredProviderFound.
const unsupportedApiVersion = { error: "noRegisteredProvider", defaultLocation: "eastus", locations: ["East US", "West US 2", "West Europe"] } as const;

/** `providers` is the provider list this provider is part of, read at run time only. */
export function networkProvider(providers: () => readonly Provider[]): Provider {
  return {
    namespace: NAMESPACE,
    types,
    unsupportedApiVersion,
    routes: (deps) => networkRoutes({ namespace: NAMESPACE, types, unsupportedApiVersion }, deps),
    runner: networkSteps(providers),
    errors: NETWORK_ERRORS,
    activity: networkActivity,
    onGroupDelete: deleteNetworkOfGroup,
    // Seed 002's public IP limit and full subnet rows.
    scenarios: { scenarios: [...NETWORK_SCENARIOS, ...LB_DNS_SCENARIOS, ...EGRESS_SCENARIOS] },
    // Diagnose and solve problems: a full subnet, the public IP limit, blocked egress and DNS.
    detectors: [...NETWORK_DETECTORS, ...LB_DNS_DETECTORS],
    // Azure Policy judges what AKS creates in the node resource group as Network shows it.
    policyView: networkPolicyView,
  };
}
