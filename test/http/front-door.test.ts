// The ARM front door: api-version policy, request ids, routing by resource id, request body
// limits and subscription checks. Errors here are gateway errors (ERROR-TEXTS.md §0, §13).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { AKS_API, assertGatewayError, assertStatus, clusterBody, GUID, header, mcPath, q, RG_API, rgPath, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await emu.createGroup("MyGroup");
  const res = await emu.request("PUT", q(mcPath("MyGroup", "MyCluster")), { body: clusterBody() });
  assertStatus(res, 201);
});
after(() => emu.close());

const MUST_WORK = ["2024-09-01", "2025-10-01", "2026-04-01", "2026-06-01", "2026-10-01", "2024-01-02-preview", "2024-07-02-preview", "2026-10-02-preview"];

test("missing api-version: 400 MissingApiVersionParameter (cluster, group, list, location routes)", async () => {
  const text = "The api-version query parameter (?api-version=) is required for all requests.";
  for (const path of [
    mcPath("MyGroup", "MyCluster"),
    rgPath("rg1"),
    `/subscriptions/${SUB}/resourcegroups`,
    `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`,
    `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions`,
  ]) {
    assertGatewayError(await emu.request("GET", path), 400, "MissingApiVersionParameter", text);
  }
  // An empty value is as good as none.
  assertGatewayError(await emu.request("GET", `${mcPath("MyGroup", "MyCluster")}?api-version=`), 400, "MissingApiVersionParameter", text);
  // PUT too, before the body is looked at.
  assertGatewayError(await emu.request("PUT", mcPath("rg1", "nover"), { body: clusterBody() }), 400, "MissingApiVersionParameter", text);
});

test("unknown api-version on managedClusters: 400 NoRegisteredProviderFound listing the supported versions", async () => {
  const res = await emu.request("GET", q(mcPath("MyGroup", "MyCluster"), "2019-01-01"));
  assertGatewayError(
    res,
    400,
    "NoRegisteredProviderFound",
    /^No registered resource provider found for location 'eastus' and API version '2019-01-01' for type 'managedClusters'\. The supported api-versions are '([^']+)'\. The supported locations are '[^']+'\.$/,
  );
  const listed = /The supported api-versions are '([^']+)'/.exec(res.json.error.message)![1]!.split(", ");
  for (const v of MUST_WORK) assert.ok(listed.includes(v), `${v} listed as supported`);
  assert.ok(!listed.includes("2019-01-01"));
  // Agent pools name their own type.
  const pools = await emu.request("GET", q(`${mcPath("MyGroup", "MyCluster")}/agentPools`, "2020-13-01"));
  assertGatewayError(pools, 400, "NoRegisteredProviderFound", /^No registered resource provider found for location 'eastus' and API version '2020-13-01' for type 'managedClusters\/agentPools'\. /);
});

test("unknown api-version on resource groups: 400 InvalidApiVersionParameter (comma-separated, no spaces)", async () => {
  const res = await emu.request("GET", q(rgPath("rg1"), "2010-01-01"));
  assertGatewayError(res, 400, "InvalidApiVersionParameter", /^The api-version '2010-01-01' is invalid\. The supported versions are '([^' ]+)'\.$/);
  const listed = /are '([^']+)'/.exec(res.json.error.message)![1]!.split(",");
  assert.ok(listed.includes("2021-04-01"));
});

