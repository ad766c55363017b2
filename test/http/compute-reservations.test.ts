// Capacity reservation groups and reservations (Microsoft.Compute): CRUD, a reservation's PUT and
// DELETE as long-running operations (the spec's status codes, Compute's status URLs), bad bodies
// with Compute's errors, an AKS pool associated through capacityReservationGroupID scaling under a
// zero capacity limit up to its reservation (virtualMachinesAllocated shows its VMs) while an
// unreserved pool fails with ZonalAllocationFailed; and the activity log's events for the writes.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertAksError, assertStatus, assertWrapped, clusterBody, createCluster, finish, header, opStatus, q, rgPath, systemPool } from "./helpers.js";

const API = "2026-03-01";
const CRG = `${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/crg1`;
const LOG = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values`;

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg1");
});
after(() => emu.close());

const put = (path: string, body: unknown) => emu.request("PUT", q(path, API), { body });
const get = async (path: string) => {
  const res = await emu.request("GET", q(path, API));
  assertStatus(res, 200);
  return res.json;
};
const putPool = async (pool: string, properties: Record<string, unknown>) => {
  const res = await emu.request("PUT", q(apPath("rg1", "c1", pool), "2026-04-01"), { body: { properties } });
  assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
  return finish(emu, String(header(res, "azure-asyncoperation")));
};

describe("capacity reservations", () => {
  test("a group and a reservation: PUT 201 then 200, GET with the instance view, list; bad bodies are Compute's errors", async () => {
    const created = await put(CRG, { location: "eastus", zones: ["1", "2"], tags: { team: "a" } });
    assertStatus(created, 201);
    assert.deepEqual([created.json.type, created.json.zones, created.json.properties.capacityReservations], ["Microsoft.Compute/capacityReservationGroups", ["1", "2"], []]);
    assertStatus(await put(CRG, { location: "eastus", zones: ["1", "2"], tags: { team: "b" } }), 200);
    const r = await put(`${CRG}/capacityReservations/cr1`, { location: "eastus", sku: { name: "Standard_D4s_v3", capacity: 2 }, zones: ["1"] });
    assertStatus(r, 201);
    assert.deepEqual([r.json.type, r.json.sku, r.json.zones, r.json.properties.provisioningState], ["Microsoft.Compute/capacityReservationGroups/capacityReservations", { name: "Standard_D4s_v3", capacity: 2 }, ["1"], "Creating"]);
    const asyncUrl = String(header(r, "azure-asyncoperation"));
    assert.match(asyncUrl, new RegExp(`/subscriptions/${SUB}/providers/Microsoft\\.Compute/locations/eastus/operations/[0-9a-f-]+\\?api-version=${API}$`));
    assert.equal(header(r, "location"), asyncUrl.replace("?api-version", "?monitor=true&api-version"));
    assert.ok(Number(header(r, "retry-after")) >= 0);
    assert.equal((await opStatus(emu, asyncUrl)).status, "InProgress");
    assert.equal((await finish(emu, asyncUrl)).status, "Succeeded");
    assert.equal((await get(`${CRG}/capacityReservations/cr1`)).properties.provisioningState, "Succeeded");
    assert.equal((await get(`${CRG}/capacityReservations`)).value.length, 1);
    const g = await get(`${CRG}?$expand=instanceView`);
    assert.deepEqual(g.properties.capacityReservations, [{ id: `${CRG}/capacityReservations/cr1` }]);
    assert.deepEqual(g.properties.instanceView.capacityReservations[0].utilizationInfo, { currentCapacity: 2, virtualMachinesAllocated: [] });

    for (const [body, status, code, message, target] of [
      [{ location: "eastus", sku: { name: "Standard_D4s_v3" }, zones: ["1"] }, 400, "InvalidParameter", "Required parameter 'sku.capacity' is missing (null).", "sku.capacity"],
      [{ location: "eastus", zones: ["1"] }, 400, "InvalidParameter", "Required parameter 'sku' is missing (null).", "sku"],
      [{ location: "eastus", sku: { name: "Standard_D4s_v3", capacity: 1 }, zones: ["3"] }, 400, "InvalidParameter", "The value of parameter zones is invalid.", "zones"],
      [{ location: "eastus", sku: { name: "Standard_A0", capacity: 1 }, zones: ["1"] }, 400, "NotSupported", "Capacity Reservation is not supported for VM size Standard_A0.", undefined],
      [{ sku: { name: "Standard_D4s_v3", capacity: 1 }, zones: ["1"] }, 400, "LocationRequired", "The location property is required for this definition.", undefined],
    ] as const) {
      const res = await put(`${CRG}/capacityReservations/bad`, body);
      assertStatus(res, status);
      assertWrapped(res, code, message, target);
    }
    const missing = await put(`${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/nope/capacityReservations/x`, { location: "eastus", sku: { name: "Standard_D4s_v3", capacity: 1 } });
    assertStatus(missing, 404);
    assertWrapped(missing, "ParentResourceNotFound", "Can not perform requested operation on nested resource. Parent resource 'nope' not found.");
    const inUse = await emu.request("DELETE", q(CRG, API));
    assertStatus(inUse, 409);
    assertWrapped(inUse, "OperationNotAllowed", /^Capacity reservation group 'crg1' can only be deleted/);
  });

  test("a reserved pool scales up to its reservation under a zero capacity; an unreserved one fails with ZonalAllocationFailed; beyond the reservation the limit applies", async () => {
    await createCluster(emu, "rg1", "c1", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 })] } }));
    assertStatus(await emu.request("PUT", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3", { body: { zones: { "1": 0 } } }), 200);
    try {
      const plain = await putPool("plain", { count: 1, mode: "User", vmSize: "Standard_D4s_v3", availabilityZones: ["1"] });
      assert.equal(plain.status, "Failed");
      assert.equal(plain.error.code, "ZonalAllocationFailed");

      const reserved = await putPool("reserved", { count: 2, mode: "User", vmSize: "Standard_D4s_v3", availabilityZones: ["1"], capacityReservationGroupID: CRG });
      assert.equal(reserved.status, "Succeeded", JSON.stringify(reserved.error));
      const r = await get(`${CRG}/capacityReservations/cr1?$expand=instanceView`);
      assert.equal(r.properties.instanceView.utilizationInfo.virtualMachinesAllocated.length, 2);
      assert.match(r.properties.virtualMachinesAllocated[0].id, /\/virtualMachineScaleSets\/aks-reserved-\d+-vmss\/virtualMachines\/0$/);
      const g = await get(CRG);
      assert.equal(g.properties.virtualMachinesAssociated.length, 2);

      const beyond = await putPool("reserved", { count: 3, mode: "User", vmSize: "Standard_D4s_v3", availabilityZones: ["1"], capacityReservationGroupID: CRG });
      assert.equal(beyond.status, "Failed");
      assert.equal(beyond.error.code, "ZonalAllocationFailed");
      const held = await emu.request("DELETE", q(`${CRG}/capacityReservations/cr1`, API));
      assertStatus(held, 409);
      assertWrapped(held, "OperationNotAllowed", /^Capacity reservation 'cr1' can only be deleted/);
    } finally {
      await emu.request("DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3");
    }
  });

  test("AKS validates a pool's capacityReservationGroupID: a group that does not exist, one in another region, a malformed id; it is fixed once the pool exists", async () => {
    const T = "agentPoolProfile.capacityReservationGroupID";
    const pool = (crg: string) => emu.request("PUT", q(apPath("rg1", "c1", "crgpool"), "2026-04-01"), { body: { properties: { count: 1, mode: "User", vmSize: "Standard_D4s_v3", capacityReservationGroupID: crg } } });
    const nope = `${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/nope`;
    assertAksError(await pool(nope), 400, "InvalidParameter", `The value of parameter ${T} is invalid: capacity reservation group '${nope}' was not found. Please see https://aka.ms/aks/capacity-reservation-groups for more details.`, T);
    const west = `${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/crgwest`;
    assertStatus(await put(west, { location: "westus2" }), 201);
    assertAksError(await pool(west), 400, "InvalidParameter", `The value of parameter ${T} is invalid: capacity reservation group '${west}' is in location 'westus2', not in the managed cluster's location 'eastus'. Please see https://aka.ms/aks/capacity-reservation-groups for more details.`, T);
    assertAksError(await pool("not-an-id"), 400, "InvalidParameter", `The value of parameter ${T} is invalid. Please see https://aka.ms/aks-naming-rules for more details.`, T);
    // The same rules in a managed cluster PUT's profiles.
    const cluster = await emu.request("PUT", q(`${rgPath("rg1")}/providers/Microsoft.ContainerService/managedClusters/c2`, "2026-04-01"), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1, capacityReservationGroupID: nope })] } }) });
    assertAksError(cluster, 400, "InvalidParameter", /capacity reservation group '.*\/nope' was not found/, T);
    // Associated at creation only.
    const other = `${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/crgother`;
    assertStatus(await put(other, { location: "eastus" }), 201);
    const moved = await emu.request("PUT", q(apPath("rg1", "c1", "reserved"), "2026-04-01"), { body: { properties: { count: 2, mode: "User", vmSize: "Standard_D4s_v3", availabilityZones: ["1"], capacityReservationGroupID: other } } });
    assertAksError(moved, 400, "PropertyChangeNotAllowed", `Changing property '${T}' is not allowed.`, T);
  });

  test("a reservation takes vCPU quota and capacity when allocated (its VMs do not count twice); over quota it fails with Compute's text; deleting gives both back", async () => {
    const path = `${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/crg3`;
    const usage = async (name: string) => ((await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/locations/westus2/usages`)).value as any[]).find((u) => u.name.value === name).currentValue;
    assertStatus(await put(path, { location: "westus2" }), 201);
    const [cores, family] = [await usage("cores"), await usage("standardESv5Family")];
    const create = async (name: string, capacity: number) => {
      const res = await put(`${path}/capacityReservations/${name}`, { location: "westus2", sku: { name: "Standard_E4s_v5", capacity } });
      assert.ok(res.status === 201 || res.status === 200, res.text);
      return finish(emu, String(header(res, "azure-asyncoperation")));
    };
    assert.equal((await create("cr", 3)).status, "Succeeded");
    assert.deepEqual([await usage("cores"), await usage("standardESv5Family")], [cores + 12, family + 12], "3 x 4 vCPUs held");
    // The regional capacity: 5 E4s_v5 VMs; the reservation's 3 leave 2.
    assertStatus(await emu.request("PUT", "/_aksemu/compute/capacity/westus2/Standard_E4s_v5", { body: { regional: 5 } }), 200);
    assertStatus(await emu.request("PUT", "/_aksemu/compute/quotas/westus2", { body: { limits: { standardESv5Family: family + 12 + 100 } } }), 200);
    try {
      const tooBig = await create("big", 3);
      assert.deepEqual([tooBig.status, tooBig.error.code], ["Failed", "AllocationFailed"]);
      assert.equal((await get(`${path}/capacityReservations/big`)).properties.provisioningState, "Failed");
      assertStatus(await emu.request("DELETE", "/_aksemu/compute/capacity/westus2/Standard_E4s_v5"), 204);
      assertStatus(await emu.request("PUT", "/_aksemu/compute/quotas/westus2", { body: { limits: { standardESv5Family: family + 12 + 4 } } }), 200);
      const overQuota = await create("big", 2);
      assert.equal(overQuota.status, "Failed");
      assert.deepEqual(overQuota.error.code, "OperationNotAllowed");
      assert.match(overQuota.error.message, new RegExp(`^Operation could not be completed as it results in exceeding approved standardESv5Family Cores quota\\. Additional details - Deployment Model: Resource Manager, Location: westus2, Current Limit: ${family + 16}, Current Usage: ${family + 12}, Additional Required: 8, \\(Minimum\\) New Limit Required: ${family + 20}\\.`));
      assert.equal(await usage("cores"), cores + 12, "a failed reservation holds nothing");
      const del = await emu.request("DELETE", q(`${path}/capacityReservations/big`, API));
      assertStatus(del, 202);
      await finish(emu, String(header(del, "azure-asyncoperation")));
      const gone = await emu.request("DELETE", q(`${path}/capacityReservations/cr`, API));
      assertStatus(gone, 202);
      await finish(emu, String(header(gone, "azure-asyncoperation")));
      assert.deepEqual([await usage("cores"), await usage("standardESv5Family")], [cores, family], "deleting gives the quota back");
    } finally {
      await emu.request("DELETE", "/_aksemu/compute/quotas/westus2");
      await emu.request("DELETE", "/_aksemu/compute/capacity/westus2/Standard_E4s_v5");
    }
  });

  test("the activity log names a reservation PUT and DELETE (Started, Accepted, then the operation's end)", async () => {
    const path = `${rgPath("rg1")}/providers/Microsoft.Compute/capacityReservationGroups/crg2`;
    assertStatus(await put(path, { location: "eastus" }), 201);
    const created = await put(`${path}/capacityReservations/cr`, { location: "eastus", sku: { name: "Standard_D2s_v3", capacity: 1 } });
    assertStatus(created, 201);
    await finish(emu, String(header(created, "azure-asyncoperation")));
    const deleted = await emu.request("DELETE", q(`${path}/capacityReservations/cr`, API));
    assertStatus(deleted, 202);
    assert.equal((await get(`${path}/capacityReservations/cr`)).properties.provisioningState, "Deleting");
    assert.equal((await finish(emu, String(header(deleted, "azure-asyncoperation")))).status, "Succeeded");
    assertStatus(await emu.request("GET", q(`${path}/capacityReservations/cr`, API)), 404);
    const filter = `eventTimestamp ge '2000-01-01T00:00:00Z' and resourceUri eq '${path}/capacityReservations/cr'`;
    const res = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
    assertStatus(res, 200);
    const brief = res.json.value.map((e: any) => [e.operationName.value, e.status.value]);
    const W = "Microsoft.Compute/capacityReservationGroups/capacityReservations/write";
    const D = "Microsoft.Compute/capacityReservationGroups/capacityReservations/delete";
    assert.deepEqual(brief, [[D, "Succeeded"], [D, "Accepted"], [D, "Started"], [W, "Succeeded"], [W, "Accepted"], [W, "Started"]]);
    assert.equal(res.json.value[5].operationName.localizedValue, "Create a new capacity reservation or update an existing capacity reservation");
  });
});
