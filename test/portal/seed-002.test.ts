// Seed 002 in the portal: a node pool operation fails (the infrastructure-transient scenario), the
// portal's notification shows AKS's error; Resource groups → group → cluster → Activity log,
// filtered by Status / Timespan / Event initiated by; the failed event's Status section shows the
// error code and message ARM's activity log holds, and Download as JSON saves that event; Diagnose
// and solve problems → Cluster Issues shows the finding and its solution; Provisioning State Check.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { DEFAULT_IDENTITY } from "../../src/config/config.js";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, createCluster, mcPath, refreshing } from "../http/helpers.js";
import { dismissNotifications, openPortal, signIn, type Portal } from "./browser.js";

const PREVIEW = "2025-10-02-preview";
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
});
after(async () => {
  await portal?.close();
  await emu?.close();
});

const text = async (selector: string) => (await page.locator(selector).innerText()).trim();

/** Advances the manual clock until `selector` shows `wanted` (the page polls on its own). */
async function driveUntil(selector: string, wanted: string, step = "PT1M", max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.locator(selector).textContent())?.trim() === wanted) return;
    await advance(emu, step);
    await page.waitForTimeout(250);
  }
  assert.equal(await text(selector), wanted);
}

/** The failed events ARM's activity log answers for the group, as az monitor activity-log list --status Failed reads them. */
async function failedEvents(): Promise<any[]> {
  const filter = `eventTimestamp ge '2000-01-01T00:00:00Z' and resourceGroupName eq 'rg1' and status eq 'Failed'`;
  const res = await emu.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assert.equal(res.status, 200, res.text);
  return res.json.value;
}

test("the Emulator panel applies seed 002's infrastructure-transient scenario to the cluster", async () => {
  await page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
  await page.getByLabel("Scenario", { exact: true }).selectOption("infrastructure-transient");
  await page.getByLabel("Resource group").fill("rg1");
  await page.getByLabel("Cluster", { exact: true }).fill("c1");
  await page.locator("#scenario-apply").click();
  await page.locator(".notification").filter({ hasText: "Scenario infrastructure-transient" }).waitFor();
  const faults = (await emu.request("GET", "/_aksemu/faults")).json.value as any[];
  assert.equal(faults.length, 1);
  assert.equal(faults[0].match.resourceId, mcPath("rg1", "c1"));
  await page.locator("#faults tbody tr").filter({ hasText: faults[0].id }).waitFor();
  await dismissNotifications(page);
});

test("a scale from the cluster's overview fails: the notification shows AKS's error code and message", async () => {
  await page.locator("#nav").getByRole("link", { name: "Resource groups" }).click();
  await page.getByRole("link", { name: "rg1", exact: true }).click();
  await page.getByRole("link", { name: "c1", exact: true }).click();
  await page.locator("#essentials-title").waitFor();
  assert.equal(await text("[data-field='Provisioning state']"), "Succeeded");
  await page.getByLabel("Node count").fill("4");
  await page.locator("#action-scale").click();
  await page.locator("#operation-status").waitFor();
  await driveUntil("#operation-status", "Failed");
  const latest = await emu.request("GET", `${mcPath("rg1", "c1")}/agentPools/nodepool1/operations/latest?api-version=${PREVIEW}`);
  assert.equal(latest.status, 200, latest.text);
  const { code, message } = latest.json.error;
  assert.equal(code, "ReconcileVMSSAgentPoolFailed");
  const note = page.locator(".notification").filter({ hasText: code });
  await note.waitFor();
  assert.match(await note.innerText(), new RegExp(message));
  await portal.shot("portal-operation-failed");
  await dismissNotifications(page);
});

