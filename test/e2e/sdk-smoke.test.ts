import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { FAST, sdkClients } from "../support/sdk.js";

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg1");
});
after(() => emu.close());

test("the GA SDK creates, reads and deletes a cluster through real LROs", async () => {
  const { client } = sdkClients(emu);
  const mc = await client.managedClusters.beginCreateOrUpdateAndWait("rg1", "c1", { location: "eastus", agentPoolProfiles: [{ name: "nodepool1", count: 2, mode: "System" }] }, FAST);
  assert.equal(mc.provisioningState, "Succeeded");
  assert.equal(mc.agentPoolProfiles?.[0]?.provisioningState, "Succeeded");
  const got = await client.managedClusters.get("rg1", "c1");
  assert.equal(got.powerState?.code, "Running");
  await client.managedClusters.beginStopAndWait("rg1", "c1", FAST);
  assert.equal((await client.managedClusters.get("rg1", "c1")).powerState?.code, "Stopped");
  await client.managedClusters.beginDeleteAndWait("rg1", "c1", FAST);
  await assert.rejects(client.managedClusters.get("rg1", "c1"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
});
