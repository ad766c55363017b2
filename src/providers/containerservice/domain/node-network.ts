// A cluster's network as AKS plans it, as data for Microsoft.Network's runner (AKS imports none
// of its code): the managed virtual network aks-vnet-<digits> (when a pool names no subnet), the
// agent pool NSG, the kubenet route table and the `kubernetes` standard load balancer with its
// managed outbound IPs, kept in the node resource group; and the addresses a pool's nodes take in a
// subnet of the user's (vnetSubnetID), claimed before its scale set takes more instances and
// released after. How many addresses a node takes is AKS's own rule, by network plugin.
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";
import type { ClusterNetworkSpec, NetworkAction } from "../../network/public.js";
import { fleetId, fleetName, isAvailabilitySetPool, nodeGroupId, nodeGroupKey, vmssDigits, type NodeHost } from "./node-resources.js";
import type { NodeNetwork } from "./node-network-profile.js";
import { POLICY_DENIED, policyDeniedNodeResource } from "./policy-failure.js";
import type { PoolRecord } from "./records.js";

export const NETWORK = "Microsoft.Network";

/** The subnet of the user's a pool's nodes join, if it names one. */
export const subnetOf = (pool: Pick<PoolRecord, "spec">): string | undefined => (typeof pool.spec["vnetSubnetID"] === "string" && pool.spec["vnetSubnetID"] !== "" ? pool.spec["vnetSubnetID"] : undefined);

/**
 * Addresses one node takes in its subnet, as AKS computes them: Azure CNI (node subnet, no pod
 * subnet) gives each node maxPods addresses for its pods plus its own; kubenet, CNI Overlay, a pod
 * subnet and BYO CNI one per node.
 */
export function addressesPerNode(network: NodeNetwork, pool: Pick<PoolRecord, "spec">): number {
  const podSubnet = typeof pool.spec["podSubnetID"] === "string" && pool.spec["podSubnetID"] !== "";
  if (network.plugin !== "azure" || network.overlay || podSubnet) return 1;
  return Number(pool.spec["maxPods"] ?? 30) + 1;
}

const subnetName = (id: string) => id.slice(id.lastIndexOf("/") + 1);

/** The pool's new nodes take their addresses in its subnet (before its scale set grows); none for the managed network. */
export function claimAddressSteps(h: NodeHost, pool: PoolRecord, instanceIds: readonly number[], opts: { exact?: boolean } = {}): Step<NetworkAction>[] {
  const subnet = subnetOf(pool);
  if (!subnet || isAvailabilitySetPool(pool) || (instanceIds.length === 0 && !opts.exact)) return [];
  const perNic = addressesPerNode(h.network, pool);
  return [{
    name: `Reserving ${instanceIds.length * perNic} IP addresses in subnet ${subnetName(subnet)}`,
    durationMs: 0,
    action: { type: "claimAddresses", subnetId: subnet, holder: fleetId(h, pool), nic: fleetName(pool), instanceIds: [...instanceIds], perNic, ...(opts.exact ? { exact: true } : {}) },
    provider: NETWORK,
    target: subnet.toLowerCase(),
  }];
}

/**
 * New nodes' custom script extension (vmssCSE) reaches out first: TCP 443 to mcr.microsoft.com
 * (AKS's required outbound rules). Probed on the pool's own subnet, whose NSG is the user's; AKS's
 * managed network keeps its own NSG's rules.
 */
export function probeOutboundSteps(h: NodeHost, pool: PoolRecord, node?: string): Step<NetworkAction>[] {
  const subnet = subnetOf(pool);
  if (!subnet || isAvailabilitySetPool(pool)) return [];
  return [{
    name: `Checking outbound connectivity of new nodes in subnet ${subnetName(subnet)}`,
    durationMs: 0,
    action: { type: "probeOutbound", holder: fleetId(h, pool), host: "mcr.microsoft.com", port: 443, ...(node !== undefined ? { node } : {}) },
    provider: NETWORK,
    target: subnet.toLowerCase(),
  }];
}

