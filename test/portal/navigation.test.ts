// Arriving in the portal as links and other clients leave it: a deep link opened before signing in
// lands where it pointed once signed in; an operation started by another client (the API, as az
// does) is followed live on the overview, with its Abort.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { advance, createCluster, mcPath, q, refreshing } from "../http/helpers.js";
import { openPortal, signIn, type Portal } from "./browser.js";

let emu: Emulator;
let portal: Portal;
let page: Page;
const cluster = mcPath("rg1", "c1");

before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await createCluster(emu, "rg1", "c1");
  portal = await openPortal(emu);
  page = portal.page;
});
after(async () => {
  await portal?.close();
  await emu?.close();
});

test("a deep link opened before signing in lands on that view once signed in", async () => {
  await page.goto(`${emu.url}/#${cluster}/activitylog`);
  await signIn(page);
  await page.locator("#al-results").waitFor();
  assert.match(page.url(), new RegExp(`#${cluster.replace(/[/.]/g, "\\$&")}/activitylog$`));
});

test("an operation another client started is followed live on the overview, and Abort cancels it", async () => {
  await emu.request("POST", "/_aksemu/faults", { body: { id: "hold", match: { resourceId: cluster, operationType: "StopManagedCluster" }, effect: { hang: true }, times: 1 } });
  const stop = await emu.request("POST", q(`${cluster}/stop`));
  assert.equal(stop.status, 202, stop.text);
  await advance(emu, "PT1M");
  await page.goto(`${emu.url}/#${cluster}`);
  await page.locator("#operation-status").filter({ hasText: "InProgress" }).waitFor();
  await page.locator("#action-abort").click();
  await page.locator("#operation-status").filter({ hasText: "Canceling" }).waitFor();
  for (let i = 0; i < 40 && (await page.locator("#operation-status").textContent())?.trim() !== "Canceled"; i++) {
    await advance(emu, "PT5S");
    await page.waitForTimeout(250);
  }
  assert.equal((await page.locator("#operation-status").innerText()).trim(), "Canceled");
  const status = await emu.request("GET", String(stop.headers["azure-asyncoperation"]));
  assert.equal(status.json.status, "Canceled");
});
