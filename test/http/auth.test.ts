// Trust and identity at the front door: bearer tokens from the emulated Entra ID, the 401s real
// ARM answers (ERROR-TEXTS.md §13), the token endpoint, OpenID discovery, JWKS and cloud metadata.
import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DEFAULT_IDENTITY } from "../../src/config/config.js";
import { handleTokenRequest } from "../../src/identity/entra.js";
import { ensureSigningKey } from "../../src/identity/signing-key.js";
import { CLIENT_ID, CLIENT_SECRET, SUB, TENANT, startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { assertGatewayError, assertStatus, createCluster, decodeJwtPart, header, mcPath, mintToken, q, rgPath, RG_API, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
});
after(() => emu.close());

const groupUrl = () => q(rgPath("rg1"), RG_API);

function assertChallenge(res: HttpResult, origin = emu.url): void {
  const challenge = header(res, "www-authenticate");
  assert.ok(challenge, "401 must carry WWW-Authenticate");
  assert.ok(challenge.startsWith("Bearer "), challenge);
  assert.ok(challenge.includes(`authorization_uri="${origin}/${TENANT}"`), challenge);
  assert.ok(challenge.includes('error="invalid_token"'), challenge);
}

/** `6/15/2026 8:22:51 AM`: .NET invariant culture, as in ARM's ExpiredAuthenticationToken text. */
function dotnetUtc(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  const ss = String(d.getUTCSeconds()).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${mm}:${ss} ${h < 12 ? "AM" : "PM"}`;
}

function signWith(privateKey: Parameters<typeof sign>[2], headerJson: object, claims: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${enc(headerJson)}.${enc(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}

test("a valid token from the emulator's token endpoint is accepted", async () => {
  const res = await emu.request("GET", groupUrl());
  assertStatus(res, 200);
  assert.equal(res.json.name, "rg1");
});

test("no Authorization header: 401 AuthenticationFailed with the ARM text and a challenge", async () => {
  const res = await emu.request("GET", groupUrl(), { auth: false });
  assertGatewayError(res, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  assertChallenge(res);
});

test("a malformed Authorization header: 401 AuthenticationFailedInvalidHeader", async () => {
  for (const value of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "token-without-scheme"]) {
    const res = await emu.request("GET", groupUrl(), { headers: { authorization: value } });
    assertGatewayError(res, 401, "AuthenticationFailedInvalidHeader", "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    assertChallenge(res);
  }
});

test("garbage and forged tokens: 401 InvalidAuthenticationToken 'The access token is invalid.'", async () => {
  const good = await emu.token();
  const head = decodeJwtPart(good, 0);
  const claims = decodeJwtPart(good, 1);
  const [h, p, s] = good.split(".") as [string, string, string];
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, oid: "00000000-0000-0000-0000-000000000bad" })).toString("base64url")}.${s}`;
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const candidates: Record<string, string> = {
    garbage: "abc.def.ghi",
    "one segment": "notajwt",
    "signed by another key": signWith(stranger, head, claims),
    "payload changed after signing": tampered,
    "alg none": `${enc({ typ: "JWT", alg: "none", kid: head.kid })}.${p}.`,
    "HS256 keyed with nothing": `${enc({ typ: "JWT", alg: "HS256", kid: head.kid })}.${p}.${s}`,
  };
  for (const [label, token] of Object.entries(candidates)) {
    const res = await emu.request("GET", groupUrl(), { auth: token });
    assert.equal(res.status, 401, `${label}: ${res.text}`);
    assertGatewayError(res, 401, "InvalidAuthenticationToken", "The access token is invalid.");
    assertChallenge(res);
  }
});

test("a token issued by another emulator (another signing key) is refused", async () => {
  const other = await startEmulator();
  try {
    const foreign = await other.token();
    const res = await emu.request("GET", groupUrl(), { auth: foreign });
    assertGatewayError(res, 401, "InvalidAuthenticationToken", "The access token is invalid.");
  } finally {
    await other.close();
  }
});

test("an expired token: valid up to expiry + 5 min skew, then 401 ExpiredAuthenticationToken with ARM's exact text", async () => {
  // Token lifetimes follow the wall clock (clients cache tokens for expires_in real seconds), so
  // the test signs tokens issued in the past with the emulator's own key, read from its data dir.
  const hour = 3600_000;
  const skew = 5 * 60_000;
  const persistent = await startEmulator({ persistent: true });
  try {
    await persistent.createGroup("rg1");
    const key = await ensureSigningKey(join(persistent.dataDir!, "identity"));
    const minted = (issuedAt: number) => {
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "https://management.azure.com/.default" });
      const principal = { objectId: DEFAULT_IDENTITY.principalObjectId, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, displayName: "p" };
      const result = handleTokenRequest({ form, tenant: TENANT, origin: persistent.url, principals: [principal], nowMs: issuedAt, key: { privateKey: key.privateKey, kid: key.publicJwk.kid }, newId: randomUUID });
      if (!result.ok) throw new Error(result.body.error_description);
      return result.body.access_token;
    };
    await expiredTokenChecks(persistent, minted, hour, skew);
  } finally {
    await persistent.close();
  }
});