/** The addresses of deleted nodes (all of the pool's when `instanceIds` is absent) go back to the subnet. */
export function releaseAddressSteps(h: NodeHost, pool: PoolRecord, instanceIds?: readonly number[]): Step<NetworkAction>[] {
  const subnet = subnetOf(pool);
  if (!subnet || isAvailabilitySetPool(pool)) return [];
  return [{
    name: `Releasing IP addresses in subnet ${subnetName(subnet)}`,
    durationMs: 0,
    action: { type: "releaseAddresses", holder: fleetId(h, pool), ...(instanceIds ? { instanceIds: [...instanceIds] } : {}) },
    provider: NETWORK,
    target: subnet.toLowerCase(),
  }];
}

/** The cluster's network in its node resource group, for the pools it has. */
export function clusterNetworkSpec(h: NodeHost, pools: readonly Pick<PoolRecord, "spec">[]): ClusterNetworkSpec {
  const seed = h.clusterId.toLowerCase();
  return {
    nodeResourceGroupId: nodeGroupId(h),
    location: h.location,
    tags: { "aks-managed-cluster-name": h.clusterName, "aks-managed-cluster-rg": h.resourceGroup },
    seed,
    // The digits of aks-vnet-<digits> (scaleSetModel names the managed subnet with the same).
    digits: vmssDigits(seed),
    managedVnet: pools.length === 0 || pools.some((p) => !subnetOf(p)),
    routeTable: h.network.plugin === "kubenet",
    ...(h.network.outboundType === "loadBalancer" ? { outboundIps: h.network.managedOutboundIps } : {}),
  };
}

/** Network creates (or, reconciling, recreates) what is missing of the cluster's network. */
export function ensureNetworkStep(h: NodeHost, pools: readonly Pick<PoolRecord, "spec">[], name: string, durationMs: number): Step<NetworkAction> {
  return { name, durationMs, action: { type: "ensureClusterNetwork", network: clusterNetworkSpec(h, pools) }, provider: NETWORK, target: nodeGroupKey(h) };
}

/**
 * AKS's outbound reconciler before a scale or an upgrade (the nodes join or leave the `kubernetes`
 * backend pool): the same step, taking no time of its own; a reference the load balancer lost
 * fails it (InvalidResourceReference).
 */
export const reconcileLoadBalancerStep = (h: NodeHost, pools: readonly Pick<PoolRecord, "spec">[]) => ensureNetworkStep(h, pools, "Reconciling load balancer", 0);

/** The cluster's network goes before its node resource group. */
export function deleteNetworkStep(h: NodeHost, pools: readonly Pick<PoolRecord, "spec">[], durationMs: number): Step<NetworkAction> {
  return { name: "Deleting virtual network and load balancer", durationMs, action: { type: "deleteClusterNetwork", network: clusterNetworkSpec(h, pools) }, provider: NETWORK, target: nodeGroupKey(h) };
}

// Real (the SubscriptionRequestsThrottled and PublicIPCountLimitReached troubleshooting articles,
// ERROR-TEXTS.md §10; "OrginalError" sic): AKS's outbound reconciler wraps Network's error.
const OUTBOUND_RECONCILE_FAILED = (inner: OperationError, dependency = "Microsoft.Network/PublicIPAddresses") =>
  `Reconcile standard load balancer failed. Details: outboundReconciler retry failed: Category: ClientError; SubCode: ${inner.code}; Dependency: ${dependency}; OrginalError: Code="${inner.code}" Message="${inner.message}" Details=[]; AKSTeam: Networking, Retriable: false.`;

// Real (the OutboundConnFailVMExtensionError troubleshooting article, ERROR-TEXTS.md §11: its lines
// joined by a space, the CSE output's line breaks kept): exit status 50, ERR_OUTBOUND_CONN_FAIL.
const CSE_OUTBOUND_FAILED = (host: string, port: number) =>
  `VM has reported a failure when processing extension 'vmssCSE'. Error message: "Enable failed: failed to execute command: command terminated with exit status=50\n[stdout]\n\n[stderr]\nnc: connect to ${host} port ${port} (tcp) failed: Connection timed out\nCommand exited with non-zero status"`;
const OUTBOUND_CONN_FAILED = (cse: string) => `Unable to establish outbound connection from agents, please see <https://aka.ms/aks-required-ports-and-addresses> for more information. Details: Code="VMExtensionProvisioningError" Message="${cse}"`;
// Modelled on the above: the outbound check's nc when the host's name does not resolve (netcat's
// own getaddrinfo text; no AKS sample with it was found).
const CSE_HOST_UNRESOLVED = (host: string, port: number) =>
  `VM has reported a failure when processing extension 'vmssCSE'. Error message: "Enable failed: failed to execute command: command terminated with exit status=50\n[stdout]\n\n[stderr]\nnc: getaddrinfo for host "${host}" port ${port}: Temporary failure in name resolution\nCommand exited with non-zero status"`;

