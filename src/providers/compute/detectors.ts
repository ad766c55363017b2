// Compute's detectors (providers/detector.ts) over its own records: a cluster operation that failed
// on the vCPU quota (with the quota's usage and limit now), on zonal or regional capacity, and a
// node VM left Failed by a partial data disk detach (seed 002, Scenario 2). The cluster, its pools
// and their scale sets or availability sets come resolved through the detector contract.
import { currentFailures, errorCodes, operationEvidence, reconcileCommand, type CurrentFailure, type Detector, type DetectorInput, type Finding } from "../detector.js";
import { limitOf } from "./domain/quota.js";
import { vmIdOf, vmName } from "./domain/records.js";
import { getCapacity, getFleet, getQuota } from "./repository.js";
import { placedOfTotal, usageTotal } from "./usage-index.js";

const CONTROL = "/_aksemu/compute";

/** The failure's messages, its own and its details' (AKS nests Compute's text). */
const messagesOf = (f: CurrentFailure): string => [f.error.message, ...(f.error.details ?? []).map((d) => d.message)].join("\n");

/** A failure's pools: the pool of an agent pool operation, else every pool it left failed. */
function poolsOf(input: DetectorInput, f: CurrentFailure) {
  const names = new Set([...(f.op.pool !== undefined ? [f.op.pool] : f.subjects)].map((n) => n.toLowerCase()));
  return input.cluster.pools.filter((p) => names.has(p.name.toLowerCase()));
}

const isQuota = (f: CurrentFailure) => errorCodes(f.error).includes("QuotaExceeded") || /exceeding approved .+ quota/.test(messagesOf(f));

const quotaExceeded: Detector = {
  id: "vcpu-quota-exceeded",
  name: "VM Allocation Failure: Core Quota Exceeded",
  category: "Cluster Issues",
  description: "Checks for create, scale or upgrade operations that failed because the VMs they needed exceed a vCPU quota of the region (QuotaExceeded), with that quota's usage and limit now (seed 002).",
  rank: 20,
  healthy: "No operation failed on a vCPU quota.",
  evaluate(input) {
    const c = input.cluster;
    const total = usageTotal(input.read, c.subscriptionId, c.location);
    const record = getQuota(input.read, c.subscriptionId, c.location);
    return currentFailures(input)
      .filter(isQuota)
      .map((f): Finding => {
        const text = messagesOf(f);
        // Compute's text names the quota in its request link (resourceName) and what the request needs.
        const quota = /%22resourceName%22:%22([^%]+)%22/.exec(text)?.[1] ?? "cores";
        const needed = /\(Minimum\) New Limit Required: (\d+)/.exec(text)?.[1];
        const usage = total.usage[quota.toLowerCase()] ?? 0;
        const limit = limitOf(record, quota);
        return {
          status: "Critical",
          message: `${f.op.operationType} failed with QuotaExceeded: the VMs it needs exceed the vCPU quota '${quota}' in ${c.location} (current usage ${usage}, limit ${limit}).`,
          cause: { symptom: "QuotaExceeded error", text: "This error indicates that the operation exceeds the quota limit for a resource type or a region." },
          remedy: {
            title: "Request a quota increase (or free vCPUs), then retry",
            text: "Check the current quota usage and quota limit for the resource type or region using the Azure portal, Azure CLI, or Azure PowerShell. You may need to delete some unused resources or request a quota increase. Then retry the operation, or reconcile the cluster.",
            commands: [
              `az vm list-usage --location ${c.location} -o table`,
              `PUT ${CONTROL}/quotas/${c.location} {"limits": {"${quota}": ${needed ?? limit + 1}}}   (the emulator's quota increase)`,
              reconcileCommand(c.id),
            ],
          },
          evidence: [["Quota", quota], ["Location", c.location], ["Current usage", String(usage)], ["Current limit", String(limit)], ...(needed ? ([["Limit the operation needed", needed]] as [string, string][]) : []), ...operationEvidence(f.op, f.error)],
        };
      });
  },
};

const ALLOCATION_CODES = ["ZonalAllocationFailed", "AllocationFailed", "OverconstrainedAllocationRequest", "OverconstrainedZonalAllocationRequest"];

