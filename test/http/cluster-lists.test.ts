// Managed cluster lists, by resource group and by subscription: only managed clusters (a group's
// other resources and the clusters' agent pools are not listed), ordered by id case-insensitively,
// paged by ARM's nextLink; on the durable store also after a restart, when clusters are read from
// disk as their page asks for them.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assertStatus, createCluster, q } from "./helpers.js";

const names = async (emu: Emulator, path: string) => {
  const res = await emu.request("GET", q(path));
  assertStatus(res, 200);
  return (res.json.value as { name: string; type: string }[]).map((c) => `${c.type}/${c.name}`);
};
const MC = "Microsoft.ContainerService/ManagedClusters";

test("lists hold managed clusters only, ordered by id case-insensitively, before and after a restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-lists-"));
  try {
    const first = await startEmulator({ dataDir });
    await first.createGroup("rg1");
    await first.createGroup("RG0");
    const ip = await first.request("PUT", q(`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/aaa-ip`, "2024-05-01"), { body: { location: "eastus", sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static" } } });
    assert.ok(ip.status === 200 || ip.status === 201, ip.text);
    for (const [rg, name] of [["rg1", "Zed"], ["rg1", "alpha"], ["RG0", "mid"]] as const) await createCluster(first, rg, name);
    const byGroup = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters`;
    const bySubscription = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`;
    const expectedGroup = [`${MC}/alpha`, `${MC}/Zed`];
    const expectedSubscription = [`${MC}/mid`, `${MC}/alpha`, `${MC}/Zed`];
    assert.deepEqual(await names(first, byGroup), expectedGroup);
    assert.deepEqual(await names(first, bySubscription), expectedSubscription);
    await first.close();
    const second = await startEmulator({ dataDir });
    try {
      assert.deepEqual(await names(second, byGroup), expectedGroup);
      assert.deepEqual(await names(second, bySubscription), expectedSubscription);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
