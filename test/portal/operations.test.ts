// The cluster's operations in the portal (seed 001): an upgrade held by a hang fault added from the
// Emulator panel runs live on the overview; Abort shows Canceling, then Canceled, as the API says.
// The Emulator panel advances the virtual clock. A principal without a role assignment signs in and
// sees ARM's AuthorizationFailed, word for word.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TENANT } from "../support/emulator.js";
import { advance, mcPath, mintToken, q } from "../http/helpers.js";
import { dismissNotifications, driveUntil, signIn, textOf, usePortal } from "./browser.js";

const cluster = mcPath("rg1", "c1");

const s = usePortal();

test("the Emulator panel adds a hang fault; an upgrade runs live; Abort shows Canceling, then Canceled", async () => {
  await s.page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
  await s.page.getByLabel("New fault (JSON, docs/scenarios.md)").fill(JSON.stringify({ id: "hold", match: { resourceId: cluster, operationType: "PutManagedCluster" }, effect: { hang: true }, times: 1 }));
  await s.page.locator("#fault-add").click();
  await s.page.locator("#faults tbody tr").filter({ hasText: "hold" }).waitFor();
  assert.equal((await s.emu.request("GET", "/_aksemu/faults/hold")).status, 200);

  await s.page.goto(`${s.emu.url}/#${cluster}`);
  await s.page.locator("#essentials-title").waitFor();
  await s.page.getByLabel("Kubernetes version").fill("1.34.0");
  await s.page.locator("#action-upgrade").click();
  await s.page.locator("#operation-status").filter({ hasText: "InProgress" }).waitFor();
  await advance(s.emu, "PT2M");
  await s.page.locator("#operation-percent").filter({ hasText: "%" }).waitFor();
  assert.equal((await s.emu.request("GET", q(cluster))).json.properties.provisioningState, "Upgrading");

  await s.page.locator("#action-abort").click();
  await s.page.locator("#operation-status").filter({ hasText: "Canceling" }).waitFor();
  await dismissNotifications(s.page);
  await s.portal.shot("portal-abort-canceling");
  await driveUntil(s, "#operation-status", "Canceled", "PT5S");
  await s.page.locator("[data-field='Provisioning state']").filter({ hasText: "Canceled" }).waitFor();
  assert.equal((await s.emu.request("GET", q(cluster))).json.properties.provisioningState, "Canceled");
  await s.page.locator(".notification").filter({ hasText: "Canceled" }).waitFor();
});

test("Stop runs to Succeeded and the overview shows the cluster Stopped, as the API does", async () => {
  await s.page.goto(`${s.emu.url}/#${cluster}`);
  await s.page.locator("#essentials-title").waitFor();
  await s.page.locator("#action-stop").click();
  await s.page.locator("#operation-status").waitFor();
  await driveUntil(s, "#operation-status", "Succeeded", "PT1M");
  await s.page.locator("[data-field='Power state']").filter({ hasText: "Stopped" }).waitFor();
  assert.equal((await s.emu.request("GET", q(cluster))).json.properties.powerState.code, "Stopped");
  await dismissNotifications(s.page);
});

test("the Emulator panel advances the virtual clock", async () => {
  await s.page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
  const before = Date.parse(await textOf(s.page, "#clock-now"));
  await s.page.getByLabel("Advance by (ISO 8601 duration)").fill("PT1H");
  await s.page.locator("#clock-advance").click();
  await s.page.waitForFunction((t) => Date.parse(document.querySelector("#clock-now")!.textContent!) > t, before);
  const now = (await s.emu.request("GET", "/_aksemu/clock")).json.now;
  assert.equal(await textOf(s.page, "#clock-now"), now);
  assert.equal(Date.parse(now) - before, 3600_000);
  await dismissNotifications(s.page);
  await s.portal.shot("portal-emulator");
});

test("a principal without a role assignment signs in and sees ARM's AuthorizationFailed", async () => {
  const added = await s.emu.request("POST", "/_aksemu/principals", { body: { displayName: "no-roles" } });
  assert.equal(added.status, 201, added.text);
  const { clientId, clientSecret } = added.json;
  await s.page.locator("#sign-out").click();
  await s.page.locator("#sign-in").waitFor();
  await signIn(s.page, clientId, clientSecret);
  await s.page.locator("h1", { hasText: "Subscriptions" }).waitFor();

  await s.page.goto(`${s.emu.url}/#${cluster}`);
  const token = await mintToken(s.emu, TENANT, clientId, clientSecret);
  const refused = await s.emu.request("GET", q(cluster), { auth: token.json.access_token });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, "AuthorizationFailed");
  const note = s.page.locator(".notification").filter({ hasText: "AuthorizationFailed" });
  await note.waitFor();
  assert.ok((await note.innerText()).includes(refused.json.error.message), await note.innerText());
  assert.equal(await textOf(s.page, "#blade-error"), `AuthorizationFailed: ${refused.json.error.message}`);
});
