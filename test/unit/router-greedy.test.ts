// The router's greedy last segment (`{*path}`, the portal's files): it captures the rest of the path
// (one segment or more), and an exact-length route that matches answers first.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRouter, type Route } from "../../src/arm/router.js";

const route = (method: string, pattern: string): Route => ({ method, pattern, apiVersions: { kind: "none" }, handler: () => ({ status: 200 }) });
const match = createRouter([route("GET", "/portal/{*path}"), route("GET", "/portal/exact"), route("GET", "/{tenant}/oauth2/token")]);

test("a greedy segment captures the rest of the path, decoded segment by segment", () => {
  const hit = match("GET", "/portal/blades/cluster%20view.js");
  assert.ok(hit && "route" in hit);
  assert.equal(hit.route.pattern, "/portal/{*path}");
  assert.deepEqual(hit.params, { path: "blades/cluster view.js" });
  const one = match("GET", "/Portal/app.js");
  assert.ok(one && "route" in one);
  assert.deepEqual(one.params, { path: "app.js" });
});

test("an exact-length route wins; a greedy one needs at least one segment for its capture", () => {
  const exact = match("GET", "/portal/exact");
  assert.ok(exact && "route" in exact);
  assert.equal(exact.route.pattern, "/portal/exact");
  assert.equal(match("GET", "/portal"), undefined);
  const token = match("GET", "/portal/oauth2/token");
  assert.ok(token && "route" in token);
  assert.equal(token.route.pattern, "/{tenant}/oauth2/token");
});

test("a greedy path with another method is 405, as any matched path", () => {
  assert.deepEqual(match("POST", "/portal/a/b/c"), { methodNotAllowed: true });
});
