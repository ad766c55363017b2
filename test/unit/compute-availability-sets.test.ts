// Pure rules behind availability set pools and capacity reservations: an availability set fleet
// is allocated as a scale set is but counts against the Availability Sets quota; a reservation's
// allocation step takes vCPU quota and capacity for what it asks beyond what it holds; AKS's
// rules for AvailabilitySet pools and a pool's capacityReservationGroupID.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyComputeStep, type AllocationContext } from "../../src/providers/compute/domain/apply-step.js";
import { placedOf } from "../../src/providers/compute/domain/capacity.js";
import { usageOf } from "../../src/providers/compute/domain/quota.js";
import type { Fleet } from "../../src/providers/compute/domain/records.js";
import { applyReservationStep, decideReservation, type ReservationContext, type ReservationGroupRecord, type ReservationRecord } from "../../src/providers/compute/domain/reservations.js";
import type { ScaleSetModel } from "../../src/providers/compute/public.js";
import { checkAgentPoolApi, checkAvailabilitySetCluster, checkAvailabilitySetPool, checkCapacityReservationGroup } from "../../src/providers/containerservice/domain/availability-set-pools.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const T = 1_700_000_000_000;
const SET_ID = `/subscriptions/${SUB}/resourceGroups/MC_rg_c1_eastus/providers/Microsoft.Compute/availabilitySets/nodepool1-availabilitySet-12345678`;
const model: ScaleSetModel = {
  id: SET_ID, location: "eastus", vmSize: "Standard_D4s_v3", tags: {}, computerNamePrefix: "aks-nodepool1-12345678-", osType: "Linux", osDiskSizeGB: 128,
  osDiskType: "Managed", priority: "Regular", imageId: "img", adminUsername: "azureuser",
};
const idle = (over: Partial<AllocationContext> = {}): AllocationContext => ({ usage: new Map(), quota: undefined, placed: new Map(), capacity: undefined, ...over });

test("an availability set fleet: created from an availabilitySets id, its VMs counted as VMs and vCPUs, the set against Availability Sets", () => {
  const out = applyComputeStep(undefined, { type: "putScaleSet", model, add: [0, 1] }, T, () => idle());
  assert.ok("scaleSet" in out && out.scaleSet);
  const set = out.scaleSet as Fleet;
  assert.deepEqual([set.kind, set.name, set.instances.map((i) => i.instanceId)], ["availabilitySet", "nodepool1-availabilitySet-12345678", [0, 1]]);
  const usage = usageOf([set], "eastus");
  assert.deepEqual([usage.get("availabilitysets"), usage.get("virtualmachinescalesets"), usage.get("virtualmachines"), usage.get("cores")], [1, undefined, 2, 8]);
  const quota = { kind: "computeQuota" as const, subscriptionId: SUB, location: "eastus", limits: { availabilitySets: 0 } };
  const refused = applyComputeStep(undefined, { type: "putScaleSet", model, add: [0] }, T, () => idle({ quota }));
  assert.ok("refused" in refused && refused.refused === "quotaExceeded");
  assert.equal((refused.params as { resourceName: string }).resourceName, "availabilitySets");
});

