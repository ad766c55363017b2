// The activity log end to end: the official @azure/arm-monitor client's activityLogs.list with a
// filter and $select, and `azl monitor activity-log list|show` printing what az 2.45 prints (the
// SDK's EventData model: every attribute, null when absent, Python's times, plus resourceGroup).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { MonitorClient, type EventData } from "@azure/arm-monitor";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { loggedIn, type Azl } from "./helpers/azl.js";
import { arm, clients, clusterBody, clusterPath, GA_API, SUB } from "./helpers/aks.js";

const RG = "rg-activity";

describe("activity log: @azure/arm-monitor and azl (instant clock)", () => {
  let emu: Emulator;
  let azl: Azl;
  let t0: number;
  let monitor: MonitorClient;
  let refusedText: string;
  before(async () => {
    emu = await startEmulator({ clock: "instant" });
    t0 = Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
    await emu.createGroup(RG);
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", clusterBody(), FAST);
    const refused = await arm(emu, "PUT", `${clusterPath(RG, "c2")}?api-version=${GA_API}`, { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: -1, mode: "System" }] } });
    assert.equal(refused.status, 400);
    refusedText = refused.text;
    // The SDK builds its URLs from $host (endpoint alone is not enough for this client).
    monitor = new MonitorClient(credentialFor(emu), SUB, { endpoint: emu.url, $host: emu.url });
    azl = await loggedIn(emu);
  });
  after(async () => {
    azl?.close();
    await emu?.close();
  });

  const window = () => `eventTimestamp ge '${new Date(t0).toISOString()}'`;

  test("activityLogs.list: the SDK reads EventData (times as Dates) and pages through the filter", async () => {
    const got: EventData[] = [];
    for await (const e of monitor.activityLogs.list(`${window()} and resourceGroupName eq '${RG}'`)) got.push(e);
    assert.deepEqual(
      got.map((e) => [e.operationName?.value, e.status?.value]),
      [
        ["Microsoft.ContainerService/managedClusters/write", "Failed"],
        ["Microsoft.ContainerService/managedClusters/write", "Started"],
        ["Microsoft.ContainerService/managedClusters/write", "Succeeded"],
        ["Microsoft.ContainerService/managedClusters/write", "Accepted"],
        ["Microsoft.ContainerService/managedClusters/write", "Started"],
        ["Microsoft.Resources/subscriptions/resourceGroups/write", "Succeeded"],
        ["Microsoft.Resources/subscriptions/resourceGroups/write", "Started"],
      ],
    );
    const failed = got[0]!;
    assert.ok(failed.eventTimestamp instanceof Date);
    assert.equal(failed.level, "Error");
    assert.equal(failed.caller, emu.app.config.principalObjectId);
    assert.equal(failed.properties?.["statusMessage"], refusedText);
    assert.equal(failed.resourceGroupName, RG);
    assert.equal(failed.subscriptionId, SUB);

    const selected: EventData[] = [];
    for await (const e of monitor.activityLogs.list(`${window()} and resourceGroupName eq '${RG}' and status eq 'Failed'`, { select: "eventName,status,properties" })) selected.push(e);
    assert.equal(selected.length, 1);
    assert.deepEqual(Object.keys(selected[0]!).sort(), ["eventName", "properties", "status"]);

    await assert.rejects(
      async () => {
        for await (const _ of monitor.activityLogs.list(`resourceGroupName eq '${RG}'`)) void _;
      },
      (e: any) => e.statusCode === 400 && e.code === "BadRequest" && e.message === "$filter searching parameters invalid.",
    );
  });

  test("azl monitor activity-log list --resource-group --status Failed --start-time --offset: az's EventData view", async () => {
    const start = new Date(t0).toISOString();
    const out = await azl.json("monitor", "activity-log", "list", "--resource-group", RG, "--status", "Failed", "--start-time", start, "--offset", "1h");
    assert.equal(out.length, 1);
    const e = out[0];
    assert.deepEqual(Object.keys(e).sort(), [
      "authorization", "caller", "category", "channels", "claims", "correlationId", "description", "eventDataId", "eventName", "eventTimestamp", "httpRequest", "id", "level", "operationId", "operationName",
      "properties", "resourceGroup", "resourceGroupName", "resourceId", "resourceProviderName", "resourceType", "status", "subStatus", "submissionTimestamp", "subscriptionId", "tenantId",
    ]);
    assert.deepEqual(e.authorization, { action: "Microsoft.ContainerService/managedClusters/write", role: null, scope: clusterPath(RG, "c2") });
    assert.deepEqual(e.httpRequest, { clientIpAddress: "127.0.0.1", clientRequestId: null, method: "PUT", uri: null });
    assert.deepEqual(e.status, { localizedValue: "Failed", value: "Failed" });
    assert.deepEqual(e.subStatus, { localizedValue: "Bad Request (HTTP Status Code: 400)", value: "BadRequest" });
    assert.equal(e.resourceGroup, RG);
    assert.equal(e.properties.statusMessage, refusedText);
    // Python's isoformat of the SDK's datetime: 6 fractional digits (none when zero) and +00:00.
    assert.match(e.eventTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{6})?\+00:00$/);
    assert.equal(Date.parse(e.eventTimestamp), Date.parse(e.submissionTimestamp));

    // --start-time with an --offset that ends before the events: none; --max-events and --select as az.
    assert.deepEqual(await azl.json("monitor", "activity-log", "list", "-g", RG, "--start-time", new Date(t0 - 3 * 3600_000).toISOString(), "--offset", "1h"), []);
    const two = await azl.json("monitor", "activity-log", "list", "-g", RG, "--start-time", start, "--offset", "1d", "--max-events", "2");
    assert.equal(two.length, 2);
    const picked = await azl.json("monitor", "activity-log", "list", "-g", RG, "--start-time", start, "--offset", "1d", "--select", "eventName operationName", "--max-events", "1");
    assert.deepEqual(picked[0].eventName, { localizedValue: "End request", value: "EndRequest" });
    assert.equal(picked[0].status, null, "not selected: null, as az prints a missing attribute");
    assert.equal(picked[0].id, null);
  });

  test("azl's default window ends at the emulator's virtual now (an instant clock runs ahead of the wall clock); --namespace, --caller, --correlation-id; -o table", async () => {
    const all = await azl.json("monitor", "activity-log", "list", "-g", RG, "--query", "[].status.value");
    assert.deepEqual(all, ["Failed", "Started", "Succeeded", "Accepted", "Started", "Succeeded", "Started"]);
    assert.deepEqual(await azl.json("monitor", "activity-log", "list", "--namespace", "Microsoft.Resources", "--caller", emu.app.config.principalObjectId, "--query", "[].resourceGroupName"), [RG, RG]);
    const [failed] = await azl.json("monitor", "activity-log", "list", "-g", RG, "--status", "failed");
    assert.deepEqual(await azl.json("monitor", "activity-log", "list", "--correlation-id", failed.correlationId, "--query", "[].status.value"), ["Failed", "Started"]);
    const table = await azl.run("monitor", "activity-log", "list", "-g", RG, "--status", "Failed", "-o", "table");
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout.split("\n")[0]!, /^Caller\s+Channels\s+CorrelationId\s+Description\s+EventDataId\s+EventTimestamp\s+Level\s+OperationId\s+ResourceGroup\s+ResourceGroupName\s+ResourceId\s+SubmissionTimestamp\s+SubscriptionId\s+TenantId$/);
  });

  test("azl monitor activity-log show: one event by its id or its eventDataId; an unknown one is not found", async () => {
    const [failed] = await azl.json("monitor", "activity-log", "list", "-g", RG, "--status", "Failed");
    assert.deepEqual(await azl.json("monitor", "activity-log", "show", "--id", failed.id), failed);
    assert.deepEqual(await azl.json("monitor", "activity-log", "show", "--id", failed.eventDataId), failed);
    const missing = await azl.run("monitor", "activity-log", "show", "--id", "00000000-0000-0000-0000-000000000000");
    assert.deepEqual({ code: missing.code, stderr: missing.stderr }, { code: 3, stderr: "ERROR: The activity log event '00000000-0000-0000-0000-000000000000' was not found.\n" });
  });

  test("azl refuses a bad --offset or --start-time as az does", async () => {
    const bad = await azl.run("monitor", "activity-log", "list", "-g", RG, "--offset", "xyz");
    assert.deepEqual({ code: bad.code, stderr: bad.stderr }, { code: 2, stderr: "ERROR: argument --offset: invalid period_type value: 'xyz'\n" });
    const unparsable = await azl.run("monitor", "activity-log", "list", "-g", RG, "--start-time", "garbage");
    assert.equal(unparsable.code, 1);
    assert.equal(unparsable.stderr, "ERROR: Unable to parse: 'garbage'. Expected format: Start time of the query. Format: date (yyyy-mm-dd) time (hh:mm:ss.xxxxx) timezone (+/-hh:mm)\n");
  });
});
