// Clearing a rehearsal from the Emulator panel: a snapshot saved before a scenario is applied and
// restored after it takes the scenario away (its fault goes, the snapshot is listed as the API
// lists it); Reset everything, once confirmed, leaves the emulator as at first start.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { createCluster, mcPath, q, refreshing } from "../http/helpers.js";
import { dismissNotifications, openPortal, signIn, type Portal } from "./browser.js";

let emu: Emulator;
let portal: Portal;
let page: Page;

before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await createCluster(emu, "rg1", "c1");
  portal = await openPortal(emu);
  page = portal.page;
  await signIn(page);
  await page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
});
after(async () => {
  await portal?.close();
  await emu?.close();
});

test("a snapshot saved before a scenario, restored after it, clears the scenario", async () => {
  await page.getByLabel("Snapshot name").fill("before-rehearsal");
  await page.locator("#snapshot-save").click();
  await page.locator("#state tbody tr").filter({ hasText: "before-rehearsal" }).waitFor();
  const listed = (await emu.request("GET", "/_aksemu/snapshots")).json.value as { name: string; documents: number }[];
  assert.deepEqual(listed.map((s) => s.name), ["before-rehearsal"]);
  assert.match(await page.locator("#state tbody tr").first().innerText(), new RegExp(`\\b${listed[0]!.documents}\\b`));

  await page.getByLabel("Scenario", { exact: true }).selectOption("infrastructure-transient");
  await page.getByLabel("Resource group").fill("rg1");
  await page.getByLabel("Cluster", { exact: true }).fill("c1");
  await page.locator("#scenario-apply").click();
  await page.locator("#faults tbody tr").first().waitFor();
  assert.equal((await emu.request("GET", "/_aksemu/faults")).json.value.length, 1);

  await page.locator("fluent-button[aria-label='Restore snapshot before-rehearsal']").click();
  await page.locator(".notification").filter({ hasText: "Snapshot before-rehearsal restored" }).waitFor();
  await page.locator("#faults .empty").waitFor();
  assert.deepEqual((await emu.request("GET", "/_aksemu/faults")).json.value, []);
  assert.equal((await emu.request("GET", q(mcPath("rg1", "c1")))).json.properties.provisioningState, "Succeeded");
  await dismissNotifications(page);
});

test("Reset everything asks first; confirmed, the cluster is gone and the snapshot stays", async () => {
  page.once("dialog", (d) => void d.dismiss());
  await page.locator("#reset-all").click();
  assert.equal((await emu.request("GET", q(mcPath("rg1", "c1")))).status, 200, "dismissed: nothing changes");
  page.once("dialog", (d) => void d.accept());
  await page.locator("#reset-all").click();
  await page.locator(".notification").filter({ hasText: "Emulator reset" }).waitFor();
  assert.equal((await emu.request("GET", q(mcPath("rg1", "c1")))).status, 404);
  await page.locator("#state tbody tr").filter({ hasText: "before-rehearsal" }).waitFor();
});
