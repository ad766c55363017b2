// Run command in the portal (seed 003): kubectl runs inside the cluster and its output reads as
// `az aks command invoke` prints it, the same result the API holds; a line only a shell could run is
// refused with AKS's InvalidParameter, word for word.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { kubeAccess, startPod, waitForCommandPod, type KubeAccess } from "../support/run-command.js";
import { createCluster, mcPath, q, refreshing } from "../http/helpers.js";
import { dismissNotifications, openPortal, signIn, type Portal } from "./browser.js";

let emu: Emulator;
let kube: KubeAccess;
let portal: Portal;
let page: Page;
const cluster = mcPath("rg1", "c1");

before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await createCluster(emu, "rg1", "c1");
  kube = await kubeAccess(emu, "rg1", "c1");
  portal = await openPortal(emu);
  page = portal.page;
  await signIn(page);
  await page.goto(`${emu.url}/#${cluster}`);
  await page.locator("#nav").getByRole("link", { name: "Run command" }).click();
});
after(async () => {
  await portal?.close();
  await emu?.close();
});

test("kubectl get namespaces: the output is az aks command invoke's, from the command's result", async () => {
  await page.getByLabel("Command", { exact: true }).fill("kubectl get namespaces -o name");
  await page.locator("#rc-run").click();
  // The command pod starts as virtual time moves (the manual clock).
  const pod = await waitForCommandPod(kube);
  await startPod(kube, pod.metadata.name, emu);
  await page.locator("#rc-output").filter({ hasText: "command started at" }).waitFor();
  const id = (await page.locator("[data-field='Command ID']").innerText()).trim();
  const result = await emu.request("GET", q(`${cluster}/commandResults/${id}`));
  assert.equal(result.status, 200, result.text);
  const p = result.json.properties;
  assert.equal(p.exitCode, 0);
  const time = (iso: string) => iso.replace("T", " ").replace(/Z$/, "+00:00");
  assert.equal(await page.locator("#rc-output").textContent(), `command started at ${time(p.startedAt)}, finished at ${time(p.finishedAt)} with exitcode=0\n${p.logs}\n`);
  assert.match(p.logs, /namespace\/kube-system/);
  assert.equal((await page.locator("[data-field='Exit code']").innerText()).trim(), "0");
  await portal.shot("portal-run-command");
});

test("a pipe needs a shell: AKS's InvalidParameter, as the API answers it", async () => {
  const line = "kubectl get pods | grep web";
  await page.getByLabel("Command", { exact: true }).fill(line);
  await page.locator("#rc-run").click();
  await page.locator("#rc-error").waitFor();
  const refused = await emu.request("POST", q(`${cluster}/runCommand`), { body: { command: line } });
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.json.code, "InvalidParameter");
  assert.equal((await page.locator("#rc-error").innerText()).trim(), `(InvalidParameter) ${refused.json.message}`);
  await dismissNotifications(page);
});
