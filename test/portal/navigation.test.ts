// Arriving in the portal as links and other clients leave it: a deep link opened before signing in
// lands where it pointed once signed in; an operation started by another client (the API, as az
// does) is followed live on the overview, with its Abort.
import assert from "node:assert/strict";
import { test } from "node:test";
import { advance, mcPath, q } from "../http/helpers.js";
import { signIn, usePortal } from "./browser.js";

const cluster = mcPath("rg1", "c1");

const s = usePortal({ signIn: false });

test("a deep link opened before signing in lands on that view once signed in", async () => {
  await s.page.goto(`${s.emu.url}/#${cluster}/activitylog`);
  await signIn(s.page);
  await s.page.locator("#al-results").waitFor();
  assert.match(s.page.url(), new RegExp(`#${cluster.replace(/[/.]/g, "\\$&")}/activitylog$`));
});

test("an operation another client started is followed live on the overview, and Abort cancels it", async () => {
  await s.emu.request("POST", "/_aksemu/faults", { body: { id: "hold", match: { resourceId: cluster, operationType: "StopManagedCluster" }, effect: { hang: true }, times: 1 } });
  const stop = await s.emu.request("POST", q(`${cluster}/stop`));
  assert.equal(stop.status, 202, stop.text);
  await advance(s.emu, "PT1M");
  await s.page.goto(`${s.emu.url}/#${cluster}`);
  await s.page.locator("#operation-status").filter({ hasText: "InProgress" }).waitFor();
  await s.page.locator("#action-abort").click();
  await s.page.locator("#operation-status").filter({ hasText: "Canceling" }).waitFor();
  for (let i = 0; i < 40 && (await s.page.locator("#operation-status").textContent())?.trim() !== "Canceled"; i++) {
    await advance(s.emu, "PT5S");
    await s.page.waitForTimeout(250);
  }
  assert.equal((await s.page.locator("#operation-status").innerText()).trim(), "Canceled");
  const status = await s.emu.request("GET", String(stop.headers["azure-asyncoperation"]));
  assert.equal(status.json.status, "Canceled");
});
