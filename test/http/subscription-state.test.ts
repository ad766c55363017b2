// Seed 002's ReadOnlyDisabledSubscription row: a disabled subscription refuses every write and
// action (409, ARM's text) but still reads; re-enabling it (the remedy) lets writes through again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assertGatewayError, assertStatus, clusterBody, createCluster, mcPath, putGroup, q, refreshing, rgPath, RG_API } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await putGroup(emu, "rg1");
  await createCluster(emu, "rg1", "c1");
});
after(() => emu.close());

const TEXT = `The subscription '${SUB}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`;
const setState = (state: unknown) => emu.request("PUT", `/_aksemu/subscriptions/${SUB}`, { body: { state } });

test("a disabled subscription is read-only until it is enabled again", async () => {
  assertStatus(await setState("Disabled"), 200);
  const sub = await emu.request("GET", `/subscriptions/${SUB}?api-version=2022-12-01`);
  assert.equal(sub.json.state, "Disabled");
  // Writes and actions: 409 at ARM's gate.
  assertGatewayError(await emu.request("PUT", q(rgPath("rg2"), RG_API), { body: { location: "eastus" } }), 409, "ReadOnlyDisabledSubscription", TEXT);
  assertGatewayError(await emu.request("PUT", q(mcPath("rg1", "c2")), { body: clusterBody() }), 409, "ReadOnlyDisabledSubscription", TEXT);
  assertGatewayError(await emu.request("POST", q(`${mcPath("rg1", "c1")}/stop`)), 409, "ReadOnlyDisabledSubscription", TEXT);
  assertGatewayError(await emu.request("DELETE", q(mcPath("rg1", "c1"))), 409, "ReadOnlyDisabledSubscription", TEXT);
  assertGatewayError(await emu.request("POST", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/register`, "2022-09-01")), 409, "ReadOnlyDisabledSubscription", TEXT);
  // Reads, and the list* actions that only read, still work.
  assertStatus(await emu.request("GET", q(mcPath("rg1", "c1"))), 200);
  assertStatus(await emu.request("POST", q(`${mcPath("rg1", "c1")}/listClusterUserCredential`)), 200);
  // Warned and PastDue only show.
  assertStatus(await setState("Warned"), 200);
  assert.equal((await emu.request("GET", `/subscriptions/${SUB}?api-version=2022-12-01`)).json.state, "Warned");
  assertStatus(await emu.request("PUT", q(rgPath("rg2"), RG_API), { body: { location: "eastus" } }), 201);
  assertStatus(await setState("Disabled"), 200);
  assertGatewayError(await emu.request("PUT", q(rgPath("rg3"), RG_API), { body: { location: "eastus" } }), 409, "ReadOnlyDisabledSubscription", TEXT);
  // The remedy.
  assertStatus(await setState("Enabled"), 200);
  assertStatus(await emu.request("PUT", q(rgPath("rg3"), RG_API), { body: { location: "eastus" } }), 201);
  assert.deepEqual((await emu.request("GET", "/_aksemu/subscriptions")).json.value.map((s: { state: string }) => s.state), ["Enabled"]);
});

test("a write refused at ARM's gate is in the activity log as Failed, with the refusal", async () => {
  assertStatus(await setState("Disabled"), 200);
  const correlation = "7e57a11b-0000-4000-8000-000000000001";
  assertGatewayError(await emu.request("PUT", q(mcPath("rg1", "c9")), { body: clusterBody(), headers: { "x-ms-correlation-request-id": correlation } }), 409, "ReadOnlyDisabledSubscription", TEXT);
  assertStatus(await setState("Enabled"), 200);
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const filter = `eventTimestamp ge '${from}' and correlationId eq '${correlation}'`;
  const log = await emu.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assertStatus(log, 200);
  const events = log.json.value as { status: { value: string }; operationName: { value: string }; properties?: { statusCode?: string; statusMessage?: string } }[];
  assert.deepEqual(events.map((e) => e.status.value).sort(), ["Failed", "Started"]);
  const failed = events.find((e) => e.status.value === "Failed")!;
  assert.equal(failed.operationName.value, "Microsoft.ContainerService/managedClusters/write");
  assert.equal(JSON.parse(failed.properties!.statusMessage!).error.code, "ReadOnlyDisabledSubscription");
});

test("bad states and unknown subscriptions are refused with a clear 400/404", async () => {
  const bad = await setState("Suspended");
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.message, `'state' must be one of Enabled, Warned, PastDue, Disabled, got "Suspended".`);
  const none = await emu.request("PUT", "/_aksemu/subscriptions/00000000-0000-0000-0000-000000000000", { body: { state: "Disabled" } });
  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, "SubscriptionNotFound");
});
