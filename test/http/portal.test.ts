// The portal's files over HTTPS (issue 14): anonymous GETs with their content types, Fluent's
// bundle and tokens from node_modules, and nothing outside portal/: dot segments, encoded slashes
// and unknown files are ARM's 404 NotFound. (The portal itself is tested in Chromium: test/portal.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { assertGatewayError, header } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.close());

const anonymous = (path: string, method = "GET") => emu.request(method, path, { auth: false });

test("/ is the portal's page and /portal/... its modules, stylesheet and icon, without a token", async () => {
  const page = await anonymous("/");
  assert.equal(page.status, 200);
  assert.equal(header(page, "content-type"), "text/html; charset=utf-8");
  assert.match(page.text, /<script type="module" src="\/portal\/app.js"><\/script>/);
  assert.match(String(header(page, "content-security-policy")), /default-src 'self'/);
  for (const [path, type] of [
    ["/portal/app.js", "text/javascript; charset=utf-8"],
    ["/portal/blades/activity-log.js", "text/javascript; charset=utf-8"],
    ["/portal/styles.css", "text/css; charset=utf-8"],
    ["/portal/favicon.svg", "image/svg+xml"],
  ] as const) {
    const res = await anonymous(path);
    assert.equal(res.status, 200, path);
    assert.equal(header(res, "content-type"), type, path);
    assert.equal(Number(header(res, "content-length")), Buffer.byteLength(res.text), path);
  }
});

test("Fluent UI's bundle and design tokens come from node_modules", async () => {
  const bundle = await anonymous("/portal/vendor/fluent-web-components.js");
  assert.equal(bundle.status, 200);
  assert.match(bundle.text, /ButtonDefinition/);
  const tokens = await anonymous("/portal/vendor/fluent-tokens/themes/web/lightTheme.js");
  assert.equal(tokens.status, 200);
  assert.match(tokens.text, /export const webLightTheme/);
  // The tokens' own imports name no extension in some builds: ".js" is added.
  assert.equal((await anonymous("/portal/vendor/fluent-tokens/themes/web/lightTheme")).status, 200);
});

test("nothing outside portal/: dot segments, encoded slashes, hidden and unknown files are 404 NotFound", async () => {
  for (const path of ["/portal/..%2fpackage.json", "/portal/blades/..%2F..%2Fpackage.json", "/portal/blades/%2e%2e%2fapp.js", "/portal/.gitignore", "/portal/nope.js", "/portal/blades", "/portal/vendor/fluent-tokens/..%2f..%2fpackage", "/portal/README"]) {
    const res = await anonymous(path);
    assertGatewayError(res, 404, "NotFound", /^The requested resource '.*' does not exist\.$/);
  }
  // A path the URL parser resolves ("/portal/../package.json" is "/package.json") is no portal file at all.
  assert.equal((await anonymous("/portal/../package.json")).status, 401);
});

test("the portal's routes answer GET only (a token first, as for any path that is not anonymous for that method)", async () => {
  assertGatewayError(await anonymous("/", "DELETE"), 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  assertGatewayError(await emu.request("DELETE", "/"), 405, "MethodNotAllowed", "The requested resource does not support http method 'DELETE'.");
  assertGatewayError(await emu.request("POST", "/portal/app.js", { rawBody: "" }), 405, "MethodNotAllowed", "The requested resource does not support http method 'POST'.");
});
