// Where a pool's VMs can go, as tables: VM sizes per location (a known size a location lacks is
// AKS's BadRequest "not allowed in your subscription in location"; an unknown name keeps its
// InvalidParameter text), zones per location and size (AvailabilityZoneNotSupported), an ephemeral
// OS disk on the size's cache or temp disk (VMCacheSizeTooSmall), and the default osDiskType.
// Texts are literal (the catalog entries cite their sources).
import assert from "node:assert/strict";
import { test } from "node:test";
import { LOCATIONS } from "../../src/arm/locations.js";
import { defaultOsDiskType } from "../../src/providers/containerservice/domain/defaults.js";
import type { Json } from "../../src/providers/containerservice/domain/records.js";
import { validatePool } from "../../src/providers/containerservice/domain/validation.js";
import { ephemeralCapacityBytes } from "../../src/providers/containerservice/domain/vm-size-disks.js";
import { isVmSizeOffered, vmSizesIn, zonesFor } from "../../src/providers/containerservice/domain/vm-size-regions.js";
import { VM_SIZES } from "../../src/providers/containerservice/domain/vm-sizes.js";
import type { AksRefusal } from "../../src/providers/containerservice/errors.js";
import { rendered } from "./support/refusals.js";

type Wire = { status: number; code: string; message: string | RegExp; target?: string | undefined };

const spec = (over: Json): Json => ({ count: 1, vmSize: "Standard_DS2_v2", osDiskSizeGB: 128, osDiskType: "Managed", maxPods: 110, osType: "Linux", mode: "User", ...over });
const newPool = (location: string, over: Json) => validatePool({ name: "pool1", location, given: over, spec: spec(over) });

function check(result: AksRefusal | undefined, expected: Wire | undefined): void {
  if (!expected) return assert.equal(result, undefined, JSON.stringify(result)?.slice(0, 300));
  assert.ok(result, "expected a refusal");
  const err = rendered(result);
  assert.deepEqual([err.status, err.code, err.target], [expected.status, expected.code, expected.target]);
  if (typeof expected.message === "string") assert.equal(err.message, expected.message);
  else assert.match(err.message, expected.message);
}

// --- VM sizes per location ---

const notAllowed = (size: string, location: string): Wire => ({
  status: 400, code: "BadRequest", target: undefined,
  message: new RegExp(`^The VM size of ${size} is not allowed in your subscription in location '${location}'\\. The available VM sizes are '(standard_[a-z0-9_]+,)+standard_[a-z0-9_]+' For more details, please visit https://aka\\.ms/aks/quotas-skus-regions$`),
});
const unknown = (size: string): Wire => ({ status: 400, code: "InvalidParameter", target: "vmSize", message: new RegExp(`^The requested VM size ${size} is not available in the current region\\. `) });

const sizes: [string, string, string, Wire | undefined][] = [
  ["the default size, in a small region", "westcentralus", "Standard_DS2_v2", undefined],
  ["a v6 size where v6 is offered", "eastus", "Standard_D4s_v6", undefined],
  ["a v6 size in westcentralus", "westcentralus", "Standard_D4s_v6", notAllowed("Standard_D4s_v6", "westcentralus")],
  ["an A100 size in eastus", "eastus", "Standard_NC24ads_A100_v4", undefined],
  ["an A100 size in brazilsouth", "brazilsouth", "Standard_NC24ads_A100_v4", notAllowed("Standard_NC24ads_A100_v4", "brazilsouth")],
  ["an Arm64 size in ukwest, in lower case", "ukwest", "standard_d4ps_v5", notAllowed("standard_d4ps_v5", "ukwest")],
  ["an unknown size in westcentralus (the unknown-size text, as before)", "westcentralus", "Standard_Imaginary_v9", unknown("Standard_Imaginary_v9")],
];
for (const [name, location, vmSize, expected] of sizes) {
  test(`VM size: ${name}${expected ? " is refused" : " is accepted"}`, () => check(newPool(location, { vmSize }), expected));
}

test("VM size: the 'not allowed' text lists the location's sizes in lower case, sorted, without the missing ones", () => {
  const err = rendered(newPool("westcentralus", { vmSize: "Standard_D4s_v6" })!);
  const list = err.message.split("are '")[1]!.split("' For")[0]!.split(",");
  assert.deepEqual(list, [...list].sort());
  assert.ok(list.includes("standard_ds2_v2") && !list.some((s) => s.endsWith("_v6")));
  assert.equal(list.length, vmSizesIn("westcentralus").length);
});
test("VM size: every location offers the default Standard_DS2_v2 and the REST spec's Standard_DS1_v2; some offer fewer sizes", () => {
  for (const loc of LOCATIONS) assert.ok(isVmSizeOffered(loc, "Standard_DS2_v2") && isVmSizeOffered(loc, "standard_ds1_v2"), loc);
  assert.equal(vmSizesIn("eastus").length, VM_SIZES.length);
  assert.ok(vmSizesIn("westcentralus").length < VM_SIZES.length);
  assert.equal(vmSizesIn("East US").length, VM_SIZES.length, "ARM's display name is the same location");
});

// --- zones per location and size ---

