// Microsoft.Compute's pure domain: size facts, quota usage and checks (Compute's exact texts),
// capacity, the scale set step (all-or-nothing allocation), SKUs with restrictions, the control
// API's bodies; and how AKS words a failed Compute step (its code and text, Compute's nested).
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyComputeStep, zoneOf, type AllocationContext } from "../../src/providers/compute/domain/apply-step.js";
import { checkCapacity, type CapacityRecord } from "../../src/providers/compute/domain/capacity.js";
import { isBad } from "../../src/arm/json.js";
import { decideCapacity, decideQuotaUpdate } from "../../src/providers/compute/domain/control.js";
import { checkQuota, limitOf, quotaNames, usageOf, type ComputeRefusal, type QuotaRecord } from "../../src/providers/compute/domain/quota.js";
import { computerName, type ScaleSetRecord } from "../../src/providers/compute/domain/records.js";
import { stableGuid } from "../../src/arm/stable-ids.js";
import { sizeFacts } from "../../src/providers/compute/domain/sizes.js";
import { skuIn } from "../../src/providers/compute/domain/skus.js";
import type { ComputeAction, ScaleSetModel } from "../../src/providers/compute/public.js";
import { computeFailure } from "../../src/providers/compute/steps.js";
import { nodeStepFailure } from "../../src/providers/containerservice/domain/node-resources.js";
import { containerService } from "../../src/providers/containerservice/index.js";
import type { OperationRecord, Step } from "../../src/engine/operations.js";

const SUB = "9209a73b-48eb-46da-bec6-0858b9eaaa35";
const T = Date.parse("2025-12-28T01:31:49Z");
const ID = `/subscriptions/${SUB}/resourceGroups/MC_rg_c1_australiaeast/providers/Microsoft.Compute/virtualMachineScaleSets/aks-system-19328893-vmss`;

const model = (over: Partial<ScaleSetModel> = {}): ScaleSetModel => ({
  id: ID,
  location: "australiaeast",
  vmSize: "Standard_D2s_v3",
  tags: { "aks-managed-poolName": "system" },
  computerNamePrefix: "aks-system-19328893-vmss",
  osType: "Linux",
  osDiskSizeGB: 128,
  osDiskType: "Managed",
  priority: "Regular",
  imageId: "/img",
  adminUsername: "azureuser",
  ...over,
});

const idle = (over: Partial<AllocationContext> = {}): AllocationContext => ({ usage: new Map(), quota: undefined, placed: new Map(), capacity: undefined, ...over });

function created(add: number[], over: Partial<ScaleSetModel> = {}): ScaleSetRecord {
  const out = applyComputeStep(undefined, { type: "putScaleSet", model: model(over), add }, T, () => idle());
  assert.ok("scaleSet" in out && out.scaleSet?.kind === "virtualMachineScaleSet");
  return out.scaleSet;
}

const quota = (limits: Record<string, number>): QuotaRecord => ({ kind: "computeQuota", subscriptionId: SUB, location: "australiaeast", limits });

test("size facts: vCPUs, memory and the quota family, read off the name", () => {
  const facts = (n: string) => {
    const f = sizeFacts(n)!;
    return [f.vCPUs, f.memoryGB, f.family, f.familyDisplay];
  };
  assert.deepEqual(facts("Standard_DS2_v2"), [2, 7, "standardDSv2Family", "Standard DSv2 Family vCPUs"]);
  assert.deepEqual(facts("Standard_D4s_v5"), [4, 16, "standardDSv5Family", "Standard DSv5 Family vCPUs"]);
  assert.deepEqual(facts("Standard_D8ads_v5"), [8, 32, "standardDADSv5Family", "Standard DADSv5 Family vCPUs"]);
  assert.deepEqual(facts("Standard_E8ds_v4"), [8, 64, "standardEDSv4Family", "Standard EDSv4 Family vCPUs"]);
  assert.deepEqual(facts("Standard_B2s"), [2, 4, "standardBSFamily", "Standard BS Family vCPUs"]);
  assert.deepEqual(facts("Standard_B2ms"), [2, 8, "standardBSFamily", "Standard BS Family vCPUs"]);
  assert.deepEqual(facts("Standard_F16s_v2"), [16, 32, "standardFSv2Family", "Standard FSv2 Family vCPUs"]);
  assert.deepEqual(facts("Standard_NC4as_T4_v3"), [4, 28, "Standard NCASv3_T4 Family", "Standard NCASv3_T4 Family vCPUs"]);
  assert.deepEqual(facts("Standard_DS14_v2"), [16, 112, "standardDSv2Family", "Standard DSv2 Family vCPUs"]);
  assert.equal(sizeFacts("Standard_DS2_v2")!.size, "DS2_v2");
  assert.equal(sizeFacts("not a size"), undefined);
});

