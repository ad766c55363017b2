// Compute's seed 002 scenarios, on its own records: the vCPU quota of the cluster's location at its
// current usage (QuotaExceeded), no capacity left in a zonal pool's zones (ZonalAllocationFailed),
// and a node VM left Failed by a partial data disk detach (Scenario 2). The cluster and its pools
// come resolved from AKS through the scenario contract (providers/scenario.ts).
import { badRequest, poolNamed, poolNotFound, RECONCILE, SEED_COMMON, type Scenario, type ScenarioTarget } from "../scenario.js";
import { capacityKey, type CapacityRecord } from "./domain/capacity.js";
import { quotaKey, type QuotaRecord } from "./domain/quota.js";
import { failFirstVm } from "./node-vm-failure.js";
import { usageTotal } from "./usage-index.js";

const quotaExceeded: Scenario = {
  name: "quota-exceeded-on-scale",
  scope: "cluster",
  rank: 10,
  seed: { section: SEED_COMMON, symptom: "QuotaExceeded error", cause: "This error indicates that the operation exceeds the quota limit for a resource type or a region." },
  sets: "the Total Regional vCPUs quota (cores) of the cluster's location at the subscription's current usage: the next node does not fit",
  sees: { where: "the scale (or create) operation fails; the pool and cluster are Failed", code: "QuotaExceeded" },
  remedy: [
    "az vm list-usage --location <location> -o table   (check usage and limit)",
    "request a quota increase: PUT /_aksemu/compute/quotas/<location> {\"limits\": {\"cores\": <new limit>}} (or DELETE it: back to the defaults)",
    `retry the scale (az aks nodepool scale ...), or ${RECONCILE}`,
  ],
  apply(read, t: ScenarioTarget) {
    const sub = t.subscriptionId;
    const location = t.cluster!.location;
    const used = usageTotal(read, sub, location).usage["cores"] ?? 0;
    const existing = read.get<QuotaRecord>("meta", quotaKey(sub, location));
    const limits = Object.fromEntries(Object.entries(existing?.limits ?? {}).filter(([k]) => k.toLowerCase() !== "cores"));
    const record: QuotaRecord = { kind: "computeQuota", subscriptionId: sub, location, limits: { ...limits, cores: used } };
    return { change: { meta: [[quotaKey(sub, location), record]] }, applied: { location, quota: "cores", limit: used, currentUsage: used } };
  },
};

const zonalAllocationFailed: Scenario = {
  name: "zonal-allocation-failed",
  scope: "cluster",
  rank: 20,
  showsPool: true,
  seed: { section: "Common causes", symptom: "AllocationFailed or ZonalAllocationFailed error", cause: "VM allocation failure due to no zonal/regional capacity" },
  sets: "no capacity left for the pool's VM size in each of its zones (`pool`, default the first zonal pool)",
  sees: { where: "the scale (or create) operation fails; the pool and cluster are Failed", code: "ZonalAllocationFailed" },
  remedy: [
    "capacity comes back (or pick another size, zone or a capacity reservation group): DELETE /_aksemu/compute/capacity/<location>/<vmSize>",
    `retry the scale, or ${RECONCILE}`,
  ],
  apply(_read, t) {
    const cluster = t.cluster!;
    const pool = t.pool !== undefined ? poolNamed(cluster, t.pool) : cluster.pools.find((p) => p.zones.length > 0);
    if (t.pool !== undefined && !pool) return poolNotFound(cluster, t.pool);
    if (!pool || pool.zones.length === 0) return badRequest(`'zonal-allocation-failed' needs a zonal pool: ${pool ? `agent pool '${pool.name}' has` : `no agent pool of '${cluster.name}' has`} no availabilityZones.`);
    const zones = Object.fromEntries(pool.zones.map((z) => [z, 0]));
    const record: CapacityRecord = { kind: "computeCapacity", location: cluster.location, vmSize: pool.vmSize, zones };
    return { change: { meta: [[capacityKey(cluster.location, pool.vmSize), record]] }, applied: { pool: pool.name, location: cluster.location, vmSize: pool.vmSize, zones } };
  },
};

const nodeVmFailedDiskDetach: Scenario = {
  name: "node-vm-failed-disk-detach",
  scope: "cluster",
  rank: 80,
  seed: { section: "Scenario 2: Node is in a failed state", symptom: "Node is in a failed state", cause: "In rare cases, an Azure Disk detach operation may partially fail, which leaves the node VM in a failed state." },
  sets: "the first node VM of the pool's scale set or availability set (the first pool unless 'pool' is given) in provisioning state Failed, a data disk left toBeDetached",
  sees: { where: "the scale set VM (az vmss list-instances, az vmss get-instance-view) or, for an AvailabilitySet pool, the VM (az vm show, az vm get-instance-view) is Failed; its instance view says ProvisioningState/failed/AttachDiskWhileBeingDetached", code: "AttachDiskWhileBeingDetached" },
  remedy: ["az vmss update-instances --resource-group <node resource group> --name <scale set> --instance-id <id>", "az vm update --resource-group <resource-group-name> --name <vm-name>   (availability set clusters)"],
  apply(read, t, now) {
    const cluster = t.cluster!;
    const pool = t.pool !== undefined ? poolNamed(cluster, t.pool) : cluster.pools[0];
    if (!pool) return poolNotFound(cluster, t.pool ?? "");
    // `scaleSet` is the pool's scale set, or its availability set (AvailabilitySet pools: standalone VMs).
    const failed = failFirstVm(read, pool.scaleSet.toLowerCase(), now);
    if (!failed) return badRequest(`'node-vm-failed-disk-detach' needs a node: agent pool '${pool.name}' has no VM in its ${/\/availabilitySets\//i.test(pool.scaleSet) ? "availability set" : "scale set"}.`);
    const where = failed.fleet.kind === "availabilitySet" ? { availabilitySet: failed.fleet.id, vm: failed.vmId } : { scaleSet: failed.fleet.id, instanceId: String(failed.instanceId) };
    return { change: { resources: failed.writes }, applied: { pool: pool.name, ...where, disk: failed.disk } };
  },
};

export const COMPUTE_SCENARIOS: readonly Scenario[] = [quotaExceeded, zonalAllocationFailed, nodeVmFailedDiskDetach];