const group: ReservationGroupRecord = { kind: "capacityReservationGroup", id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/capacityReservationGroups/g", subscriptionId: "s", resourceGroup: "rg", name: "g", location: "eastus", tags: {}, zones: ["1"], timeCreated: T };
const sizes = (raw: string) => (raw.toLowerCase() === "standard_d4s_v3" ? "Standard_D4s_v3" : undefined);
const reserve = (capacity: number, existing?: ReservationRecord, allocated = 0) =>
  decideReservation({ body: { sku: { name: "Standard_D4s_v3", capacity }, zones: ["1"] }, id: `${group.id}/capacityReservations/r`, name: "r", group, location: "eastus", canonicalSize: sizes, existing, allocated, now: T });
const ctx = (over: Partial<ReservationContext> = {}): ReservationContext => ({ subscriptionId: SUB, usage: new Map(), quota: undefined, placed: new Map(), capacity: undefined, ...over });

test("a reservation holds nothing until its step allocates it; then its vCPUs and capacity count; a resize holds the old size meanwhile", () => {
  const created = reserve(2);
  assert.ok(!("refused" in created));
  assert.deepEqual([created.provisioningState, created.held], ["Creating", 0]);
  assert.equal(usageOf([], "eastus", [created]).get("cores"), undefined);
  const done = applyReservationStep(created, { type: "allocateReservation" }, () => ctx());
  assert.ok("reservation" in done && done.reservation);
  assert.deepEqual([done.reservation.provisioningState, done.reservation.held], ["Succeeded", 2]);
  assert.deepEqual([usageOf([], "eastus", [done.reservation]).get("cores"), usageOf([], "eastus", [done.reservation]).get("standarddsv3family")], [8, 8]);
  assert.deepEqual([...placedOf([], "eastus", "Standard_D4s_v3", [done.reservation])], [["1", 2]]);
  const grown = reserve(5, done.reservation);
  assert.ok(!("refused" in grown));
  assert.deepEqual([grown.provisioningState, grown.held, grown.sku.capacity], ["Updating", 2, 5]);
  assert.deepEqual(reserve(1, done.reservation, 2), { refused: "reservationBelowAllocated", params: { name: "r", capacity: 1, allocated: 2 } });
});

test("a reservation's allocation is judged for what it adds: the family quota, then the zone's capacity; releasing deletes it", () => {
  const created = reserve(3) as ReservationRecord;
  const quota = { kind: "computeQuota" as const, subscriptionId: SUB, location: "eastus", limits: { standardDSv3Family: 12 } };
  const over = applyReservationStep(created, { type: "allocateReservation" }, () => ctx({ usage: new Map([["standarddsv3family", 4]]), quota }));
  assert.ok("refused" in over && over.refused === "quotaExceeded");
  assert.deepEqual((over.params as { required: number; what: string }).required, 12);
  const capacity = { kind: "computeCapacity" as const, location: "eastus", vmSize: "Standard_D4s_v3", zones: { "1": 4 } };
  const full = applyReservationStep(created, { type: "allocateReservation" }, () => ctx({ capacity, placed: new Map([["1", 2]]) }));
  assert.deepEqual(full, { refused: "zonalAllocationFailed", params: {} });
  const held = { ...created, held: 2, provisioningState: "Updating" as const };
  assert.ok("reservation" in applyReservationStep(held, { type: "allocateReservation" }, () => ctx({ capacity, placed: new Map([["1", 3]]) })), "only the third VM is new");
  assert.deepEqual(applyReservationStep(held, { type: "releaseReservation" }, () => assert.fail("no judgement")), { reservation: undefined });
});

test("AKS: an AvailabilitySet pool has none of a scale set's features, is its cluster's only pool, and closes the agent pool API", () => {
  const vmas = { type: "AvailabilitySet", count: 2 };
  assert.equal(checkAvailabilitySetPool(vmas), undefined);
  assert.equal(checkAvailabilitySetPool({ count: 2, availabilityZones: ["1"] }), undefined, "scale set pools are not judged");
  for (const [p, v] of [["availabilityZones", ["1"]], ["scaleSetPriority", "Spot"], ["enableAutoScaling", true], ["capacityReservationGroupID", "/x"]] as const) {
    assert.deepEqual(checkAvailabilitySetPool({ ...vmas, [p]: v }), { refused: "invalidParameterValue", params: { target: `agentPoolProfile.${p}` } });
  }
  assert.equal(checkAvailabilitySetPool({ ...vmas, availabilityZones: [], scaleSetPriority: "Regular", enableAutoScaling: false }), undefined);
  assert.equal(checkAvailabilitySetCluster([vmas]), undefined);
  assert.deepEqual(checkAvailabilitySetCluster([vmas, { count: 1 }]), { refused: "availabilitySetSinglePool", params: { target: "properties.agentPoolProfiles" } });
  assert.equal(checkAvailabilitySetCluster([{}, {}]), undefined);
  assert.deepEqual(checkAgentPoolApi([{ spec: vmas }]), { refused: "agentPoolApisNotSupported", params: {} });
  assert.deepEqual(checkAgentPoolApi([{ spec: {} }], vmas), { refused: "agentPoolApisNotSupported", params: {} });
  assert.equal(checkAgentPoolApi([{ spec: {} }], {}), undefined);
});

test("AKS: a pool's capacityReservationGroupID names an existing group in the cluster's region", () => {
  const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/capacityReservationGroups/g";
  const target = "agentPoolProfile.capacityReservationGroupID";
  const check = (v: unknown, found?: { location: string }) => checkCapacityReservationGroup({ id: v, target, clusterLocation: "eastus", found });
  assert.equal(check(undefined), undefined);
  assert.equal(check(""), undefined);
  assert.equal(check(id, { location: "East US" }), undefined, "locations compare as ARM compares them");
  assert.deepEqual(check("nope"), { refused: "invalidParameterValue", params: { target } });
  assert.deepEqual(check(id), { refused: "capacityReservationGroupNotFound", params: { id, target } });
  assert.deepEqual(check(id, { location: "westus2" }), { refused: "capacityReservationGroupLocation", params: { id, location: "westus2", clusterLocation: "eastus", target } });
});
