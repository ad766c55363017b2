// Kubernetes' protobuf request bodies read into JSON (src/kube/protobuf.ts): a Secret as helm's
// release storage sends it, DeleteOptions, and the 415 for what is not read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeProtobuf } from "../../src/kube/protobuf.js";

// A minimal protobuf writer, so the bytes are built here from the field numbers, not copied.
const varint = (n: number | bigint): number[] => {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return out;
};
const str = (no: number, s: string | Uint8Array): number[] => {
  const b = typeof s === "string" ? [...new TextEncoder().encode(s)] : [...s];
  return [...varint((no << 3) | 2), ...varint(b.length), ...b];
};
const msg = (no: number, body: number[]) => str(no, Uint8Array.from(body));
const num = (no: number, n: number) => [...varint(no << 3), ...varint(n)];
const unknown = (apiVersion: string, kind: string, raw: number[]) => Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, [...str(1, apiVersion), ...str(2, kind)]), ...msg(2, raw)]);

test("a Secret: metadata (name, namespace, labels, creationTimestamp), data as base64, type", () => {
  const meta = [...str(1, "sh.helm.release.v1.demo.v1"), ...str(3, "apps"), ...msg(11, [...str(1, "owner"), ...str(2, "helm")]), ...msg(11, [...str(1, "version"), ...str(2, "1")]), ...msg(8, num(1, 1_700_000_000))];
  const body = unknown("v1", "Secret", [...msg(1, meta), ...msg(2, [...str(1, "release"), ...str(2, Uint8Array.from([0, 1, 2, 255]))]), ...str(3, "helm.sh/release.v1")]);
  assert.deepEqual(decodeProtobuf(body), {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "sh.helm.release.v1.demo.v1", namespace: "apps", labels: { owner: "helm", version: "1" }, creationTimestamp: "2023-11-14T22:13:20Z" },
    data: { release: "AAEC/w==" },
    type: "helm.sh/release.v1",
  });
});

test("DeleteOptions: propagation policy, grace period, preconditions, dry run", () => {
  const body = unknown("v1", "DeleteOptions", [...num(1, 0), ...msg(2, str(2, "42")), ...str(4, "Background"), ...str(5, "All")]);
  assert.deepEqual(decodeProtobuf(body), { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0, preconditions: { resourceVersion: "42" }, propagationPolicy: "Background", dryRun: ["All"] });
});

test("a kind not read here, no magic, or truncated bytes: the reason for a 415", () => {
  const pod = decodeProtobuf(unknown("v1", "Pod", msg(1, str(1, "p"))));
  assert.ok("unsupported" in pod && /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml, application\/vnd.kubernetes.protobuf/.test(String(pod.unsupported)));
  assert.ok("unsupported" in decodeProtobuf(new TextEncoder().encode('{"kind":"Secret"}')));
  const truncated = unknown("v1", "Secret", msg(1, str(1, "x")));
  assert.deepEqual(decodeProtobuf(truncated.subarray(0, truncated.length - 1)), { unsupported: "unable to decode the protobuf body: truncated field" });
});
