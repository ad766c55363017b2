// Creates (or reuses) the test suite's certificates before any test starts, so parallel test files
// find them ready instead of racing to generate them; with --signing-keys (scripts/run-tests.mjs),
// also the pool of token-signing keys in-memory test emulators take (test/support/signing-keys.ts).
import { join } from "node:path";
import { ensureSigningKey } from "../../src/identity/signing-key.js";
import { ensureCertificates } from "../../src/tls/certificates.js";
import { SIGNING_KEY_POOL } from "./signing-keys.js";

const [dir, flag] = process.argv.slice(2);
if (dir === undefined || dir === "" || (flag !== undefined && flag !== "--signing-keys")) {
  process.stderr.write("usage: node --import tsx test/support/prepare-tls.ts <dir> [--signing-keys]\n");
  process.exit(2);
}
const material = await ensureCertificates(dir);
if (flag) await Promise.all(Array.from({ length: SIGNING_KEY_POOL }, (_, i) => ensureSigningKey(join(dir, "signing-keys", String(i)))));
process.stdout.write(`${material.caCertPath}\n`);
