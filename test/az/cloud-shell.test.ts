// Seed 003's cause 4 through the real az 2.45 in the emulated Cloud Shell (`aksemu env --proxy
// --cloud-shell`: ACC_CLOUD and MSI_ENDPOINT): with nobody signed in (the scenario
// cloud-shell-msi-unavailable) `az login --identity` prints az's own "Failed to connect to MSI ...
// <Response [400]>" and exits 1; signed in, it logs in as Cloud Shell does, and `az aks command
// invoke` on a Microsoft Entra ID cluster fails with the same text (az asks the shell for AKS's
// server app audience, which Cloud Shell does not serve); after `az login --service-principal`
// (Solution 4a) the command runs. az's code: msrestazure get_msi_token, azure/cli/core/auth/
// adal_authentication.py (an HTTPError whose Response has no .status prints its repr).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { cloudShellEnvironment, proxyEnvironment } from "../../src/cli/environment.js";
import { clusterPath, GA_API } from "../e2e/helpers/aks.js";
import { CLIENT_ID, TLS_DIR, type Emulator } from "../support/emulator.js";
import { azSkip, LOGIN, requireAz, type CliResult } from "./support/clis.js";
import { startProxied } from "./support/proxied.js";

const RG = "rg-shell";
const MSI_400 = "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned: <Response [400]>\n";
let emu: Emulator;
let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  if (azSkip()) return;
  const started = await startProxied({ clock: "instant" });
  emu = started.emu;
  dir = mkdtempSync(join(tmpdir(), "aksemu-az-shell-"));
  env = {
    PATH: process.env["PATH"],
    LANG: process.env["LANG"] ?? "C.UTF-8",
    HOME: dir,
    ...proxyEnvironment(emu.app.config, resolve(TLS_DIR, "ca.crt"), emu.port, started.proxyPort),
    ...cloudShellEnvironment(emu.app.config, emu.port),
    AZURE_CONFIG_DIR: join(dir, ".azure"),
    AZURE_CORE_COLLECT_TELEMETRY: "0",
    AZURE_CORE_NO_COLOR: "1",
  };
  await emu.createGroup(RG);
  // A Microsoft Entra ID cluster: az aks command invoke asks for a token of AKS's server app there.
  const body = { location: "eastus", properties: { dnsPrefix: "aad1", aadProfile: { managed: true }, agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System", vmSize: "Standard_DS2_v2" }] } };
  const res = await emu.request("PUT", `${clusterPath(RG, "aad1")}?api-version=${GA_API}`, { body });
  assert.ok(res.status === 200 || res.status === 201, res.text);
});
after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await emu?.close();
});

/** One az run in the Cloud Shell environment (asynchronously: the emulator answers from this process). */
function az(args: readonly string[]): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(requireAz(), args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

describe("Cloud Shell's managed identity (seed 003, cause 4)", { skip: azSkip() }, () => {
  test("nobody signed in: az login --identity prints the seed's text, exit 1", async () => {
    assert.equal((await emu.request("POST", "/_aksemu/scenarios/cloud-shell-msi-unavailable")).status, 200);
    assert.deepEqual(await az(["login", "--identity"]), { code: 1, stdout: "", stderr: MSI_400 });
  });

  test("signed in: a Cloud Shell login; az aks command invoke on an Entra ID cluster prints the same text; az login, then it runs", async () => {
    assert.equal((await emu.request("PUT", "/_aksemu/cloud-shell", { body: { clientId: CLIENT_ID } })).status, 200);
    const login = await az(["login", "--identity", "-o", "json"]);
    assert.equal(login.code, 0, login.stderr);
    assert.equal(JSON.parse(login.stdout)[0].user.cloudShellID, true);
    assert.equal((await az(["group", "show", "-n", RG, "--query", "name", "-o", "tsv"])).stdout, `${RG}\n`);

    const invoke = ["aks", "command", "invoke", "-g", RG, "-n", "aad1", "--command", "kubectl version"];
    assert.deepEqual(await az(invoke), { code: 1, stdout: "", stderr: MSI_400 });

    // Solution 4a: az login (here a service principal's), then the command runs.
    const sp = await az([...LOGIN, "-o", "none"]);
    assert.equal(sp.code, 0, sp.stderr);
    const ran = await az(invoke);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^command started at .+, finished at .+ with exitcode=\d+\n/);
  });
});