const allocationFailed: Detector = {
  id: "vm-allocation-failure",
  name: "VM Allocation Failure: No Zonal or Regional Capacity",
  category: "Cluster Issues",
  description: "Checks for operations that failed because the region or zone had no capacity for the VM size (ZonalAllocationFailed, AllocationFailed, Overconstrained*AllocationRequest), with the capacity left (seed 002).",
  rank: 30,
  healthy: "No operation failed on VM allocation capacity.",
  evaluate(input) {
    const c = input.cluster;
    const total = usageTotal(input.read, c.subscriptionId, c.location);
    return currentFailures(input)
      .filter((f) => errorCodes(f.error).some((code) => ALLOCATION_CODES.includes(code)))
      .map((f): Finding => {
        const code = errorCodes(f.error).find((x) => ALLOCATION_CODES.includes(x))!;
        const overconstrained = code.startsWith("Overconstrained");
        const pools = poolsOf(input, f);
        const sizes = [...new Set(pools.map((p) => p.vmSize))];
        const capacity = sizes.map((size): [string, string] => {
          const set = getCapacity(input.read, c.location, size);
          const placed = [...placedOfTotal(total, size)].map(([zone, n]) => `${zone === "" ? "regional" : `zone ${zone}`}: ${n}`).join(", ") || "none";
          const limits = set ? [...Object.entries(set.zones ?? {}).map(([z, n]) => `zone ${z}: ${n}`), ...(set.regional !== undefined ? [`regional: ${set.regional}`] : []), ...(set.overconstrained ? ["overconstrained"] : [])].join(", ") : "unlimited";
          return [`Capacity of ${size} in ${c.location}`, `holds ${limits}; placed ${placed}`];
        });
        return {
          status: "Critical",
          message: `${f.op.operationType} failed with ${code}: ${c.location} has no capacity left for ${sizes.join(", ") || "the VM size"}${pools.some((p) => p.zones.length > 0) ? " in the pool's zones" : ""}.`,
          cause: overconstrained
            ? { symptom: "OverconstrainedAllocationRequest error", text: "This error indicates that the operation fails to allocate the requested VM size in a region." }
            : { symptom: "AllocationFailed or ZonalAllocationFailed error", text: "VM allocation failure due to no zonal/regional capacity" },
          remedy: {
            title: overconstrained ? "Choose another VM size or region" : "Use another size or zone, or a capacity reservation group; or retry when capacity is back",
            text: overconstrained
              ? "Check the availability of the VM size in the region using the Azure portal, Azure CLI, or Azure PowerShell. You may need to choose a different VM size or a different region."
              : "Allocation failed for lack of capacity in the region or zone: add a node pool with another VM size or zones, associate a capacity reservation group with the node pool, or retry later; then retry the operation, or reconcile the cluster.",
            commands: [
              `az vm list-skus --location ${c.location} --size ${sizes[0] ?? "<vm size>"} -o table`,
              `az aks nodepool add -g ${c.resourceGroup} --cluster-name ${c.name} -n <new pool> --node-vm-size <another size>`,
              ...sizes.map((s) => `DELETE ${CONTROL}/capacity/${c.location}/${s}   (the emulator's stand-in for capacity coming back)`),
              reconcileCommand(c.id),
            ],
          },
          evidence: [["Agent pools", pools.map((p) => `${p.name} (${p.vmSize}${p.zones.length > 0 ? `, zones ${p.zones.join(",")}` : ""})`).join("; ")], ...capacity, ...operationEvidence(f.op, f.error)],
        };
      });
  },
};

const nodeVmFailed: Detector = {
  id: "node-vm-failed-state",
  name: "Node VM in a Failed State",
  category: "Cluster Issues",
  description: "Checks the node VMs of every pool's scale set or availability set for a Failed provisioning state, such as a partially failed Azure Disk detach leaves (seed 002, Scenario 2).",
  rank: 60,
  healthy: "No node VM is in a failed state.",
  evaluate(input) {
    const c = input.cluster;
    return c.pools.flatMap((pool) => {
      const fleet = getFleet(input.read, pool.fleet.toLowerCase());
      if (!fleet) return [];
      return fleet.instances
        .filter((i) => i.failure)
        .map((i): Finding => {
          const standalone = fleet.kind === "availabilitySet";
          const name = standalone ? vmName(fleet.model.computerNamePrefix, i.instanceId) : `${fleet.name}_${i.instanceId}`;
          const id = standalone ? vmIdOf(fleet, name) : `${fleet.id}/virtualMachines/${i.instanceId}`;
          const stranded = (i.dataDisks ?? []).filter((d) => d.toBeDetached).map((d) => d.name);
          return {
            status: "Critical",
            message: `Node VM '${name}' of agent pool '${pool.name}' is in a failed state: ${i.failure!.code}.`,
            cause: { symptom: "Scenario 2: Node is in a failed state", text: "In rare cases, an Azure Disk detach operation may partially fail, which leaves the node VM in a failed state." },
            remedy: standalone
              ? { title: "Update the VM status: az vm update", text: "To resolve this issue, manually update the VM status. For a cluster that's based on an availability set, run the az vm update command.", commands: [`az vm update --resource-group ${fleet.resourceGroup} --name ${name}`] }
              : { title: "Update the VM status: az vmss update-instances", text: "To resolve this issue, manually update the VM status. For a cluster that's based on a VM scale set, run the az vmss update-instances command.", commands: [`az vmss update-instances --resource-group ${fleet.resourceGroup} --name ${fleet.name} --instance-id ${i.instanceId}`] },
            evidence: [
              ["VM", id],
              ["Provisioning state", "Failed"],
              ["Error code", i.failure!.code],
              ["Error message", i.failure!.message],
              ...(stranded.length > 0 ? ([["Data disks being detached", stranded.join(", ")]] as [string, string][]) : []),
            ],
          };
        });
    });
  },
};

export const COMPUTE_DETECTORS: readonly Detector[] = [quotaExceeded, allocationFailed, nodeVmFailed];
