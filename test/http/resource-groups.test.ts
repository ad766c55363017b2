// Microsoft.Resources resource groups: PUT/GET/HEAD/list/DELETE, and deleting a group deletes its
// clusters as one long-running operation (ARM's generic operationresults Location).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, assertGatewayError, assertStatus, assertWrapped, clusterBody, createCluster, header, mcPath, putGroup, q, RG_API, rgPath, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
});
after(() => emu.close());

test("PUT creates (201) then updates (200); GET returns the group", async () => {
  const created = await putGroup(emu, "rg-basic", { location: "East US", tags: { env: "dev" } });
  assertStatus(created, 201);
  assert.deepEqual(created.json, {
    id: `/subscriptions/${SUB}/resourceGroups/rg-basic`,
    name: "rg-basic",
    type: "Microsoft.Resources/resourceGroups",
    location: "eastus",
    tags: { env: "dev" },
    properties: { provisioningState: "Succeeded" },
  });
  const updated = await putGroup(emu, "rg-basic", { location: "eastus", tags: { env: "prod" } });
  assertStatus(updated, 200);
  assert.deepEqual(updated.json.tags, { env: "prod" });
  const got = await emu.request("GET", q(rgPath("rg-basic"), RG_API));
  assertStatus(got, 200);
  assert.deepEqual(got.json, updated.json);
});

test("HEAD is 204 for an existing group and 404 for a missing one, without a body", async () => {
  await putGroup(emu, "rg-head");
  const yes = await emu.request("HEAD", q(rgPath("rg-head"), RG_API));
  assert.equal(yes.status, 204);
  assert.equal(yes.text, "");
  const no = await emu.request("HEAD", q(rgPath("rg-absent"), RG_API));
  assert.equal(no.status, 404);
  assert.equal(no.text, "");
});

test("GET of a missing group: 404 ResourceGroupNotFound (gateway)", async () => {
  assertGatewayError(await emu.request("GET", q(rgPath("rg-missing"), RG_API)), 404, "ResourceGroupNotFound", "Resource group 'rg-missing' could not be found.");
});

test("list returns every group of the subscription", async () => {
  await putGroup(emu, "rg-list-b");
  await putGroup(emu, "rg-list-a", { location: "westeurope" });
  const res = await emu.request("GET", q(`/subscriptions/${SUB}/resourcegroups`, RG_API));
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.json.value));
  const names = (res.json.value as any[]).map((g) => g.name);
  assert.ok(names.includes("rg-list-a") && names.includes("rg-list-b"), names.join(","));
  const a = (res.json.value as any[]).find((g) => g.name === "rg-list-a");
  assert.equal(a.location, "westeurope");
  assert.equal(a.id, `/subscriptions/${SUB}/resourceGroups/rg-list-a`);
  assert.equal(res.json.nextLink, undefined);
});

test("DELETE of an empty group: 202 + Location that answers 202 while running and 200 when done", async () => {
  await putGroup(emu, "rg-empty");
  const res = await emu.request("DELETE", q(rgPath("rg-empty"), RG_API));
  assertStatus(res, 202);
  const location = header(res, "location");
  assert.ok(location, "Location header");
  assert.match(location, new RegExp(`^${emu.url.replace(/[.]/g, "\\.")}/subscriptions/${SUB}/operationresults/[^/?]+\\?api-version=${RG_API}$`));
  assert.match(String(header(res, "retry-after")), /^\d+$/);
  assertStatus(await emu.request("GET", location), 202);
  await advance(emu, "PT1M");
  const done = await emu.request("GET", location);
  assertStatus(done, 200);
  assertGatewayError(await emu.request("GET", q(rgPath("rg-empty"), RG_API)), 404, "ResourceGroupNotFound", "Resource group 'rg-empty' could not be found.");
  assert.equal((await emu.request("HEAD", q(rgPath("rg-empty"), RG_API))).status, 404);
});