test("every api-version today's clients send works on clusters, pools and kubernetesVersions", async () => {
  for (const v of MUST_WORK) {
    const got = await emu.request("GET", q(mcPath("MyGroup", "MyCluster"), v));
    assert.equal(got.status, 200, `GET cluster ${v}: ${got.text.slice(0, 200)}`);
    assert.equal(got.json.name, "MyCluster");
    const pools = await emu.request("GET", q(`${mcPath("MyGroup", "MyCluster")}/agentPools`, v));
    assert.equal(pools.status, 200, `list pools ${v}: ${pools.text.slice(0, 200)}`);
    const versions = await emu.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions`, v));
    assert.equal(versions.status, 200, `kubernetesVersions ${v}`);
  }
});

test("operation status API: previews from 2024-01-02-preview work; a stable version is NoRegisteredProviderFound", async () => {
  const ops = `${mcPath("MyGroup", "MyCluster")}/operations`;
  for (const v of ["2024-01-02-preview", "2024-07-02-preview", "2026-10-02-preview"]) {
    const res = await emu.request("GET", q(ops, v));
    assert.equal(res.status, 200, `${v}: ${res.text.slice(0, 200)}`);
    assert.ok(Array.isArray(res.json.value) && res.json.value.length >= 1);
  }
  for (const v of ["2026-04-01", "2026-10-01"]) {
    const res = await emu.request("GET", q(ops, v));
    assertGatewayError(res, 400, "NoRegisteredProviderFound", new RegExp(`^No registered resource provider found for location 'eastus' and API version '${v}' for type 'managedClusters/operations'\\. The supported api-versions are '`));
    const listed = /The supported api-versions are '([^']+)'/.exec(res.json.error.message)![1]!.split(", ");
    assert.ok(listed.includes("2024-01-02-preview") && listed.includes("2026-10-02-preview"));
    assert.ok(!listed.includes("2026-10-01"), "stable versions do not serve operation status");
  }
  const latest = await emu.request("GET", q(`${ops}/latest`, "2026-04-01"));
  assertGatewayError(latest, 400, "NoRegisteredProviderFound", /for type 'managedClusters\/operations'/);
});

