import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac, createPublicKey } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AccessTokenClaims, signJwt, verifyJwt } from "../../src/identity/jwt.js";
import { ensureSigningKey, generateSigningKey } from "../../src/identity/signing-key.js";

const ORIGIN = "https://127.0.0.1:8443";
const signingKey = generateSigningKey();
const key = { privateKey: signingKey.privateKey, kid: signingKey.publicJwk.kid };
const publicKey = createPublicKey(signingKey.privateKey);

const at = (iso: string): number => Date.parse(iso);
const seconds = (iso: string): number => at(iso) / 1000;

function claims(overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
  return {
    aud: "https://management.azure.com",
    iss: `${ORIGIN}/tenant-1/v2.0`,
    iat: seconds("2026-06-15T08:00:00Z"),
    nbf: seconds("2026-06-15T08:00:00Z"),
    exp: seconds("2026-06-15T09:00:00Z"),
    oid: "11111111-1111-1111-1111-111111111111",
    sub: "11111111-1111-1111-1111-111111111111",
    tid: "tenant-1",
    appid: "client-id-1",
    azp: "client-id-1",
    idtyp: "app",
    ver: "2.0",
    uti: "uti-1",
    ...overrides,
  };
}

const verifyAt = (token: string, iso: string, issuerPrefix = ORIGIN) =>
  verifyJwt(token, { publicKey, issuerPrefix, nowMs: at(iso) });

const INVALID = { ok: false, code: "InvalidAuthenticationToken", message: "The access token is invalid." } as const;

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

test("round trip: a signed token verifies and yields its claims", () => {
  const token = signJwt(claims(), key);
  const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()) as unknown;
  assert.deepEqual(header, { typ: "JWT", alg: "RS256", kid: signingKey.publicJwk.kid });
  assert.deepEqual(verifyAt(token, "2026-06-15T08:30:00Z"), { ok: true, claims: claims() });
});

test("any tenant under the emulator's origin is accepted, with or without a trailing slash on the prefix", () => {
  const token = signJwt(claims({ iss: `${ORIGIN}/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0` }), key);
  assert.equal(verifyAt(token, "2026-06-15T08:30:00Z").ok, true);
  assert.equal(verifyAt(token, "2026-06-15T08:30:00Z", `${ORIGIN}/`).ok, true);
});

test("a tampered payload or signature is invalid", () => {
  const [header, , signature] = signJwt(claims(), key).split(".");
  const forgedPayload = b64(claims({ oid: "22222222-2222-2222-2222-222222222222" }));
  assert.deepEqual(verifyAt(`${header}.${forgedPayload}.${signature}`, "2026-06-15T08:30:00Z"), INVALID);

  const token = signJwt(claims(), key);
  const flipped = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
  assert.deepEqual(verifyAt(flipped, "2026-06-15T08:30:00Z"), INVALID);

  const otherKey = generateSigningKey();
  const foreign = signJwt(claims(), { privateKey: otherKey.privateKey, kid: otherKey.publicJwk.kid });
  assert.deepEqual(verifyAt(foreign, "2026-06-15T08:30:00Z"), INVALID);
});

test("alg none and HS256 keyed with the public key are rejected", () => {
  const payload = b64(claims());
  assert.deepEqual(verifyAt(`${b64({ typ: "JWT", alg: "none" })}.${payload}.`, "2026-06-15T08:30:00Z"), INVALID);
  assert.deepEqual(verifyAt(`${b64({ typ: "JWT", alg: "none" })}.${payload}.e30`, "2026-06-15T08:30:00Z"), INVALID);

  const hsHeader = b64({ typ: "JWT", alg: "HS256" });
  const pem = publicKey.export({ type: "spki", format: "pem" });
  const mac = createHmac("sha256", pem).update(`${hsHeader}.${payload}`).digest("base64url");
  assert.deepEqual(verifyAt(`${hsHeader}.${payload}.${mac}`, "2026-06-15T08:30:00Z"), INVALID);
});

test("malformed tokens are invalid", () => {
  for (const token of ["", "abc", "a.b", "a.b.c.d", "a..c", "@@.@@.@@", `${b64({ alg: "RS256" })}.${b64([])}.AAAA`]) {
    assert.deepEqual(verifyAt(token, "2026-06-15T08:30:00Z"), INVALID, token);
  }
});

