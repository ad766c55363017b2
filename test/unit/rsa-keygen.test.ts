// The token-signing key made from two primes searched for side by side (rsa-keygen.ts): a valid
// 2048-bit RSA key whose CRT parameters sign what its public half verifies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, sign, verify } from "node:crypto";
import { generateRsaKey } from "../../src/identity/rsa-keygen.js";

test("a generated key is 2048-bit RSA with e = 65537, and signs and decrypts as its public key expects", async () => {
  const keys = await Promise.all([generateRsaKey(), generateRsaKey(), generateRsaKey()]);
  for (const key of keys) {
    assert.equal(key.asymmetricKeyType, "rsa");
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(key.asymmetricKeyDetails?.publicExponent, 65537n);
    const data = Buffer.from("header.payload");
    assert.ok(verify("sha256", data, createPublicKey(key), sign("sha256", data, key)));
    assert.equal(privateDecrypt(key, publicEncrypt(createPublicKey(key), data)).toString(), "header.payload");
    // Stored as PKCS #8 PEM in the data dir and read back at the next start.
    const again = createPrivateKey(key.export({ type: "pkcs8", format: "pem" }));
    assert.ok(verify("sha256", data, createPublicKey(key), sign("sha256", data, again)));
  }
  assert.equal(new Set(keys.map((k) => createPublicKey(k).export({ format: "jwk" }).n)).size, 3);
});