test("usage: instances in the location count, deallocated ones too; Spot counts as low priority", () => {
  const regular = created([0, 1, 2]);
  const stopped = applyComputeStep(regular, { type: "setScaleSetPower", power: "deallocated" }, T, () => idle());
  assert.ok("scaleSet" in stopped);
  const spot = created([0], { id: `${ID}2`, priority: "Spot" });
  const elsewhere = created([0], { id: `${ID}3`, location: "eastus" });
  const usage = usageOf([stopped.scaleSet!, spot, elsewhere], "australiaeast");
  assert.deepEqual(Object.fromEntries(usage), { virtualmachinescalesets: 2, virtualmachines: 4, cores: 6, standarddsv3family: 6, lowprioritycores: 2 });
  assert.deepEqual(limitOf(quota({ Cores: 10 }), "cores"), 10, "names match in any casing");
  assert.deepEqual([limitOf(undefined, "cores"), limitOf(undefined, "standardDSv3Family"), limitOf(undefined, "virtualMachines")], [1000, 1000, 25000]);
  const names = quotaNames(["Standard_DS2_v2", "Standard_B2s", "Standard_DS3_v2"]).map((q) => q.value);
  assert.deepEqual(names, ["availabilitySets", "cores", "virtualMachines", "virtualMachineScaleSets", "lowPriorityCores", "standardBSFamily", "standardDSv2Family"]);
});

test("quota: the regional total over its limit is Compute's OperationNotAllowed, the real text byte for byte", () => {
  const refusal = checkQuota({ subscriptionId: SUB, location: "australiaeast", vmSize: "Standard_D2s_v3", priority: "Regular", count: 4, newScaleSet: false, usage: new Map([["cores", 4]]), record: quota({ cores: 10 }) });
  assert.ok(refusal);
  // Real: terraform, AKS create in australiaeast, Dec 2025 (ERROR-TEXTS.md §3 regional form).
  assert.deepEqual(computeFailure(refusal), {
    code: "OperationNotAllowed",
    message:
      "Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: australiaeast, Current Limit: 10, Current Usage: 4, Additional Required: 8, (Minimum) New Limit Required: 12. Setup Alerts when Quota reaches threshold. Learn more at https://aka.ms/quotamonitoringalerting . Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/%7B%22subscriptionId%22:%229209a73b-48eb-46da-bec6-0858b9eaaa35%22,%22command%22:%22openQuotaApprovalBlade%22,%22quotas%22:[%7B%22location%22:%22australiaeast%22,%22providerId%22:%22Microsoft.Compute%22,%22resourceName%22:%22cores%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:12,%22unit%22:%22Count%22,%22name%22:%7B%22value%22:%22cores%22%7D%7D%7D%7D]%7D by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests",
  });
});

test("quota: the family is judged before the regional total, with its own name and article; Spot against low priority", () => {
  const family = checkQuota({ subscriptionId: SUB, location: "australiaeast", vmSize: "Standard_D2s_v3", priority: "Regular", count: 2, newScaleSet: false, usage: new Map([["standarddsv3family", 4], ["cores", 4]]), record: quota({ standardDSv3Family: 6, cores: 5 }) })!;
  assert.deepEqual(family.params, { subscriptionId: SUB, location: "australiaeast", resourceName: "standardDSv3Family", what: "standardDSv3Family Cores", limit: 6, usage: 4, required: 4, article: "per-vm-quota-requests" });
  assert.match(computeFailure(family).message, /^Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota\. .*per-vm-quota-requests$/);
  const spot = checkQuota({ subscriptionId: SUB, location: "australiaeast", vmSize: "Standard_D2s_v3", priority: "Spot", count: 1, newScaleSet: false, usage: new Map(), record: quota({ lowPriorityCores: 0 }) })!;
  assert.equal((spot.params as { what: string }).what, "Low Priority Cores");
  assert.equal(checkQuota({ subscriptionId: SUB, location: "australiaeast", vmSize: "Standard_D2s_v3", priority: "Spot", count: 1, newScaleSet: false, usage: new Map(), record: quota({ cores: 0 }) }), undefined, "Spot does not count against the regional total");
  assert.equal(checkQuota({ subscriptionId: SUB, location: "australiaeast", vmSize: "Standard_D2s_v3", priority: "Regular", count: 3, newScaleSet: false, usage: new Map([["cores", 4]]), record: quota({ cores: 10 }) }), undefined, "exactly at the limit fits");
});

