// The activity log through the real az 2.45 (proxy mode) and azl, command by command:
// `monitor activity-log list` with the filters az builds (--resource-group, --status, --caller,
// --namespace, --correlation-id, --start-time, --offset, --max-events), -o table and --query. Both
// read the same emulator's events, so both must print the same bytes.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, type Emulator } from "../support/emulator.js";
import { azSkip, type Cli } from "./support/clis.js";
import { type Parity, cliPair } from "./support/parity.js";
import { startProxied } from "./support/proxied.js";

const RG = "rg-activity";
let emu: Emulator;
let az: Cli;
let azl: Cli;
let p: Parity;
/** Virtual time before any event: an instant clock runs ahead of the wall clock az's default window ends at. */
let start: string;

before(async () => {
  if (azSkip()) return;
  const started = await startProxied({ clock: "instant" });
  emu = started.emu;
  ({ az, azl, p } = await cliPair(started));
  start = (await emu.request("GET", "/_aksemu/clock")).json.now;
  await emu.createGroup(RG);
  const refused = await emu.request("PUT", `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1?api-version=2026-04-01`, {
    body: { location: "eastus", properties: { dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: -1, mode: "System" }] } },
  });
  assert.equal(refused.status, 400);
});
after(async () => {
  az?.close();
  azl?.close();
  await emu?.close();
});

describe("monitor activity-log list through az 2.45 and azl", { skip: azSkip() }, () => {
  test("--resource-group --status Failed --start-time --offset: the same EventData, byte for byte", async () => {
    const r = await p.same(() => ["monitor", "activity-log", "list", "--resource-group", RG, "--status", "Failed", "--start-time", start, "--offset", "1h"]);
    const [failed] = JSON.parse(r.stdout);
    assert.equal(failed.status.value, "Failed");
    assert.equal(failed.operationName.value, "Microsoft.ContainerService/managedClusters/write");
    assert.equal(failed.resourceGroup, RG);
  });

  test("-o table, --query, --max-events", async () => {
    await p.same(() => ["monitor", "activity-log", "list", "-g", RG, "--start-time", start, "--offset", "1d", "-o", "table"]);
    const r = await p.same(() => ["monitor", "activity-log", "list", "-g", RG, "--start-time", start, "--offset", "1d", "--max-events", "3", "--query", "[].[status.value, subStatus.value]"]);
    assert.deepEqual(JSON.parse(r.stdout), [["Failed", "BadRequest"], ["Started", ""], ["Succeeded", "Created"]]);
  });

  test("--namespace, --caller and --correlation-id build the same filter", async () => {
    await p.same(() => ["monitor", "activity-log", "list", "--namespace", "Microsoft.Resources", "--caller", emu.app.config.principalObjectId, "--start-time", start, "--offset", "1d", "--query", "[].resourceGroupName"]);
    const [failed] = JSON.parse((await azl.run(["monitor", "activity-log", "list", "-g", RG, "--status", "Failed", "--start-time", start, "--offset", "1d"])).stdout);
    await p.same(() => ["monitor", "activity-log", "list", "--correlation-id", failed.correlationId, "--start-time", start, "--offset", "1d", "--query", "[].status.value"]);
  });

  test("a --start-time that is not a time: the same usage error", async () => {
    await p.same(() => ["monitor", "activity-log", "list", "-g", RG, "--start-time", "garbage"]);
  });
});
