#!/usr/bin/env node
// Runs the whole suite (unit, http, e2e) with node's test runner.
// Test servers present the certificate in test/.tls, so that CA must be trusted by the test
// processes before they start: NODE_EXTRA_CA_CERTS is read only at process start.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const tlsDir = join(root, "test", ".tls");

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (entry.endsWith(".test.ts")) out.push(full);
  }
  return out.sort();
}

const prep = spawnSync(process.execPath, ["--import", "tsx", join(root, "test", "support", "prepare-tls.ts"), tlsDir], {
  stdio: "inherit",
  cwd: root,
});
if (prep.status !== 0) process.exit(prep.status ?? 1);

const args = process.argv.slice(2);
const files = args.length > 0 ? args : ["unit", "http", "e2e"].flatMap((tier) => findTests(join(root, "test", tier)));
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tlsDir, "ca.crt"), AKSEMU_TEST_TLS_DIR: tlsDir },
  },
);
process.exit(result.status ?? 1);