// Real (the K8SAPIServerDNSLookupFailVMExtensionError troubleshooting article: its lines joined by
// a space) up to "[tcp/https]", where the article's quote ends; the rest of the CSE's JSON output
// (" succeeded!" and its closing) is modelled. Exit status 52, ERR_K8S_API_SERVER_DNS_LOOKUP_FAIL.
const CSE_API_SERVER_UNRESOLVED = (time: string, node: string) =>
  `VM has reported a failure when processing extension 'vmssCSE'. Error message: "Enable failed: failed to execute command: command terminated with exit status=52\n[stdout]\n{\n"ExitCode": "52",\n"Output": "${time},${node}\\nConnection to mcr.microsoft.com 443 port [tcp/https] succeeded!"\n}"`;
const API_SERVER_DNS_FAILED = (cse: string) => `Agents are unable to resolve Kubernetes API server name. It's likely custom DNS server is not correctly configured, please see <https://aka.ms/aks/private-cluster#hub-and-spoke-with-custom-dns> for more information. Details: Code="VMExtensionProvisioningError" Message="${cse}"`;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** An instant as `date` prints it on the node (UTC): "Fri Oct 15 10:06:00 UTC 2021". */
function cseDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const cseFailure = (code: string, message: string, cse: string): OperationError => ({ code, message, details: [{ code: "VMExtensionProvisioningError", message: cse }] });

/**
 * A failed Network step as AKS's operation reports it: the outbound IPs' limit in AKS's
 * load balancer text (the code is the SubCode, as the troubleshooting articles title it), Network's
 * error nested; egress a subnet's NSG, route or appliance denies, or DNS that does not resolve the
 * host, as the nodes' CSE failure (OutboundConnFailVMExtensionError, exit 50); DNS that does not
 * resolve the API server's name as K8SAPIServerDNSLookupFailVMExtensionError (exit 52);
 * a full subnet or a missing one as Network words it (SubnetIsFull, InvalidResourceReference:
 * ERROR-TEXTS.md §4, §12).
 */
export function networkStepFailure(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const { step, error } = failed;
  if (error.code === "PublicIPCountLimitReached") return { code: error.code, message: OUTBOUND_RECONCILE_FAILED(error), details: [{ code: error.code, message: error.message }] };
  // The load balancer PUT of the same reconciler (lb-reconcile.ts): Network's text is the
  // troubleshooting article's (Code="InvalidResourceReference" Message="..." Details=[]); the
  // wrapper is modelled on the public IP form above, its dependency the load balancer.
  if (error.code === "InvalidResourceReference" && (step.action as NetworkAction).type === "ensureClusterNetwork") {
    return { code: error.code, message: OUTBOUND_RECONCILE_FAILED(error, "Microsoft.Network/LoadBalancers"), details: [{ code: error.code, message: error.message }] };
  }
  if (error.code === POLICY_DENIED) return policyDeniedNodeResource(failed);
  const probe = step.action as Extract<NetworkAction, { type: "probeOutbound" }>;
  if (error.code === "OutboundBlocked") {
    const cse = CSE_OUTBOUND_FAILED(probe.host, probe.port);
    return cseFailure("OutboundConnFailVMExtensionError", OUTBOUND_CONN_FAILED(cse), cse);
  }
  if (error.code === "HostNameNotResolved") {
    const cse = CSE_HOST_UNRESOLVED(probe.host, probe.port);
    return cseFailure("OutboundConnFailVMExtensionError", OUTBOUND_CONN_FAILED(cse), cse);
  }
  if (error.code === "ApiServerNameNotResolved") {
    const cse = CSE_API_SERVER_UNRESOLVED(cseDate(failed.op.stepStartedAt), probe.node ?? `${probe.holder.slice(probe.holder.lastIndexOf("/") + 1)}000000`);
    return cseFailure("K8SAPIServerDNSLookupFailVMExtensionError", API_SERVER_DNS_FAILED(cse), cse);
  }
  return error;
}
