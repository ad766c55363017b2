import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_LOGIN } from "../../src/cli/azl/profile.js";
import { DEFAULT_IDENTITY } from "../../src/config/config.js";

// azl imports no emulator code (lint enforces it), so it spells out the default principal itself.
test("azl's default login is the emulator's default identity", () => {
  assert.deepEqual(DEFAULT_LOGIN, {
    tenantId: DEFAULT_IDENTITY.tenantId,
    clientId: DEFAULT_IDENTITY.clientId,
    clientSecret: DEFAULT_IDENTITY.clientSecret,
  });
});
