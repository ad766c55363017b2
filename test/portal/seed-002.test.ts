// Seed 002 in the portal: a node pool operation fails (the infrastructure-transient scenario), the
// portal's notification shows AKS's error; Resource groups → group → cluster → Activity log,
// filtered by Status / Timespan / Event initiated by; the failed event's Status section shows the
// error code and message ARM's activity log holds, and Download as JSON saves that event; Diagnose
// and solve problems → Cluster Issues shows the finding and its solution; Provisioning State Check.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DEFAULT_IDENTITY } from "../../src/config/config.js";
import { SUB } from "../support/emulator.js";
import { advance, mcPath } from "../http/helpers.js";
import { dismissNotifications, driveUntil, textOf, usePortal } from "./browser.js";

const PREVIEW = "2025-10-02-preview";

const s = usePortal();

/** The failed events ARM's activity log answers for the group, as az monitor activity-log list --status Failed reads them. */
async function failedEvents(): Promise<any[]> {
  const filter = `eventTimestamp ge '2000-01-01T00:00:00Z' and resourceGroupName eq 'rg1' and status eq 'Failed'`;
  const res = await s.emu.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assert.equal(res.status, 200, res.text);
  return res.json.value;
}

test("the Emulator panel applies seed 002's infrastructure-transient scenario to the cluster", async () => {
  await s.page.locator("#nav").getByRole("link", { name: "Emulator" }).click();
  await s.page.getByLabel("Scenario", { exact: true }).selectOption("infrastructure-transient");
  await s.page.getByLabel("Resource group").fill("rg1");
  await s.page.getByLabel("Cluster", { exact: true }).fill("c1");
  await s.page.locator("#scenario-apply").click();
  await s.page.locator(".notification").filter({ hasText: "Scenario infrastructure-transient" }).waitFor();
  const faults = (await s.emu.request("GET", "/_aksemu/faults")).json.value as any[];
  assert.equal(faults.length, 1);
  assert.equal(faults[0].match.resourceId, mcPath("rg1", "c1"));
  await s.page.locator("#faults tbody tr").filter({ hasText: faults[0].id }).waitFor();
  await dismissNotifications(s.page);
});

test("a scale from the cluster's overview fails: the notification shows AKS's error code and message", async () => {
  await s.page.locator("#nav").getByRole("link", { name: "Resource groups" }).click();
  await s.page.getByRole("link", { name: "rg1", exact: true }).click();
  await s.page.getByRole("link", { name: "c1", exact: true }).click();
  await s.page.locator("#essentials-title").waitFor();
  assert.equal(await textOf(s.page, "[data-field='Provisioning state']"), "Succeeded");
  await s.page.getByLabel("Node count").fill("4");
  await s.page.locator("#action-scale").click();
  await s.page.locator("#operation-status").waitFor();
  await driveUntil(s, "#operation-status", "Failed");
  const latest = await s.emu.request("GET", `${mcPath("rg1", "c1")}/agentPools/nodepool1/operations/latest?api-version=${PREVIEW}`);
  assert.equal(latest.status, 200, latest.text);
  const { code, message } = latest.json.error;
  assert.equal(code, "ReconcileVMSSAgentPoolFailed");
  const note = s.page.locator(".notification").filter({ hasText: code });
  await note.waitFor();
  assert.match(await note.innerText(), new RegExp(message));
  await s.portal.shot("portal-operation-failed");
  await dismissNotifications(s.page);
});

