import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { instanceDiscovery, openIdConfigurationV1 } from "../../src/identity/entra-discovery.js";
import { type Principal, handleTokenRequest, jwks, openIdConfiguration } from "../../src/identity/entra.js";
import { readSignedJwt } from "../../src/identity/jwt.js";
import { armContext, checkClaims } from "../../src/identity/token-rules.js";
import { generateSigningKey } from "../../src/identity/signing-key.js";
import { ensureCertificates } from "../../src/tls/certificates.js";

const TENANT = "tenant-1";
const ORIGIN = "https://127.0.0.1:8443";
const NOW = Date.parse("2026-11-22T03:10:11.456Z");
const principal: Principal = {
  objectId: "6f1a3c52-0f3e-4c1e-9d0a-3b7a1c2e4f50",
  clientId: "client-id-1",
  clientSecret: "s3cret~value",
  displayName: "ci-deployer",
};
const signingKey = generateSigningKey();
const key = { privateKey: signingKey.privateKey, kid: signingKey.publicJwk.kid };
const publicKey = createPublicKey(signingKey.privateKey);

function idSequence(): () => string {
  let n = 0;
  return () => `00000000-0000-0000-0000-${String(++n).padStart(12, "0")}`;
}

function request(fields: Record<string, string>, nowMs = NOW) {
  return handleTokenRequest({
    form: new URLSearchParams(fields),
    tenant: TENANT,
    origin: ORIGIN,
    principals: [principal],
    nowMs,
    key,
    newId: idSequence(),
  });
}

const valid = {
  grant_type: "client_credentials",
  client_id: "client-id-1",
  client_secret: "s3cret~value",
  scope: "https://management.azure.com/.default",
};

test("openid-configuration points every endpoint at the emulator and carries Entra ID's fields", () => {
  const doc = openIdConfiguration({ origin: ORIGIN, tenant: TENANT }) as Record<string, unknown>;
  assert.equal(doc["token_endpoint"], `${ORIGIN}/${TENANT}/oauth2/v2.0/token`);
  assert.equal(doc["issuer"], `${ORIGIN}/${TENANT}/v2.0`);
  assert.equal(doc["authorization_endpoint"], `${ORIGIN}/${TENANT}/oauth2/v2.0/authorize`);
  assert.equal(doc["jwks_uri"], `${ORIGIN}/${TENANT}/discovery/v2.0/keys`);
  assert.deepEqual(doc["id_token_signing_alg_values_supported"], ["RS256"]);
  assert.deepEqual(doc["token_endpoint_auth_methods_supported"], ["client_secret_post", "private_key_jwt", "client_secret_basic"]);
  assert.equal(doc["tenant_region_scope"], null);
  assert.equal(doc["cloud_instance_name"], "microsoftonline.com");
  assert.deepEqual(openIdConfiguration({ origin: `${ORIGIN}/`, tenant: TENANT }), doc);
});

test("jwks wraps the public keys", () => {
  assert.deepEqual(jwks([signingKey.publicJwk]), { keys: [signingKey.publicJwk] });
});

