#!/usr/bin/env node
// Runs the suite with node's test runner: the fast tiers (unit, http, e2e) by default, or only the
// tiers and test files named as arguments (`node scripts/run-tests.mjs unit`, `npm run test:e2e`,
// `node scripts/run-tests.mjs test/e2e/azl-bin.test.ts`).
// Test servers present the certificate in test/.tls, so that CA must be trusted by the test
// processes before they start: NODE_EXTRA_CA_CERTS is read only at process start.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

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

// `slow` (kill -9 crash proofs) and `az` (the real Azure CLI through proxy mode, skipped without az
// unless CI is set) are tiers of their own: `npm test` stays fast, CI runs them all. `kube` (the real
// kubectl and @kubernetes/client-node against clusters' Kubernetes APIs) is fast and runs by default.
// `portal` drives the portal in Debian's Chromium (playwright-core): a tier of its own, CI runs it.
const TIERS = ["unit", "http", "e2e", "kube", "slow", "az", "portal"];
const DEFAULT_TIERS = ["unit", "http", "e2e", "kube"];
const args = process.argv.slice(2);
// The unit tier is pure and starts no servers: its files share one process (one entry importing
// them all), which saves a Node and tsx start per file, about 10 s of the suite on 2 cores. The
// other tiers keep a process per file: their servers and environment stay apart.
const scratch = mkdtempSync(join(tmpdir(), "aksemu-tests-"));
function unitEntry() {
  const entry = join(scratch, "unit.entry.mjs");
  writeFileSync(entry, findTests(join(root, "test", "unit")).map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};\n`).join(""));
  return [entry];
}
const files = (args.length > 0 ? args : DEFAULT_TIERS).flatMap((arg) => (arg === "unit" ? unitEntry() : TIERS.includes(arg) ? findTests(join(root, "test", arg)) : [arg]));
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tlsDir, "ca.crt"), AKSEMU_TEST_TLS_DIR: tlsDir },
  },
);
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
