// Creates (or reuses) the test suite's certificates before any test starts, so parallel test files
// find them ready instead of racing to generate them.
import { ensureCertificates } from "../../src/tls/certificates.js";

const dir = process.argv[2];
if (dir === undefined || dir === "") {
  process.stderr.write("usage: node --import tsx test/support/prepare-tls.ts <dir>\n");
  process.exit(2);
}
const material = await ensureCertificates(dir);
process.stdout.write(`${material.caCertPath}\n`);
