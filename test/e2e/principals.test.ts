// Principals added through the control API authenticate with the real @azure/identity credential.
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, SUB, TENANT, type Emulator } from "../support/emulator.js";
import { assignRole } from "../support/rbac.js";

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.close());

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

test("a principal added through the control API gets its own tokens and object id", async () => {
  const created = await emu.request("POST", "/_aksemu/principals", { body: { displayName: "ci deployer" } });
  assert.equal(created.status, 201, created.text);
  const { clientId, clientSecret, objectId, tenantId } = created.json as Record<string, string>;
  assert.equal(tenantId, TENANT);
  assert.match(objectId!, /^[0-9a-f-]{36}$/);

  const credential = new ClientSecretCredential(TENANT, clientId!, clientSecret!, { authorityHost: emu.url, disableInstanceDiscovery: true });
  const token = await credential.getToken("https://management.azure.com/.default");
  assert.equal(claimsOf(token.token)["oid"], objectId);
  assert.equal(claimsOf(token.token)["appid"], clientId);
  // A new principal holds no role: ARM refuses its calls until one is assigned (RBAC, deny by default).
  const denied = await emu.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`, { auth: token.token });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(denied.json.error.code, "AuthorizationFailed");
  await assignRole(emu, objectId!, "Reader");
  const res = await emu.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`, { auth: token.token });
  assert.equal(res.status, 200);

  const listed = await emu.request("GET", "/_aksemu/principals");
  assert.deepEqual(listed.json.value.map((p: { clientId: string }) => p.clientId).sort(), [clientId, "00000000-0000-4000-8000-00000000c11e"].sort());
  assert.equal(listed.json.value.some((p: Record<string, unknown>) => "clientSecret" in p), false, "secrets are shown only once, at creation");

  const wrong = new ClientSecretCredential(TENANT, clientId!, "not-the-secret", { authorityHost: emu.url, disableInstanceDiscovery: true });
  await assert.rejects(wrong.getToken("https://management.azure.com/.default"), /AADSTS7000215/);

  assert.equal((await emu.request("DELETE", `/_aksemu/principals/${clientId}`)).status, 204);
  const gone = new ClientSecretCredential(TENANT, clientId!, clientSecret!, { authorityHost: emu.url, disableInstanceDiscovery: true });
  await assert.rejects(gone.getToken("https://management.azure.com/.default"), /AADSTS700016/);
});

test("principal requests are validated", async () => {
  assert.equal((await emu.request("POST", "/_aksemu/principals", { body: { clientId: "not-a-guid" } })).status, 400);
  const dup = await emu.request("POST", "/_aksemu/principals", { body: { clientId: "00000000-0000-4000-8000-00000000c11e" } });
  assert.equal(dup.status, 409);
  assert.equal((await emu.request("DELETE", "/_aksemu/principals/00000000-0000-4000-8000-00000000c11e")).status, 400);
  assert.equal((await emu.request("GET", "/_aksemu/principals", { auth: false })).status, 401);
});
