// The azl bin itself, as a child process: the other azl tests run azl in-process (helpers/azl.ts),
// which proves the commands and their output but not what only the bin does: turn the code into
// the process's exit code, write stdout and stderr to separate streams, and tell a terminal from a
// pipe (colours and the "ERROR: " prefix, the confirmation prompt). The bin is dist/src/cli/azl.js
// when the build is current, else src/cli/azl.ts through tsx (see azlBin()).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { azlBin, azlFor, azlInProcess, serviceErrorText, spawnEnv, type Azl, type AzlResult } from "./helpers/azl.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const RG = "rg-azl-bin";

let emu: Emulator;
let azl: Azl;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  azl = azlFor(emu, {}, { bin: true });
  // logged in through the in-process runner: the bin then reads the profile it wrote
  assert.equal((await azlInProcess(["login", "-o", "none"], azl.env)).code, 0);
});
after(async () => {
  azl?.close();
  await emu?.close();
});

test(`the bin (${azlBin().what}): exit codes 0, 1, 2 and 3, the result on stdout and errors on stderr, byte for byte what the in-process runner gives`, async () => {
  const cases: [args: string[], expected: Partial<AzlResult>][] = [
    // both streams in one run: the result on stdout, --verbose's timing on stderr
    [["group", "show", "-n", RG, "--query", "name", "-o", "tsv", "--verbose"], { code: 0, stdout: `${RG}\n` }],
    [["account", "set", "-n", "nope"], { code: 1, stdout: "", stderr: "ERROR: The subscription of 'nope' doesn't exist in cloud 'AzureKubernetesServiceEmulator'.\n" }],
    [["aks", "show", "-g", RG], { code: 2, stdout: "", stderr: "ERROR: the following arguments are required: --name/-n\n" }],
    [["group", "show", "-n", "nope"], { code: 3, stdout: "", stderr: serviceErrorText("ResourceGroupNotFound", "Resource group 'nope' could not be found.") }],
  ];
  const bin = await Promise.all(cases.map(([args]) => azl.run(...args)));
  const inProcess = await Promise.all(cases.map(([args]) => azlInProcess(args, azl.env)));
  cases.forEach(([args, expected], i) => {
    const got = bin[i]!;
    const fields = Object.fromEntries(Object.keys(expected).map((k) => [k, got[k as keyof AzlResult]]));
    assert.deepEqual(fields, expected, `azl ${args.join(" ")}`);
    const timed = expected.stderr === undefined; // --verbose: the timing differs run to run
    if (timed) assert.match(got.stderr, /^INFO: Command ran in \d+\.\d{3} seconds\n$/);
    const comparable = (r: AzlResult) => (timed ? { code: r.code, stdout: r.stdout } : r);
    assert.deepEqual(comparable(inProcess[i]!), comparable(got), `in-process azl ${args.join(" ")}`);
  });
});

// util-linux `script` runs a command on a pseudo-terminal; without it (e.g. macOS's BSD script) this is skipped.
const SCRIPT = spawnSync("script", ["--version"], { encoding: "utf8" }).stdout?.includes("util-linux") ? "script" : undefined;

test("on a terminal errors are coloured and carry no ERROR: prefix; with stderr redirected they are plain; a confirmation asks on the terminal", { skip: SCRIPT ? false : "SKIPPED: util-linux `script` (a pseudo-terminal) is not available" }, async () => {
  // a pty turns "\n" into "\r\n"; stdin, stdout and stderr are all the terminal
  assert.deepEqual(await onTerminal("aks show -g rg"), { code: 2, output: "\u001b[91mthe following arguments are required: --name/-n\u001b[0m\r\n" });
  // knack colours only when stdout and stderr are both terminals
  const file = join(azl.dir, "stderr.txt");
  assert.deepEqual(await onTerminal(`aks show -g rg 2>${file}`), { code: 2, output: "" });
  assert.equal(readFileSync(file, "utf8"), "ERROR: the following arguments are required: --name/-n\n");
  // stdin is a terminal too, so az's confirmation is asked (on stderr) and "n" cancels
  const refused = await onTerminal(`aks delete -g ${RG} -n gone`, "n\n");
  assert.equal(refused.code, 1, refused.output);
  assert.ok(refused.output.includes("Are you sure you want to perform this operation? (y/n): "), refused.output);
  assert.ok(refused.output.endsWith("\u001b[91mOperation cancelled.\u001b[0m\r\n"), JSON.stringify(refused.output));
});

/** Runs `azl <line>` (a shell command line) with a pseudo-terminal as stdin, stdout and stderr; `input` is typed into it. */
function onTerminal(line: string, input = ""): Promise<{ code: number | null; output: string }> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, ...azlBin().argv].map(q).join(" ") + " " + line;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(SCRIPT!, ["-qefc", command, "/dev/null"], { cwd: ROOT, env: spawnEnv(azl.env), stdio: ["pipe", "pipe", "inherit"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, output: Buffer.concat(out).toString("utf8") }));
    child.stdin.end(input);
  });
}