async function expiredTokenChecks(emu: Emulator, mint: (issuedAt: number) => string, hour: number, skew: number): Promise<void> {
  const inSkew = mint(Date.now() - hour - skew + 30_000);
  assertStatus(await emu.request("GET", q(rgPath("nope"), RG_API), { auth: inSkew }), 404);
  const expired = mint(Date.now() - hour - skew - 30_000);
  const expMs = decodeJwtPart(expired, 1).exp * 1000;
  const before = Date.now();
  const res = await emu.request("GET", q(rgPath("nope"), RG_API), { auth: expired });
  const after = Date.now();
  const m = /^The access token expiry UTC time '(.+)' is earlier than current UTC time '(.+)'\.$/.exec(res.json?.error?.message ?? "");
  assert.ok(m, res.text);
  assert.equal(m[1], dotnetUtc(expMs));
  assert.ok([dotnetUtc(before), dotnetUtc(after)].includes(m[2]!), `current time ${m[2]} is the wall clock`);
  assertGatewayError(res, 401, "ExpiredAuthenticationToken", res.json.error.message);
  assertChallenge(res, emu.url);
  // A fresh token still works, and advancing virtual time does not expire it.
  const fresh = (await mintToken(emu, TENANT, CLIENT_ID, CLIENT_SECRET)).json.access_token as string;
  assertStatus(await emu.request("POST", "/_aksemu/clock/advance", { body: { by: "P2D" }, auth: fresh }), 200);
  assertStatus(await emu.request("GET", q(rgPath("nope"), RG_API), { auth: fresh }), 404);
}

test("token endpoint: client_credentials issues an RS256 JWT from this issuer for the default principal", async () => {
  const res = await mintToken(emu, TENANT, CLIENT_ID, CLIENT_SECRET);
  assertStatus(res, 200);
  assert.equal(res.json.token_type, "Bearer");
  assert.equal(res.json.expires_in, 3600);
  const token = res.json.access_token as string;
  const head = decodeJwtPart(token, 0);
  const claims = decodeJwtPart(token, 1);
  assert.equal(head.alg, "RS256");
  assert.equal(head.typ, "JWT");
  assert.equal(claims.iss, `${emu.url}/${TENANT}/v2.0`);
  assert.equal(claims.tid, TENANT);
  assert.equal(claims.appid, CLIENT_ID);
  assert.equal(claims.exp - claims.iat, 3600);
  assert.match(claims.oid, /^[0-9a-f-]{36}$/);
  // Any audience is accepted: old SDKs ask for `<endpoint>/.default`.
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: `${emu.url}/.default` });
  const other = await emu.request("POST", `/${TENANT}/oauth2/v2.0/token`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
  assertStatus(other, 200);
  assert.equal(decodeJwtPart(other.json.access_token, 1).aud, emu.url);
  assertStatus(await emu.request("GET", groupUrl(), { auth: other.json.access_token }), 200);
});

test("token endpoint: a wrong secret is 401 invalid_client AADSTS7000215", async () => {
  const res = await mintToken(emu, TENANT, CLIENT_ID, "not-the-secret");
  assertStatus(res, 401);
  assert.equal(res.json.error, "invalid_client");
  assert.deepEqual(res.json.error_codes, [7000215]);
  assert.ok(
    String(res.json.error_description).startsWith(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'.\r\nTrace ID: `,
    ),
    res.json.error_description,
  );
  assert.equal(res.json.access_token, undefined);
});

test("token endpoint: an unknown client is 400 unauthorized_client AADSTS700016", async () => {
  const res = await mintToken(emu, TENANT, "11111111-2222-3333-4444-555555555555", CLIENT_SECRET);
  assertStatus(res, 400);
  assert.equal(res.json.error, "unauthorized_client");
  assert.deepEqual(res.json.error_codes, [700016]);
  assert.match(res.json.error_description, /^AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory/);
});

