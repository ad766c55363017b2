import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, DEFAULT_SPEED, loadConfig } from "../../src/config/config.js";

test("flags win over AKSEMU_* environment, which wins over defaults", () => {
  const defaults = loadConfig([], {});
  assert.equal(defaults.port, 8443);
  assert.equal(defaults.host, "127.0.0.1");
  assert.equal(defaults.clock, "realtime");
  assert.equal(defaults.speed, DEFAULT_SPEED);
  const env = loadConfig([], { AKSEMU_PORT: "9000", AKSEMU_CLOCK: "manual", AKSEMU_IN_MEMORY: "true" });
  assert.deepEqual([env.port, env.clock, env.inMemory], [9000, "manual", true]);
  const both = loadConfig(["--port", "9100", "--clock=instant", "--loose"], { AKSEMU_PORT: "9000", AKSEMU_CLOCK: "manual" });
  assert.deepEqual([both.port, both.clock, both.loose], [9100, "instant", true]);
  assert.equal(loadConfig(["--data-dir", "/tmp/x"], {}).tlsDir, "/tmp/x/tls");
});

test("bad options are refused with a clear message", () => {
  assert.throws(() => loadConfig(["--clock", "fast"], {}), (e: unknown) => e instanceof ConfigError && /realtime, manual or instant/.test(e.message));
  assert.throws(() => loadConfig(["--port", "abc"], {}), ConfigError);
  assert.throws(() => loadConfig(["--port", "70000"], {}), ConfigError);
  assert.throws(() => loadConfig(["--speed", "0"], {}), ConfigError);
  assert.throws(() => loadConfig(["--bogus"], {}), /unknown option '--bogus'/);
  assert.throws(() => loadConfig([], { AKSEMU_IN_MEMORY: "perhaps" }), /AKSEMU_IN_MEMORY/);
});

test("proxy mode listens on 8444 by default, on --proxy-port or AKSEMU_PROXY_PORT, and is off with 'off'", () => {
  assert.equal(loadConfig([], {}).proxyPort, 8444);
  assert.equal(loadConfig([], { AKSEMU_PROXY_PORT: "9444" }).proxyPort, 9444);
  assert.equal(loadConfig(["--proxy-port", "0"], { AKSEMU_PROXY_PORT: "9444" }).proxyPort, 0);
  assert.equal(loadConfig(["--proxy-port=off"], {}).proxyPort, null);
  assert.throws(() => loadConfig(["--proxy-port", "70000"], {}), /--proxy-port must be a port 0-65535 or 'off'/);
  assert.throws(() => loadConfig([], { AKSEMU_PROXY_PORT: "x" }), /AKSEMU_PROXY_PORT must be a port/);
});
