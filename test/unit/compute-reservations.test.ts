// Capacity reservations, pure: the group and reservation bodies (Compute's refusals), which
// reservation a new instance takes, and a scale set step that allocates from a reservation past a
// zero capacity limit, then falls back to the normal capacity rules beyond it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyComputeStep, type AllocationContext } from "../../src/providers/compute/domain/apply-step.js";
import { placedOf, type CapacityRecord } from "../../src/providers/compute/domain/capacity.js";
import { usageOf } from "../../src/providers/compute/domain/quota.js";
import type { ScaleSetRecord } from "../../src/providers/compute/domain/records.js";
import { assignReservations, decideGroup, decideGroupDelete, decideReservation, decideReservationDelete, reservationSlots, type ReservationGroupRecord, type ReservationRecord } from "../../src/providers/compute/domain/reservations.js";
import type { ScaleSetModel } from "../../src/providers/compute/public.js";

const SUB = "9209a73b-48eb-46da-bec6-0858b9eaaa35";
const T = Date.parse("2026-01-05T10:00:00Z");
const GROUP_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/capacityReservationGroups/crg`;
const parts = { subscriptionId: SUB, resourceGroup: "rg", name: "crg" };
const sizes = (raw: string) => ["Standard_D4s_v3", "Standard_DS2_v2"].find((s) => s.toLowerCase() === raw.toLowerCase());

const group = (zones?: string[]): ReservationGroupRecord => ({ kind: "capacityReservationGroup", id: GROUP_ID, ...parts, location: "eastus", tags: {}, ...(zones ? { zones } : {}), timeCreated: T });
const reservation = (name: string, capacity: number, zone?: string, vmSize = "Standard_D4s_v3"): ReservationRecord => ({
  kind: "capacityReservation", id: `${GROUP_ID}/capacityReservations/${name}`, groupId: GROUP_ID, name, location: "eastus", tags: {},
  sku: { name: vmSize, capacity }, ...(zone ? { zones: [zone] } : {}), reservationId: "r", timeCreated: T,
});
const decideR = (body: Record<string, unknown>, g = group(["1", "2"]), existing?: ReservationRecord) =>
  decideReservation({ body, id: `${GROUP_ID}/capacityReservations/cr1`, name: "cr1", group: g, location: "eastus", canonicalSize: sizes, existing, allocated: 0, now: T });

test("a group keeps its zones (of the region's) and tags; zones are fixed once it exists", () => {
  const g = decideGroup({ body: { zones: ["1", "2"], tags: { a: "b" } }, id: GROUP_ID, parts, location: "eastus", regionZones: ["1", "2", "3"], existing: undefined, now: T });
  assert.ok(!("refused" in g));
  assert.deepEqual([g.zones, g.tags, g.timeCreated], [["1", "2"], { a: "b" }, T]);
  assert.deepEqual(decideGroup({ body: { zones: ["4"] }, id: GROUP_ID, parts, location: "eastus", regionZones: ["1", "2", "3"], existing: undefined, now: T }), { refused: "computeInvalidParameterValue", params: { name: "zones", target: "zones" } });
  assert.deepEqual(decideGroup({ body: { zones: ["1"] }, id: GROUP_ID, parts, location: "eastus", regionZones: ["1", "2", "3"], existing: g, now: T }), { refused: "computePropertyChangeNotAllowed", params: { property: "zones" } });
});

test("a reservation: sku name and capacity required, a known size, one zone of the group's, the group's location", () => {
  const ok = decideR({ sku: { name: "standard_d4s_v3", capacity: 3 }, zones: ["1"] });
  assert.ok(!("refused" in ok));
  assert.deepEqual([ok.sku, ok.zones, ok.groupId], [{ name: "Standard_D4s_v3", capacity: 3 }, ["1"], GROUP_ID]);
  assert.deepEqual(decideR({}), { refused: "computeRequiredParameter", params: { name: "sku", target: "sku" } });
  assert.deepEqual(decideR({ sku: { name: "Standard_D4s_v3" }, zones: ["1"] }), { refused: "computeRequiredParameter", params: { name: "sku.capacity", target: "sku.capacity" } });
  assert.deepEqual(decideR({ sku: { name: "Standard_D4s_v3", capacity: -1 }, zones: ["1"] }), { refused: "computeInvalidParameterValue", params: { name: "sku.capacity", target: "sku.capacity" } });
  assert.deepEqual(decideR({ sku: { name: "Standard_A0", capacity: 1 }, zones: ["1"] }), { refused: "reservationSizeNotSupported", params: { vmSize: "Standard_A0" } });
  for (const zones of [["3"], ["1", "2"], undefined]) assert.deepEqual(decideR({ sku: { name: "Standard_D4s_v3", capacity: 1 }, zones }), { refused: "computeInvalidParameterValue", params: { name: "zones", target: "zones" } });
  assert.ok(!("refused" in decideR({ sku: { name: "Standard_D4s_v3", capacity: 1 } }, group())), "a regional group's reservation names no zone");
  assert.deepEqual(decideR({ sku: { name: "Standard_DS2_v2", capacity: 1 }, zones: ["1"] }, group(["1", "2"]), ok), { refused: "computePropertyChangeNotAllowed", params: { property: "sku.name" } });
  assert.deepEqual(decideReservation({ body: { sku: { name: "Standard_D4s_v3", capacity: 1 } }, id: "x", name: "x", group: group(), location: "westus2", canonicalSize: sizes, existing: undefined, allocated: 0, now: T }), { refused: "computeInvalidParameterValue", params: { name: "location", target: "location" } });
});

test("deletes: a group with reservations or VMs, a reservation with VMs allocated, are refused", () => {
  assert.deepEqual(decideGroupDelete(group(), 1, 0), { refused: "reservationGroupInUse", params: { name: "crg" } });
  assert.deepEqual(decideGroupDelete(group(), 0, 2), { refused: "reservationGroupInUse", params: { name: "crg" } });
  assert.equal(decideGroupDelete(group(), 0, 0), undefined);
  assert.deepEqual(decideReservationDelete(reservation("cr1", 2), 1), { refused: "reservationInUse", params: { name: "cr1", allocated: 1 } });
  assert.equal(decideReservationDelete(reservation("cr1", 2), 0), undefined);
});

test("each new instance takes the first reservation of its size and zone with room; the rest take none", () => {
  const slots = reservationSlots([reservation("a", 2, "1"), reservation("b", 1, "2"), reservation("c", 5, "1", "Standard_DS2_v2")], "Standard_D4s_v3", new Map([[`${GROUP_ID}/capacityreservations/a`.toLowerCase(), 1]]));
  assert.deepEqual(slots.map((s) => [s.zone, s.free]), [["1", 1], ["2", 1]]);
  const a = `${GROUP_ID}/capacityReservations/a`.toLowerCase();
  const b = `${GROUP_ID}/capacityReservations/b`.toLowerCase();
  assert.deepEqual(assignReservations(slots, "Standard_D4s_v3", ["1", "2", "3", "1", "2"]), [a, b, undefined, undefined, undefined]);
  assert.deepEqual(assignReservations(slots, "Standard_DS2_v2", ["1"]), [undefined], "another size takes nothing");
});

const ID = `/subscriptions/${SUB}/resourceGroups/MC_rg_c1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-res-1-vmss`;
const model: ScaleSetModel = {
  id: ID, location: "eastus", vmSize: "Standard_D4s_v3", zones: ["1"], tags: {}, computerNamePrefix: "aks-res-1-vmss", osType: "Linux", osDiskSizeGB: 128,
  osDiskType: "Managed", priority: "Regular", imageId: "img", adminUsername: "azureuser", capacityReservationGroupId: GROUP_ID,
};
const zeroInZone1: CapacityRecord = { kind: "computeCapacity", location: "eastus", vmSize: "Standard_D4s_v3", zones: { "1": 0 } };
const ctx = (free: number): AllocationContext => ({ usage: new Map(), quota: undefined, placed: new Map(), capacity: zeroInZone1, reservations: [{ key: "cr", vmSize: "Standard_D4s_v3", zone: "1", free }] });

test("a scale set associated with a group allocates its reservation past a zero capacity; beyond it ZonalAllocationFailed; reserved VMs take no unreserved capacity", () => {
  const up = applyComputeStep(undefined, { type: "putScaleSet", model, add: [0, 1] }, T, () => ctx(2));
  assert.ok("scaleSet" in up && up.scaleSet);
  assert.deepEqual(up.scaleSet.instances.map((i) => [i.zone, i.reservation]), [["1", "cr"], ["1", "cr"]]);
  assert.deepEqual([...placedOf([up.scaleSet], "eastus", "Standard_D4s_v3")], [], "reserved VMs are not placed in the location's capacity");
  // The kept instances hold the reservation: a third one goes through the zero limit and fails.
  assert.deepEqual(applyComputeStep(up.scaleSet, { type: "putScaleSet", model, add: [0, 1, 2] }, T, () => ctx(2)), { refused: "zonalAllocationFailed", params: {} });
  const unassociated = { ...model, capacityReservationGroupId: undefined };
  assert.deepEqual(applyComputeStep(undefined, { type: "putScaleSet", model: unassociated, add: [0] }, T, () => ({ ...ctx(2), reservations: [] })), { refused: "zonalAllocationFailed", params: {} });
});

test("VMs a reservation holds take no vCPU quota of their own (the reservation took it); beyond it they do", () => {
  // The reservation's 8 vCPUs are already in the usage; VMs inside it fit a quota with no room left.
  const quota = { kind: "computeQuota" as const, subscriptionId: SUB, location: "eastus", limits: { cores: 8 } };
  const full = { ...ctx(2), usage: new Map([["cores", 8], ["standarddsv3family", 8]]), quota, capacity: undefined };
  const inside = applyComputeStep(undefined, { type: "putScaleSet", model, add: [0, 1] }, T, () => full);
  assert.ok("scaleSet" in inside && (inside.scaleSet as ScaleSetRecord).instances.every((i) => i.reservation === "cr"));
  assert.deepEqual(usageOf([inside.scaleSet as ScaleSetRecord], "eastus").get("cores"), undefined, "no vCPUs counted for reserved VMs");
  const over = applyComputeStep(undefined, { type: "putScaleSet", model, add: [0, 1, 2] }, T, () => full);
  assert.ok("refused" in over && over.refused === "quotaExceeded", "the third VM is an overallocation: it needs quota");
});