test("OpenID discovery points at this emulator, and JWKS holds the RS256 key that signed the token", async () => {
  const res = await emu.request("GET", `/${TENANT}/v2.0/.well-known/openid-configuration`, { auth: false });
  assertStatus(res, 200);
  const base = `${emu.url}/${TENANT}`;
  assert.equal(res.json.token_endpoint, `${base}/oauth2/v2.0/token`);
  assert.equal(res.json.issuer, `${base}/v2.0`);
  assert.equal(res.json.authorization_endpoint, `${base}/oauth2/v2.0/authorize`);
  assert.equal(res.json.jwks_uri, `${base}/discovery/v2.0/keys`);

  const keys = await emu.request("GET", res.json.jwks_uri, { auth: false });
  assertStatus(keys, 200);
  const token = await emu.token();
  const kid = decodeJwtPart(token, 0).kid as string;
  const jwk = (keys.json.keys as any[]).find((k) => k.kid === kid);
  assert.ok(jwk, `JWKS has kid ${kid}`);
  assert.equal(jwk.kty, "RSA");
  assert.equal(jwk.alg, "RS256");
  assert.equal(jwk.use, "sig");
  // The published key really verifies the token's signature.
  const [h, p, s] = token.split(".") as [string, string, string];
  const pub = createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
  assert.ok(verify("sha256", Buffer.from(`${h}.${p}`), pub, Buffer.from(s, "base64url")));
  assert.equal(decodeJwtPart(token, 1).iss, res.json.issuer);
});

test("/metadata/endpoints works without a token and names this emulator as resourceManager", async () => {
  const res = await emu.request("GET", "/metadata/endpoints?api-version=2022-09-01", { auth: false });
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.json), "2022-09-01 answers an array of clouds");
  assert.equal(res.json.length, 1);
  assert.equal(res.json[0].resourceManager, emu.url);
  assert.equal(res.json[0].authentication.loginEndpoint, emu.url);
  const old = await emu.request("GET", "/metadata/endpoints?api-version=2020-06-01", { auth: false });
  assertStatus(old, 200);
  assert.ok(!Array.isArray(old.json), "older api-versions answer one object");
  assert.equal(old.json.resourceManager, emu.url);
});

/** A token from the emulator's own token endpoint, for any scope and under any tenant. */
async function tokenFor(scope: string, tenant: string = TENANT): Promise<string> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope });
  const res = await emu.request("POST", `/${tenant}/oauth2/v2.0/token`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
  assertStatus(res, 200);
  return res.json.access_token as string;
}

const OTHER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ALLOWED_AUDIENCES = "'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'";
const wrongAudience = (aud: string) => `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ${ALLOWED_AUDIENCES}.`;
const wrongTenant = (origin: string, tokenTenant: string) =>
  `The access token is from the wrong issuer '${origin}/${tokenTenant}/v2.0'. It must match the tenant '${origin}/${TENANT}/v2.0' associated with this subscription. Please use the authority (URL) '${origin}/${TENANT}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`;

test("ARM audiences from the token endpoint are accepted: management.azure.com, management.core.windows.net (az CLI's), the emulator's origin", async () => {
  for (const scope of ["https://management.azure.com/.default", "https://management.core.windows.net//.default", "https://management.core.windows.net/.default", `${emu.url}/.default`, `${emu.url}//.default`]) {
    const token = await tokenFor(scope);
    assertStatus(await emu.request("GET", groupUrl(), { auth: token }), 200);
    assertStatus(await emu.request("GET", "/_aksemu/clock", { auth: token }), 200);
  }
});

