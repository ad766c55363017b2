// Token-signing keys for in-memory test emulators, made once (prepare-tls.ts, kept in the test TLS
// folder across runs) instead of per start: an RSA generation costs 0.1 to 0.2 s of CPU and the
// fast tiers start over a hundred emulators. A process takes each pooled key at most once, so
// emulators in one process never share a key (a token another emulator issued is refused:
// auth.test.ts); past the pool, or without it (node --test run directly), an emulator makes its own.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureSigningKey, type SigningKey } from "../../src/identity/signing-key.js";

export const SIGNING_KEY_POOL = 32;

let next = 0;

export async function pooledSigningKey(tlsDir: string): Promise<SigningKey | undefined> {
  if (next >= SIGNING_KEY_POOL) return undefined;
  const dir = join(tlsDir, "signing-keys", String(next));
  if (!existsSync(join(dir, "signing-key.pem"))) return undefined;
  next++;
  return ensureSigningKey(dir);
}
