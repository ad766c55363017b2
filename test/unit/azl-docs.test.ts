import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderCliDocs } from "../../src/cli/azl/docs.js";
import { COMMANDS } from "../../src/cli/azl/registry.js";

test("docs/cli.md documents every azl command exactly as defined (run `npm run docs` after a change)", () => {
  const doc = readFileSync("docs/cli.md", "utf8");
  assert.equal(doc, renderCliDocs());
  for (const c of COMMANDS) assert.ok(doc.includes(`### azl ${c.path.join(" ")}\n`), c.path.join(" "));
});