test("client credentials: a v2.0 app token for the requested resource", () => {
  const result = request(valid);
  assert.ok(result.ok);
  assert.equal(result.status, 200);
  assert.equal(result.body.token_type, "Bearer");
  assert.equal(result.body.expires_in, 3600);
  assert.equal(result.body.ext_expires_in, 3600);
  const verified = checkClaims(readSignedJwt(result.body.access_token, publicKey)!, armContext(ORIGIN, NOW));
  assert.ok("claims" in verified, JSON.stringify(verified));
  const iat = Math.floor(NOW / 1000);
  assert.deepEqual(verified.claims, {
    aud: "https://management.azure.com",
    iss: `${ORIGIN}/${TENANT}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    appid: "client-id-1",
    azp: "client-id-1",
    idtyp: "app",
    oid: principal.objectId,
    sub: principal.objectId,
    tid: TENANT,
    uti: "00000000-0000-0000-0000-000000000001",
    ver: "2.0",
  });
});

test("a token for any audience is issued (ARM accepts only its own); a custom ttl is honoured", () => {
  const cases: [scope: string, aud: string][] = [
    ["https://management.core.windows.net//.default", "https://management.core.windows.net/"],
    ["6dae42f8-4368-4678-94ff-3960e28e3630/.default", "6dae42f8-4368-4678-94ff-3960e28e3630"],
    ["api://custom", "api://custom"],
  ];
  for (const [scope, aud] of cases) {
    const result = handleTokenRequest({
      form: new URLSearchParams({ ...valid, scope }),
      tenant: TENANT, origin: ORIGIN, principals: [principal], nowMs: NOW, key, newId: idSequence(), ttlSeconds: 60,
    });
    assert.ok(result.ok, scope);
    assert.equal(result.body.expires_in, 60);
    assert.equal(readSignedJwt(result.body.access_token, publicKey)?.["aud"], aud);
  }
});

test("errors carry Entra ID's codes, texts and envelope", () => {
  const timestamp = "2026-11-22 03:10:11Z";
  const trailer = (correlationId: string) =>
    `\r\nTrace ID: 00000000-0000-0000-0000-000000000001\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;
  const cases: [fields: Record<string, string>, status: number, error: string, code: number, text: string][] = [
    [{ ...valid, client_id: "nope" }, 400, "unauthorized_client", 700016,
      `AADSTS700016: Application with identifier 'nope' was not found in the directory '${TENANT}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`],
    [{ ...valid, client_secret: "wrong" }, 401, "invalid_client", 7000215,
      "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'client-id-1'."],
    [{ ...valid, client_secret: "" }, 401, "invalid_client", 7000218,
      "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."],
    [{ ...valid, grant_type: "password" }, 400, "unsupported_grant_type", 70003,
      "AADSTS70003: The app requested an unsupported grant type 'password'."],
    [{ client_id: "client-id-1", scope: valid.scope }, 400, "invalid_request", 900144,
      "AADSTS900144: The request body must contain the following parameter: 'grant_type'."],
    [{ grant_type: "client_credentials", client_id: "client-id-1", client_secret: "s3cret~value" }, 400, "invalid_request", 900144,
      "AADSTS900144: The request body must contain the following parameter: 'scope'."],
    [{ grant_type: "client_credentials", scope: valid.scope }, 400, "invalid_request", 900144,
      "AADSTS900144: The request body must contain the following parameter: 'client_id'."],
  ];
  for (const [fields, status, error, code, text] of cases) {
    const result = request(fields);
    assert.equal(result.ok, false, text);
    assert.equal(result.status, status, text);
    assert.deepEqual(result.body, {
      error,
      error_description: text + trailer("00000000-0000-0000-0000-000000000002"),
      error_codes: [code],
      timestamp,
      trace_id: "00000000-0000-0000-0000-000000000001",
      correlation_id: "00000000-0000-0000-0000-000000000002",
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
  }
});

test("the client's client-request-id comes back as correlation_id", () => {
  const result = request({ ...valid, client_secret: "wrong", "client-request-id": "c0ffee00-0000-4000-8000-000000000000" });
  assert.equal(result.ok, false);
  assert.equal(result.ok ? "" : result.body.correlation_id, "c0ffee00-0000-4000-8000-000000000000");
});

// A minimal HTTPS adapter over the pure builders, enough for MSAL's discovery and token calls.
async function startFakeEntra(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(join(tmpdir(), "aksemu-entra-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const tls = await ensureCertificates(join(root, "tls"));
  const seen: string[] = [];
  let origin = "";
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origin);
    seen.push(`${req.method} ${url.pathname}`);
    const [, tenant = "", ...rest] = url.pathname.split("/");
    const route = `${req.method} /${rest.join("/")}`;
    if (route === "GET /v2.0/.well-known/openid-configuration") return reply(res, 200, openIdConfiguration({ origin, tenant }));
    if (route === "GET /discovery/v2.0/keys") return reply(res, 200, jwks([signingKey.publicJwk]));
    if (route === "POST /oauth2/v2.0/token") {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      const result = handleTokenRequest({
        form: new URLSearchParams(body), tenant, origin, principals: [principal], nowMs: Date.now(), key, newId: () => crypto.randomUUID(),
      });
      return reply(res, result.status, result.body);
    }
    return reply(res, 404, { error: "not_found" });
  };
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { origin, ca: tls.caCertPem, seen };
}

test("the real @azure/identity ClientSecretCredential gets a token that verifies", async (t) => {
  const entra = await startFakeEntra(t);
  // tlsOptions reaches the credential's own pipeline (IdentityClient is a core-client ServiceClient).
  const credential = new ClientSecretCredential(TENANT, principal.clientId, principal.clientSecret, {
    authorityHost: entra.origin,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: entra.ca },
  });
  const token = await credential.getToken("https://management.azure.com/.default");
  const verified = checkClaims(readSignedJwt(token.token, publicKey)!, armContext(entra.origin, Date.now()));
  assert.ok("claims" in verified, JSON.stringify(verified));
  assert.equal(verified.claims.aud, "https://management.azure.com");
  assert.equal(verified.claims.tid, TENANT);
  assert.equal(verified.claims.appid, principal.clientId);
  assert.ok(token.expiresOnTimestamp > Date.now() + 3000 * 1000);
  assert.deepEqual(entra.seen, [`GET /${TENANT}/v2.0/.well-known/openid-configuration`, `POST /${TENANT}/oauth2/v2.0/token`]);
});

test("the real ClientSecretCredential rejects with AADSTS7000215 for a wrong secret", async (t) => {
  const entra = await startFakeEntra(t);
  const credential = new ClientSecretCredential(TENANT, principal.clientId, "not-the-secret", {
    authorityHost: entra.origin,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: entra.ca },
  });
  await assert.rejects(credential.getToken("https://management.azure.com/.default"), (error: Error) => {
    assert.match(error.message, /AADSTS7000215: Invalid client secret provided\./);
    return true;
  });
});

test("v1 token endpoint: `resource` is the audience, the issuer is sts.windows.net, numbers are strings", () => {
  const { scope: _scope, ...rest } = valid;
  const result = handleTokenRequest({ version: 1, form: new URLSearchParams({ ...rest, resource: "https://management.core.windows.net/" }), tenant: TENANT, origin: ORIGIN, principals: [principal], nowMs: NOW, key, newId: idSequence() });
  assert.ok(result.ok);
  const body = result.body as Record<string, unknown>;
  assert.deepEqual([body["expires_in"], body["resource"], body["expires_on"]], ["3600", "https://management.core.windows.net/", String(Math.floor(NOW / 1000) + 3600)]);
  const claims = readSignedJwt(String(body["access_token"]), publicKey)!;
  assert.deepEqual([claims["iss"], claims["aud"], claims["ver"]], [`https://sts.windows.net/${TENANT}/`, "https://management.core.windows.net/", "1.0"]);
  // ARM accepts it under any of the emulator's names.
  assert.ok("claims" in checkClaims(claims, armContext("https://management.azure.com", NOW)));
  const missing = handleTokenRequest({ version: 1, form: new URLSearchParams(valid), tenant: TENANT, origin: ORIGIN, principals: [principal], nowMs: NOW, key, newId: idSequence() });
  assert.equal(missing.status, 400);
  assert.match((missing.body as { error_description: string }).error_description, /^AADSTS900144: The request body must contain the following parameter: 'resource'\./);
});

test("instance discovery lists Entra ID's public cloud, and a custom authority as a cloud of its own", () => {
  const known = instanceDiscovery({ origin: "https://login.microsoftonline.com", authorizationEndpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize` }) as { tenant_discovery_endpoint: string; metadata: { aliases: string[] }[] };
  assert.equal(known.tenant_discovery_endpoint, `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`);
  assert.equal(known.metadata.length, 1);
  assert.ok(known.metadata[0]!.aliases.includes("login.windows.net"));
  const custom = instanceDiscovery({ origin: "https://login.microsoftonline.com", authorizationEndpoint: "https://aksemu.test/common/oauth2/v2.0/authorize" }) as typeof known;
  assert.equal(custom.tenant_discovery_endpoint, "https://aksemu.test/common/v2.0/.well-known/openid-configuration");
  assert.deepEqual(custom.metadata[1]!.aliases, ["aksemu.test"]);
  const v1 = openIdConfigurationV1({ origin: ORIGIN, tenant: TENANT }) as Record<string, string>;
  assert.deepEqual([v1["token_endpoint"], v1["issuer"]], [`${ORIGIN}/${TENANT}/oauth2/token`, `https://sts.windows.net/${TENANT}/`]);
});
