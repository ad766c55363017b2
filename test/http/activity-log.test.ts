// The activity log over HTTP (Microsoft.Insights ActivityLogs_List, api 2015-04-01): every write
// and every operation's end as EventData (Started, Accepted, Succeeded, Failed with the error JSON
// in properties.statusMessage, Canceled), the real $filter grammar and its refusals, $select,
// paging, and durability across a restart.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openSqlitePersistence } from "../../src/store/sqlite-persistence.js";
import { startEmulator, SUB, TENANT, type Emulator, type HttpResult } from "../support/emulator.js";
import { advance, ARM_TIMESTAMP, assertStatus, clusterBody, finish, GUID, header, mcPath, mintToken, q, refreshing, rgPath, RG_API } from "./helpers.js";
import { assignRole } from "../support/rbac.js";

const LOG = `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values`;
const API = "2015-04-01";

const virtualNow = async (emu: Emulator): Promise<number> => Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
const iso = (t: number) => new Date(t).toISOString();
const since = (t: number) => `eventTimestamp ge '${iso(t)}'`;
const list = (emu: Emulator, filter: string | undefined, extra = ""): Promise<HttpResult> =>
  emu.request("GET", `${LOG}?api-version=${API}${filter === undefined ? "" : `&$filter=${encodeURIComponent(filter)}`}${extra}`);
/** The events a filter selects, newest first (one page). */
async function events(emu: Emulator, filter: string, extra = ""): Promise<any[]> {
  const res = await list(emu, filter, extra);
  assertStatus(res, 200);
  return res.json.value;
}
const brief = (e: any) => [e.operationName.value, e.status.value, e.subStatus.value];
const operationIdOf = (asyncUrl: string) => /\/operations\/([^/?]+)/.exec(asyncUrl)![1]!;

/** Insights' ErrorResponse: a bare `{"code","message"}`, not a gateway error. */
function assertInsightsError(res: HttpResult, message: string): void {
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.json, { code: "BadRequest", message });
  assert.equal(header(res, "x-ms-failure-cause"), undefined);
}

