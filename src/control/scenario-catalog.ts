// Seed 002's rows ("Troubleshoot AKS clusters or nodes in a failed state") as scenarios, as data:
// what each puts the world into, the seed row it stands for, what the user then sees and the
// remedy. Pure: scenarios.ts reads the world and commits what a scenario sets.

/** Where a scenario applies: one cluster (`{"resourceGroup", "cluster"}`) or the subscription. */
export type ScenarioScope = "cluster" | "subscription";

export type ScenarioInfo = {
  name: string;
  scope: ScenarioScope;
  /** Seed 002's row: the table it is in, its symptom (error or issue) and cause, quoted. */
  seed: { section: string; symptom: string; cause: string };
  /** What the scenario sets, in the emulator's terms. */
  sets: string;
  /** What the user sees: where, and the code (docs/scenarios.md has the texts). */
  sees: { where: string; code: string };
  /** The remedy: the seed's commands, then the emulator's stand-in for what Azure support or time does. */
  remedy: readonly string[];
};

const COMMON = "Basic troubleshooting of common errors causing a cluster/node to fail";
const OTHER = "Basic troubleshooting of other possible issues causing a cluster/node to fail";
const RECONCILE = "az resource update --ids <cluster id>   (or az aks update -g <rg> -n <cluster>: reconcile to the current settings)";

const registration = (name: string, namespace: string, sees: ScenarioInfo["sees"]): ScenarioInfo => ({
  name,
  scope: "subscription",
  seed: { section: COMMON, symptom: "SubscriptionNotRegistered error", cause: "This error indicates that the subscription isn't registered to use the AKS resource provider." },
  sets: `${namespace} Unregistered for the subscription`,
  sees,
  remedy: [`az provider register --namespace ${namespace}   (Registered 10 s of virtual time later; --wait polls for it)`, ...(namespace === "Microsoft.ContainerService" ? [] : [`then retry the write, or ${RECONCILE}`])],
});

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    name: "quota-exceeded-on-scale",
    scope: "cluster",
    seed: { section: COMMON, symptom: "QuotaExceeded error", cause: "This error indicates that the operation exceeds the quota limit for a resource type or a region." },
    sets: "the Total Regional vCPUs quota (cores) of the cluster's location at the subscription's current usage: the next node does not fit",
    sees: { where: "the scale (or create) operation fails; the pool and cluster are Failed", code: "QuotaExceeded" },
    remedy: [
      "az vm list-usage --location <location> -o table   (check usage and limit)",
      "request a quota increase: PUT /_aksemu/compute/quotas/<location> {\"limits\": {\"cores\": <new limit>}} (or DELETE it: back to the defaults)",
      `retry the scale (az aks nodepool scale ...), or ${RECONCILE}`,
    ],
  },
  {
    name: "zonal-allocation-failed",
    scope: "cluster",
    seed: { section: "Common causes", symptom: "AllocationFailed or ZonalAllocationFailed error", cause: "VM allocation failure due to no zonal/regional capacity" },
    sets: "no capacity left for the pool's VM size in each of its zones (`pool`, default the first zonal pool)",
    sees: { where: "the scale (or create) operation fails; the pool and cluster are Failed", code: "ZonalAllocationFailed" },
    remedy: [
      "capacity comes back (or pick another size, zone or a capacity reservation group): DELETE /_aksemu/compute/capacity/<location>/<vmSize>",
      `retry the scale, or ${RECONCILE}`,
    ],
  },
  {
    name: "subscription-disabled",
    scope: "subscription",
    seed: { section: COMMON, symptom: "ReadOnlyDisabledSubscription error", cause: "This error indicates that the subscription is currently disabled and set to read-only." },
    sets: "the subscription's state Disabled (read-only)",
    sees: { where: "every write is refused at ARM's gate (409); reads still work", code: "ReadOnlyDisabledSubscription" },
    remedy: ["the subscription is re-enabled (billing settled): PUT /_aksemu/subscriptions/<id> {\"state\": \"Enabled\"}", `then ${RECONCILE}`],
  },
  registration("provider-not-registered", "Microsoft.ContainerService", { where: "every call to Microsoft.ContainerService is refused at ARM's gate (409)", code: "MissingSubscriptionRegistration" }),
  registration("compute-provider-not-registered", "Microsoft.Compute", { where: "AKS refuses writes that create, scale or start nodes (409); Compute's own API is refused at ARM's gate", code: "SubscriptionNotRegistered" }),
  registration("network-provider-not-registered", "Microsoft.Network", { where: "AKS refuses writes that create, scale or start nodes (409)", code: "SubscriptionNotRegistered" }),
  {
    name: "infrastructure-transient",
    scope: "cluster",
    seed: { section: OTHER, symptom: "Infrastructure issues", cause: "The operation can't update the cluster because of an internal issue with the Azure Resource Manager (ARM) service that manages resources in Azure." },
    sets: "a transient fault: the next step of an operation on the cluster fails once (GET /_aksemu/faults shows it)",
    sees: { where: "the next operation on the cluster (or one of its pools) fails; the cluster is Failed", code: "ReconcileVMSSAgentPoolFailed" },
    remedy: ["az aks nodepool update -g <rg> --cluster-name <cluster> -n <pool>   (an agent pool reconciliation, for each pool)", RECONCILE],
  },
  {
    name: "node-vm-failed-disk-detach",
    scope: "cluster",
    seed: { section: "Scenario 2: Node is in a failed state", symptom: "Node is in a failed state", cause: "In rare cases, an Azure Disk detach operation may partially fail, which leaves the node VM in a failed state." },
    sets: "the first node VM of the pool's scale set (the first pool unless 'pool' is given) in provisioning state Failed, a data disk left toBeDetached",
    sees: { where: "the scale set VM (az vmss list-instances, az vmss get-instance-view) is Failed; its instance view says ProvisioningState/failed/AttachDiskWhileBeingDetached", code: "AttachDiskWhileBeingDetached" },
    remedy: ["az vmss update-instances --resource-group <node resource group> --name <scale set> --instance-id <id>", "az vm update --resource-group <resource-group-name> --name <vm-name>   (availability set clusters)"],
  },
];

export const findScenario = (name: string): ScenarioInfo | undefined => SCENARIOS.find((s) => s.name.toLowerCase() === name.toLowerCase());
