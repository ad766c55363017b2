// The RSA key that signs the emulated Entra ID's access tokens. Entra ID publishes RS256 keys only
// (id_token_signing_alg_values_supported: ["RS256"]), so clients that validate our tokens expect RSA.
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateRsaKey } from "./rsa-keygen.js";

export type SigningKey = {
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string; use: "sig"; alg: "RS256" };
};

const FILE = "signing-key.pem";

/** For in-memory mode: a fresh key that lives as long as the process. */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return fromPrivateKey(privateKey);
}

/**
 * The same, generated on libuv's thread pool (rsa-keygen.ts): at start-up it runs alongside
 * certificate generation instead of blocking the event loop before listen().
 */
export async function generateSigningKeyAsync(): Promise<SigningKey> {
  return fromPrivateKey(await generateRsaKey());
}

/** Returns the key stored in `dir/signing-key.pem`, creating it on first use. */
export async function ensureSigningKey(dir: string): Promise<SigningKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, FILE);
  const existing = await readKey(path);
  if (existing) return existing;

  const created = await generateSigningKeyAsync();
  const pem = created.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const tmp = join(dir, `.${FILE}.${process.pid}.${randomBytes(6).toString("hex")}`);
  await writeFile(tmp, pem, { mode: 0o600 });
  try {
    // link() fails if the file exists: when two processes start together the first key wins and both
    // use it, so tokens one of them signed verify in the other. A corrupt file is replaced.
    await link(tmp, path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
      if (await readKey(path)) return;
      await rm(path, { force: true });
      await link(tmp, path);
    });
  } finally {
    await rm(tmp, { force: true });
  }
  return (await readKey(path)) ?? created;
}

async function readKey(path: string): Promise<SigningKey | undefined> {
  try {
    const key = createPrivateKey(await readFile(path, "utf8"));
    return key.asymmetricKeyType === "rsa" ? fromPrivateKey(key) : undefined;
  } catch {
    return undefined;
  }
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  const n = jwk.n ?? "";
  const e = jwk.e ?? "";
  return { privateKey, publicJwk: { kty: "RSA", use: "sig", kid: thumbprint(n, e), n, e, alg: "RS256" } };
}

// RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
function thumbprint(n: string, e: string): string {
  return createHash("sha256").update(JSON.stringify({ e, kty: "RSA", n })).digest("base64url");
}
