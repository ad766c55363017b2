// What other providers may know of Microsoft.Network's private DNS zones (with `import type` only):
// the step actions their plans hand to its runner. A plan names it as data:
// { provider: "Microsoft.Network/privateDnsZones", target: <zone's store key>, action }.

/**
 * A private cluster's DNS as AKS keeps it (its private DNS zone mode "system" or a custom zone):
 * the zone, the A record of the API server's private endpoint, and the zone's link to the vnet
 * the cluster's nodes are in (so they resolve the API server's private FQDN).
 */
export type ClusterDnsSpec = {
  /** The zone's id: AKS's own `{guid}.privatelink.{region}.azmk8s.io` in the node resource group, or the user's. */
  zoneId: string;
  /** AKS creates (and, with the cluster, deletes) a "system" zone; a custom zone is the user's. */
  managed: boolean;
  /** The A record's name in the zone: `{dnsPrefix}-{hash}`. */
  recordName: string;
  /** The subnet the API server's private endpoint is in (its address is taken there). */
  subnetId: string;
  /** The vnet the zone is linked to, and the link's name. */
  virtualNetworkId: string;
  linkName: string;
  /** The aks-managed-* tags AKS puts on what it creates. */
  tags: Record<string, string>;
};

export type PrivateDnsAction =
  /** Its own operations: what a zone or link PUT wrote is provisioned (their one step). */
  | { type: "provisioned"; keys: string[] }
  /** Its own operations: the zone (with its records) or the link goes. */
  | { type: "deleteResources"; keys: string[] }
  /**
   * What a private cluster needs, created where missing: a managed zone, the link (a vnet already
   * linked to an overlapping zone: BadRequest), the A record. A custom zone that is gone: ResourceNotFound.
   */
  | { type: "ensureClusterDns"; dns: ClusterDnsSpec }
  /** The zone and its A record must exist (an operation that is no reconcile): ResourceNotFound, or NotFound for the record. */
  | { type: "verifyClusterDns"; dns: ClusterDnsSpec }
  /** The cluster goes: its record (and its link), and a managed zone with all in it. */
  | { type: "deleteClusterDns"; dns: ClusterDnsSpec };

/** Private DNS's error as a failed step reports it (the plan's owner may word it as its own). */
export type PrivateDnsFailure = { code: string; message: string };
