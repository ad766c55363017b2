// Network's seed 002 scenarios, on its own records: the public IP limit of the cluster's location
// at the subscription's current count (PublicIPCountLimitReached), and a pool's subnet with no
// address left (SubnetIsFull: other NICs take the rest, as other workloads in a shared subnet do).
// The cluster and its pools come resolved from AKS through the scenario contract (providers/scenario.ts).
import { badRequest, poolNamed, poolNotFound, RECONCILE, SEED_COMMON, SEED_OTHER, type Scenario } from "../scenario.js";
import { addressCapacity, addressesInUse } from "./domain/addresses.js";
import { keyOf, type SubnetRecord } from "./domain/records.js";
import { limitsKey, type NetworkLimitsRecord } from "./domain/usages.js";
import { getLimits, inSubscription, publicIpsIn } from "./repository.js";

const publicIpLimit: Scenario = {
  name: "public-ip-limit",
  scope: "cluster",
  rank: 15,
  seed: { section: SEED_COMMON, symptom: "PublicIPCountLimitReached error", cause: "This error indicates that the operation reaches the maximum number of public IP addresses that can be created in a subscription or region." },
  sets: "the subscription's public IP limit (PublicIPAddresses) in the cluster's location at its current count: the next public IP does not fit",
  sees: { where: "an operation that needs one more public IP fails: a new cluster's outbound IP, one more managed outbound IP (az aks update --load-balancer-managed-outbound-ip-count), a public IP of your own (400)", code: "PublicIPCountLimitReached" },
  remedy: [
    "az network list-usages --location <location> -o table   (check usage and limit; Debian's az 2.45 crashes here: az rest --method get --url .../providers/Microsoft.Network/locations/<location>/usages?api-version=2022-01-01)",
    "delete unused public IPs, or request an increase: PUT /_aksemu/network/limits/<location> {\"limits\": {\"PublicIPAddresses\": <new limit>}} (or DELETE it: back to the defaults)",
    `retry, or ${RECONCILE}`,
  ],
  apply(read, t) {
    const sub = t.subscriptionId;
    const location = t.cluster!.location;
    const used = publicIpsIn(read, sub, location).length;
    const existing = getLimits(read, sub, location);
    const record: NetworkLimitsRecord = { kind: "networkLimits", subscriptionId: sub, location, limits: { ...(existing?.limits ?? {}), PublicIPAddresses: used } };
    return { change: { meta: [[limitsKey(sub, location), record]] }, applied: { location, quota: "PublicIPAddresses", limit: used, currentUsage: used } };
  },
};

/** The subnet a pool's nodes hold addresses in (its scale set is one of the subnet's holders). */
function subnetOfPool(read: Parameters<Scenario["apply"]>[0], sub: string, scaleSet: string): SubnetRecord | undefined {
  return inSubscription(read, sub, "virtualnetworks/subnets", "subnet").find((s) => s.holders.some((h) => h.id.toLowerCase() === scaleSet.toLowerCase()));
}

const subnetFull: Scenario = {
  name: "subnet-full",
  scope: "cluster",
  rank: 65,
  showsPool: true,
  seed: { section: SEED_OTHER, symptom: "The subnet size is too small", cause: "The operation can't create or update the cluster because the subnet doesn't have enough space accommodate the required number of nodes." },
  sets: "every free address of the pool's subnet (vnetSubnetID; `pool`, default the first pool on a subnet of yours) taken by another NIC (aksemu-subnet-full): the next node does not fit",
  sees: { where: "a scale, an upgrade (its surge nodes) or a new pool on that subnet fails; the pool and cluster are Failed", code: "SubnetIsFull" },
  remedy: [
    "az aks nodepool add -g <rg> --cluster-name <cluster> -n <new pool> --mode System --vnet-subnet-id <a larger subnet's id>",
    "az aks nodepool delete -g <rg> --cluster-name <cluster> -n <old pool>",
  ],
  apply(read, t) {
    const cluster = t.cluster!;
    const sub = t.subscriptionId;
    if (t.pool !== undefined && !poolNamed(cluster, t.pool)) return poolNotFound(cluster, t.pool);
    const pools = t.pool !== undefined ? [poolNamed(cluster, t.pool)!] : cluster.pools;
    const found = pools.map((p) => ({ pool: p, subnet: subnetOfPool(read, sub, p.scaleSet) })).find((x) => x.subnet !== undefined);
    if (!found?.subnet) return badRequest(`'subnet-full' needs a pool with nodes on a subnet of yours (vnetSubnetID): ${t.pool !== undefined ? `agent pool '${t.pool}' is not one` : `no agent pool of '${cluster.name}' is`}.`);
    const s = found.subnet;
    const filler = `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Network/networkInterfaces/aksemu-subnet-full`;
    const others = s.holders.filter((h) => h.id.toLowerCase() !== filler.toLowerCase());
    const free = addressCapacity(s) - addressesInUse({ holders: others });
    const next: SubnetRecord = { ...s, holders: free > 0 ? [...others, { kind: "networkInterface", id: filler, nic: "aksemu-subnet-full", instanceIds: [0], perNic: free }] : others };
    return { change: { resources: [[keyOf(s.id), next]] }, applied: { pool: found.pool.name, subnet: s.id, addressPrefix: s.addressPrefixes.join(","), addressesTaken: Math.max(0, free), free: 0 } };
  },
};

export const NETWORK_SCENARIOS: readonly Scenario[] = [publicIpLimit, subnetFull];
