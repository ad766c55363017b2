// Where a cold start's time goes, measured against the compiled dist in a plain node process.
// Usage: node bench/startup-breakdown.mjs <repo root> <scratch dir> parts|together
//   parts:    loading the emulator's modules, generating the TLS material, generating the RSA
//             token-signing key (several times: its time varies with the primes it happens to
//             find), opening a new SQLite store.
//   together: in a fresh process, the certificates and the signing key of a new data dir
//             generated concurrently (Promise.all): the one-off work a fresh data dir adds to a start.
// Prints one JSON object.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, scratch, mode = "parts"] = process.argv.slice(2);
if (!root || !scratch) {
  process.stderr.write("usage: node bench/startup-breakdown.mjs <repo root> <scratch dir> parts|together\n");
  process.exit(2);
}
const dist = (p) => pathToFileURL(join(root, "dist", "src", p)).href;
const time = async (fn) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

mkdirSync(scratch, { recursive: true });
const result = {};
result.importAppMs = await time(() => import(dist("server/app.js")));
const { ensureCertificates } = await import(dist("tls/certificates.js"));
const signing = await import(dist("identity/signing-key.js"));

if (mode === "together") {
  result.togetherMs = await time(() => Promise.all([ensureCertificates(join(scratch, "tls")), signing.ensureSigningKey(join(scratch, "identity"))]));
} else {
  const { openSqlitePersistence } = await import(dist("store/sqlite-persistence.js"));
  result.tlsFreshMs = await time(() => ensureCertificates(join(scratch, "tls")));
  result.tlsExistingMs = await time(() => ensureCertificates(join(scratch, "tls")));
  const generate = signing.generateSigningKeyAsync ?? signing.generateSigningKey;
  result.rsaKeygenMs = [];
  for (let i = 0; i < 5; i++) result.rsaKeygenMs.push(await time(() => generate()));
  result.signingKeyFreshMs = await time(() => signing.ensureSigningKey(join(scratch, "identity")));
  result.signingKeyExistingMs = await time(() => signing.ensureSigningKey(join(scratch, "identity")));
  let persistence;
  result.sqliteOpenFreshMs = await time(() => {
    persistence = openSqlitePersistence(join(scratch, "data"));
  });
  persistence.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