test("a token from another issuer is invalid", () => {
  for (const iss of ["https://login.microsoftonline.com/tenant-1/v2.0", `${ORIGIN}0/tenant-1/v2.0`, "https://127.0.0.1:8444/t/v2.0"]) {
    assert.deepEqual(verifyAt(signJwt(claims({ iss }), key), "2026-06-15T08:30:00Z"), INVALID, iss);
  }
});

test("expired token: ARM's ExpiredAuthenticationToken text, with 5 minutes of skew", () => {
  const token = signJwt(claims({ exp: seconds("2026-06-15T08:22:51Z") }), key);
  assert.equal(verifyAt(token, "2026-06-15T08:27:51Z").ok, true);
  assert.deepEqual(verifyAt(token, "2026-06-15T09:27:25Z"), {
    ok: false,
    code: "ExpiredAuthenticationToken",
    message: "The access token expiry UTC time '6/15/2026 8:22:51 AM' is earlier than current UTC time '6/15/2026 9:27:25 AM'.",
  });
});

test("expiry times are formatted M/D/YYYY h:mm:ss AM/PM in UTC", () => {
  const cases: [exp: string, now: string, expText: string, nowText: string][] = [
    ["2026-11-03T13:04:05Z", "2026-11-03T23:59:59Z", "11/3/2026 1:04:05 PM", "11/3/2026 11:59:59 PM"],
    ["2026-01-01T00:05:00Z", "2026-01-01T12:00:00Z", "1/1/2026 12:05:00 AM", "1/1/2026 12:00:00 PM"],
    ["2026-12-31T23:00:00Z", "2027-01-01T00:00:00Z", "12/31/2026 11:00:00 PM", "1/1/2027 12:00:00 AM"],
  ];
  for (const [exp, now, expText, nowText] of cases) {
    const token = signJwt(claims({ nbf: seconds(exp) - 3600, exp: seconds(exp) }), key);
    const result = verifyAt(token, now);
    assert.equal(result.ok, false);
    assert.equal(
      result.ok ? "" : result.message,
      `The access token expiry UTC time '${expText}' is earlier than current UTC time '${nowText}'.`,
    );
  }
});

test("a token used before nbf (beyond the skew) is invalid", () => {
  const token = signJwt(claims({ nbf: seconds("2026-06-15T08:10:00Z") }), key);
  assert.equal(verifyAt(token, "2026-06-15T08:06:00Z").ok, true);
  assert.deepEqual(verifyAt(token, "2026-06-15T08:04:00Z"), INVALID);
});

test("a validly signed token without oid gets ARM's missing-claims text", () => {
  const { oid: _oid, ...withoutOid } = claims();
  const result = verifyAt(signJwt(withoutOid, key), "2026-06-15T08:30:00Z");
  assert.equal(result.ok, false);
  assert.match(result.ok ? "" : result.message, /^The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present\./);
});

test("signing key: kid is the RFC 7638 thumbprint; the key is persisted 0600 and reused", async (t) => {
  const root = await mkdtemp(join(tmpdir(), "aksemu-key-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, "data");
  const first = await ensureSigningKey(dir);
  const second = await ensureSigningKey(dir);
  assert.deepEqual(second.publicJwk, first.publicJwk);
  assert.equal((await stat(join(dir, "signing-key.pem"))).mode & 0o777, 0o600);
  assert.match(await readFile(join(dir, "signing-key.pem"), "utf8"), /^-----BEGIN PRIVATE KEY-----/);
  assert.equal(first.publicJwk.kty, "RSA");
  assert.equal(first.publicJwk.use, "sig");
  assert.equal(first.publicJwk.alg, "RS256");
  // RFC 7638: SHA-256 of {"e","kty","n"} in that order, base64url.
  assert.equal(
    first.publicJwk.kid,
    createHash("sha256").update(JSON.stringify({ e: first.publicJwk.e, kty: "RSA", n: first.publicJwk.n })).digest("base64url"),
  );
  // Tokens signed with the stored key verify with the reloaded one.
  const token = signJwt(claims(), { privateKey: first.privateKey, kid: first.publicJwk.kid });
  const reloaded = createPublicKey({ key: { kty: "RSA", n: second.publicJwk.n ?? "", e: second.publicJwk.e ?? "" }, format: "jwk" });
  assert.equal(verifyJwt(token, { publicKey: reloaded, issuerPrefix: ORIGIN, nowMs: at("2026-06-15T08:30:00Z") }).ok, true);
});