test("putScaleSet: creates the scale set with its instances, spread over its zones in turn; ids it has are skipped", () => {
  const ss = created([0, 1, 2, 3], { zones: ["1", "2", "3"] });
  assert.deepEqual([ss.name, ss.resourceGroup, ss.subscriptionId, ss.sku], ["aks-system-19328893-vmss", "MC_rg_c1_australiaeast", SUB, { name: "Standard_D2s_v3", tier: "Standard", capacity: 4 }]);
  assert.deepEqual(ss.instances.map((i) => [i.instanceId, i.zone, i.power]), [[0, "1", "running"], [1, "2", "running"], [2, "3", "running"], [3, "1", "running"]]);
  assert.equal(ss.instances[0]!.vmId, stableGuid(`${ID.toLowerCase()}/0#${T}`));
  assert.equal(computerName(ss.model.computerNamePrefix, 10), "aks-system-19328893-vmss00000a");
  assert.equal(zoneOf({}, 3), undefined);
  let asked = 0;
  const again = applyComputeStep(ss, { type: "putScaleSet", model: model({ zones: ["1", "2", "3"] }), add: [2, 3, 4] }, T + 1, () => (asked++, idle()));
  assert.ok("scaleSet" in again);
  assert.deepEqual(again.scaleSet!.instances.map((i) => [i.instanceId, i.createdAt]), [[0, T], [1, T], [2, T], [3, T], [4, T + 1]]);
  assert.equal(asked, 1, "quota and capacity are read once, for the new instance");
});

test("putScaleSet: all or nothing — a refusal leaves the scale set as it was; exact keeps only the ids given", () => {
  const ss = created([0, 1]);
  const refused = applyComputeStep(ss, { type: "putScaleSet", model: model(), add: [2, 3, 4] }, T, () => idle({ usage: usageOf([ss], "australiaeast"), quota: quota({ cores: 9 }) }));
  assert.ok("refused" in refused);
  assert.equal((refused as ComputeRefusal & { params: { required: number } }).params.required, 6);
  const exact = applyComputeStep(created([0, 1, 2, 3]), { type: "putScaleSet", model: model(), add: [1, 3], exact: true }, T, () => idle());
  assert.ok("scaleSet" in exact);
  assert.deepEqual(exact.scaleSet!.instances.map((i) => i.instanceId), [1, 3]);
  assert.equal(exact.scaleSet!.sku.capacity, 2);
});

test("deleteInstances, setScaleSetPower and deleteScaleSet", () => {
  const ss = created([0, 1, 2]);
  const fewer = applyComputeStep(ss, { type: "deleteInstances", instanceIds: [1, 7] }, T, () => idle());
  assert.ok("scaleSet" in fewer);
  assert.deepEqual([fewer.scaleSet!.instances.map((i) => i.instanceId), fewer.scaleSet!.sku.capacity], [[0, 2], 2]);
  assert.deepEqual(applyComputeStep(undefined, { type: "deleteInstances", instanceIds: [1] }, T, () => idle()), { scaleSet: undefined }, "a scale set already gone: nothing to do");
  const off = applyComputeStep(ss, { type: "setScaleSetPower", power: "deallocated" }, T, () => idle());
  assert.ok("scaleSet" in off && off.scaleSet!.instances.every((i) => i.power === "deallocated"));
  // New instances of a deallocated scale set join deallocated.
  const grown = applyComputeStep(off.scaleSet, { type: "putScaleSet", model: model(), add: [3] }, T, () => idle());
  assert.ok("scaleSet" in grown && grown.scaleSet!.instances.at(-1)!.power === "deallocated");
  assert.deepEqual(applyComputeStep(ss, { type: "deleteScaleSet" }, T, () => idle()), { scaleSet: undefined });
});

