// While azl waits on a long-running operation it shows the operation and its percentComplete on
// stderr (az only shows "- Running .."), never on stdout, and stays quiet when stderr is no terminal.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runAzl } from "../../src/cli/azl/run.js";
import { startEmulator, TLS_DIR, type Emulator } from "../support/emulator.js";

let emu: Emulator;
let configDir: string;
before(async () => {
  emu = await startEmulator({ clock: "realtime", speed: 100 });
  await emu.createGroup("rg1");
  configDir = mkdtempSync(join(tmpdir(), "azl-progress-"));
});
after(async () => {
  await emu.close();
  rmSync(configDir, { recursive: true, force: true });
});

async function azl(args: string[], tty: boolean) {
  let stdout = "";
  let stderr = "";
  const code = await runAzl(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stderrIsTTY: tty,
    env: { AKSEMU_ENDPOINT: emu.url, AKSEMU_CA: join(TLS_DIR, "ca.crt"), AZL_CONFIG_DIR: configDir },
  });
  return { code, stdout, stderr };
}

test("a terminal sees the running operation's progress on stderr; stdout stays clean JSON", async () => {
  assert.equal((await azl(["login", "-o", "none"], false)).code, 0);
  const run = await azl(["aks", "create", "-g", "rg1", "-n", "c1", "-c", "1"], true);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).provisioningState, "Succeeded");
  const updates = run.stderr.split("\r").filter((s) => s.includes("% complete"));
  assert.ok(updates.length >= 2, `progress updates: ${JSON.stringify(run.stderr)}`);
  assert.match(updates[0]!, /Creating c1: \d+% complete \(InProgress\)/);
  const percents = updates.map((u) => Number(/(\d+)% complete/.exec(u)![1]));
  assert.deepEqual([...percents].sort((a, b) => a - b), percents, "progress only grows");
  assert.ok(run.stderr.endsWith("\r\u001b[K"), "the progress line is cleared at the end");
});

test("without a terminal (pipes, CI) azl prints no progress at all", async () => {
  const run = await azl(["aks", "scale", "-g", "rg1", "-n", "c1", "-c", "2", "-o", "none"], false);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  assert.equal(run.stdout, "");
});