describe("activity log (manual clock)", () => {
  let emu: Emulator;
  let caller: string;
  before(async () => {
    emu = refreshing(await startEmulator({ clock: "manual" }));
    caller = emu.app.config.principalObjectId;
  });
  after(() => emu.close());

  test("a cluster create: Started and Accepted (201 Created) when accepted, Succeeded when it ends, as EventData with the caller and the request's ids", async () => {
    const t0 = await virtualNow(emu);
    await emu.createGroup("rg-create");
    const headers = { "x-ms-correlation-request-id": "6f2e8f59-3e62-4d9c-9a1e-2b1f0c7d5a10", "x-ms-client-request-id": "c6d0f2a4-7a5b-4f1e-8f3c-0d9e8b7a6c51" };
    const put = await emu.request("PUT", q(mcPath("rg-create", "c1")), { body: clusterBody(), headers });
    assertStatus(put, 201);
    assert.equal(header(put, "x-ms-correlation-request-id"), headers["x-ms-correlation-request-id"]);
    const asyncUrl = String(header(put, "azure-asyncoperation"));
    const uri = `resourceUri eq '${mcPath("rg-create", "c1")}'`;
    const accepted = await events(emu, `${since(t0)} and ${uri}`);
    assert.deepEqual(accepted.map(brief), [
      ["Microsoft.ContainerService/managedClusters/write", "Accepted", "Created"],
      ["Microsoft.ContainerService/managedClusters/write", "Started", ""],
    ]);

    await finish(emu, asyncUrl);
    const all = await events(emu, `${since(t0)} and ${uri}`);
    assert.deepEqual(all.map((e) => e.status.value), ["Succeeded", "Accepted", "Started"]);
    const [succeeded, acc, started] = all;
    for (const e of all) {
      assert.equal(e.correlationId, headers["x-ms-correlation-request-id"]);
      assert.equal(e.operationId, operationIdOf(asyncUrl), "a request's events and its operation's end share the operation id");
      assert.equal(e.caller, caller, "ARM writes a service principal's object id as the caller");
      assert.deepEqual(e.httpRequest, { clientRequestId: headers["x-ms-client-request-id"], clientIpAddress: "127.0.0.1", method: "PUT" });
      assert.match(e.eventTimestamp, ARM_TIMESTAMP);
      assert.match(e.eventDataId, GUID);
    }
    assert.ok(Date.parse(succeeded.eventTimestamp) > Date.parse(acc.eventTimestamp), "the end is logged when the operation ends");
    assert.equal(acc.eventTimestamp, started.eventTimestamp);
    assert.deepEqual(acc.subStatus, { value: "Created", localizedValue: "Created (HTTP Status Code: 201)" });
    assert.deepEqual(started.eventName, { value: "BeginRequest", localizedValue: "Begin request" });
    const id = mcPath("rg-create", "c1");
    assert.deepEqual(succeeded, {
      authorization: { action: "Microsoft.ContainerService/managedClusters/write", scope: id },
      caller,
      channels: "Operation",
      claims: {
        aud: "https://management.azure.com/",
        iss: `https://sts.windows.net/${TENANT}/`,
        appid: emu.app.config.clientId,
        "http://schemas.microsoft.com/identity/claims/objectidentifier": caller,
        "http://schemas.microsoft.com/identity/claims/tenantid": TENANT,
      },
      correlationId: headers["x-ms-correlation-request-id"],
      description: "",
      eventDataId: succeeded.eventDataId,
      eventName: { value: "EndRequest", localizedValue: "End request" },
      category: { value: "Administrative", localizedValue: "Administrative" },
      eventTimestamp: succeeded.eventTimestamp,
      httpRequest: { clientRequestId: headers["x-ms-client-request-id"], clientIpAddress: "127.0.0.1", method: "PUT" },
      id: `${id}/events/${succeeded.eventDataId}/ticks/${(BigInt(Date.parse(succeeded.eventTimestamp)) * 10_000n + 621_355_968_000_000_000n).toString()}`,
      level: "Informational",
      resourceGroupName: "rg-create",
      resourceProviderName: { value: "Microsoft.ContainerService", localizedValue: "Microsoft.ContainerService" },
      resourceId: id,
      resourceType: { value: "Microsoft.ContainerService/managedClusters", localizedValue: "Microsoft.ContainerService/managedClusters" },
      operationId: operationIdOf(asyncUrl),
      operationName: { value: "Microsoft.ContainerService/managedClusters/write", localizedValue: "Create or Update Managed Cluster" },
      properties: { eventCategory: "Administrative", entity: id, message: "Microsoft.ContainerService/managedClusters/write", statusCode: "OK" },
      status: { value: "Succeeded", localizedValue: "Succeeded" },
      subStatus: { value: "", localizedValue: "" },
      submissionTimestamp: succeeded.eventTimestamp,
      subscriptionId: SUB,
      tenantId: TENANT,
    });
    // Without a correlation id from the client, the request id the front door answered with is used.
    const group = await emu.request("PUT", q(rgPath("rg-create"), RG_API), { body: { location: "eastus" } });
    const [groupEnd] = await events(emu, `${since(t0)} and resourceUri eq '${rgPath("rg-create")}'`);
    assert.deepEqual(brief(groupEnd), ["Microsoft.Resources/subscriptions/resourceGroups/write", "Succeeded", "OK"]);
    assert.equal(groupEnd.correlationId, header(group, "x-ms-correlation-request-id"));
    assert.equal(groupEnd.operationName.localizedValue, "Update resource group");
  });

  test("a refused write: Started, then Failed (level Error, subStatus BadRequest) with the error body as answered in properties.statusMessage", async () => {
    const t0 = await virtualNow(emu);
    await emu.createGroup("rg-refused");
    const bad = await emu.request("PUT", q(mcPath("rg-refused", "c1")), { body: clusterBody({ properties: { agentPoolProfiles: [{ name: "nodepool1", count: -1, mode: "System" }] } }) });
    assertStatus(bad, 400);
    const failed = await events(emu, `${since(t0)} and resourceGroupName eq 'rg-refused' and status eq 'Failed'`);
    assert.equal(failed.length, 1);
    const [f] = failed;
    assert.deepEqual(brief(f), ["Microsoft.ContainerService/managedClusters/write", "Failed", "BadRequest"]);
    assert.equal(f.level, "Error");
    assert.deepEqual(f.subStatus, { value: "BadRequest", localizedValue: "Bad Request (HTTP Status Code: 400)" });
    assert.equal(f.properties.statusCode, "BadRequest");
    assert.equal(f.properties.statusMessage, bad.text, "the RP's answer, byte for byte");
    assert.equal(f.correlationId, header(bad, "x-ms-correlation-request-id"));
    const pair = await events(emu, `${since(t0)} and correlationId eq '${f.correlationId}'`);
    assert.deepEqual(pair.map((e) => e.status.value), ["Failed", "Started"]);
    // A refusal by ARM's front door (a missing api-version) never reaches the provider: not logged.
    const gate = await emu.request("PUT", mcPath("rg-refused", "c2"), { body: clusterBody() });
    assertStatus(gate, 400);
    assert.deepEqual(await events(emu, `${since(t0)} and correlationId eq '${header(gate, "x-ms-correlation-request-id")}'`), []);
  });

  test("a create preempted by a delete ends Failed with AKSOperationPreemptedByDelete; the delete is Started, Accepted (202), then Succeeded", async () => {
    const t0 = await virtualNow(emu);
    await emu.createGroup("rg-preempt");
    const put = await emu.request("PUT", q(mcPath("rg-preempt", "c1")), { body: clusterBody() });
    assertStatus(put, 201);
    await advance(emu, "PT30S");
    const del = await emu.request("DELETE", q(mcPath("rg-preempt", "c1")));
    assertStatus(del, 202);
    const uri = `resourceUri eq '${mcPath("rg-preempt", "c1")}'`;
    const now = await events(emu, `${since(t0)} and ${uri}`);
    assert.deepEqual(now.map(brief), [
      ["Microsoft.ContainerService/managedClusters/write", "Failed", ""],
      ["Microsoft.ContainerService/managedClusters/delete", "Accepted", "Accepted"],
      ["Microsoft.ContainerService/managedClusters/delete", "Started", ""],
      ["Microsoft.ContainerService/managedClusters/write", "Accepted", "Created"],
      ["Microsoft.ContainerService/managedClusters/write", "Started", ""],
    ]);
    const preempted = now[0];
    assert.equal(preempted.correlationId, now[3].correlationId, "the create's own correlation id");
    assert.deepEqual(JSON.parse(preempted.properties.statusMessage), { status: "Failed", error: { code: "AKSOperationPreemptedByDelete", message: "This operation has been preempted by Deleting operation." } });
    assert.equal(preempted.level, "Error");
    await finish(emu, String(header(del, "azure-asyncoperation") ?? header(del, "location")));
    const [last] = await events(emu, `${since(t0)} and ${uri}`);
    assert.deepEqual(brief(last), ["Microsoft.ContainerService/managedClusters/delete", "Succeeded", ""]);
  });

  test("an abort: the abort request is Started and Succeeded at once; the create it stops ends Canceled with its error", async () => {
    const t0 = await virtualNow(emu);
    await emu.createGroup("rg-abort");
    assertStatus(await emu.request("PUT", q(mcPath("rg-abort", "c1")), { body: clusterBody() }), 201);
    await advance(emu, "PT30S");
    const abort = await emu.request("POST", q(`${mcPath("rg-abort", "c1")}/abort`), { rawBody: "" });
    assert.ok(abort.status === 200 || abort.status === 202 || abort.status === 204, abort.text);
    await advance(emu, "PT1M");
    const got = await events(emu, `${since(t0)} and resourceGroupName eq 'rg-abort' and resourceProvider eq 'Microsoft.ContainerService'`);
    assert.deepEqual(got.map(brief), [
      ["Microsoft.ContainerService/managedClusters/write", "Canceled", ""],
      ["Microsoft.ContainerService/managedClusters/abort/action", "Succeeded", "OK"],
      ["Microsoft.ContainerService/managedClusters/abort/action", "Started", ""],
      ["Microsoft.ContainerService/managedClusters/write", "Accepted", "Created"],
      ["Microsoft.ContainerService/managedClusters/write", "Started", ""],
    ]);
    assert.equal(JSON.parse(got[0].properties.statusMessage).status, "Canceled");
    assert.equal(JSON.parse(got[0].properties.statusMessage).error.code, "OperationCanceled");
    assert.equal(got[1].resourceId, mcPath("rg-abort", "c1"), "an action's resource is the one it acts on");
  });

  test("filters: the time range (inclusive), group, resource (resourceUri or az's resourceId), provider, correlation id, status, caller, levels; eventChannels is accepted", async () => {
    await advance(emu, "PT1S"); // a time of its own
    const t0 = await virtualNow(emu);
    await emu.createGroup("rg-f1");
    await advance(emu, "PT1M");
    const t1 = await virtualNow(emu);
    await emu.createGroup("rg-f2");
    // A second principal's write.
    const sp = await emu.request("POST", "/_aksemu/principals", { body: { displayName: "activity log filter" } });
    assertStatus(sp, 201);
    const token = await mintToken(emu, TENANT, sp.json.clientId, sp.json.clientSecret);
    await assignRole(emu, sp.json.objectId, "Contributor");
    assertStatus(await emu.request("PUT", q(rgPath("rg-f3"), RG_API), { body: { location: "eastus" }, auth: token.json.access_token }), 201);

    const groups = async (filter: string) => [...new Set((await events(emu, filter)).map((e) => e.resourceGroupName))];
    assert.deepEqual(await groups(`${since(t0)} and resourceProvider eq 'Microsoft.Resources'`), ["rg-f3", "rg-f2", "rg-f1"]);
    assert.deepEqual(await groups(`${since(t1)} and eventTimestamp le '${iso(t1)}' and resourceProvider eq 'microsoft.resources'`), ["rg-f3", "rg-f2"]);
    assert.deepEqual(await groups(`${since(t0)} and eventTimestamp le '${iso(t0)}' and eventChannels eq 'Admin, Operation'`), ["rg-f1"]);
    assert.deepEqual(await groups(`${since(t0)} and resourceGroupName eq 'RG-F2'`), ["rg-f2"]);
    assert.deepEqual(await groups(`${since(t0)} and resourceUri eq '${rgPath("rg-f1")}'`), ["rg-f1"]);
    assert.deepEqual(await groups(`${since(t0)} and resourceId eq '${rgPath("rg-f1")}'`), ["rg-f1"]);
    assert.deepEqual(await groups(`${since(t0)} and caller eq '${sp.json.objectId}'`), ["rg-f3"]);
    assert.deepEqual(await groups(`${since(t0)} and resourceProvider eq 'Microsoft.Resources' and caller eq '${caller}'`), ["rg-f2", "rg-f1"]);
    assert.deepEqual(await events(emu, `${since(t0)} and status eq 'Failed'`), []);
    // Three group writes and the role assignment (Microsoft.Authorization's writes are logged too).
    assert.deepEqual((await events(emu, `${since(t0)} and status eq 'started'`)).length, 4);
    assert.deepEqual((await events(emu, `${since(t0)} and levels eq 'Critical,Error,Warning,Informational'`)).length, 8);
    assert.deepEqual(await events(emu, `${since(t0)} and levels eq 'Error'`), []);
    const [one] = await events(emu, `${since(t0)} and resourceGroupName eq 'rg-f1'`);
    assert.deepEqual((await events(emu, `${since(t0)} and correlationId eq '${one.correlationId.toUpperCase()}'`)).map((e) => e.eventDataId).includes(one.eventDataId), true);
    // az's form: unquoted times, naive (UTC) or with an offset.
    const naive = iso(t0).replace("Z", "");
    assert.deepEqual(await groups(`eventTimestamp ge ${naive} and eventTimestamp le ${iso(t0).replace("Z", "+00:00")} and resourceGroupName eq 'rg-f1'`), ["rg-f1"]);
    // Nothing before the time range's start.
    assert.deepEqual(await events(emu, `${since(t1 + 1)} and resourceGroupName eq 'rg-f1'`), []);
  });

  test("$select: only the named properties, in EventData's order; az's ' , ' separator; every property without it", async () => {
    const t0 = await virtualNow(emu);
    await emu.createGroup("rg-select");
    const filter = `${since(t0)} and resourceGroupName eq 'rg-select'`;
    const picked = await events(emu, filter, `&$select=${encodeURIComponent("status , eventName,OperationName")}`);
    assert.deepEqual(picked, [
      { eventName: { value: "EndRequest", localizedValue: "End request" }, operationName: { value: "Microsoft.Resources/subscriptions/resourceGroups/write", localizedValue: "Update resource group" }, status: { value: "Succeeded", localizedValue: "Succeeded" } },
      { eventName: { value: "BeginRequest", localizedValue: "Begin request" }, operationName: { value: "Microsoft.Resources/subscriptions/resourceGroups/write", localizedValue: "Update resource group" }, status: { value: "Started", localizedValue: "Started" } },
    ]);
    const all = await events(emu, filter);
    assert.equal(Object.keys(all[0]).length, 25);
  });

  test("paging: 100 events a page, newest first; the nextLink's $skiptoken is a cursor, so events written between pages shift nothing", async () => {
    await advance(emu, "PT1S"); // a time of its own
    const t0 = await virtualNow(emu);
    for (let i = 0; i < 60; i++) await emu.createGroup(`rg-page-${String(i).padStart(2, "0")}`);
    const filter = `${since(t0)} and resourceProvider eq 'Microsoft.Resources'`;
    const first = await list(emu, filter);
    assertStatus(first, 200);
    assert.equal(first.json.value.length, 100);
    const next = String(first.json.nextLink);
    assert.ok(next.startsWith(`${emu.url}${LOG}?`), next);
    assert.match(new URL(next).searchParams.get("$skiptoken") ?? "", /^\d{15}\.\d{10}$/);
    await emu.createGroup("rg-page-late"); // newer than the first page: not on the second
    const second = await emu.request("GET", next);
    assertStatus(second, 200);
    assert.equal(second.json.value.length, 20);
    assert.equal(second.json.nextLink, undefined);
    const seen = [...first.json.value, ...second.json.value];
    assert.equal(new Set(seen.map((e: any) => e.eventDataId)).size, 120);
    assert.equal(seen.at(-1).resourceGroupName, "rg-page-00");
    assert.equal(seen[0].resourceGroupName, "rg-page-59");
    assert.equal(seen.at(-1).status.value, "Started");
    assertInsightsError(await list(emu, filter, "&$skiptoken=garbage"), "$skiptoken 'garbage' is invalid.");
  });

  test("refusals: no $filter, no start time, a clause outside the grammar, an unknown name (Insights' bare ErrorResponse)", async () => {
    assertInsightsError(await list(emu, undefined), "$filter searching parameters invalid.");
    assertInsightsError(await list(emu, ""), "$filter searching parameters invalid.");
    assertInsightsError(await list(emu, "resourceGroupName eq 'rg-f1'"), "$filter searching parameters invalid.");
    assertInsightsError(await list(emu, "eventTimestamp le '2026-01-01T00:00:00Z'"), "$filter searching parameters invalid.");
    assertInsightsError(await list(emu, "eventTimestamp ge '2026-01-01T00:00:00Z' or status eq 'Failed'"), "$filter searching parameters invalid.");
    assertInsightsError(await list(emu, "$filter=eventTimestamp ge '2026-01-01T00:00:00Z'"), "$filter=eventTimestamp is not supported.");
    assertInsightsError(await list(emu, "eventTimestamp ge '2026-01-01T00:00:00Z' and operationName eq 'x'"), "operationName is not supported.");
    // An api-version the type does not serve is ARM's refusal.
    const res = await emu.request("GET", `${LOG}?api-version=2099-01-01&$filter=${encodeURIComponent("eventTimestamp ge '2026-01-01T00:00:00Z'")}`);
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, "InvalidApiVersionParameter");
  });
});

