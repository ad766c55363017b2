// Run command in the portal (seed 003): kubectl runs inside the cluster and its output reads as
// `az aks command invoke` prints it, the same result the API holds; a line only a shell could run is
// refused with AKS's InvalidParameter, word for word.
import assert from "node:assert/strict";
import { test } from "node:test";
import { kubeAccess, startPod, waitForCommandPod, type KubeAccess } from "../support/run-command.js";
import { mcPath, q } from "../http/helpers.js";
import { dismissNotifications, usePortal } from "./browser.js";

let kube: KubeAccess;
const cluster = mcPath("rg1", "c1");

const s = usePortal({
  then: async (s) => {
    kube = await kubeAccess(s.emu, "rg1", "c1");
    await s.page.goto(`${s.emu.url}/#${cluster}`);
    await s.page.locator("#nav").getByRole("link", { name: "Run command" }).click();
  },
});

/** Runs `line` from the blade, lets its pod start, and returns the API's result of it once the page shows it. */
async function runInPortal(line: string): Promise<{ properties: { exitCode: number; logs: string; startedAt: string; finishedAt: string } }> {
  await s.page.getByLabel("Command", { exact: true }).fill(line);
  await s.page.locator("#rc-run").click();
  // The command pod starts as virtual time moves (the manual clock).
  const pod = await waitForCommandPod(kube);
  await startPod(kube, pod.metadata.name, s.emu);
  await s.page.locator("#rc-output").filter({ hasText: "command started at" }).waitFor();
  const id = (await s.page.locator("[data-field='Command ID']").innerText()).trim();
  const result = await s.emu.request("GET", q(`${cluster}/commandResults/${id}`));
  assert.equal(result.status, 200, result.text);
  const p = result.json.properties;
  const time = (iso: string) => iso.replace("T", " ").replace(/Z$/, "+00:00");
  assert.equal(await s.page.locator("#rc-output").textContent(), `command started at ${time(p.startedAt)}, finished at ${time(p.finishedAt)} with exitcode=${p.exitCode}\n${p.logs}\n`);
  assert.equal((await s.page.locator("[data-field='Exit code']").innerText()).trim(), String(p.exitCode));
  return result.json;
}

test("kubectl get namespaces: the output is az aks command invoke's, from the command's result", async () => {
  const { properties: p } = await runInPortal("kubectl get namespaces -o name");
  assert.equal(p.exitCode, 0);
  assert.match(p.logs, /namespace\/kube-system/);
  await s.portal.shot("portal-run-command");
});

test("helm list -A: helm runs in the cluster too, and its table is what the page shows", async () => {
  const { properties: p } = await runInPortal("helm list -A");
  assert.equal(p.exitCode, 0);
  assert.match(p.logs, /^NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION/);
});

test("a pipe needs a shell: AKS's InvalidParameter, as the API answers it", async () => {
  const line = "kubectl get pods | grep web";
  await s.page.getByLabel("Command", { exact: true }).fill(line);
  await s.page.locator("#rc-run").click();
  await s.page.locator("#rc-error").waitFor();
  const refused = await s.emu.request("POST", q(`${cluster}/runCommand`), { body: { command: line } });
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.json.code, "InvalidParameter");
  assert.equal((await s.page.locator("#rc-error").innerText()).trim(), `(InvalidParameter) ${refused.json.message}`);
  await dismissNotifications(s.page);
});