test("capacity: per zone and regional; Compute's raw texts; overconstrained lists the request's constraints", () => {
  const cap = (over: Partial<CapacityRecord>): CapacityRecord => ({ kind: "computeCapacity", location: "eastus", vmSize: "Standard_D2s_v3", ...over });
  const zonal = checkCapacity({ model: model({ zones: ["1", "2"] }), zones: ["1", "2", "1"], placed: new Map([["1", 1]]), record: cap({ zones: { "1": 2 } }) });
  assert.deepEqual(computeFailure(zonal!), { code: "ZonalAllocationFailed", message: "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance" });
  assert.equal(checkCapacity({ model: model(), zones: ["1", "2"], placed: new Map([["1", 1]]), record: cap({ zones: { "1": 2 } }) }), undefined, "zone 1 has room for one more; zone 2 is unlimited");
  const regional = checkCapacity({ model: model(), zones: [undefined], placed: new Map(), record: cap({ regional: 0 }) });
  assert.deepEqual(computeFailure(regional!), { code: "AllocationFailed", message: "Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance" });
  const over = checkCapacity({ model: model({ osDiskType: "Ephemeral", zones: ["1"] }), zones: ["1"], placed: new Map(), record: cap({ zones: { "1": 0 }, overconstrained: true }) });
  // Real (jenkins-infra/helpdesk#4459): one constraint a line.
  assert.deepEqual(computeFailure(over!), {
    code: "OverconstrainedZonalAllocationRequest",
    message: "Allocation failed. VM(s) with the following constraints cannot be allocated, because the condition is too restrictive. Please remove some constraints and try again. Constraints applied are:\n  - Availability Zone\n  - Differencing (Ephemeral) Disks\n  - Networking Constraints (such as Accelerated Networking or IPv6)\n  - VM Size",
  });
  assert.equal(checkCapacity({ model: model(), zones: [undefined], placed: new Map(), record: undefined }), undefined, "no entry: unlimited");
});

test("SKUs from AKS's VM size table: zones, and Location or Zone restrictions", () => {
  const catalog = containerService.vmSizes!;
  const ds2 = skuIn(catalog, "eastus", "Standard_DS2_v2");
  assert.deepEqual([ds2.name, ds2.size, ds2.family, ds2.locationInfo, ds2.restrictions], ["Standard_DS2_v2", "DS2_v2", "standardDSv2Family", [{ location: "eastus", zones: ["1", "2", "3"], zoneDetails: [] }], []]);
  assert.deepEqual(skuIn(catalog, "centralus", "Standard_NC4as_T4_v3").restrictions, [{ type: "Zone", values: ["centralus"], restrictionInfo: { locations: ["centralus"], zones: ["2"] }, reasonCode: "NotAvailableForSubscription" }]);
  assert.deepEqual(skuIn(catalog, "ukwest", "Standard_D4s_v6").restrictions, [{ type: "Location", values: ["ukwest"], restrictionInfo: { locations: ["ukwest"] }, reasonCode: "NotAvailableForSubscription" }]);
  assert.deepEqual(skuIn(catalog, "westus", "Standard_DS2_v2").locationInfo, [{ location: "westus", zones: [], zoneDetails: [] }]);
  assert.deepEqual(skuIn(catalog, "eastus", "Standard_D4ps_v5").capabilities.find((c) => c.name === "CpuArchitectureType"), { name: "CpuArchitectureType", value: "Arm64" });
});

