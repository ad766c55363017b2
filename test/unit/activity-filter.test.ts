// The activity log's $filter grammar (Microsoft.Insights, ActivityLogs_List), $select, and the
// time forms: what ARM accepts, what clients really send (az 2.45's unquoted times, PowerShell's
// eventChannels), and what it refuses, with which catalog entry.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityEvent } from "../../src/engine/activity.js";
import { eventData, parseSelect, selected } from "../../src/providers/insights/domain/event-data.js";
import { matchesFilter, parseActivityFilter, resourceGroupOf, type ActivityFilter } from "../../src/providers/insights/domain/filter.js";
import { armTimestamp, parseTimestamp, ticks } from "../../src/providers/insights/domain/timestamps.js";

const T = (iso: string) => Date.parse(iso);
const ok = (raw: string): ActivityFilter => {
  const f = parseActivityFilter(raw);
  assert.ok(!("refused" in f), `${raw}: ${JSON.stringify(f)}`);
  return f as ActivityFilter;
};
const refused = (raw: string) => parseActivityFilter(raw) as { refused: string; params: unknown };

test("the spec's five patterns: a time range, then a group, a resource, a provider or a correlation id", () => {
  const range = "eventTimestamp ge '2014-07-16T04:36:37.6407898Z' and eventTimestamp le '2014-07-20T04:36:37.6407898Z'";
  assert.deepEqual(ok(range), { from: T("2014-07-16T04:36:37.640Z"), to: T("2014-07-20T04:36:37.640Z") });
  assert.deepEqual(ok(`${range} and resourceGroupName eq 'MSSupportGroup'`).resourceGroupName, "MSSupportGroup");
  assert.deepEqual(ok(`${range} and resourceUri eq '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/web'`).resourceUri, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/web");
  assert.deepEqual(ok(`${range} and resourceProvider eq 'Microsoft.ContainerService'`).resourceProvider, "Microsoft.ContainerService");
  assert.deepEqual(ok(`${range} and correlationId eq '1e121103-0ba6-4300-ac9d-952bb5d0c80f'`).correlationId, "1e121103-0ba6-4300-ac9d-952bb5d0c80f");
  // GetActivityLogsFiltered.json's own filter
  assert.deepEqual(ok("eventTimestamp ge '2015-01-21T20:00:00Z' and eventTimestamp le '2015-01-23T20:00:00Z' and resourceGroupName eq 'MSSupportGroup'"), {
    from: T("2015-01-21T20:00:00Z"),
    to: T("2015-01-23T20:00:00Z"),
    resourceGroupName: "MSSupportGroup",
  });
});

test("what az 2.45 sends: unquoted times (naive UTC or with +00:00), resourceId, caller and status", () => {
  const f = ok("eventTimestamp ge 2026-12-02T19:32:57.721559 and eventTimestamp le 2026-12-02T20:32:57.721559+00:00 and resourceGroupName eq 'rg1' and caller eq 'x@contoso.com' and status eq 'Failed'");
  assert.deepEqual(f, { from: T("2026-12-02T19:32:57.721Z"), to: T("2026-12-02T20:32:57.721Z"), resourceGroupName: "rg1", caller: "x@contoso.com", status: "Failed" });
  assert.equal(ok("eventTimestamp ge 2026-12-02T10:00:00-05:00 and resourceId eq '/subscriptions/s/resourceGroups/rg'").resourceUri, "/subscriptions/s/resourceGroups/rg");
  assert.equal(ok("eventTimestamp ge 2026-12-02T10:00:00-05:00").from, T("2026-12-02T15:00:00Z"));
  // A '+' a client left unencoded arrives as a space: the zone is still read.
  assert.equal(ok("eventTimestamp ge 2026-12-02T10:00:00 02:00 and status eq 'Failed'").from, T("2026-12-02T08:00:00Z"));
  // A date alone (the Python SDK's own test), names and operators in any case, '' inside a literal.
  assert.equal(ok("EventTimestamp GE 2016-11-17").from, T("2016-11-17T00:00:00Z"));
  assert.equal(ok("eventTimestamp ge '2016-11-17' and caller eq 'o''brien'").caller, "o'brien");
});

test("PowerShell's and the portal's extras: eventChannels is accepted and ignored, levels is a list", () => {
  const f = ok("eventTimestamp ge '2014-12-29T22:00:37Z' and eventTimestamp le '2014-12-29T23:36:37Z' and eventChannels eq 'Admin, Operation' and levels eq 'Critical,Error'");
  assert.deepEqual(f, { from: T("2014-12-29T22:00:37Z"), to: T("2014-12-29T23:36:37Z"), levels: ["Critical", "Error"] });
});

test("refusals: no filter, no start time, or a clause outside the grammar is '$filter searching parameters invalid.'; an unknown name is '<name> is not supported.'", () => {
  for (const raw of [
    "",
    "   ",
    "eventTimestamp le '2026-01-01T00:00:00Z'",
    "resourceGroupName eq 'rg'",
    "eventTimestamp eq '2026-01-01T00:00:00Z'",
    "eventTimestamp ge 'yesterday'",
    "eventTimestamp ge '2026-02-30T00:00:00Z'",
    "eventTimestamp ge '2026-01-01' and eventTimestamp ge '2026-01-02'",
    "eventTimestamp ge '2026-01-01' and resourceGroupName ne 'rg'",
    "eventTimestamp ge '2026-01-01' and resourceGroupName eq 'a' and resourceGroupName eq 'b'",
    "eventTimestamp ge '2026-01-01' or status eq 'Failed'",
    "eventTimestamp ge '2026-01-01' and status eq 'Failed",
    "eventTimestamp ge '2026-01-01' and",
    "eventTimestamp",
  ]) {
    assert.deepEqual(refused(raw), { refused: "activityFilterInvalid", params: {} }, raw);
  }
  // azure-sdk-for-python#12907: the parameter's name repeated inside its value.
  assert.deepEqual(refused("$filter=eventTimestamp ge '2026-01-01T00:00:00Z'"), { refused: "activityFilterUnsupported", params: { field: "$filter=eventTimestamp" } });
  assert.deepEqual(refused("eventTimestamp ge '2026-01-01T00:00:00Z' and operationName eq 'x'"), { refused: "activityFilterUnsupported", params: { field: "operationName" } });
  // The unknown name is reported even when the start time is missing too.
  assert.deepEqual(refused("eventName eq 'EndRequest'"), { refused: "activityFilterUnsupported", params: { field: "eventName" } });
});

const event = (over: Partial<ActivityEvent> = {}): ActivityEvent => ({
  key: "001767225600000.0000000007",
  seq: 7,
  at: T("2026-01-01T00:00:00Z"),
  eventDataId: "44ade6b4-3813-45e6-ae27-7420a95fa2f8",
  operationId: "1e121103-0ba6-4300-ac9d-952bb5d0c80f",
  subscriptionId: "s",
  operation: "Microsoft.ContainerService/managedClusters/write",
  operationDisplay: "Create or Update Managed Cluster",
  resourceId: "/subscriptions/s/resourceGroups/RG1/providers/Microsoft.ContainerService/managedClusters/c1",
  resourceType: "Microsoft.ContainerService/managedClusters",
  resourceProvider: "Microsoft.ContainerService",
  method: "PUT",
  correlationId: "CORR-1",
  clientRequestId: "27003b25-91d3-418f-8eb1-29e537dcb249",
  clientIpAddress: "127.0.0.1",
  caller: "OID-1",
  appId: "APP-1",
  tenantId: "T-1",
  eventName: "EndRequest",
  status: "Failed",
  subStatus: { value: "BadRequest", localizedValue: "Bad Request (HTTP Status Code: 400)" },
  level: "Error",
  properties: { statusCode: "BadRequest" },
  ...over,
});

test("matching: the time range is inclusive; names, ids, statuses and callers compare case-insensitively", () => {
  const e = event();
  const from = e.at;
  assert.ok(matchesFilter(e, { from, to: e.at }));
  assert.ok(!matchesFilter(e, { from: e.at + 1 }));
  assert.ok(!matchesFilter(e, { from: 0, to: e.at - 1 }));
  assert.ok(matchesFilter(e, { from, resourceGroupName: "rg1" }));
  assert.ok(!matchesFilter(e, { from, resourceGroupName: "rg2" }));
  assert.ok(matchesFilter(e, { from, resourceUri: e.resourceId.toUpperCase() }));
  assert.ok(!matchesFilter(e, { from, resourceUri: "/subscriptions/s/resourceGroups/RG1" }), "the resource itself, not its parent");
  assert.ok(matchesFilter(e, { from, resourceProvider: "microsoft.containerservice", correlationId: "corr-1", status: "failed", caller: "oid-1", levels: ["Warning", "error"] }));
  assert.ok(!matchesFilter(e, { from, status: "Succeeded" }));
  assert.ok(!matchesFilter(e, { from, caller: "someone-else" }));
  assert.ok(!matchesFilter(e, { from, levels: ["Informational"] }));
  assert.equal(resourceGroupOf("/subscriptions/s/resourcegroups/My.Group(1)"), "My.Group(1)");
  assert.equal(resourceGroupOf("/subscriptions/s/providers/Microsoft.ContainerService"), undefined);
});

test("times: ARM's 7-digit form, .NET ticks as in GetActivityLogsFiltered.json's id", () => {
  // The example: eventTimestamp 2015-01-21T22:14:26.9792776Z, id .../ticks/635574752669792776 (ms precision here).
  const at = parseTimestamp("2015-01-21T22:14:26.9792776Z")!;
  assert.equal(armTimestamp(at), "2015-01-21T22:14:26.9790000Z");
  assert.equal(ticks(at), "635574752669790000");
  assert.equal(ticks(at).slice(0, 14), "635574752669792776".slice(0, 14));
  assert.equal(parseTimestamp("2015-01-21T22:14:26.9792776"), at, "no zone is UTC");
  assert.equal(parseTimestamp("2015-01-21T23:14:26.979+0100"), at);
  assert.equal(parseTimestamp("2015-13-01T00:00:00Z"), undefined);
});

test("EventData: the spec's properties from a stored event; $select keeps the named ones (az joins them with ' , ')", () => {
  const data = eventData(event());
  assert.deepEqual(Object.keys(data), [
    "authorization", "caller", "channels", "claims", "correlationId", "description", "eventDataId", "eventName", "category", "eventTimestamp", "httpRequest", "id", "level",
    "resourceGroupName", "resourceProviderName", "resourceId", "resourceType", "operationId", "operationName", "properties", "status", "subStatus", "submissionTimestamp", "subscriptionId", "tenantId",
  ]);
  assert.deepEqual(data["eventName"], { value: "EndRequest", localizedValue: "End request" });
  assert.deepEqual(data["operationName"], { value: "Microsoft.ContainerService/managedClusters/write", localizedValue: "Create or Update Managed Cluster" });
  assert.deepEqual(data["httpRequest"], { clientRequestId: "27003b25-91d3-418f-8eb1-29e537dcb249", clientIpAddress: "127.0.0.1", method: "PUT" });
  assert.equal(data["id"], `${event().resourceId}/events/44ade6b4-3813-45e6-ae27-7420a95fa2f8/ticks/639028224000000000`);
  assert.equal(data["resourceGroupName"], "RG1");
  assert.equal(data["eventTimestamp"], "2026-01-01T00:00:00.0000000Z");
  const { subStatus: _s, ...noSub } = event();
  assert.deepEqual(eventData(noSub as ActivityEvent)["subStatus"], { value: "", localizedValue: "" });

  assert.equal(parseSelect(null), undefined);
  assert.equal(parseSelect(""), undefined, "an empty $select selects everything");
  assert.deepEqual(parseSelect("eventName , OPERATIONNAME,nonsense, status"), ["eventName", "operationName", "status"]);
  assert.deepEqual(Object.keys(selected(data, parseSelect("status,eventName"))), ["eventName", "status"], "in EventData's order");
});
