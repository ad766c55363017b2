// Clearing a rehearsal from the Emulator panel: a snapshot saved before a scenario is applied and
// restored after it takes the scenario away (its fault goes, the snapshot is listed as the API
// lists it); Reset everything, once confirmed, leaves the emulator as at first start.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mcPath, q } from "../http/helpers.js";
import { dismissNotifications, usePortal } from "./browser.js";


const s = usePortal({ then: async (s) => s.page.locator("#nav").getByRole("link", { name: "Emulator" }).click() });

test("a snapshot saved before a scenario, restored after it, clears the scenario", async () => {
  await s.page.getByLabel("Snapshot name").fill("before-rehearsal");
  await s.page.locator("#snapshot-save").click();
  await s.page.locator("#state tbody tr").filter({ hasText: "before-rehearsal" }).waitFor();
  const listed = (await s.emu.request("GET", "/_aksemu/snapshots")).json.value as { name: string; documents: number }[];
  assert.deepEqual(listed.map((s) => s.name), ["before-rehearsal"]);
  assert.match(await s.page.locator("#state tbody tr").first().innerText(), new RegExp(`\\b${listed[0]!.documents}\\b`));

  await s.page.getByLabel("Scenario", { exact: true }).selectOption("infrastructure-transient");
  await s.page.getByLabel("Resource group").fill("rg1");
  await s.page.getByLabel("Cluster", { exact: true }).fill("c1");
  await s.page.locator("#scenario-apply").click();
  await s.page.locator("#faults tbody tr").first().waitFor();
  assert.equal((await s.emu.request("GET", "/_aksemu/faults")).json.value.length, 1);

  await s.page.locator("fluent-button[aria-label='Restore snapshot before-rehearsal']").click();
  await s.page.locator(".notification").filter({ hasText: "Snapshot before-rehearsal restored" }).waitFor();
  await s.page.locator("#faults .empty").waitFor();
  assert.deepEqual((await s.emu.request("GET", "/_aksemu/faults")).json.value, []);
  assert.equal((await s.emu.request("GET", q(mcPath("rg1", "c1")))).json.properties.provisioningState, "Succeeded");
  await dismissNotifications(s.page);
});

test("Reset everything asks first; confirmed, the cluster is gone and the snapshot stays", async () => {
  s.page.once("dialog", (d) => void d.dismiss());
  await s.page.locator("#reset-all").click();
  assert.equal((await s.emu.request("GET", q(mcPath("rg1", "c1")))).status, 200, "dismissed: nothing changes");
  s.page.once("dialog", (d) => void d.accept());
  await s.page.locator("#reset-all").click();
  await s.page.locator(".notification").filter({ hasText: "Emulator reset" }).waitFor();
  assert.equal((await s.emu.request("GET", q(mcPath("rg1", "c1")))).status, 404);
  await s.page.locator("#state tbody tr").filter({ hasText: "before-rehearsal" }).waitFor();
});
