// The RSA key that signs the emulated Entra ID's access tokens. Entra ID publishes RS256 keys only
// (id_token_signing_alg_values_supported: ["RS256"]), so clients that validate our tokens expect RSA.
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
// node:fs/promises through node:fs's getter: loaded when first used, not as the bin starts (issue 12: 1.5 ms).
import { existsSync, readFileSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { generateRsaKey } from "./rsa-keygen.js";

export type SigningKey = {
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string; use: "sig"; alg: "RS256" };
};

const FILE = "signing-key.pem";
// A key begun early (generateSigningKeyEarly) waits here: global, not module state, because the
// launcher (dist/aksemu.cjs) and the bundle it loads each carry their own copy of this module.
const EARLY_KEY = Symbol.for("aksemu.earlySigningKey");

/** For in-memory mode: a fresh key that lives as long as the process. */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return fromPrivateKey(privateKey);
}

/**
 * The same, generated on libuv's thread pool (rsa-keygen.ts): at start-up it runs alongside
 * certificate generation instead of blocking the event loop before listen(). A key begun early
 * (generateSigningKeyEarly) is taken instead, once.
 */
export async function generateSigningKeyAsync(): Promise<SigningKey> {
  const slots = globalThis as Record<symbol, Promise<KeyObject> | undefined>;
  const early = slots[EARLY_KEY];
  delete slots[EARLY_KEY];
  return fromPrivateKey(await (early ?? generateRsaKey()));
}

/**
 * Begins the key a start will need (`needsNewSigningKey`) before the emulator's modules are loaded:
 * the launcher calls it, so its primes are searched on libuv's threads while the main thread reads
 * and compiles the bundle (issue 12: `aksemu start` with a fresh data dir or --in-memory).
 */
export function generateSigningKeyEarly(): void {
  const key = generateRsaKey();
  key.catch(() => {}); // a failure is reported to whoever takes the key; untaken, it is moot
  (globalThis as Record<symbol, Promise<KeyObject> | undefined>)[EARLY_KEY] = key;
}

/** Where a data dir keeps its signing key (ensureSigningKey's `dir`). */
export const signingKeyDir = (dataDir: string) => join(dataDir, "identity");

/** Whether a start generates a key: in memory always, with a data dir when it has none yet. */
export function needsNewSigningKey(config: { inMemory: boolean; dataDir: string }): boolean {
  return config.inMemory || !existsSync(join(signingKeyDir(config.dataDir), FILE));
}

/** Returns the key stored in `dir/signing-key.pem`, creating it on first use. */
export async function ensureSigningKey(dir: string): Promise<SigningKey> {
  const path = join(dir, FILE);
  const existing = readKey(path);
  if (existing) return existing;
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });

  const created = await generateSigningKeyAsync();
  const pem = created.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const tmp = join(dir, `.${FILE}.${process.pid}.${randomBytes(6).toString("hex")}`);
  await fsp.writeFile(tmp, pem, { mode: 0o600 });
  try {
    // link() fails if the file exists: when two processes start together the first key wins and both
    // use it, so tokens one of them signed verify in the other. A corrupt file is replaced.
    await fsp.link(tmp, path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
      if (readKey(path)) return;
      await fsp.rm(path, { force: true });
      await fsp.link(tmp, path);
    });
  } finally {
    await fsp.rm(tmp, { force: true });
  }
  return readKey(path) ?? created;
}

/** Read synchronously: a start on an existing data dir does nothing else meanwhile (see ensureCertificates). */
function readKey(path: string): SigningKey | undefined {
  try {
    const key = createPrivateKey(readFileSync(path, "utf8"));
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
