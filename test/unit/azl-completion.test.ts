import assert from "node:assert/strict";
import { test } from "node:test";
import { complete } from "../../src/cli/azl/completion.js";

test("completion offers groups, commands, options and choices from the registry", () => {
  assert.deepEqual(complete(["a"]), ["account", "aks"]);
  assert.ok(complete(["aks", ""]).includes("nodepool"));
  assert.ok(complete(["aks", ""]).includes("operation-abort"));
  assert.deepEqual(complete(["aks", "nodepool", "sc"]), ["scale"]);
  assert.ok(complete(["aks", "show", "--"]).includes("--resource-group"));
  assert.deepEqual(complete(["aks", "show", "-g", "rg", "-o", "ya"]), ["yaml", "yamlc"]);
});