const zoneRefused = (zones: string, location: string, supported: string): Wire => ({
  status: 400, code: "AvailabilityZoneNotSupported", target: "agentPoolProfile.availabilityZones",
  message: `The zone(s) '${zones}' for resource 'pool1' is not supported. The supported zones for location '${location}' are '${supported}'`,
});
const zoneCases: [string, string, Json, Wire | undefined][] = [
  ["zones 1,2,3 in eastus", "eastus", { availabilityZones: ["1", "2", "3"] }, undefined],
  ["zone 1 in westcentralus (no zones)", "westcentralus", { availabilityZones: ["1"] }, zoneRefused("1", "westcentralus", "")],
  ["zones 1,2 in northcentralus (no zones)", "northcentralus", { availabilityZones: ["1", "2"] }, zoneRefused("1,2", "northcentralus", "")],
  ["no zones in westcentralus", "westcentralus", {}, undefined],
  ["an empty zone list in westcentralus", "westcentralus", { availabilityZones: [] }, undefined],
  ["zones 1,2 for an A100 size in eastus (zones 2 and 3 only)", "eastus", { vmSize: "Standard_NC24ads_A100_v4", availabilityZones: ["1", "2"] }, zoneRefused("1", "eastus", "2,3")],
  ["zone 2 for an NCv3 size in southeastasia (Compute's order, 3 then 1)", "southeastasia", { vmSize: "Standard_NC6s_v3", availabilityZones: ["2"] }, zoneRefused("2", "southeastasia", "3,1")],
  ["zone 3 for an A100 size in eastus", "eastus", { vmSize: "Standard_NC24ads_A100_v4", availabilityZones: ["3"] }, undefined],
];
for (const [name, location, over, expected] of zoneCases) {
  test(`zones: ${name}${expected ? " is refused" : " is accepted"}`, () => check(newPool(location, over), expected));
}
test("zones: regions without zones offer none for any size; others offer 1-3 unless restricted", () => {
  for (const loc of ["westus", "northcentralus", "westcentralus", "ukwest", "japanwest"]) assert.deepEqual(zonesFor(loc, "Standard_DS2_v2"), [], loc);
  assert.deepEqual(zonesFor("westeurope", "Standard_D4s_v5"), ["1", "2", "3"]);
});

// --- ephemeral OS disks ---

const tooSmall = (vmSize: string, cache: number, required: number): Wire => ({
  status: 400, code: "VMCacheSizeTooSmall", target: undefined,
  message: `The virtual machine size ${vmSize} has a cache size of ${cache} bytes, but the OS disk requires ${required} bytes. Use a VM size with larger cache or disable ephemeral OS.`,
});
const ephemeral: [string, Json, Wire | undefined][] = [
  ["128 GB on Standard_DS2_v2 (rancher/rancher#33679's numbers)", { osDiskSizeGB: 128 }, tooSmall("Standard_DS2_v2", 92341796864, 137438953472)],
  ["86 GB on Standard_DS2_v2 (its whole cache)", { osDiskSizeGB: 86 }, undefined],
  ["87 GB on Standard_DS2_v2", { osDiskSizeGB: 87 }, tooSmall("Standard_DS2_v2", 92341796864, 93415538688)],
  ["128 GB on Standard_DS3_v2 (172 GiB of cache)", { vmSize: "Standard_DS3_v2" }, undefined],
  ["180 GB on Standard_NC4as_T4_v3 (Azure/AKS#2635's numbers)", { vmSize: "Standard_NC4as_T4_v3", osDiskSizeGB: 180 }, tooSmall("Standard_NC4as_T4_v3", 154619000000, 193273528320)],
  ["30 GB on Standard_D4s_v5 (no cache or temp disk)", { vmSize: "Standard_D4s_v5", osDiskSizeGB: 30 }, tooSmall("Standard_D4s_v5", 0, 32212254720)],
  ["256 GB on Standard_D8ads_v5 (its 300 GiB temp disk)", { vmSize: "Standard_D8ads_v5", osDiskSizeGB: 256 }, undefined],
  ["'ephemeral' in lower case is the same type", { osDiskType: "ephemeral", osDiskSizeGB: 128 }, tooSmall("Standard_DS2_v2", 92341796864, 137438953472)],
  ["a Managed 2048 GB disk on Standard_B2s", { vmSize: "Standard_B2s", osDiskType: "Managed", osDiskSizeGB: 2048 }, undefined],
];
for (const [name, over, expected] of ephemeral) {
  test(`ephemeral OS disk: ${name}${expected ? " is refused" : " is accepted"}`, () => check(newPool("eastus", { osDiskType: "Ephemeral", ...over }), expected));
}
test("ephemeral OS disk: an existing pool is not judged again (the OS disk is fixed at creation)", () => {
  const stored = spec({ osDiskType: "Ephemeral", osDiskSizeGB: 128 });
  assert.equal(validatePool({ name: "pool1", location: "eastus", given: { count: 2 }, spec: { ...stored, count: 2 }, stored }), undefined);
});
test("ephemeral capacity: unknown sizes and B-series hold none; DS2_v2 holds 86 GiB", () => {
  assert.deepEqual(["Standard_Nope", "Standard_B4ms", "Standard_DS2_v2"].map(ephemeralCapacityBytes), [0, 0, 86 * 2 ** 30]);
});

// --- the default osDiskType (REST spec: Ephemeral if the size's cache holds the requested size) ---

const defaults: [Json, "Ephemeral" | "Managed"][] = [
  [{}, "Managed"],
  [{ vmSize: "Standard_DS2_v2", osDiskSizeGB: 64 }, "Ephemeral"],
  [{ vmSize: "Standard_DS3_v2" }, "Ephemeral"],
  [{ vmSize: "Standard_D8s_v3" }, "Ephemeral"],
  [{ vmSize: "Standard_D4s_v5" }, "Managed"],
  [{ vmSize: "Standard_B2s", osDiskSizeGB: 30 }, "Managed"],
  [{ vmSize: "Standard_Nope" }, "Managed"],
];
for (const [given, expected] of defaults) {
  test(`default osDiskType for ${JSON.stringify(given)} is ${expected}`, () => assert.equal(defaultOsDiskType(given), expected));
}
