// What other providers may know of Microsoft.Network (with `import type` only): the step actions
// their plans hand to Network's runner, and the stored subnet a write may check for. A plan names
// Network as data: { provider: "Microsoft.Network", target: <store key>, action }.

/**
 * The network AKS keeps for a cluster in its node resource group: the managed virtual network
 * (when a pool has no vnetSubnetID), the agent pool NSG, the kubenet route table, and the
 * `kubernetes` standard load balancer with its managed outbound public IPs.
 */
export type ClusterNetworkSpec = {
  /** /subscriptions/{s}/resourceGroups/{node resource group}, in the cluster's casing. */
  nodeResourceGroupId: string;
  location: string;
  /** The aks-managed-* tags AKS puts on what it creates. */
  tags: Record<string, string>;
  /** A seed for the stable names and addresses (the cluster's id, lower-cased). */
  seed: string;
  /** The 8 digits AKS names its network resources with (aks-vnet-12345678). */
  digits: string;
  /** The managed virtual network: only when a pool joins no subnet of the user's. */
  managedVnet: boolean;
  /** kubenet clusters get a route table (aks-agentpool-<digits>-routetable). */
  routeTable: boolean;
  /** outboundType loadBalancer: the `kubernetes` load balancer with this many managed outbound IPs. */
  outboundIps?: number;
};

export type NetworkAction =
  /** Network's own operations: the resources a PUT wrote are provisioned (its one step). */
  | { type: "provisioned"; keys: string[] }
  /** Network's own operations: the resources go (a DELETE's one step). */
  | { type: "deleteResources"; keys: string[] }
  /**
   * The NICs of scale set `holder` in the target subnet: one per instance in `instanceIds`,
   * `perNic` IP configurations each. Added to those it holds, or (with `exact`) all it holds.
   * The subnet must have room: else SubnetIsFull; a missing subnet is InvalidResourceReference.
   */
  | { type: "claimAddresses"; subnetId: string; holder: string; nic: string; instanceIds: number[]; perNic: number; exact?: boolean }
  /** The NICs of `instanceIds` leave the target subnet (all of the holder's when absent). */
  | { type: "releaseAddresses"; holder: string; instanceIds?: number[] }
  /**
   * New nodes' required egress from the target subnet (TCP `port` to `host`), in their CSE's order
   * (domain/node-egress.ts): refused when the vnet's DNS does not resolve the host
   * (HostNameNotResolved), its NSG's rules deny it or its route drops it or sends it to an appliance
   * that does not allow it (OutboundBlocked), or the DNS does not resolve the API server's name
   * (ApiServerNameNotResolved); worded by the plan's owner. `node`: the first new node's computer name.
   */
  | { type: "probeOutbound"; holder: string; host: string; port: number; node?: string }
  /** What a cluster needs in its node resource group, created where missing (a public IP over the limit: PublicIPCountLimitReached). */
  | { type: "ensureClusterNetwork"; network: ClusterNetworkSpec }
  | { type: "deleteClusterNetwork"; network: ClusterNetworkSpec };

/** A subnet as stored (key: its id lower-cased), for a provider that checks one exists. */
export type StoredSubnet = { kind: "subnet"; id: string; name: string; addressPrefixes: string[] };

/** Network's error as a failed step reports it (the owner of the plan may nest it in its own). */
export type NetworkFailure = { code: string; message: string };
