#!/usr/bin/env node
// Runs the suite with node's test runner: the fast tiers (unit, http, e2e) by default, or only the
// tiers and test files named as arguments (`node scripts/run-tests.mjs unit`, `npm run test:e2e`,
// `node scripts/run-tests.mjs test/e2e/azl-bin.test.ts`).
// Test servers present the certificate in test/.tls, so that CA must be trusted by the test
// processes before they start: NODE_EXTRA_CA_CERTS is read only at process start.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
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

const prep = spawnSync(process.execPath, ["--import", "tsx", join(root, "test", "support", "prepare-tls.ts"), tlsDir, "--signing-keys"], {
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
// them all), which saves a Node and tsx start per file, about 10 s of the suite on 2 cores.
// The http and e2e files share processes too, SHARD files to one (their emulators listen on port 0
// and their clients carry their own endpoints, so they stay apart): a Node and tsx start costs a
// file about 1.5 s of CPU, 80 files a minute of the suite on 2 cores. A file that assigns
// process.env keeps a process of its own, as do the kube files (long, real kubectl and helm), the
// other tiers' and the files named as arguments; AKSEMU_TEST_ISOLATE=1 gives every file its own.
// A shard's files run one after another; their top-level before hooks all run before its first test.
const SHARED_TIERS = process.env["AKSEMU_TEST_ISOLATE"] === "1" ? [] : ["http", "e2e"];
const SHARD = 6;
const scratch = mkdtempSync(join(tmpdir(), "aksemu-tests-"));
// Node's runner starts its files in the order of their paths: entries are numbered in the order
// they should start, the kube files (the longest) first so that none of them is left for the end.
const START_ORDER = ["kube", "unit", "http", "e2e"];
let entries = 0;
function entry(tier, name, tests) {
  const file = join(scratch, `${String(START_ORDER.indexOf(tier) + 1)}${String(entries++).padStart(3, "0")}-${name}.entry.mjs`);
  writeFileSync(file, tests.map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};\n`).join(""));
  return file;
}
function tierEntries(tier) {
  const all = findTests(join(root, "test", tier));
  if (tier === "unit") return [entry(tier, "unit", all)];
  if (!START_ORDER.includes(tier)) return all;
  const alone = SHARED_TIERS.includes(tier) ? all.filter((f) => /process\.env\[[^\]]+\]\s*=[^=]/.test(readFileSync(f, "utf8"))) : all;
  const rest = all.filter((f) => !alone.includes(f));
  const count = Math.ceil(rest.length / SHARD);
  // Interleaved, so that neighbours (often the slow files of one area) land in different shards.
  const shards = Array.from({ length: count }, (_, i) => entry(tier, `${tier}-${i + 1}`, rest.filter((_, j) => j % count === i)));
  return [...alone.map((f) => entry(tier, `${tier}-${basename(f, ".test.ts")}`, [f])), ...shards];
}
const files = (args.length > 0 ? args : DEFAULT_TIERS).flatMap((arg) => (TIERS.includes(arg) ? tierEntries(arg) : [arg]));
// Three entries at a time on 2 cores for the fast tiers: their files wait on kubectl's retries, run
// command's one-second polls and real-time clocks often enough that a third keeps the cores busy
// (65 s instead of 77). The slow, az and portal tiers (crashes, the real az, a browser) keep two.
const concurrency = (args.length > 0 ? args : DEFAULT_TIERS).every((a) => DEFAULT_TIERS.includes(a) || a.endsWith(".ts")) ? 3 : 2;
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tlsDir, "ca.crt"), AKSEMU_TEST_TLS_DIR: tlsDir },
  },
);
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
