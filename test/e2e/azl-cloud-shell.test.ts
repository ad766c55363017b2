// azl login --identity in the emulated Cloud Shell (`aksemu env --cloud-shell`): az 2.45's bytes and
// exit code when the managed identity endpoint answers 400 (seed 003, cause 4), and a Cloud Shell
// account whose ARM calls carry the identity's tokens once a principal is signed in.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { cloudShellEnvironment, environment } from "../../src/cli/environment.js";
import { startEmulator, TLS_DIR, type Emulator } from "../support/emulator.js";
import { azlInProcess } from "./helpers/azl.js";

let emu: Emulator;
let home: string;
before(async () => {
  emu = await startEmulator();
  home = mkdtempSync(join(tmpdir(), "azl-shell-"));
});
after(async () => {
  await emu.close();
  rmSync(home, { recursive: true, force: true });
});

const env = () => ({ HOME: home, AZL_CONFIG_DIR: join(home, ".azl"), ...environment(emu.app.config, join(TLS_DIR, "ca.crt"), emu.port), ...cloudShellEnvironment(emu.app.config, emu.port) });
/** az 2.45's text, byte for byte (test/az/cloud-shell.test.ts shows az printing it). */
const MSI_400 = "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned: <Response [400]>\n";

test("nobody signed in: az's MSI error, exit 1; signed in: a Cloud Shell account that works; the scenario: the error again", async () => {
  const failed = await azlInProcess(["login", "--identity"], env());
  assert.deepEqual(failed, { code: 1, stdout: "", stderr: MSI_400 });

  // A principal with no role sees no subscription: az's Cloud Shell login says so.
  const principal = (await emu.request("POST", "/_aksemu/principals", { body: { displayName: "shell-user" } })).json;
  assert.equal((await emu.request("PUT", "/_aksemu/cloud-shell", { body: { clientId: principal.clientId } })).status, 200);
  assert.deepEqual(await azlInProcess(["login", "--identity"], env()), { code: 1, stdout: "", stderr: "ERROR: No subscriptions were found in the cloud shell\n" });

  // The emulator's default principal (the subscription's owner) signed in: a Cloud Shell account.
  const owner = (await emu.request("PUT", "/_aksemu/cloud-shell", { body: { clientId: emu.app.config.clientId } })).json.identity;
  const login = await azlInProcess(["login", "--identity"], env());
  assert.equal(login.code, 0, login.stderr);
  const accounts = JSON.parse(login.stdout);
  assert.deepEqual(accounts[0].user, { cloudShellID: true, name: owner.displayName, type: "user" });
  // ARM calls carry the identity's tokens.
  await emu.createGroup("rg-shell");
  const groups = await azlInProcess(["group", "show", "-n", "rg-shell", "--query", "name", "-o", "tsv"], env());
  assert.deepEqual(groups, { code: 0, stdout: "rg-shell\n", stderr: "" });

  assert.equal((await emu.request("POST", "/_aksemu/scenarios/cloud-shell-msi-unavailable")).status, 200);
  assert.deepEqual(await azlInProcess(["login", "--identity"], env()), { code: 1, stdout: "", stderr: MSI_400 });
});

test("without MSI_ENDPOINT azl says what it needs (IMDS is not emulated)", async () => {
  const rest: Record<string, string> = { ...env() };
  delete rest["MSI_ENDPOINT"];
  const r = await azlInProcess(["login", "--identity"], rest);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ERROR: azl login --identity needs MSI_ENDPOINT/);
});
