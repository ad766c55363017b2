// Microsoft.Network's private DNS zones (Azure DNS private zones): zones, their virtual network
// links (a vnet is never linked to two zones whose namespaces overlap) and record sets. It shares
// the Microsoft.Network namespace with the network provider (virtual networks, load balancers, ...):
// its operations and steps carry their own name (`operationsName`), ARM's gate, the providers API
// and the activity log treat the two as one namespace. AKS's plans hand it a private cluster's
// zone, link and A record. Built with the provider list, which it reads for how an operation's
// owner words a failed step.
import type { Provider } from "../provider.js";
import { privateDnsActivity } from "./activity.js";
import { PRIVATE_DNS_VERSIONS as V } from "./api-versions.js";
import { NAMESPACE, OPERATIONS_NAME, RECORD_TYPES } from "./domain/records.js";
import { PRIVATE_DNS_DETECTORS } from "./detectors.js";
import { PRIVATE_DNS_ERRORS } from "./errors.js";
import { deletePrivateDnsOfGroup } from "./group-cascade.js";
import { privateDnsPolicyView } from "./policy-view.js";
import { privateDnsRoutes } from "./routes.js";
import { PRIVATE_DNS_SCENARIOS } from "./scenarios.js";
import { privateDnsSteps } from "./steps.js";

const types: Record<string, readonly string[]> = {
  privateDnsZones: V,
  "privateDnsZones/virtualNetworkLinks": V,
  "privateDnsZones/ALL": V,
  ...Object.fromEntries(RECORD_TYPES.map((t) => [`privateDnsZones/${t}`, V])),
  privateDnsOperationStatuses: V,
  privateDnsOperationResults: V,
};
// Private DNS zones are global: an unknown api-version names the 'global' location.
const unsupportedApiVersion = { error: "noRegisteredProvider", defaultLocation: "global", locations: ["global"] } as const;

/** `providers` is the provider list this provider is part of, read at run time only. */
export function privateDnsProvider(providers: () => readonly Provider[]): Provider {
  return {
    namespace: NAMESPACE,
    operationsName: OPERATIONS_NAME,
    types,
    unsupportedApiVersion,
    routes: (deps) => privateDnsRoutes({ namespace: NAMESPACE, types, unsupportedApiVersion }, deps),
    runner: privateDnsSteps(providers),
    errors: PRIVATE_DNS_ERRORS,
    activity: privateDnsActivity,
    onGroupDelete: deletePrivateDnsOfGroup,
    // Seed 002's "Private DNS Zone InternalOperationError", its overlapping link and the custom zone's permission.
    scenarios: { scenarios: PRIVATE_DNS_SCENARIOS },
    detectors: PRIVATE_DNS_DETECTORS,
    // Azure Policy judges the zone, link and A record AKS creates for a private cluster as their GETs show them.
    policyView: privateDnsPolicyView,
  };
}
