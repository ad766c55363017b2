// The error catalog is data: every entry must be used, and no two entries may say the same thing.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { apiError, ERROR_CATALOG, errorBody, type ErrorKey } from "../../src/arm/error-catalog.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") && !full.endsWith("error-catalog.ts") ? [full] : [];
  });
}

test("every catalog entry is used by the emulator", () => {
  const text = sources(join(process.cwd(), "src")).map((f) => readFileSync(f, "utf8")).join("\n");
  const unused = Object.keys(ERROR_CATALOG).filter((k) => !text.includes(`"${k}"`));
  assert.deepEqual(unused, []);
});

test("no two entries share both code and message template", () => {
  const seen = new Map<string, string>();
  for (const [key, e] of Object.entries(ERROR_CATALOG)) {
    const sig = `${e.code}|${e.message.toString().replace(/\s+/g, " ")}`;
    assert.equal(seen.get(sig), undefined, `${key} duplicates ${seen.get(sig)}`);
    seen.set(sig, key);
  }
});

test("AKS errors are bare with details and subcode; ARM errors are wrapped", () => {
  const aks = errorBody(apiError("anotherOperationInProgress", { operation: "Updating" }));
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
  const withTarget = errorBody(apiError("invalidParameter", { message: "m", target: "properties.x" }));
  assert.deepEqual(Object.keys(withTarget as object), ["code", "details", "message", "subcode", "target"]);
  for (const key of Object.keys(ERROR_CATALOG) as ErrorKey[]) assert.ok(ERROR_CATALOG[key].status >= 400, key);
});