test("control API bodies: quotas merge, names are canonical; capacity is checked; bad ones say why", () => {
  const sizes = ["Standard_DS2_v2", "Standard_D2s_v3"];
  const first = decideQuotaUpdate({ body: { limits: { CORES: 20, standarddsv2family: 0 } }, subscriptionId: SUB, location: "eastus", sizes, existing: undefined });
  assert.deepEqual(first, { kind: "computeQuota", subscriptionId: SUB, location: "eastus", limits: { cores: 20, standardDSv2Family: 0 } });
  const merged = decideQuotaUpdate({ body: { limits: { cores: 30 } }, subscriptionId: SUB, location: "eastus", sizes, existing: first as QuotaRecord });
  assert.deepEqual(merged, { kind: "computeQuota", subscriptionId: SUB, location: "eastus", limits: { standardDSv2Family: 0, cores: 30 } });
  for (const [body, bad] of [
    [{ limits: { cores: -1 } }, "The limit of quota 'cores' must be a whole number from 0 up, not -1."],
    [{ limits: { cores: "10" } }, "The limit of quota 'cores' must be a whole number from 0 up, not \"10\"."],
    [{ limits: { standardFooFamily: 1 } }, "Unknown quota 'standardFooFamily' in eastus: a quota is one of availabilitySets, cores, virtualMachines, virtualMachineScaleSets, lowPriorityCores or a VM family such as standardDSv2Family (GET /_aksemu/compute/quotas/eastus lists them)."],
    [null, "Expected a JSON object such as {\"limits\": {\"cores\": 20, \"standardDSv2Family\": 10}}."],
  ] as const) {
    assert.deepEqual(decideQuotaUpdate({ body, subscriptionId: SUB, location: "eastus", sizes, existing: undefined }), { bad });
  }
  assert.deepEqual(decideCapacity({ body: { zones: { "1": 0 }, overconstrained: true }, location: "eastus", vmSize: "Standard_DS2_v2", requestedSize: "standard_ds2_v2", regionZones: ["1", "2", "3"] }), { kind: "computeCapacity", location: "eastus", vmSize: "Standard_DS2_v2", zones: { "1": 0 }, overconstrained: true });
  assert.ok(isBad(decideCapacity({ body: { zones: { "1": 0 } }, location: "westus", vmSize: "Standard_DS2_v2", requestedSize: "Standard_DS2_v2", regionZones: [] })));
  assert.ok(isBad(decideCapacity({ body: { overconstrained: "yes", regional: 1 }, location: "eastus", vmSize: "Standard_DS2_v2", requestedSize: "Standard_DS2_v2", regionZones: ["1"] })));
});

test("AKS words a failed Compute step: QuotaExceeded, 'Create or update VMSS <id> failed. <Compute's text>', Compute's error in details", () => {
  const action: ComputeAction = { type: "putScaleSet", model: model(), add: [0, 1, 2, 3] };
  const step: Step = { name: "Creating scale set aks-system-19328893-vmss", durationMs: 1, provider: "Microsoft.Compute", target: ID.toLowerCase(), action };
  const op = { provider: "Microsoft.ContainerService" } as OperationRecord;
  const inner = computeFailure(checkQuota({ subscriptionId: SUB, location: "australiaeast", vmSize: "Standard_D2s_v3", priority: "Regular", count: 4, newScaleSet: false, usage: new Map([["cores", 4]]), record: quota({ cores: 10 }) })!);
  // Real shape (terraform AKS create, Dec 2025): the async operation's error.
  assert.deepEqual(nodeStepFailure({ step, error: inner, op }), { code: "QuotaExceeded", message: `Create or update VMSS ${ID} failed. ${inner.message}`, details: [inner] });
  const zonal = nodeStepFailure({ step, error: { code: "ZonalAllocationFailed", message: "raw" }, op });
  assert.deepEqual([zonal.code, zonal.details], ["ZonalAllocationFailed", [{ code: "ZonalAllocationFailed", message: "raw" }]]);
  assert.match(zonal.message, /^Allocation failed\. We do not have sufficient capacity for the requested VM size in this zone\. .* details: aka\.ms\/aks\/maxUnavailable\.$/);
  assert.equal(nodeStepFailure({ step, error: { code: "OverconstrainedAllocationRequest", message: "Allocation failed. x" }, op }).message, "Create or update VMSS failed. Allocation failed. x");
  const resources: Step = { ...step, provider: "Microsoft.Resources" };
  assert.deepEqual(nodeStepFailure({ step: resources, error: inner, op }), inner, "only Compute's steps are reworded");
});
