// Hostile and malformed input never makes a 5xx: every refusal, from Node's HTTP parser up to the
// sanitizer, is an ARM error body with the status and code ARM uses, and the server keeps serving.
// Requests go over a raw TLS socket: https.request would normalize the paths and headers under test.
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connect } from "node:tls";
import { loadConfig } from "../../src/config/config.js";
import { createApp } from "../../src/server/app.js";
import { CLIENT_ID, CLIENT_SECRET, SUB, TENANT, TLS_DIR, startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { apPath, assertGatewayError, assertStatus, clusterBody, mcPath, q, RG_API, rgPath, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  assertStatus(await emu.request("PUT", q(mcPath("rg1", "c1")), { body: clusterBody() }), 201);
});
after(() => emu.close());

type Raw = HttpResult & { closed: boolean; all: string };

/**
 * Writes `chunks` (a pause between them) on a fresh TLS connection and reads until the server closes
 * it or `waitMs` passes; the first HTTP response in what came back is parsed.
 */
function raw(port: number, chunks: readonly (string | Buffer)[], o: { waitMs?: number; pauseMs?: number } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca: emu.ca, servername: "localhost" });
    const got: Buffer[] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(got).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      if (split < 0) return reject(new Error(`no HTTP response (closed: ${closed}): ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(":");
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const length = headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
      const body = Buffer.from(text.slice(split + 4), "utf8").subarray(0, length).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status: Number(statusLine!.split(" ")[1]), headers, text: body, json, closed, all: text });
    };
    const timer = setTimeout(finish, o.waitMs ?? 3000);
    socket.on("data", (c: Buffer) => got.push(c));
    socket.on("end", () => {
      closed = true;
      finish();
    });
    socket.on("error", () => finish());
    socket.once("secureConnect", async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0 && o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
        if (!socket.destroyed) socket.write(chunk);
      }
    });
  });
}

const statusLines = (res: Raw) => [...res.all.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

/** The origin /metadata/endpoints (2022-09-01: an array of one cloud) built its URLs from. */
const portal = (res: Raw): unknown => (res.json as { portal: string }[])[0]?.portal;

const head = (requestLine: string, headers: Record<string, string> = {}, body = "") =>
  `${requestLine}\r\n${Object.entries({ host: `127.0.0.1:${emu.port}`, connection: "close", ...headers }).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`;

/** A refusal the server sent and closed on: ARM gateway envelope and `connection: close`. */
function assertRefusedAndClosed(res: Raw, status: number, code: string, message: string | RegExp): void {
  assertGatewayError(res, status, code, message);
  assert.equal(res.headers["connection"], "close");
  assert.ok(res.closed, "the server closed the connection");
  assert.match(String(res.headers["x-ms-request-id"]), /^[0-9a-f-]{36}$/);
}

async function stillServing(): Promise<void> {
  assertStatus(await emu.request("GET", q(rgPath("rg1"), RG_API)), 200);
}

const groupPath = () => q(rgPath("rg1"), RG_API);

test("request targets starting with // or holding odd characters are paths, not a 500", async () => {
  const auth = { authorization: `Bearer ${await emu.token()}` };
  for (const target of ["//a<b/x", "//[/x", "//a/./../b", "/\\a"]) {
    const res = await raw(emu.port, [head(`GET ${target} HTTP/1.1`, auth)]);
    assertGatewayError(res, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }
  // Only empty segments: the path "/", the portal's page (src/server/portal.ts).
  for (const target of ["//", "///"]) {
    const res = await raw(emu.port, [head(`GET ${target} HTTP/1.1`, auth)]);
    assertStatus(res, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
  }
  const badEscape = await raw(emu.port, [head("GET //%/x HTTP/1.1", auth)]);
  assertGatewayError(badEscape, 400, "InvalidUri", "The request URI '//%/x' is invalid: it is not a valid percent-encoded path.");
  const unknown = await raw(emu.port, [head(`GET //a<b/x?api-version=${RG_API} HTTP/1.1`, auth)]);
  assertGatewayError(unknown, 404, "NotFound", "The requested resource '//a%3Cb/x' does not exist.");
  // Anonymous: no 401 first, and still no 500.
  const anonymous = await raw(emu.port, [head("GET //[/x HTTP/1.1")]);
  assertGatewayError(anonymous, 401, "AuthenticationFailed", /^Authentication failed\./);
  await stillServing();
});

test("absolute-form targets work and take the host from the target; others are 400 BadRequest", async () => {
  const meta = await raw(emu.port, [head("GET https://example.test:8443/metadata/endpoints?api-version=2022-09-01 HTTP/1.1", { host: "ignored.test" })]);
  assertStatus(meta, 200);
  assert.equal(portal(meta), "https://example.test:8443");
  const auth = { authorization: `Bearer ${await emu.token()}` };
  const group = await raw(emu.port, [head(`GET HTTPS://127.0.0.1:${emu.port}/subscriptions/${SUB}/resourceGroups/rg1?api-version=${RG_API} HTTP/1.1`, auth)]);
  assertStatus(group, 200);
  assert.equal(group.json.name, "rg1");
  const noPath = await raw(emu.port, [head("GET https://example.test?api-version=2022-09-01 HTTP/1.1")]);
  assertStatus(noPath, 200); // "/": the portal's page, anonymous
  for (const target of ["ftp://example.test/metadata/endpoints", "*"]) {
    const res = await raw(emu.port, [head(`OPTIONS ${target} HTTP/1.1`)]);
    assertGatewayError(res, 400, "BadRequest", "The request URL is invalid.");
  }
  const badAuthority = await raw(emu.port, [head("GET https://user@example.test/metadata/endpoints HTTP/1.1")]);
  assertGatewayError(badAuthority, 400, "BadRequest", "The request hostname is invalid.");
  await stillServing();
});

test("an invalid, missing (HTTP/1.1) or repeated Host: 400 BadRequest 'The request hostname is invalid.' on every route", async () => {
  const auth = { authorization: `Bearer ${await emu.token()}` };
  const targets = ["/metadata/endpoints?api-version=2022-09-01", `/subscriptions/${SUB}/resourceGroups/rg1?api-version=${RG_API}`, `/${TENANT}/v2.0/.well-known/openid-configuration`];
  for (const host of ["a b", "exa<mple", "[::1", "127.0.0.1:99999", "@", "", "host:", "a/b", "x:1:2", "[zz::1]"]) {
    for (const target of targets) {
      const res = await raw(emu.port, [head(`GET ${target} HTTP/1.1`, { ...auth, host })]);
      assertGatewayError(res, 400, "BadRequest", "The request hostname is invalid.");
    }
  }
  const missing = await raw(emu.port, [`GET ${targets[0]} HTTP/1.1\r\nconnection: close\r\n\r\n`]);
  assertGatewayError(missing, 400, "BadRequest", "The request hostname is invalid.");
  const twice = await raw(emu.port, [`GET ${targets[0]} HTTP/1.1\r\nhost: a.test\r\nHost: b.test\r\nconnection: close\r\n\r\n`]);
  assertGatewayError(twice, 400, "BadRequest", "The request hostname is invalid.");
  // HTTP/1.0 may omit Host: absolute URLs then name the address the emulator listens on.
  const old = await raw(emu.port, [`GET ${targets[0]} HTTP/1.0\r\n\r\n`]);
  assertStatus(old, 200);
  assert.equal(portal(old), emu.url);
  // Valid hosts are echoed in absolute URLs as given.
  for (const host of ["[::1]:443", "localhost", "Example.test:1", "10.0.0.1"]) {
    const res = await raw(emu.port, [head(`GET ${targets[0]} HTTP/1.1`, { host })]);
    assertStatus(res, 200);
    assert.equal(portal(res), `https://${host}`);
  }
  await stillServing();
});

test("a missing or non-object body is 400 InvalidRequestContent for every sanitized body (deleteMachines included)", async () => {
  const text = "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.";
  const deleteMachines = q(`${apPath("rg1", "c1", "nodepool1")}/deleteMachines`);
  assertGatewayError(await emu.request("POST", deleteMachines), 400, "InvalidRequestContent", text);
  assertGatewayError(await emu.request("POST", deleteMachines, { rawBody: "", headers: { "content-type": "application/json" } }), 400, "InvalidRequestContent", text);
  for (const body of ["null", "[]", '"machine"', "42", "true"]) {
    for (const [method, path] of [
      ["POST", deleteMachines],
      ["PUT", q(mcPath("rg1", "c2"))],
      ["PATCH", q(mcPath("rg1", "c1"))],
      ["PUT", q(apPath("rg1", "c1", "pool2"))],
    ] as const) {
      const res = await emu.request(method, path, { rawBody: body, headers: { "content-type": "application/json" } });
      assertGatewayError(res, 400, "InvalidRequestContent", text);
    }
  }
  for (const [method, path] of [["PUT", q(mcPath("rg1", "c2"))], ["PATCH", q(mcPath("rg1", "c1"))], ["PUT", q(apPath("rg1", "c1", "pool2"))]] as const) {
    assertGatewayError(await emu.request(method, path), 400, "InvalidRequestContent", text);
  }
  await stillServing();
});

test("unknown methods: 400 BadRequest from the parser, 405 MethodNotAllowed once routed; CONNECT 405; all close", async () => {
  for (const method of ["FOO", "BREW", "GET\u0001"]) {
    const res = await raw(emu.port, [head(`${method} /subscriptions HTTP/1.1`)]);
    assertRefusedAndClosed(res, 400, "BadRequest", "The request verb is invalid.");
  }
  const auth = { authorization: `Bearer ${await emu.token()}` };
  const routed = await raw(emu.port, [head(`PROPFIND ${q(mcPath("rg1", "c1"))} HTTP/1.1`, auth)]);
  assertGatewayError(routed, 405, "MethodNotAllowed", "The requested resource does not support http method 'PROPFIND'.");
  const connectMethod = await raw(emu.port, [head(`CONNECT 127.0.0.1:${emu.port} HTTP/1.1`)]);
  assertRefusedAndClosed(connectMethod, 405, "MethodNotAllowed", "The requested resource does not support http method 'CONNECT'.");
  await stillServing();
});

test("a head over 16 KB: 400 BadRequest as ARM's HTTP.sys answers it (long header or long URL), answered in full before the close", async () => {
  const text = "The size of the request headers is too long.";
  const bigHeader = await raw(emu.port, [head("GET / HTTP/1.1", { "x-big": "a".repeat(20_000) })]);
  assertRefusedAndClosed(bigHeader, 400, "BadRequest", text);
  const bigUrl = await raw(emu.port, [head(`GET /${"a".repeat(20_000)} HTTP/1.1`)]);
  assertRefusedAndClosed(bigUrl, 400, "BadRequest", text);
  // Still sending after the refusal: the answer arrives whole, not as a reset.
  const flood = await raw(emu.port, [head("GET / HTTP/1.1", { "x-big": "a".repeat(20_000) }), "b".repeat(100_000)], { pauseMs: 20 });
  assertRefusedAndClosed(flood, 400, "BadRequest", text);
  // Just under the limit is served.
  const near = await raw(emu.port, [head(`GET ${groupPath()} HTTP/1.1`, { authorization: `Bearer ${await emu.token()}`, "x-pad": "a".repeat(12_000) })]);
  assertStatus(near, 200);
  await stillServing();
});

test("malformed heads and bodies: 400 BadRequest in the ARM envelope, connection closed", async () => {
  const cases: [string, string][] = [
    [`GET / HTTP/1.1\r\nhost: x\r\nbad header: 1\r\n\r\n`, "The request has an invalid header name or value."],
    [`GET / HTTP/1.1\r\nhost: x\r\nx-ctl: a\u0001b\r\n\r\n`, "The request has an invalid header name or value."],
    [`GET / HTTP/9.9\r\nhost: x\r\n\r\n`, "The request is badly formed."],
    [`GET / FOO/1.1\r\nhost: x\r\n\r\n`, "The request is badly formed."],
    [`PUT / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n`, "The request is badly formed."],
    [`PUT / HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab`, "The request is badly formed."],
    [`PUT / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, "The request is badly formed."],
    [`GET /\u0000 HTTP/1.1\r\nhost: x\r\n\r\n`, "The request URL is invalid."],
    ["\r\n\r\n\u0016\u0003\u0001garbage\r\n\r\n", "The request verb is invalid."],
  ];
  for (const [request, message] of cases) {
    const res = await raw(emu.port, [request]);
    assertRefusedAndClosed(res, 400, "BadRequest", message);
  }
  await stillServing();
});

test("a body with a non-JSON or missing Content-Type: 415 UnsupportedMediaType; no body needs none", async () => {
  const body = JSON.stringify({ location: "eastus" });
  const refused = (type: string) => `The content media type '${type}' is not supported. Only 'application/json' is supported.`;
  for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml; charset=utf-8", "application/jsonx", "json"]) {
    const res = await emu.request("PUT", groupPath(), { rawBody: body, headers: { "content-type": type } });
    assertGatewayError(res, 415, "UnsupportedMediaType", refused(type));
  }
  assertGatewayError(await emu.request("PUT", groupPath(), { rawBody: body }), 415, "UnsupportedMediaType", refused("<null>"));
  // Over raw TLS too (no client adds a Content-Type behind the test's back).
  const auth = { authorization: `Bearer ${await emu.token()}` };
  const rawPut = await raw(emu.port, [head(`PUT ${groupPath()} HTTP/1.1`, { ...auth, "content-length": String(body.length) }, body)]);
  assertGatewayError(rawPut, 415, "UnsupportedMediaType", refused("<null>"));
  // JSON media types, any parameters or case.
  for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", "text/json", "application/merge-patch+json"]) {
    assertStatus(await emu.request("PUT", groupPath(), { rawBody: body, headers: { "content-type": type } }), 200);
  }
  const patched = await emu.request("PATCH", q(mcPath("rg1", "c1")), { rawBody: JSON.stringify({ tags: { a: "1" } }), headers: { "content-type": "application/merge-patch+json" } });
  assert.notEqual(patched.status, 415, patched.text);
  // POST actions without a body, with or without a Content-Type, are not refused for their media type.
  const creds = q(`${mcPath("rg1", "c1")}/listClusterUserCredential`);
  for (const headers of [{}, { "content-type": "application/json" }, { "content-type": "text/plain" }] as Record<string, string>[]) {
    const res = await emu.request("POST", creds, { headers });
    assert.notEqual(res.status, 415, res.text);
    assert.ok(res.status < 500, res.text);
  }
  // The token endpoint takes a form (and answers OAuth's own errors).
  const form = await emu.request("POST", `/${TENANT}/oauth2/v2.0/token`, {
    rawBody: new URLSearchParams({ grant_type: "client_credentials", client_id: "x", client_secret: "y", scope: "s" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    auth: false,
  });
  assertStatus(form, 400);
  assert.equal(form.json.error, "unauthorized_client");
  await stillServing();
});

test("a write that declares no length (curl -X POST without -d): 411 LengthRequired, as HTTP.sys answers it; Content-Length: 0 is fine", async () => {
  const token = await emu.token();
  const noLength = await raw(emu.port, [head(`POST ${q(`${mcPath("rg1", "nope")}/stop`)} HTTP/1.1`, { authorization: `Bearer ${token}` })]);
  assertGatewayError(noLength, 411, "LengthRequired", "The request must be chunked or have a content length.");
  const put = await raw(emu.port, [head(`PUT ${groupPath()} HTTP/1.1`, { authorization: `Bearer ${token}` })]);
  assertGatewayError(put, 411, "LengthRequired", "The request must be chunked or have a content length.");
  // An explicit empty body is a body of length 0: the request goes on (here: no such cluster).
  const zero = await raw(emu.port, [head(`POST ${q(`${mcPath("rg1", "nope")}/stop`)} HTTP/1.1`, { authorization: `Bearer ${token}`, "content-length": "0" })]);
  assert.equal(zero.status, 404, zero.text);
  await stillServing();
});

test("an Expect other than 100-continue: 417 ExpectationFailed; 100-continue works", async () => {
  const res = await raw(emu.port, [head("GET /metadata/endpoints HTTP/1.1", { expect: "teapot" })]);
  assertGatewayError(res, 417, "ExpectationFailed", "The expectation 'teapot' given in the Expect header cannot be met.");
  assert.equal(res.headers["connection"], "close");
  const body = JSON.stringify({ location: "eastus" });
  const auth = { authorization: `Bearer ${await emu.token()}` };
  const cont = await raw(emu.port, [head(`PUT ${groupPath()} HTTP/1.1`, { ...auth, expect: "100-continue", "content-type": "application/json", "content-length": String(body.length) }), body], { pauseMs: 50 });
  assertStatus(cont, 100);
  assert.deepEqual(statusLines(cont), [100, 200]);
  await stillServing();
});

test("a 401 echoing a token's odd claims (control characters, quotes, non-ASCII) still answers a valid challenge", async () => {
  for (const scope of ["\u0001x\u20ac\"\\/.default", "https://evil\u0007.example/.default"]) {
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope });
    const minted = await emu.request("POST", `/${TENANT}/oauth2/v2.0/token`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
    if (minted.status !== 200) continue;
    const res = await emu.request("GET", groupPath(), { auth: String(minted.json.access_token) });
    assert.ok(res.status < 500, res.text);
    if (res.status === 401) assert.match(String(res.headers["www-authenticate"]), /^Bearer [\x20-\x7e]+$/);
  }
  await stillServing();
});

test("the server's limits on slow clients: 60 s for a head, 120 s for a request, 65 s keep-alive", () => {
  assert.equal(emu.app.server.headersTimeout, 60_000);
  assert.equal(emu.app.server.requestTimeout, 120_000);
  assert.equal(emu.app.server.keepAliveTimeout, 65_000);
});

test("a slowloris head or a stalled body: 408 RequestTimeout in the ARM envelope, and the server goes on", async () => {
  const config = loadConfig([], {}, { host: "127.0.0.1", port: 0, proxyPort: null, clock: "manual", inMemory: true, dataDir: join(tmpdir(), "aksemu-unused"), tlsDir: TLS_DIR });
  const app = await createApp(config, { log: () => {}, timeouts: { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 } });
  const { port } = await app.listen();
  try {
    const text = "The request timed out: its headers or body did not arrive in time.";
    const slowHead = await raw(port, ["GET /metadata/endpoints HTTP/1.1\r\nhost: x\r\n"], { waitMs: 3000 });
    assertRefusedAndClosed(slowHead, 408, "RequestTimeout", text);
    const stalledBody = await raw(port, [`PUT /_aksemu/clock/advance HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"by":`], { waitMs: 3000 });
    assertRefusedAndClosed(stalledBody, 408, "RequestTimeout", text);
    const ok = await raw(port, ["GET /metadata/endpoints HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"]);
    assertStatus(ok, 200);
  } finally {
    await app.close();
  }
});

test("pipelined on one connection: a refused request leaves the next ones served; HEAD refusals have no body", async () => {
  const auth = `authorization: Bearer ${await emu.token()}\r\n`;
  const host = `host: 127.0.0.1:${emu.port}\r\n`;
  const pipelined = [
    `PUT ${groupPath()} HTTP/1.1\r\n${host}${auth}content-type: text/plain\r\ncontent-length: 2\r\n\r\n{}`,
    `GET //[/x HTTP/1.1\r\n${host}${auth}\r\n`,
    `GET ${groupPath()} HTTP/1.1\r\n${host}${auth}connection: close\r\n\r\n`,
  ].join("");
  const res = await raw(emu.port, [pipelined]);
  assertGatewayError(res, 415, "UnsupportedMediaType", "The content media type 'text/plain' is not supported. Only 'application/json' is supported.");
  assert.ok(res.closed);
  assert.deepEqual(statusLines(res), [415, 400, 200]);
  const headRefused = await raw(emu.port, [`HEAD //[/x HTTP/1.1\r\n${host}${auth}connection: close\r\n\r\n`]);
  assert.equal(headRefused.status, 400);
  assert.equal(headRefused.text, "");
  await stillServing();
});