test("events are durable: a restart serves the same events and the log goes on; a data dir without events (the previous format) loads", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-activity-"));
  const first = await startEmulator({ dataDir });
  let second: Emulator | undefined;
  let third: Emulator | undefined;
  try {
    const t0 = await virtualNow(first);
    await first.createGroup("rg-durable");
    assertStatus(await first.request("PUT", q(mcPath("rg-durable", "c1")), { body: clusterBody({ properties: { agentPoolProfiles: [{ name: "nodepool1", count: -1, mode: "System" }] } }) }), 400);
    const before = await events(first, since(t0));
    assert.deepEqual(before.map((e) => e.status.value), ["Failed", "Started", "Succeeded", "Started"]);
    await first.close();

    second = await startEmulator({ dataDir });
    assert.deepEqual(await events(second, since(t0)), before, "the same events, byte for byte");
    await second.createGroup("rg-durable-2");
    const after = await events(second, since(t0));
    assert.deepEqual(after.slice(2), before);
    assert.deepEqual(after.slice(0, 2).map((e) => [e.resourceGroupName, e.status.value]), [["rg-durable-2", "Succeeded"], ["rg-durable-2", "Started"]]);
    await second.close();
    second = undefined;

    // The previous format: the same data dir with no activity log at all.
    const db = openSqlitePersistence(dataDir);
    const rows = [...db.loadAll()].filter((r) => r.collection === "events");
    assert.equal(rows.length, 6);
    db.commit(rows.map((r) => ({ collection: r.collection, key: r.key, value: undefined })));
    db.close();
    third = await startEmulator({ dataDir });
    assert.deepEqual(await events(third, since(t0)), []);
    const group = await third.request("GET", q(rgPath("rg-durable"), RG_API));
    assertStatus(group, 200);
    await third.createGroup("rg-durable-3");
    assert.deepEqual((await events(third, since(t0))).map((e) => e.resourceGroupName), ["rg-durable-3", "rg-durable-3"]);
  } finally {
    await second?.close();
    await third?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
