import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderApiDocs } from "../../src/server/api-docs.js";

test("docs/api.md matches the routes and the error catalog (run `npm run docs` after changing either)", () => {
  assert.equal(readFileSync("docs/api.md", "utf8"), renderApiDocs());
});
