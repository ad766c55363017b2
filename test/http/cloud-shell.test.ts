// The emulated Cloud Shell's managed identity endpoint over HTTPS (seed 003, cause 4): anonymous as
// Cloud Shell's local one, a 400 with nobody signed in (the cloud-shell-msi-unavailable scenario)
// and for an audience Cloud Shell does not serve (AKS's Entra ID server app); a token ARM accepts
// once a principal is signed in through PUT /_aksemu/cloud-shell.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { assertStatus, assertWrapped } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.close());

const PATH = "/_aksemu/cloud-shell/oauth2/token";
/** az 2.45's request (msrestazure get_msi_token): a form POST, `Metadata: true`, no bearer token. */
const ask = (resource: string, headers: Record<string, string> = { metadata: "true" }) =>
  emu.request("POST", PATH, { rawBody: new URLSearchParams({ resource }).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, auth: false });

test("nobody signed in: 400 for every token request; the scenario leaves it so", async () => {
  const shell = await emu.request("GET", "/_aksemu/cloud-shell");
  assertStatus(shell, 200);
  assert.deepEqual(shell.json, { identity: null, msiEndpoint: `${emu.url}${PATH}` });
  const res = await ask("https://management.core.windows.net/");
  assertStatus(res, 400);
  assert.equal(res.json.error.code, "IdentityNotConfigured");
});

test("a principal signed in: a token ARM takes; AKS's server app still a 400 AudienceNotSupported; the scenario signs it out", async () => {
  const principal = (await emu.request("POST", "/_aksemu/principals", { body: { displayName: "shell-user" } })).json;
  const set = await emu.request("PUT", "/_aksemu/cloud-shell", { body: { clientId: principal.clientId } });
  assertStatus(set, 200);
  assert.equal(set.json.identity.objectId, principal.objectId);

  const res = await ask("https://management.core.windows.net/");
  assertStatus(res, 200);
  assert.equal(res.json.token_type, "Bearer");
  assert.equal(res.json.resource, "https://management.core.windows.net/");
  const subs = await emu.request("GET", "/subscriptions?api-version=2022-12-01", { auth: res.json.access_token });
  assertStatus(subs, 200);

  const aks = await ask("6dae42f8-4368-4678-94ff-3960e28e3630");
  assertStatus(aks, 400);
  assert.equal(aks.json.error.code, "AudienceNotSupported");
  assert.match(aks.json.error.message, /^Audience 6dae42f8-4368-4678-94ff-3960e28e3630 is not a supported MSI token audience\./);
  // Without the Metadata header Cloud Shell refuses too.
  assertStatus(await ask("https://management.core.windows.net/", {}), 400);

  const applied = await emu.request("POST", "/_aksemu/scenarios/cloud-shell-msi-unavailable");
  assertStatus(applied, 200);
  assert.deepEqual(applied.json.applied, { cloudShellIdentity: null, msiEndpoint: PATH });
  assert.equal(applied.json.sees.code, "<Response [400]>");
  assertStatus(await emu.request("POST", "/_aksemu/scenarios/cloud-shell-msi-unavailable"), 200);
  assertStatus(await ask("https://management.core.windows.net/"), 400);
  assert.equal((await emu.request("GET", "/_aksemu/cloud-shell")).json.identity, null);
});

test("PUT /_aksemu/cloud-shell: an unknown principal is a 404, a bad body a 400; the control API wants the emulator's token", async () => {
  assertWrapped(await emu.request("PUT", "/_aksemu/cloud-shell", { body: { clientId: "00000000-0000-4000-8000-000000000099" } }), "NotFound", "No principal with client id '00000000-0000-4000-8000-000000000099'.");
  assertWrapped(await emu.request("PUT", "/_aksemu/cloud-shell", { body: { clientId: "" } }), "BadRequest", "'clientId' must be the client id of a principal (GET /_aksemu/principals).");
  assertWrapped(await emu.request("PUT", "/_aksemu/cloud-shell", { body: { user: "x" } }), "BadRequest", "Unknown field(s) 'user': the body takes 'clientId'.");
  assertStatus(await emu.request("PUT", "/_aksemu/cloud-shell", { body: {}, auth: false }), 401);
});
