// The error catalog is data: every entry must be used, and no two entries may say the same thing.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { errorBody, errorFactory } from "../../src/arm/api-error.js";
import { apiError } from "../../src/arm/error-catalog.js";
import { AKS_ERRORS } from "../../src/providers/containerservice/errors.js";
import { allErrors } from "../../src/server/api-docs.js";

const { error: aksError } = errorFactory(AKS_ERRORS);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") && !["error-catalog.ts", "errors.ts"].includes(basename(full)) ? [full] : [];
  });
}

test("every catalog entry (front door and every provider's) is used by the emulator", () => {
  const text = sources(join(process.cwd(), "src")).map((f) => readFileSync(f, "utf8")).join("\n");
  const unused = allErrors().filter((e) => !text.includes(`"${e.key}"`)).map((e) => `${e.source}:${e.key}`);
  assert.deepEqual(unused, []);
});

test("keys are unique across catalogs, so a key names one text wherever it is used", () => {
  const keys = allErrors().map((e) => e.key);
  assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
});

test("no two entries share both code and message template", () => {
  const seen = new Map<string, string>();
  for (const { key, entry: e } of allErrors()) {
    const sig = `${e.code}|${e.message.toString().replace(/\s+/g, " ")}`;
    assert.equal(seen.get(sig), undefined, `${key} duplicates ${seen.get(sig)}`);
    seen.set(sig, key);
  }
});

test("AKS errors are bare with details and subcode; ARM errors are wrapped", () => {
  const aks = errorBody(aksError("anotherOperationInProgress", { operation: "Updating" }));
  assert.deepEqual(Object.keys(aks as object), ["code", "details", "message", "subcode"]);
  assert.deepEqual(aks, {
    code: "OperationNotAllowed",
    details: null,
    message: "Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details",
    subcode: "",
  });
  assert.deepEqual(errorBody(apiError("missingApiVersion")), {
    error: { code: "MissingApiVersionParameter", message: "The api-version query parameter (?api-version=) is required for all requests." },
  });
  const withTarget = errorBody(aksError("invalidParameter", { message: "m", target: "properties.x" }));
  assert.deepEqual(Object.keys(withTarget as object), ["code", "details", "message", "subcode", "target"]);
  for (const { key, entry } of allErrors()) assert.ok(entry.status >= 400, key);
});
