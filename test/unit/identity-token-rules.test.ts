// The rules ARM applies to a token's claims (identity/token-rules.ts), as tables: issuer, lifetime,
// audience, object id, and the tenant a request needs. Tokens are really signed and read back
// (jwt.ts), so the signature cases sit in the same tables.
import { test } from "node:test";
import { at, key, ORIGIN, publicKey, seconds, tokenClaims } from "./support/signing.js";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { ARM_ERRORS } from "../../src/arm/error-catalog.js";
import { type AccessTokenClaims, readSignedJwt, signJwt } from "../../src/identity/jwt.js";
import { KUBE_AUDIENCE, kubeTokenIssuer } from "../../src/identity/kube-tokens.js";
import { generateSigningKey } from "../../src/identity/signing-key.js";
import { ARM_AUDIENCES, armContext, checkClaims, checkTenant, emulatorIssuers, invalidToken, type IssuerForm, type TokenRefusal } from "../../src/identity/token-rules.js";

const TENANT = "00000000-0000-4000-8000-0000000a7e11";
const OTHER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const NOW = "2026-06-15T08:30:00Z";

function claims(overrides: Partial<Record<keyof AccessTokenClaims, unknown>> = {}): Record<string, unknown> {
  return tokenClaims({ tenant: TENANT, aud: "https://management.azure.com/" }, overrides);
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** What the front door does with a token: read its signature, then apply the ARM rules. */
function verify(token: string, iso = NOW, origin = ORIGIN): { claims: AccessTokenClaims } | TokenRefusal {
  const payload = readSignedJwt(token, publicKey);
  return payload === undefined ? invalidToken() : checkClaims(payload, armContext(origin, at(iso)));
}

/** The wire text of a refusal, from the front door's catalog. */
function text(r: TokenRefusal): string {
  return (ARM_ERRORS[r.refused].message as (p: unknown) => string)(r.params);
}

const INVALID = { refused: "invalidAuthenticationToken", params: { message: "The access token is invalid." } };
const accepted = (result: ReturnType<typeof verify>): boolean => "claims" in result;

test("ARM's four audiences and the emulator's origin (with or without a slash) are accepted", () => {
  for (const aud of [...ARM_AUDIENCES, ORIGIN, `${ORIGIN}/`]) {
    const result = verify(signJwt(claims({ aud }), key));
    assert.ok(accepted(result), `${aud}: ${JSON.stringify(result)}`);
  }
  // The origin is the one the client used: a token asked for `<endpoint>/.default` under another name is not for this one.
  assert.ok(!accepted(verify(signJwt(claims({ aud: "https://localhost:8443" }), key))));
});

test("wrong audience: 401 InvalidAuthenticationTokenAudience with ARM's exact text", () => {
  const cases = [
    "https://graph.microsoft.com",
    "https://graph.windows.net/",
    "api://custom",
    "00000002-0000-0000-c000-000000000000",
    KUBE_AUDIENCE,
    "https://management.azure.com//",
    "HTTPS://MANAGEMENT.AZURE.COM/",
    "https://127.0.0.1:8444",
    "",
  ];
  for (const aud of cases) {
    const result = verify(signJwt(claims({ aud }), key));
    assert.deepEqual(result, { refused: "invalidAuthenticationTokenAudience", params: { audience: aud } }, aud);
    assert.equal(ARM_ERRORS.invalidAuthenticationTokenAudience.status, 401);
    assert.equal(ARM_ERRORS.invalidAuthenticationTokenAudience.code, "InvalidAuthenticationTokenAudience");
    assert.equal(
      text(result as TokenRefusal),
      `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
    );
  }
});

test("each Kubernetes-audience token (user and admin kubeconfigs) is refused on ARM", () => {
  const issue = kubeTokenIssuer(key);
  for (const role of ["user", "admin"]) {
    const token = issue({ objectId: "11111111-1111-1111-1111-111111111111", clientId: "client-id-1", tenantId: TENANT, origin: ORIGIN, issuedAt: at("2026-06-15T08:00:00Z"), uti: `uid-${role}` });
    assert.deepEqual(verify(token), { refused: "invalidAuthenticationTokenAudience", params: { audience: KUBE_AUDIENCE } }, role);
  }
});

test("wrong issuer: 'The access token is invalid.'", () => {
  const cases = [
    // Not one of the emulator's names, or one of them in a form it never writes.
    `https://login.microsoftonline.com.evil/${TENANT}/v2.0`,
    `https://login.microsoftonline.com/${TENANT}/`,
    `https://sts.windows.net/${TENANT}/v2.0`,
    `https://graph.microsoft.com/${TENANT}/v2.0`,
    `${ORIGIN}0/${TENANT}/v2.0`,
    `https://127.0.0.1:8444/${TENANT}/v2.0`,
    `${ORIGIN}/${TENANT}`,
    `${ORIGIN}/${TENANT}/v2.0/`,
    // Under the right origin, but naming another tenant than the token's tid.
    `${ORIGIN}/${OTHER_TENANT}/v2.0`,
  ];
  for (const iss of cases) assert.deepEqual(verify(signJwt(claims({ iss }), key)), INVALID, iss);
  // The prefix is the origin the request came in under, with or without a trailing slash.
  assert.ok(accepted(verify(signJwt(claims(), key), NOW, `${ORIGIN}/`)));
  assert.deepEqual(verify(signJwt(claims(), key), NOW, "https://localhost:8443"), INVALID);
});

test("a token issued under any of the emulator's names is good under the others (proxy mode, localhost vs 127.0.0.1)", () => {
  const good = [
    `https://login.microsoftonline.com/${TENANT}/v2.0`,
    `https://login.windows.net/${TENANT}/v2.0`,
    `https://sts.windows.net/${TENANT}/`,
  ];
  for (const iss of good) assert.ok(accepted(verify(signJwt(claims({ iss }), key), NOW, "https://management.azure.com")), iss);
  // The direct endpoint's other names count once the server says which they are.
  const payload = readSignedJwt(signJwt(claims({ iss: `https://localhost:8443/${TENANT}/v2.0` }), key), publicKey)!;
  assert.ok("claims" in checkClaims(payload, armContext("https://management.azure.com", at(NOW), ["https://localhost:8443", "https://127.0.0.1:8443"])));
  assert.deepEqual(checkClaims(payload, armContext("https://management.azure.com", at(NOW), ["https://127.0.0.1:8443"])), INVALID);
});

test("a token issued under another tenant passes the token rules (its tenant is checked per request)", () => {
  const result = verify(signJwt(claims({ iss: `${ORIGIN}/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT }), key));
  assert.ok(accepted(result));
});

test("signature, alg and shape: 'The access token is invalid.'", () => {
  const good = signJwt(claims(), key);
  const [h, p, s] = good.split(".") as [string, string, string];
  const other = generateSigningKey();
  const hsHeader = b64({ typ: "JWT", alg: "HS256", kid: key.kid });
  const pem = publicKey.export({ type: "spki", format: "pem" });
  const cases: Record<string, string> = {
    "alg none, empty signature": `${b64({ typ: "JWT", alg: "none" })}.${p}.`,
    "alg none, any signature": `${b64({ typ: "JWT", alg: "none" })}.${p}.${s}`,
    "unknown alg": `${b64({ typ: "JWT", alg: "RS1024", kid: key.kid })}.${p}.${s}`,
    "alg missing": `${b64({ typ: "JWT", kid: key.kid })}.${p}.${s}`,
    "HS256 keyed with the public key": `${hsHeader}.${p}.${createHmac("sha256", pem).update(`${hsHeader}.${p}`).digest("base64url")}`,
    "signed with another key": signJwt(claims(), { privateKey: other.privateKey, kid: other.publicJwk.kid }),
    "signed with another key, our kid": signJwt(claims(), { privateKey: other.privateKey, kid: key.kid }),
    "payload changed after signing": `${h}.${b64(claims({ tid: OTHER_TENANT }))}.${s}`,
    "exp missing": signJwt(claims({ exp: undefined }), key),
    "exp not a number": signJwt(claims({ exp: "2026-06-15T09:00:00Z" }), key),
    "nbf missing": signJwt(claims({ nbf: undefined }), key),
    "iss missing": signJwt(claims({ iss: undefined }), key),
    "tid missing": signJwt(claims({ tid: undefined }), key),
    "aud missing": signJwt(claims({ aud: undefined }), key),
    "aud an array": signJwt(claims({ aud: ["https://management.azure.com/"] }), key),
    "payload not an object": `${h}.${b64(["x"])}.${s}`,
  };
  for (const [label, token] of Object.entries(cases)) assert.deepEqual(verify(token), INVALID, label);
  assert.ok(accepted(verify(good)));
});

test("lifetime: exp and nbf with 5 minutes of skew, ARM's ExpiredAuthenticationToken text", () => {
  const expiring = signJwt(claims({ exp: seconds("2026-06-15T08:22:51Z") }), key);
  assert.ok(accepted(verify(expiring, "2026-06-15T08:27:51Z")));
  assert.deepEqual(verify(expiring, "2026-06-15T09:27:25Z"), {
    refused: "expiredAuthenticationToken",
    params: { message: "The access token expiry UTC time '6/15/2026 8:22:51 AM' is earlier than current UTC time '6/15/2026 9:27:25 AM'." },
  });
  const early = signJwt(claims({ nbf: seconds("2026-06-15T08:10:00Z") }), key);
  assert.ok(accepted(verify(early, "2026-06-15T08:06:00Z")), "nbf within the skew");
  assert.deepEqual(verify(early, "2026-06-15T08:04:00Z"), INVALID, "nbf beyond the skew");
});

test("expiry times are formatted M/D/YYYY h:mm:ss AM/PM in UTC", () => {
  const cases: [exp: string, now: string, expText: string, nowText: string][] = [
    ["2026-11-03T13:04:05Z", "2026-11-03T23:59:59Z", "11/3/2026 1:04:05 PM", "11/3/2026 11:59:59 PM"],
    ["2026-01-01T00:05:00Z", "2026-01-01T12:00:00Z", "1/1/2026 12:05:00 AM", "1/1/2026 12:00:00 PM"],
    ["2026-12-31T23:00:00Z", "2027-01-01T00:00:00Z", "12/31/2026 11:00:00 PM", "1/1/2027 12:00:00 AM"],
  ];
  for (const [exp, now, expText, nowText] of cases) {
    const result = verify(signJwt(claims({ nbf: seconds(exp) - 3600, exp: seconds(exp) }), key), now);
    assert.deepEqual(result, { refused: "expiredAuthenticationToken", params: { message: `The access token expiry UTC time '${expText}' is earlier than current UTC time '${nowText}'.` } });
  }
});

test("a validly signed token without oid gets ARM's missing-claims text", () => {
  for (const oid of [undefined, ""]) {
    const result = verify(signJwt(claims({ oid }), key));
    assert.ok(!accepted(result));
    assert.equal((result as TokenRefusal).refused, "invalidAuthenticationToken");
    assert.match(text(result as TokenRefusal), /^The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present\./);
  }
});

test("tenant: the token's tid must be the tenant the request needs (case-insensitive), else InvalidAuthenticationTokenTenant", () => {
  const issuers = emulatorIssuers(ORIGIN);
  assert.equal(checkTenant({ iss: `${ORIGIN}/${TENANT}/v2.0`, tid: TENANT }, { tenant: TENANT, issuers }), undefined);
  assert.equal(checkTenant({ iss: `${ORIGIN}/${TENANT}/v2.0`, tid: TENANT }, { tenant: TENANT.toUpperCase(), issuers }), undefined);

  const foreign = { iss: `${ORIGIN}/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT };
  const refusal = checkTenant(foreign, { tenant: TENANT, issuers });
  assert.deepEqual(refusal, {
    refused: "invalidAuthenticationTokenTenant",
    params: { issuer: `${ORIGIN}/${OTHER_TENANT}/v2.0`, expectedIssuer: `${ORIGIN}/${TENANT}/v2.0`, authority: `${ORIGIN}/${TENANT}` },
  });
  assert.equal(ARM_ERRORS.invalidAuthenticationTokenTenant.status, 401);
  assert.equal(ARM_ERRORS.invalidAuthenticationTokenTenant.code, "InvalidAuthenticationTokenTenant");
  assert.equal(
    text(refusal!),
    `The access token is from the wrong issuer '${ORIGIN}/${OTHER_TENANT}/v2.0'. It must match the tenant '${ORIGIN}/${TENANT}/v2.0' associated with this subscription. Please use the authority (URL) '${ORIGIN}/${TENANT}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
  );
});

test("tenant: the refusal names the issuer form the token used (the v1 form as ARM names it)", () => {
  const issuers: IssuerForm[] = emulatorIssuers(ORIGIN);
  const refusal = checkTenant({ iss: `https://sts.windows.net/${OTHER_TENANT}/`, tid: OTHER_TENANT }, { tenant: TENANT, issuers });
  assert.deepEqual(refusal?.params, { issuer: `https://sts.windows.net/${OTHER_TENANT}/`, expectedIssuer: `https://sts.windows.net/${TENANT}/`, authority: `https://login.windows.net/${TENANT}` });
  // And such a token passes the issuer rule once its form is listed.
  const payload = readSignedJwt(signJwt(claims({ iss: `https://sts.windows.net/${TENANT}/` }), key), publicKey)!;
  assert.ok("claims" in checkClaims(payload, { ...armContext(ORIGIN, at(NOW)), issuers }));
});
