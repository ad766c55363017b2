// Cloud Shell's managed identity endpoint, pure: what it answers az's get_msi_token request.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import { AKS_SERVER_APP_ID, cloudShellToken } from "../../src/identity/cloud-shell.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const identity = { objectId: "11111111-1111-4111-8111-111111111111", clientId: "22222222-2222-4222-8222-222222222222", clientSecret: "s", displayName: "shell-user" };
const ask = (resource: string | undefined, opts: { metadata?: string; identity?: typeof identity | undefined } = {}) =>
  cloudShellToken({
    form: new URLSearchParams(resource === undefined ? {} : { resource }),
    metadata: "metadata" in opts ? opts.metadata : "true",
    identity: "identity" in opts ? opts.identity : identity,
    tenant: "t1",
    nowMs: 1_700_000_000_000,
    key: { privateKey, kid: "k" },
    newId: () => "u1",
  });

test("a served audience gives a v1-shaped token for the signed-in identity", () => {
  const a = ask("https://management.core.windows.net/");
  assert.equal(a.status, 200);
  if (a.status !== 200) return;
  assert.deepEqual({ ...a.body, access_token: "-" }, { access_token: "-", refresh_token: "", expires_in: "3600", expires_on: "1700003600", not_before: "1700000000", resource: "https://management.core.windows.net/", token_type: "Bearer" });
  const claims = JSON.parse(Buffer.from(a.body.access_token.split(".")[1]!, "base64url").toString("utf8"));
  assert.equal(claims.oid, identity.objectId);
  assert.equal(claims.aud, "https://management.core.windows.net/");
  assert.equal(claims.iss, "https://sts.windows.net/t1/");
  assert.equal(claims.unique_name, "shell-user");
  // A trailing slash does not matter to the audience check.
  assert.equal(ask("https://vault.azure.net/").status, 200);
});

test("AKS's Entra ID server app is not a Cloud Shell audience: 400 AudienceNotSupported, Cloud Shell's body", () => {
  const a = ask(AKS_SERVER_APP_ID);
  assert.equal(a.status, 400);
  const body = a.body as { error: { code: string; message: string } };
  assert.equal(body.error.code, "AudienceNotSupported");
  assert.match(body.error.message, /^Audience 6dae42f8-4368-4678-94ff-3960e28e3630 is not a supported MSI token audience\. Supported audiences: https:\/\/management\.core\.windows\.net\/,https:\/\/management\.azure\.com\/,/);
});

test("no identity, no Metadata header, no resource: each a 400", () => {
  const none = ask("https://management.core.windows.net/", { identity: undefined });
  assert.deepEqual([none.status, (none.body as any).error.code], [400, "IdentityNotConfigured"]);
  assert.deepEqual([ask("https://management.core.windows.net/", { metadata: undefined }).status, (ask("https://management.core.windows.net/", { metadata: undefined }).body as any).error.code], [400, "BadRequest"]);
  assert.equal(ask(undefined).status, 400);
});
