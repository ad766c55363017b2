// azl follows what `aksemu env` exports (with or without --proxy): after `eval "$(aksemu env ...)"`
// it talks to that emulator and trusts that CA, even with a login made against another one.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { environment, proxyEnvironment } from "../../src/cli/environment.js";
import { startEmulator, TLS_DIR, type Emulator } from "../support/emulator.js";
import { azlInProcess } from "./helpers/azl.js";

let a: Emulator;
let b: Emulator;
let home: string;
before(async () => {
  [a, b] = await Promise.all([startEmulator(), startEmulator()]);
  await b.createGroup("only-in-b");
  home = mkdtempSync(join(tmpdir(), "azl-env-"));
});
after(async () => {
  await Promise.all([a.close(), b.close()]);
  rmSync(home, { recursive: true, force: true });
});

const ca = join(TLS_DIR, "ca.crt");
const base = () => ({ HOME: home, AZL_CONFIG_DIR: join(home, ".azl") });

test("a login made against one emulator follows AKSEMU_ENDPOINT and AKSEMU_CA to another", async () => {
  const login = await azlInProcess(["login"], { ...base(), ...environment(a.app.config, ca, a.port) });
  assert.equal(login.code, 0, login.stderr);
  // The shell now points at b, as `eval "$(aksemu env --port <b>)"` leaves it.
  for (const vars of [environment(b.app.config, ca, b.port), proxyEnvironment(b.app.config, ca, b.port, 1)]) {
    const show = await azlInProcess(["group", "show", "-n", "only-in-b", "--query", "name", "-o", "tsv"], { ...base(), ...vars });
    assert.deepEqual([show.code, show.stdout, show.stderr], [0, "only-in-b\n", ""]);
  }
  // Back to a: the group is not there.
  const missing = await azlInProcess(["group", "show", "-n", "only-in-b"], { ...base(), ...environment(a.app.config, ca, a.port) });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /ResourceGroupNotFound/);
});

test("azl login with no arguments logs in as the principal aksemu env exported", async () => {
  const vars = { ...environment(b.app.config, ca, b.port), AZURE_CLIENT_SECRET: "not-the-secret" };
  const login = await azlInProcess(["login"], { HOME: home, AZL_CONFIG_DIR: join(home, ".azl-2"), ...vars });
  assert.equal(login.code, 1);
  assert.match(login.stderr, /AADSTS7000215: Invalid client secret provided/);
});
