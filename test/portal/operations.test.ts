// The cluster's operations in the portal (seed 001): an upgrade held by a hang fault added from the
// Emulator panel runs live on the overview; Abort shows Canceling, then Canceled, as the API says.
// The Emulator panel advances the virtual clock. A principal without a role assignment signs in and
// sees ARM's AuthorizationFailed, word for word.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { TENANT, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, createCluster, mcPath, mintToken, q, refreshing } from "../http/helpers.js";
import { dismissNotifications, openPortal, signIn, type Portal } from "./browser.js";

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
  await signIn(page);
});
after(async () => {
  await portal?.close();
  await emu?.close();
});

const text = async (selector: string) => (await page.locator(selector).innerText()).trim();

async function driveUntil(selector: string, wanted: string, step: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.locator(selector).textContent())?.trim() === wanted) return;
    await advance(emu, step);
    await page.waitForTimeout(250);
  }
  assert.equal(await text(selector), wanted);
}

test("the Emulator panel adds a hang fault; an upgrade runs live; Abort shows Canceling, then Canceled", async () => {
  await page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
  await page.getByLabel("New fault (JSON, docs/scenarios.md)").fill(JSON.stringify({ id: "hold", match: { resourceId: cluster, operationType: "PutManagedCluster" }, effect: { hang: true }, times: 1 }));
  await page.locator("#fault-add").click();
  await page.locator("#faults tbody tr").filter({ hasText: "hold" }).waitFor();
  assert.equal((await emu.request("GET", "/_aksemu/faults/hold")).status, 200);

  await page.goto(`${emu.url}/#${cluster}`);
  await page.locator("#essentials-title").waitFor();
  await page.getByLabel("Kubernetes version").fill("1.34.0");
  await page.locator("#action-upgrade").click();
  await page.locator("#operation-status").filter({ hasText: "InProgress" }).waitFor();
  await advance(emu, "PT2M");
  await page.locator("#operation-percent").filter({ hasText: "%" }).waitFor();
  assert.equal((await emu.request("GET", q(cluster))).json.properties.provisioningState, "Upgrading");

  await page.locator("#action-abort").click();
  await page.locator("#operation-status").filter({ hasText: "Canceling" }).waitFor();
  await dismissNotifications(page);
  await portal.shot("portal-abort-canceling");
  await driveUntil("#operation-status", "Canceled", "PT5S");
  await page.locator("[data-field='Provisioning state']").filter({ hasText: "Canceled" }).waitFor();
  assert.equal((await emu.request("GET", q(cluster))).json.properties.provisioningState, "Canceled");
  await page.locator(".notification").filter({ hasText: "Canceled" }).waitFor();
});

test("Stop runs to Succeeded and the overview shows the cluster Stopped, as the API does", async () => {
  await page.goto(`${emu.url}/#${cluster}`);
  await page.locator("#essentials-title").waitFor();
  await page.locator("#action-stop").click();
  await page.locator("#operation-status").waitFor();
  await driveUntil("#operation-status", "Succeeded", "PT1M");
  await page.locator("[data-field='Power state']").filter({ hasText: "Stopped" }).waitFor();
  assert.equal((await emu.request("GET", q(cluster))).json.properties.powerState.code, "Stopped");
  await dismissNotifications(page);
});

test("the Emulator panel advances the virtual clock", async () => {
  await page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
  const before = Date.parse(await text("#clock-now"));
  await page.getByLabel("Advance by (ISO 8601 duration)").fill("PT1H");
  await page.locator("#clock-advance").click();
  await page.waitForFunction((t) => Date.parse(document.querySelector("#clock-now")!.textContent!) > t, before);
  const now = (await emu.request("GET", "/_aksemu/clock")).json.now;
  assert.equal(await text("#clock-now"), now);
  assert.equal(Date.parse(now) - before, 3600_000);
  await dismissNotifications(page);
  await portal.shot("portal-emulator");
});

test("a principal without a role assignment signs in and sees ARM's AuthorizationFailed", async () => {
  const added = await emu.request("POST", "/_aksemu/principals", { body: { displayName: "no-roles" } });
  assert.equal(added.status, 201, added.text);
  const { clientId, clientSecret } = added.json;
  await page.locator("#sign-out").click();
  await page.locator("#sign-in").waitFor();
  await signIn(page, clientId, clientSecret);
  await page.locator("h1", { hasText: "Subscriptions" }).waitFor();

  await page.goto(`${emu.url}/#${cluster}`);
  const token = await mintToken(emu, TENANT, clientId, clientSecret);
  const refused = await emu.request("GET", q(cluster), { auth: token.json.access_token });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, "AuthorizationFailed");
  const note = page.locator(".notification").filter({ hasText: "AuthorizationFailed" });
  await note.waitFor();
  assert.ok((await note.innerText()).includes(refused.json.error.message), await note.innerText());
  assert.equal(await text("#blade-error"), `AuthorizationFailed: ${refused.json.error.message}`);
});