test("deleting a group deletes its clusters: Deleting meanwhile, 404 afterwards", async () => {
  await putGroup(emu, "rg-del");
  await createCluster(emu, "rg-del", "doomed");
  const res = await emu.request("DELETE", q(rgPath("rg-del"), RG_API));
  assertStatus(res, 202);
  const location = header(res, "location")!;

  const group = await emu.request("GET", q(rgPath("rg-del"), RG_API));
  assertStatus(group, 200);
  assert.equal(group.json.properties.provisioningState, "Deleting");
  const cluster = await emu.request("GET", q(mcPath("rg-del", "doomed")));
  assertStatus(cluster, 200);
  assert.equal(cluster.json.properties.provisioningState, "Deleting");
  assert.equal(cluster.json.properties.agentPoolProfiles[0].provisioningState, "Deleting");

  // A repeated delete joins the one in flight.
  const again = await emu.request("DELETE", q(rgPath("rg-del"), RG_API));
  assertStatus(again, 202);
  assert.equal(header(again, "location"), location);
  // No new cluster while the group is being deleted.
  const put = await emu.request("PUT", q(mcPath("rg-del", "latecomer")), { body: clusterBody() });
  assert.equal(put.status, 409, put.text);
  assertWrapped(put, "ResourceGroupBeingDeleted", "The resource group 'rg-del' is in deprovisioning state and cannot perform this operation.");

  assertStatus(await emu.request("GET", location), 202);
  let status = 202;
  for (let i = 0; i < 20 && status === 202; i++) {
    await advance(emu, "PT1M");
    status = (await emu.request("GET", location)).status;
  }
  assert.equal(status, 200);
  assertGatewayError(await emu.request("GET", q(mcPath("rg-del", "doomed"))), 404, "ResourceGroupNotFound", "Resource group 'rg-del' could not be found.");
  assertGatewayError(await emu.request("GET", q(rgPath("rg-del"), RG_API)), 404, "ResourceGroupNotFound", "Resource group 'rg-del' could not be found.");
  const list = await emu.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`));
  assert.ok(!(list.json.value as any[]).some((c) => c.name === "doomed"));
  // The name can be used again.
  assertStatus(await putGroup(emu, "rg-del"), 201);
  assertGatewayError(await emu.request("GET", q(mcPath("rg-del", "doomed"))), 404, "ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/doomed' under resource group 'rg-del' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
});

test("DELETE of a missing group: 404 ResourceGroupNotFound", async () => {
  assertGatewayError(await emu.request("DELETE", q(rgPath("rg-never"), RG_API)), 404, "ResourceGroupNotFound", "Resource group 'rg-never' could not be found.");
});

test("a cluster in a missing group: 404 ResourceGroupNotFound (gateway), for PUT, GET and list", async () => {
  const text = "Resource group 'ghost' could not be found.";
  assertGatewayError(await emu.request("PUT", q(mcPath("ghost", "c1")), { body: clusterBody() }), 404, "ResourceGroupNotFound", text);
  assertGatewayError(await emu.request("GET", q(mcPath("ghost", "c1"))), 404, "ResourceGroupNotFound", text);
  assertGatewayError(await emu.request("GET", q(`${rgPath("ghost")}/providers/Microsoft.ContainerService/managedClusters`)), 404, "ResourceGroupNotFound", text);
});

test("invalid group names are 400 InvalidResourceGroupName", async () => {
  for (const name of ["bad*name", "ends-with-dot.", "x".repeat(91), "semi;colon"]) {
    const res = await putGroup(emu, encodeURIComponent(name));
    assertGatewayError(
      res,
      400,
      "InvalidResourceGroupName",
      `Resource group name '${name}' is invalid. The name can be up to 90 characters in length and can contain alphanumeric characters, underscores, parentheses, hyphens, and periods but cannot end with a period.`,
    );
  }
  // The edges of what is allowed.
  assertStatus(await putGroup(emu, "a.b_c-(d)"), 201);
  assertStatus(await putGroup(emu, "y".repeat(90)), 201);
});

test("a missing location is 400 LocationRequired; an unknown one is 400 LocationNotAvailableForResourceGroup", async () => {
  const res = await putGroup(emu, "rg-noloc", { tags: { a: "b" } });
  assert.equal(res.status, 400);
  assertWrapped(res, "LocationRequired", "The location property is required for this definition.");
  // ARM's own text for groups (azure-cli#16368, cb-spider#527): its own code, no resource type.
  const bad = await putGroup(emu, "rg-badloc", { location: "Moon Base" });
  assert.equal(bad.status, 400, bad.text);
  assertWrapped(bad, "LocationNotAvailableForResourceGroup", /^The provided location 'Moon Base' is not available for resource group\. List of available regions is '[a-z0-9]+(,[a-z0-9]+)+'\.$/);
  assert.match(bad.json.error.message, /[',]eastus[',]/);
});

test("tags that are not strings are refused with an ARM (wrapped) error, not an AKS one", async () => {
  const res = await putGroup(emu, "rg-tags", { location: "eastus", tags: { a: 1 } });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(Object.keys(res.json), ["error"], `Microsoft.Resources errors are wrapped: ${res.text}`);
  assertStatus(await emu.request("HEAD", q(rgPath("rg-tags"), RG_API)), 404);
});

test("changing a group's location is 409 InvalidResourceGroupLocation", async () => {
  await putGroup(emu, "rg-move");
  const res = await putGroup(emu, "rg-move", { location: "westus" });
  assert.equal(res.status, 409);
  assertWrapped(res, "InvalidResourceGroupLocation", "Invalid resource group location 'westus'. The Resource group already exists in location 'eastus'.");
  const got = await emu.request("GET", q(rgPath("rg-move"), RG_API));
  assert.equal(got.json.location, "eastus");
});