test("--loose accepts any api-version (but still requires one)", async () => {
  const loose = await startEmulator({ loose: true });
  try {
    const rg = await loose.request("PUT", q(rgPath("lrg"), "1999-09-09"), { body: { location: "eastus" } });
    assertStatus(rg, 201);
    const put = await loose.request("PUT", q(mcPath("lrg", "lc"), "2001-02-03"), { body: clusterBody() });
    assertStatus(put, 201);
    const got = await loose.request("GET", q(mcPath("lrg", "lc"), "2099-12-31-preview"));
    assertStatus(got, 200);
    assert.equal(got.json.name, "lc");
    const ops = await loose.request("GET", q(`${mcPath("lrg", "lc")}/operations`, "2026-04-01"));
    assertStatus(ops, 200);
    assertGatewayError(await loose.request("GET", mcPath("lrg", "lc")), 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  } finally {
    await loose.close();
  }
});

test("request ids: x-ms-request-id always; correlation id echoed or generated; client request id echoed", async () => {
  const plain = await emu.request("GET", q(rgPath("rg1"), RG_API));
  assert.match(String(header(plain, "x-ms-request-id")), GUID);
  assert.match(String(header(plain, "x-ms-correlation-request-id")), GUID);
  assert.equal(header(plain, "x-ms-client-request-id"), undefined);

  const corr = "3f0e7c2a-5a4b-4c4d-9e8f-0a1b2c3d4e5f";
  const client = "client-req-42";
  const withIds = await emu.request("GET", q(rgPath("rg1"), RG_API), { headers: { "x-ms-correlation-request-id": corr, "x-ms-client-request-id": client } });
  assert.equal(header(withIds, "x-ms-correlation-request-id"), corr);
  assert.equal(header(withIds, "x-ms-client-request-id"), client);
  assert.match(String(header(withIds, "x-ms-request-id")), GUID);
  assert.notEqual(header(withIds, "x-ms-request-id"), header(plain, "x-ms-request-id"));

  // Errors carry them too, including the 401s.
  const denied = await emu.request("GET", q(rgPath("rg1"), RG_API), { auth: false, headers: { "x-ms-correlation-request-id": corr, "x-ms-client-request-id": client } });
  assert.equal(denied.status, 401);
  assert.equal(header(denied, "x-ms-correlation-request-id"), corr);
  assert.equal(header(denied, "x-ms-client-request-id"), client);
  assert.match(String(header(denied, "x-ms-request-id")), GUID);
});

test("routing is case-insensitive and answers keep the creator's casing", async () => {
  const shouting = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/mygroup/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/mycluster?api-version=${AKS_API}`;
  const res = await emu.request("GET", shouting);
  assertStatus(res, 200);
  assert.equal(res.json.name, "MyCluster");
  assert.equal(res.json.id, `/subscriptions/${SUB}/resourceGroups/MyGroup/providers/Microsoft.ContainerService/managedClusters/MyCluster`);
  assert.equal(res.json.properties.nodeResourceGroup, "MC_MyGroup_MyCluster_eastus");
  const pool = await emu.request("GET", `/subscriptions/${SUB}/resourcegroups/MYGROUP/providers/microsoft.containerservice/managedclusters/MYCLUSTER/AGENTPOOLS/NodePool1?api-version=${AKS_API}`);
  assertStatus(pool, 200);
  assert.equal(pool.json.name, "nodepool1");
  assert.equal(pool.json.id, `/subscriptions/${SUB}/resourceGroups/MyGroup/providers/Microsoft.ContainerService/managedClusters/MyCluster/agentPools/nodepool1`);
  const group = await emu.request("GET", `/subscriptions/${SUB}/RESOURCEGROUPS/MYGROUP?api-version=${RG_API}`);
  assertStatus(group, 200);
  assert.equal(group.json.name, "MyGroup");
  assert.equal(group.json.id, `/subscriptions/${SUB}/resourceGroups/MyGroup`);
  // A PUT through another casing updates the same resource, keeping its names.
  const put = await emu.request("PUT", `/subscriptions/${SUB}/resourcegroups/MYGROUP?api-version=${RG_API}`, { body: { location: "eastus", tags: { a: "b" } } });
  assertStatus(put, 200);
  assert.equal(put.json.name, "MyGroup");
});

test("an unknown path is a 404 gateway error", async () => {
  const path = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1/bogusThing`;
  assertGatewayError(await emu.request("GET", `${path}?api-version=${AKS_API}`), 404, "NotFound", `The requested resource '${path}' does not exist.`);
  assertGatewayError(await emu.request("GET", "/nothing/here?api-version=2021-04-01"), 404, "NotFound", "The requested resource '/nothing/here' does not exist.");
});

test("an unknown type under a namespace served under /providers/ is 400 InvalidResourceType; under Microsoft.Resources it stays a 404", async () => {
  assertGatewayError(
    await emu.request("GET", q(`${rgPath("rg1")}/providers/Microsoft.ContainerService/fleets/f1`)),
    400,
    "InvalidResourceType",
    `The resource type 'fleets' could not be found in the namespace 'Microsoft.ContainerService' for api version '${AKS_API}'.`,
  );
  // Casing of the namespace does not matter; known types are not refused.
  assertStatus(await emu.request("GET", q(`${mcPath("MyGroup", "MyCluster")}`.replace("Microsoft.ContainerService", "microsoft.containerservice"))), 200);
  const deployments = await emu.request("GET", q(`${rgPath("rg1")}/providers/Microsoft.Resources/deployments/d1`, RG_API));
  assertStatus(deployments, 404);
  assert.equal(deployments.json.error.code, "NotFound");
});

test("a malformed percent-encoding in the path is a 400, never a 500", async () => {
  for (const path of [`${mcPath("rg1", "%E0%A4%A")}?api-version=${AKS_API}`, `/%ZZ?api-version=${RG_API}`, `${rgPath("%")}?api-version=${RG_API}`]) {
    const res = await emu.request("GET", path);
    assert.equal(res.status, 400, `${path}: ${res.status} ${res.text}`);
    assert.equal(header(res, "x-ms-failure-cause"), "gateway");
    assert.deepEqual(Object.keys(res.json), ["error"]);
    assert.equal(typeof res.json.error.code, "string");
    assert.equal(typeof res.json.error.message, "string");
  }
  assertStatus(await emu.request("GET", q(rgPath("rg1"), RG_API)), 200);
});

test("a method the route does not support is 405", async () => {
  const res = await emu.request("POST", q(mcPath("MyGroup", "MyCluster")), { body: {} });
  assertGatewayError(res, 405, "MethodNotAllowed", "The requested resource does not support http method 'POST'.");
  const get = await emu.request("GET", q(`${mcPath("MyGroup", "MyCluster")}/stop`));
  assertGatewayError(get, 405, "MethodNotAllowed", "The requested resource does not support http method 'GET'.");
});

test("malformed JSON is 400 InvalidRequestContent, never a 500", async () => {
  for (const raw of ['{"location": "eastus",', "{location: eastus}", "<xml/>", '{"location":"eastus"}}']) {
    const res = await emu.request("PUT", q(mcPath("rg1", "badjson")), { rawBody: raw, headers: { "content-type": "application/json" } });
    // No real ARM parser text can be reproduced (Newtonsoft's); the frame is ARM's.
    assertGatewayError(res, 400, "InvalidRequestContent", /^The request content was invalid and could not be deserialized: '.+'\.$/);
    assert.equal(res.json.error.message.split("could not be deserialized").length, 2, "one frame");
  }
  const group = await emu.request("PUT", q(rgPath("rgjson"), RG_API), { rawBody: "{", headers: { "content-type": "application/json" } });
  assertGatewayError(group, 400, "InvalidRequestContent", /^The request content was invalid and could not be deserialized: '.+'\.$/);
  const gone = await emu.request("GET", q(mcPath("rg1", "badjson")));
  assertStatus(gone, 404);
});

test("a body that is not a JSON object (or none at all): 400 InvalidRequestContent, one frame around the reason", async () => {
  // Resource groups answer this already; clusters and PATCH must say the same.
  for (const raw of ["[]", ""]) {
    const res = await emu.request("PUT", q(rgPath("rgjson"), RG_API), { rawBody: raw, headers: { "content-type": "application/json" } });
    assertGatewayError(res, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.");
  }
  for (const raw of ["[]", '"eastus"', "42", "null", ""]) {
    const res = await emu.request("PUT", q(mcPath("rg1", "badjson")), { rawBody: raw, headers: { "content-type": "application/json" } });
    assertGatewayError(res, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.");
  }
  const patch = await emu.request("PATCH", q(mcPath("MyGroup", "MyCluster")), { rawBody: "", headers: { "content-type": "application/json" } });
  assertGatewayError(patch, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.");
});

test("a body over 4 MB is 413, not a 500 or a hang; the server keeps serving", async () => {
  const big = JSON.stringify({ location: "eastus", tags: { pad: "x".repeat(4 * 1024 * 1024) } });
  const res = await emu.request("PUT", q(mcPath("rg1", "huge")), { rawBody: big, headers: { "content-type": "application/json" } });
  assertGatewayError(res, 413, "RequestEntityTooLarge", "The request content size exceeds the maximum size of 4 MB.");
  // Just under the limit is parsed normally (and refused for its content, not its size).
  const almost = JSON.stringify({ location: "eastus", properties: { dnsPrefix: "x".repeat(4 * 1024 * 1024 - 200) } });
  const ok = await emu.request("PUT", q(mcPath("rg1", "nearly")), { rawBody: almost, headers: { "content-type": "application/json" } });
  assert.notEqual(ok.status, 413);
  assert.ok(ok.status < 500, `${ok.status}`);
  assertStatus(await emu.request("GET", q(rgPath("rg1"), RG_API)), 200);
});

test("an unknown subscription is 404 SubscriptionNotFound; a non-GUID one is 400 InvalidSubscriptionId", async () => {
  const other = "11111111-2222-4333-8444-555555555555";
  assertGatewayError(await emu.request("GET", q(mcPath("rg1", "c1", other))), 404, "SubscriptionNotFound", `The subscription '${other}' could not be found.`);
  assertGatewayError(await emu.request("PUT", q(rgPath("rg1", other), RG_API), { body: { location: "eastus" } }), 404, "SubscriptionNotFound", `The subscription '${other}' could not be found.`);
  assertGatewayError(await emu.request("GET", q(mcPath("rg1", "c1", "not-a-guid"))), 400, "InvalidSubscriptionId", "The provided subscription identifier 'not-a-guid' is malformed or invalid.");
  assertGatewayError(await emu.request("GET", q(`/subscriptions/not-a-guid/resourcegroups`, RG_API)), 400, "InvalidSubscriptionId", "The provided subscription identifier 'not-a-guid' is malformed or invalid.");
  const sub = await emu.request("GET", `/subscriptions/${SUB}?api-version=2022-12-01`);
  assertStatus(sub, 200);
  assert.equal(sub.json.subscriptionId, SUB);
  assert.equal(sub.json.state, "Enabled");
});

test("HEAD responses have no body, errors included", async () => {
  const res = await emu.request("HEAD", q(rgPath("rg1"), RG_API), { auth: false });
  assert.equal(res.status, 401);
  assert.equal(res.text, "");
});