test("a graph-audience token from the emulator's own token endpoint: 401 InvalidAuthenticationTokenAudience on ARM and on the control API", async () => {
  const graph = await tokenFor("https://graph.microsoft.com/.default");
  assert.equal(decodeJwtPart(graph, 1).aud, "https://graph.microsoft.com");
  const list = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`;
  for (const [method, path] of [["GET", groupUrl()], ["PUT", q(rgPath("rg-graph"), RG_API)], ["GET", list], ["GET", "/subscriptions?api-version=2022-12-01"], ["GET", "/_aksemu/clock"], ["POST", "/_aksemu/clock/advance"]] as const) {
    const res = await emu.request(method, path, { auth: graph, ...(method === "GET" ? {} : { body: method === "PUT" ? { location: "eastus" } : { by: "PT1M" } }) });
    assertGatewayError(res, 401, "InvalidAuthenticationTokenAudience", wrongAudience("https://graph.microsoft.com"));
    assertChallenge(res);
  }
  assertStatus(await emu.request("GET", q(rgPath("rg-graph"), RG_API)), 404);
});

test("Kubernetes-audience tokens (the user and admin kubeconfigs) are refused on ARM and on the control API", async () => {
  await createCluster(emu, "rg1", "kube-aud");
  for (const action of ["listClusterUserCredential", "listClusterAdminCredential"]) {
    const res = await emu.request("POST", q(`${mcPath("rg1", "kube-aud")}/${action}`));
    assertStatus(res, 200);
    const kubeconfig = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
    const token = /^\s+token: (\S+)$/m.exec(kubeconfig)?.[1];
    assert.ok(token, kubeconfig);
    assert.equal(decodeJwtPart(token, 1).aud, "6dae42f8-4368-4678-94ff-3960e28e3630");
    for (const path of [q(mcPath("rg1", "kube-aud")), "/_aksemu/clock"]) {
      const refused = await emu.request("GET", path, { auth: token });
      assertGatewayError(refused, 401, "InvalidAuthenticationTokenAudience", wrongAudience("6dae42f8-4368-4678-94ff-3960e28e3630"));
      assertChallenge(refused);
    }
  }
});

test("a token from another tenant's token endpoint: 401 InvalidAuthenticationTokenTenant on this tenant's subscription and on the control API", async () => {
  const foreign = await tokenFor("https://management.azure.com/.default", OTHER_TENANT);
  const claims = decodeJwtPart(foreign, 1);
  assert.equal(claims.tid, OTHER_TENANT);
  assert.equal(claims.iss, `${emu.url}/${OTHER_TENANT}/v2.0`);
  const paths: [string, string][] = [
    ["GET", groupUrl()],
    ["PUT", q(rgPath("rg-foreign"), RG_API)],
    ["GET", `/subscriptions/${SUB}?api-version=2022-12-01`],
    ["GET", `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`],
    // The subscription id as ARM matches it: case-insensitive, percent-decoded.
    ["GET", q(rgPath("rg1", SUB.toUpperCase()), RG_API)],
    ["GET", q(rgPath("rg1", `%${SUB.charCodeAt(0).toString(16)}${SUB.slice(1)}`), RG_API)],
    ["GET", "/_aksemu/clock"],
  ];
  for (const [method, path] of paths) {
    const res = await emu.request(method, path, { auth: foreign, ...(method === "PUT" ? { body: { location: "eastus" } } : {}) });
    assertGatewayError(res, 401, "InvalidAuthenticationTokenTenant", wrongTenant(emu.url, OTHER_TENANT));
    assertChallenge(res);
  }
  assertStatus(await emu.request("GET", q(rgPath("rg-foreign"), RG_API)), 404);
  // The same principal's token from this tenant's endpoint works; tenant ids compare case-insensitively.
  assertStatus(await emu.request("GET", groupUrl(), { auth: await tokenFor("https://management.azure.com/.default", TENANT.toUpperCase()) }), 200);
  // The subscription list is the token's tenant's: empty for the other tenant.
  const listed = await emu.request("GET", "/subscriptions?api-version=2022-12-01", { auth: foreign });
  assertStatus(listed, 200);
  assert.deepEqual(listed.json.value, []);
  assert.equal((await emu.request("GET", "/subscriptions?api-version=2022-12-01")).json.value.length, 1);
  // An unknown subscription stays ARM's 404, whatever the token's tenant.
  const unknown = "11111111-2222-3333-4444-555555555555";
  assertGatewayError(await emu.request("GET", q(rgPath("rg1", unknown), RG_API), { auth: foreign }), 404, "SubscriptionNotFound", `The subscription '${unknown}' could not be found.`);
});

test("a token from one of the emulator's names is good under the others (localhost, management.azure.com)", async () => {
  const token = await emu.token();
  assertStatus(await emu.request("GET", groupUrl(), { auth: token }), 200);
  assertStatus(await emu.request("GET", groupUrl(), { auth: token, headers: { host: `localhost:${emu.port}` } }), 200);
  assertStatus(await emu.request("GET", groupUrl(), { auth: token, headers: { host: "management.azure.com" } }), 200);
  assertStatus(await emu.request("GET", groupUrl(), { auth: token }), 200);
});

test("ARM requests on other routes also need the token (subscription list, cluster list)", async () => {
  assertGatewayError(await emu.request("GET", "/subscriptions?api-version=2022-12-01", { auth: false }), 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  const list = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`;
  assertGatewayError(await emu.request("GET", list, { auth: "x.y.z" }), 401, "InvalidAuthenticationToken", "The access token is invalid.");
  const ok = await emu.request("GET", "/subscriptions?api-version=2022-12-01");
  assertStatus(ok, 200);
  assert.equal(ok.json.value[0].subscriptionId, SUB);
  assert.equal(ok.json.value[0].tenantId, TENANT);
});
