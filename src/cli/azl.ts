#!/usr/bin/env node
// azl: an az-compatible CLI for aksemu. `az <words>` in a runbook becomes `azl <words>`.
// This file is the only place azl touches the process: its streams, terminal, environment and
// folder all reach the commands through the Io, so tests can run azl in-process.
import { createInterface } from "node:readline/promises";
import { azlMain } from "./azl/run.js";

// azlMain never rejects: it prints an unexpected error itself and resolves to exit code 1.
void azlMain(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  async prompt(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
