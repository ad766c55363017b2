// What a recording keeps and what a replay sets aside (src/server/recording-format.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { differences, normalized, redactBody, redactHeaders, REDACTED } from "../../src/server/recording-format.js";

test("secrets and tokens are redacted: the Authorization header, form secrets, JSON secrets, kubeconfigs", () => {
  assert.deepEqual(redactHeaders({ Authorization: "Bearer eyJ.x.y", "X-Ms-Client-Request-Id": "r1", cookie: "a=b" }), { authorization: `Bearer ${REDACTED}`, "x-ms-client-request-id": "r1", cookie: REDACTED });
  assert.equal(redactBody("grant_type=client_credentials&client_id=c&client_secret=s3cret", "application/x-www-form-urlencoded"), "grant_type=client_credentials&client_id=c&client_secret=%3Credacted%3E");
  assert.deepEqual(JSON.parse(redactBody(JSON.stringify({ access_token: "eyJ", clientSecret: "x", kubeconfigs: [{ name: "clusterUser", value: "YXBp" }], keep: "me" }), "application/json")), { access_token: REDACTED, clientSecret: REDACTED, kubeconfigs: [{ name: "clusterUser", value: REDACTED }], keep: "me" });
  assert.equal(redactBody("not json", "application/json"), "not json");
});

test("two runs' answers compare equal but for what differs by nature; a real difference is named by its path", () => {
  const a = { id: "https://127.0.0.1:1111/x/8c007ee5-aaaa-4bbb-8ccc-123456789012", properties: { fqdn: "c1-8c007ee5.hcp.eastus.azmk8s.io", time: "2026-12-03T10:00:00.1234567Z", state: "Succeeded" }, etag: "abc" };
  const b = { id: "https://127.0.0.1:2222/x/00000000-aaaa-4bbb-8ccc-123456789012", properties: { fqdn: "c1-95cc1fc7.hcp.eastus.azmk8s.io", time: "2026-12-04T11:00:00Z", state: "Succeeded" }, etag: "def" };
  const origins = ["https://127.0.0.1:1111", "https://127.0.0.1:2222"];
  assert.deepEqual(differences(normalized(a, origins), normalized(b, origins)), []);
  const c = { ...b, properties: { ...b.properties, state: "Failed" } };
  assert.deepEqual(differences(normalized(a, origins), normalized(c, origins)), ['.properties.state: "Succeeded" → "Failed"']);
});
