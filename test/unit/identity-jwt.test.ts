import { test } from "node:test";
import { key, publicKey, signingKey, tokenClaims } from "./support/signing.js";
import assert from "node:assert/strict";
import { createHash, createHmac, createPublicKey, type KeyObject } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AccessTokenClaims, readSignedJwt, signJwt } from "../../src/identity/jwt.js";
import { ensureSigningKey, generateSigningKey, generateSigningKeyAsync, generateSigningKeyEarly, needsNewSigningKey, signingKeyDir } from "../../src/identity/signing-key.js";


function claims(overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
  return tokenClaims({ tenant: "tenant-1", aud: "https://management.azure.com" }, overrides) as AccessTokenClaims;
}

// Signatures only: what the claims must say is tested in identity-token-rules.test.ts.
const read = (token: string) => readSignedJwt(token, publicKey);

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

test("round trip: a signed token's payload is read back", () => {
  const token = signJwt(claims(), key);
  const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()) as unknown;
  assert.deepEqual(header, { typ: "JWT", alg: "RS256", kid: signingKey.publicJwk.kid });
  assert.deepEqual(read(token), claims());
});

test("a tampered payload or signature, or another key's signature, is refused", () => {
  const [header, , signature] = signJwt(claims(), key).split(".");
  const forgedPayload = b64(claims({ oid: "22222222-2222-2222-2222-222222222222" }));
  assert.equal(read(`${header}.${forgedPayload}.${signature}`), undefined);

  const token = signJwt(claims(), key);
  const flipped = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
  assert.equal(read(flipped), undefined);

  const otherKey = generateSigningKey();
  const foreign = signJwt(claims(), { privateKey: otherKey.privateKey, kid: otherKey.publicJwk.kid });
  assert.equal(read(foreign), undefined);
});

test("alg none, HS256 keyed with the public key and any other alg are refused", () => {
  const payload = b64(claims());
  const [, , signature] = signJwt(claims(), key).split(".");
  assert.equal(read(`${b64({ typ: "JWT", alg: "none" })}.${payload}.`), undefined);
  assert.equal(read(`${b64({ typ: "JWT", alg: "none" })}.${payload}.e30`), undefined);

  const hsHeader = b64({ typ: "JWT", alg: "HS256" });
  const pem = publicKey.export({ type: "spki", format: "pem" });
  const mac = createHmac("sha256", pem).update(`${hsHeader}.${payload}`).digest("base64url");
  assert.equal(read(`${hsHeader}.${payload}.${mac}`), undefined);

  // The RS256 signature itself, relabelled: only RS256 is understood.
  for (const alg of ["RS512", "PS256", "ES256", "rs256", "RS256 ", undefined]) {
    assert.equal(read(`${b64({ typ: "JWT", alg, kid: key.kid })}.${payload}.${signature}`), undefined, String(alg));
  }
});

test("malformed tokens are refused", () => {
  for (const token of ["", "abc", "a.b", "a.b.c.d", "a..c", "@@.@@.@@", `${b64({ alg: "RS256" })}.${b64([])}.AAAA`]) {
    assert.equal(read(token), undefined, token);
  }
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
  assert.deepEqual(readSignedJwt(token, reloaded), claims());
});

test("a start needs a new signing key in memory or in a data dir without one; a key begun early is the next one generated, once", async (t) => {
  const root = await mkdtemp(join(tmpdir(), "aksemu-key-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  assert.equal(needsNewSigningKey({ inMemory: true, dataDir: root }), true);
  assert.equal(needsNewSigningKey({ inMemory: false, dataDir: root }), true);
  await ensureSigningKey(signingKeyDir(root));
  assert.equal(needsNewSigningKey({ inMemory: false, dataDir: root }), false);
  assert.equal(needsNewSigningKey({ inMemory: true, dataDir: root }), true);

  // The launcher begins the key; createApp's generation takes that one, and only once.
  generateSigningKeyEarly();
  const slots = globalThis as Record<symbol, Promise<KeyObject> | undefined>;
  const early = slots[Symbol.for("aksemu.earlySigningKey")];
  assert.ok(early instanceof Promise);
  const taken = await generateSigningKeyAsync();
  assert.equal(slots[Symbol.for("aksemu.earlySigningKey")], undefined);
  const earlyJwk = createPublicKey(await early).export({ format: "jwk" });
  assert.equal(taken.publicJwk.n, earlyJwk.n);
  const next = await generateSigningKeyAsync();
  assert.notEqual(next.publicJwk.n, taken.publicJwk.n);
});
