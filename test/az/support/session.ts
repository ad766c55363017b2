// An az-only file's world (a file that compares with no azl): one proxied emulator on the instant
// clock and one fresh az user, set up by the file's `before` and torn down by its `after`, with the
// tier's timings printed under the file's label; and the two ways such files call az: a command
// that must succeed (`ok`), and `az rest` at ARM's public name (for what Debian's az 2.45 crashes on).
import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { Emulator } from "../../support/emulator.js";
import { azSkip, azUser, timingReport, type Cli } from "./clis.js";
import { startProxied } from "./proxied.js";

/** ARM's public name: proxy mode takes az's requests to it to the emulator. */
export const ARM = "https://management.azure.com";

/** A URL for `az rest`: ARM's name, the path, and the api-version (after the path's own query, if any). */
export const armUrl = (path: string, apiVersion: string) => `${ARM}${path}${path.includes("?") ? "&" : "?"}api-version=${apiVersion}`;

/** Runs az, which must exit 0 (the assertion shows its stderr); what it printed on stdout. */
export async function azOk(cli: Cli, args: readonly string[]): Promise<string> {
  const r = await cli.run(args);
  assert.equal(r.code, 0, `az ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** `az rest` as a file calls it: method, ARM path, body, az's `--query`; the JSON az prints. */
export type AzRest = (method: string, path: string, body?: unknown, query?: string) => Promise<any>;

export type AzSession = {
  /** Read inside tests and hooks: the file's `before` sets them (reading one earlier fails plainly). */
  readonly emu: Emulator;
  readonly proxyPort: number;
  readonly az: Cli;
  /** `azOk` with the file's az user. */
  ok(args: readonly string[]): Promise<string>;
  /** `az rest` at one api-version; it does not poll (the instant clock has finished an operation by the next call). */
  restAt(apiVersion: string): AzRest;
};

/**
 * Registers the file's hooks; call it at the top level. Before: the emulator, then `setup` on it
 * (the groups and clusters the file starts from), then a logged-in az user, then `ready` with it.
 * (A file's own top-level `before` may run before this one has finished: what needs the az user
 * goes in `ready`.) After: the timings, the user's folder removed, the emulator closed. Without az
 * (and CI unset) nothing starts, as the file's describe is skipped with azSkip().
 */
export function azSession(label: string, hooks: { setup?: (emu: Emulator) => Promise<void>; ready?: (az: Cli) => Promise<void> } = {}): AzSession {
  let started: { emu: Emulator; proxyPort: number } | undefined;
  let az: Cli | undefined;
  before(async () => {
    if (azSkip()) return;
    started = await startProxied({ clock: "instant" });
    await hooks.setup?.(started.emu);
    az = await azUser(started.emu, started.proxyPort);
    await hooks.ready?.(az);
  });
  after(async () => {
    if (az) process.stderr.write(`az tier (${label}) timings:\n${timingReport()}\n`);
    az?.close();
    await started?.emu.close();
  });
  const ready = <T>(value: T | undefined): T => value ?? assert.fail(`az tier (${label}): the emulator and its az user are set up by the file's before hook`);
  const session: AzSession = {
    get emu() {
      return ready(started).emu;
    },
    get proxyPort() {
      return ready(started).proxyPort;
    },
    get az() {
      return ready(az);
    },
    ok: (args) => azOk(session.az, args),
    restAt: (apiVersion) => async (method, path, body, query) =>
      JSON.parse(await session.ok(["rest", "--method", method, "--url", armUrl(path, apiVersion), ...(body === undefined ? [] : ["--body", JSON.stringify(body)]), ...(query ? ["--query", query] : []), "-o", "json"])),
  };
  return session;
}