test("Activity log: Status=Failed, open the event, its Status section shows the error; Download as JSON", async () => {
  await s.page.locator("#nav").getByRole("link", { name: "Activity log" }).click();
  await s.page.locator("#al-results table").waitFor();
  await s.page.getByLabel("Status", { exact: true }).selectOption("Failed");
  await s.page.locator("#al-apply").click();
  await s.page.waitForFunction(() => document.querySelector("#al-filter")?.textContent?.includes("status eq 'Failed'"));
  const [event] = await failedEvents();
  const rows = s.page.locator("#al-results tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), (await failedEvents()).filter((e) => e.resourceId.startsWith(mcPath("rg1", "c1"))).length);
  for (const badge of await s.page.locator("#al-results tbody fluent-badge").allInnerTexts()) assert.equal(badge.trim(), "Failed");

  await s.page.locator(`.event-link[data-event='${event.eventDataId}']`).click();
  await s.page.locator("#event-status").waitFor();
  const expected = JSON.parse(event.properties.statusMessage).error;
  assert.equal(await textOf(s.page, "#event-status-value"), "Failed");
  assert.equal(await textOf(s.page, "#event-error-code"), expected.code);
  assert.equal(await textOf(s.page, "#event-error-message"), expected.message);
  await s.portal.shot("portal-activity-log-event");

  await s.page.getByRole("tab", { name: "JSON" }).click();
  assert.deepEqual(JSON.parse(await s.page.locator("#event-json").innerText()), event);
  // The tabs work from the keyboard too: the arrow key moves to Change history (this request's events).
  await s.page.getByRole("tab", { name: "JSON" }).press("ArrowRight");
  await s.page.getByRole("table", { name: "Change history" }).waitFor();
  assert.match(await s.page.getByRole("table", { name: "Change history" }).innerText(), /Begin request[\s\S]*End request/);

  const [download] = await Promise.all([s.page.waitForEvent("download"), s.page.locator("#event-download").click()]);
  assert.equal(download.suggestedFilename(), `activity-log-event-${event.eventDataId}.json`);
  assert.deepEqual(JSON.parse(readFileSync((await download.path())!, "utf8")), event);
  await s.page.keyboard.press("Escape");
  await s.page.locator("#event-pane").waitFor({ state: "hidden" });
});

test("Activity log: Event initiated by and Timespan narrow the list in virtual time", async () => {
  await s.page.getByLabel("Status", { exact: true }).selectOption("All");
  await s.page.getByLabel("Event initiated by").fill("00000000-0000-4000-8000-0000000000ff");
  await s.page.locator("#al-apply").click();
  await s.page.locator("#al-results .empty").waitFor();
  await s.page.getByLabel("Event initiated by").fill(DEFAULT_IDENTITY.principalObjectId);
  await s.page.locator("#al-apply").click();
  await s.page.locator("#al-results tbody tr").first().waitFor();
  // Two hours later (virtual time): nothing in the last hour, everything in the last 24 hours.
  await advance(s.emu, "PT2H");
  await s.page.getByLabel("Timespan").selectOption("PT1H");
  await s.page.locator("#al-apply").click();
  await s.page.locator("#al-results .empty").waitFor();
  await s.page.getByLabel("Timespan").selectOption("P1D");
  await s.page.locator("#al-apply").click();
  await s.page.locator("#al-results tbody tr").first().waitFor();
  assert.match(await textOf(s.page, "#al-filter"), new RegExp(`caller eq '${DEFAULT_IDENTITY.principalObjectId}'`));
  // Event category: every write is Administrative.
  await s.page.getByLabel("Event category").selectOption("Policy");
  await s.page.locator("#al-apply").click();
  await s.page.locator("#al-results .empty").waitFor();
  await s.page.getByLabel("Event category").selectOption("Administrative");
  await s.page.locator("#al-apply").click();
  await s.page.locator("#al-results tbody tr").first().waitFor();
  await s.portal.shot("portal-activity-log");
});

test("Diagnose and solve problems: Cluster Issues finds the infrastructure issue and its solution; Provisioning State Check", async () => {
  await s.page.locator("#nav").getByRole("link", { name: "Diagnose and solve problems" }).click();
  await s.page.locator("#category-aks-category-cluster-issues").click();
  const card = s.page.locator("[data-detector='infrastructure-issues']");
  await card.waitFor();
  const api = await s.emu.request("GET", `${mcPath("rg1", "c1")}/detectors/infrastructure-issues?api-version=2024-08-01`);
  assert.equal(api.status, 200, api.text);
  assert.equal(api.json.properties.status.statusId, 0);
  const shown = await card.innerText();
  assert.match(shown, /Critical/);
  assert.ok(shown.includes(api.json.properties.status.message), shown);
  assert.equal((await card.locator(".solution-title").first().innerText()).trim(), "Reconcile each agent pool, then the cluster");
  assert.match(shown, /az aks nodepool update -g rg1 --cluster-name c1 -n nodepool1/);
  await dismissNotifications(s.page);
  await card.scrollIntoViewIfNeeded();
  await s.portal.shot("portal-diagnose-cluster-issues");

  await s.page.locator("#provisioning-state-check").click();
  const psc = s.page.locator("[data-detector='provisioning-state-check']");
  await psc.waitFor();
  const check = await psc.innerText();
  assert.match(check, /Agent pool 'nodepool1' has a provisioning state of 'Failed'/);
  assert.match(check, /ReconcileVMSSAgentPoolFailed/);
});
