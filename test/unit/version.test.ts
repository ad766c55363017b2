// AKSEMU_VERSION (snapshots, /_aksemu/health) is package.json's version.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { AKSEMU_VERSION } from "../../src/version.js";

test("AKSEMU_VERSION is package.json's version", () => {
  assert.equal(AKSEMU_VERSION, (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
});
