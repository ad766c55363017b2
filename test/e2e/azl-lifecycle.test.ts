// The rest of azl's commands through their whole life on an instant clock: upgrades, node pool
// upgrade, operation history, resource show, deletes with and without --yes.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runAzl } from "../../src/cli/azl/run.js";
import { startEmulator, TLS_DIR, type Emulator } from "../support/emulator.js";

let emu: Emulator;
let configDir: string;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  configDir = mkdtempSync(join(tmpdir(), "azl-life-"));
});
after(async () => {
  await emu.close();
  rmSync(configDir, { recursive: true, force: true });
});

async function azl(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runAzl(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stderrIsTTY: false, env: { AKSEMU_ENDPOINT: emu.url, AKSEMU_CA: join(TLS_DIR, "ca.crt"), AZL_CONFIG_DIR: configDir } });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

async function ok(...args: string[]) {
  const r = await azl(...args);
  assert.equal(r.code, 0, `azl ${args.join(" ")}: ${r.stderr}`);
  return r;
}

test("a cluster's life through azl: create, upgrade, node pools, history, delete", async () => {
  await ok("login", "-o", "none");
  await ok("group", "create", "-n", "rgl", "-l", "westeurope", "-o", "none");
  const created = (await ok("aks", "create", "-g", "rgl", "-n", "life", "-k", "1.32.7", "-c", "2")).json();
  assert.deepEqual([created.location, created.currentKubernetesVersion, created.agentPoolProfiles[0].count], ["westeurope", "1.32.7", 2]);

  // Without --yes and without a terminal, azl cannot ask (az's text for it; exit 1, as az's CLIError).
  const refused = await azl("aks", "upgrade", "-g", "rgl", "-n", "life", "-k", "1.33.3");
  assert.deepEqual([refused.code, refused.stderr], [1, "ERROR: Unable to prompt for confirmation as no tty available. Use --yes.\n"]);
  const upgraded = (await ok("aks", "upgrade", "-g", "rgl", "-n", "life", "-k", "1.33.3", "--control-plane-only", "--yes")).json();
  assert.deepEqual([upgraded.currentKubernetesVersion, upgraded.agentPoolProfiles[0].currentOrchestratorVersion], ["1.33.3", "1.32.7"]);
  const upgrades = (await ok("aks", "get-upgrades", "-g", "rgl", "-n", "life", "-o", "table")).stdout;
  // az prints the upgrade profile's own name, "default".
  assert.match(upgrades, /^default\s+rgl\s+1\.33\.3\s+1\.34\.1, 1\.34\.0$/m);

  await ok("aks", "nodepool", "add", "-g", "rgl", "--cluster-name", "life", "-n", "user1", "-c", "1", "-k", "1.32.7", "-o", "none");
  const pool = (await ok("aks", "nodepool", "upgrade", "-g", "rgl", "--cluster-name", "life", "-n", "user1", "-k", "1.33.3", "--yes")).json();
  assert.deepEqual([pool.currentOrchestratorVersion, pool.provisioningState], ["1.33.3", "Succeeded"]);

  const history = (await ok("aks", "operation", "list", "-g", "rgl", "-n", "life")).json();
  assert.deepEqual(history.map((o: { subOperationType: string }) => o.subOperationType), ["Upgrading", "Creating", "Upgrading", "Creating"], "newest first");
  const poolOps = (await ok("aks", "operation", "list", "-g", "rgl", "-n", "life", "--nodepool-name", "user1", "-o", "table")).stdout.split("\n");
  assert.match(poolOps[0]!, /^Name\s+Status\s+PercentComplete\s+OperationType\s+SubOperationType\s+StartTime\s+EndTime$/);
  assert.equal(poolOps.filter((l) => / Succeeded /.test(l)).length, 2);
  assert.deepEqual((await ok("aks", "operation", "list", "-g", "rgl", "-n", "life", "--active-only")).json(), []);
  const one = (await ok("aks", "operation", "show", "-g", "rgl", "-n", "life", "--operation-id", history[3].name)).json();
  assert.deepEqual([one.operationType, one.subOperationType, one.status, one.percentComplete], ["PutManagedCluster", "Creating", "Succeeded", 100]);

  const id = (await ok("aks", "show", "-g", "rgl", "-n", "life", "--query", "id", "-o", "tsv")).stdout.trim();
  assert.equal((await ok("resource", "show", "--ids", id, "--query", "properties.provisioningState", "-o", "tsv")).stdout, "Succeeded\n");

  // knack's confirmation without a terminal: a warning, then "Operation cancelled." (exit 1)
  const noYes = await azl("aks", "delete", "-g", "rgl", "-n", "life");
  assert.deepEqual([noYes.code, noYes.stderr], [1, "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.\n"]);
  const deleted = await ok("aks", "delete", "-g", "rgl", "-n", "life", "--yes");
  assert.deepEqual([deleted.stdout, deleted.stderr], ["", ""]);
  const gone = await azl("aks", "show", "-g", "rgl", "-n", "life");
  assert.equal(gone.code, 3);
  await ok("group", "delete", "-n", "rgl", "--yes");
  const groupGone = await azl("group", "show", "-n", "rgl");
  assert.equal(groupGone.code, 3);
  assert.match(groupGone.stderr, /^ERROR: \(ResourceGroupNotFound\) Resource group 'rgl' could not be found\.\n/);
});
