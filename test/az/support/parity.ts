// One command line through az and through azl, compared: exit code, stdout and stderr, byte for
// byte (after `normalize`, which maps what legitimately differs between twin resources, such as a
// resource group's name, to one spelling), and against what the test expects.
import assert from "node:assert/strict";
import type { Emulator } from "../../support/emulator.js";
import { azlUser, azUser, type Cli, type CliResult } from "./clis.js";

export type Expected = { code?: number; stdout?: string; stderr?: string };

export type Parity = {
  az: Cli;
  azl: Cli;
  /**
   * Runs `args(cli)` with az, then with azl, and asserts both printed the same and (when given)
   * what `expected` says; each of code/stdout/stderr defaults to 0/""/"" only when `expected` is given.
   */
  same(args: (cli: Cli) => readonly string[], expected?: Expected, opts?: { normalize?: (text: string) => string; cwd?: (cli: Cli) => string }): Promise<CliResult>;
};

export function parity(az: Cli, azl: Cli): Parity {
  return {
    az,
    azl,
    async same(args, expected, opts = {}) {
      const norm = opts.normalize ?? ((t: string) => t);
      const run = async (cli: Cli) => {
        const r = await cli.run(args(cli), opts.cwd ? { cwd: opts.cwd(cli) } : {});
        return { code: r.code, stdout: norm(r.stdout), stderr: norm(r.stderr) };
      };
      const a = await run(az);
      const b = await run(azl);
      const label = `az|azl ${args(az).join(" ")}`;
      if (expected) assert.deepEqual(a, { code: expected.code ?? 0, stdout: expected.stdout ?? "", stderr: expected.stderr ?? "" }, `az printed something else than expected: ${label}`);
      assert.deepEqual(b, a, `azl printed something else than az: ${label}`);
      return a;
    },
  };
}

/** az's service error block, on a stderr that is not a colour terminal. */
export const serviceError = (code: string, message: string) => `ERROR: (${code}) ${message}\nCode: ${code}\nMessage: ${message}\n`;

/** JSON as az prints it: keys sorted, two-space indent, a final newline. */
export function azJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** The two CLIs of one proxied emulator (a fresh az user through proxy mode, azl in-process) and their comparison. */
export async function cliPair(started: { emu: Emulator; proxyPort: number }): Promise<{ az: Cli; azl: Cli; p: Parity }> {
  const [az, azl] = await Promise.all([azUser(started.emu, started.proxyPort), azlUser(started.emu)]);
  return { az, azl, p: parity(az, azl) };
}
