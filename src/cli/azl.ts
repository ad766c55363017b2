#!/usr/bin/env node
// azl: an az-compatible CLI for aksemu. `az <words>` in a runbook becomes `azl <words>`.
import { runAzl } from "./azl/run.js";

runAzl(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ERROR: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
