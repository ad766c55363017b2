import assert from "node:assert/strict";
import { test } from "node:test";
import { availableUpgrades, checkUpgrade, DEFAULT_VERSION, resolveVersion } from "../../src/providers/containerservice/domain/versions.js";

test("versions resolve from minor aliases and exact patches only", () => {
  assert.equal(resolveVersion("1.33"), "1.33.3");
  assert.equal(resolveVersion("1.32.6"), "1.32.6");
  assert.equal(resolveVersion("1.32.99"), undefined);
  assert.equal(resolveVersion("1.20.7"), undefined);
  assert.equal(resolveVersion("latest"), undefined);
  assert.equal(resolveVersion(DEFAULT_VERSION), DEFAULT_VERSION);
});

test("upgrades: newer patches of the minor and the next minor, newest first", () => {
  assert.deepEqual(availableUpgrades("1.32.6"), ["1.33.3", "1.33.2", "1.32.7"]);
  assert.deepEqual(checkUpgrade("1.32.6", "1.33.2"), { ok: true });
  assert.deepEqual(checkUpgrade("1.31.10", "1.33.3"), { ok: false, reason: "skipsMinor" });
  assert.deepEqual(checkUpgrade("1.33.3", "1.33.2"), { ok: false, reason: "downgrade" });
  assert.deepEqual(checkUpgrade("1.33.3", "1.33.3"), { ok: true });
});