test("Activity log: Status=Failed, open the event, its Status section shows the error; Download as JSON", async () => {
  await page.locator("#nav").getByRole("link", { name: "Activity log" }).click();
  await page.locator("#al-results table").waitFor();
  await page.getByLabel("Status", { exact: true }).selectOption("Failed");
  await page.locator("#al-apply").click();
  await page.waitForFunction(() => document.querySelector("#al-filter")?.textContent?.includes("status eq 'Failed'"));
  const [event] = await failedEvents();
  const rows = page.locator("#al-results tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), (await failedEvents()).filter((e) => e.resourceId.startsWith(mcPath("rg1", "c1"))).length);
  for (const badge of await page.locator("#al-results tbody fluent-badge").allInnerTexts()) assert.equal(badge.trim(), "Failed");

  await page.locator(`.event-link[data-event='${event.eventDataId}']`).click();
  await page.locator("#event-status").waitFor();
  const expected = JSON.parse(event.properties.statusMessage).error;
  assert.equal(await text("#event-status-value"), "Failed");
  assert.equal(await text("#event-error-code"), expected.code);
  assert.equal(await text("#event-error-message"), expected.message);
  await portal.shot("portal-activity-log-event");

  await page.getByRole("tab", { name: "JSON" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#event-json").innerText()), event);
  // The tabs work from the keyboard too: the arrow key moves to Change history (this request's events).
  await page.getByRole("tab", { name: "JSON" }).press("ArrowRight");
  await page.getByRole("table", { name: "Change history" }).waitFor();
  assert.match(await page.getByRole("table", { name: "Change history" }).innerText(), /Begin request[\s\S]*End request/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#event-download").click()]);
  assert.equal(download.suggestedFilename(), `activity-log-event-${event.eventDataId}.json`);
  assert.deepEqual(JSON.parse(readFileSync((await download.path())!, "utf8")), event);
  await page.keyboard.press("Escape");
  await page.locator("#event-pane").waitFor({ state: "hidden" });
});

test("Activity log: Event initiated by and Timespan narrow the list in virtual time", async () => {
  await page.getByLabel("Status", { exact: true }).selectOption("All");
  await page.getByLabel("Event initiated by").fill("00000000-0000-4000-8000-0000000000ff");
  await page.locator("#al-apply").click();
  await page.locator("#al-results .empty").waitFor();
  await page.getByLabel("Event initiated by").fill(DEFAULT_IDENTITY.principalObjectId);
  await page.locator("#al-apply").click();
  await page.locator("#al-results tbody tr").first().waitFor();
  // Two hours later (virtual time): nothing in the last hour, everything in the last 24 hours.
  await advance(emu, "PT2H");
  await page.getByLabel("Timespan").selectOption("PT1H");
  await page.locator("#al-apply").click();
  await page.locator("#al-results .empty").waitFor();
  await page.getByLabel("Timespan").selectOption("P1D");
  await page.locator("#al-apply").click();
  await page.locator("#al-results tbody tr").first().waitFor();
  assert.match(await text("#al-filter"), new RegExp(`caller eq '${DEFAULT_IDENTITY.principalObjectId}'`));
  // Event category: every write is Administrative.
  await page.getByLabel("Event category").selectOption("Policy");
  await page.locator("#al-apply").click();
  await page.locator("#al-results .empty").waitFor();
  await page.getByLabel("Event category").selectOption("Administrative");
  await page.locator("#al-apply").click();
  await page.locator("#al-results tbody tr").first().waitFor();
  await portal.shot("portal-activity-log");
});

test("Diagnose and solve problems: Cluster Issues finds the infrastructure issue and its solution; Provisioning State Check", async () => {
  await page.locator("#nav").getByRole("link", { name: "Diagnose and solve problems" }).click();
  await page.locator("#category-aks-category-cluster-issues").click();
  const card = page.locator("[data-detector='infrastructure-issues']");
  await card.waitFor();
  const api = await emu.request("GET", `${mcPath("rg1", "c1")}/detectors/infrastructure-issues?api-version=2024-08-01`);
  assert.equal(api.status, 200, api.text);
  assert.equal(api.json.properties.status.statusId, 0);
  const shown = await card.innerText();
  assert.match(shown, /Critical/);
  assert.ok(shown.includes(api.json.properties.status.message), shown);
  assert.equal((await card.locator(".solution-title").first().innerText()).trim(), "Reconcile each agent pool, then the cluster");
  assert.match(shown, /az aks nodepool update -g rg1 --cluster-name c1 -n nodepool1/);
  await dismissNotifications(page);
  await card.scrollIntoViewIfNeeded();
  await portal.shot("portal-diagnose-cluster-issues");

  await page.locator("#provisioning-state-check").click();
  const psc = page.locator("[data-detector='provisioning-state-check']");
  await psc.waitFor();
  const check = await psc.innerText();
  assert.match(check, /Agent pool 'nodepool1' has a provisioning state of 'Failed'/);
  assert.match(check, /ReconcileVMSSAgentPoolFailed/);
});
