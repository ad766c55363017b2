// Property-based fuzzing of the ARM surface: requests generated from the REST spec's schemas (the
// compact copies the emulator ships), then mutated (wrong types at every level, nulls, 100 KB
// strings, control characters, lone surrogates, deep nesting, extra properties, arrays for objects,
// numbers out of range, empty strings), plus raw-layer mutations (bad JSON text, Content-Types,
// paths, query strings, api-versions, If-Match junk). For every request:
//   - never a 5xx;
//   - every non-2xx carries an ARM error body: `{"error":{"code","message",...}}` or AKS's bare
//     `{"code","details","message","subcode"}` (string code and message);
//   - a refused request changes no stored state (the group list, the fixture group's clusters and
//     the fixture cluster's pools, etags included, are the same after it).
// One emulator, a manual clock; an accepted write is settled (clock advanced) before the next run,
// or sometimes left running so the next request meets a busy cluster. Deterministic for a seed:
// FUZZ_SEED=<n> replays a run, FUZZ_RUNS=<n> changes its length, FUZZ_VERBOSE=1 prints status counts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import stableSchema from "../../src/providers/containerservice/schema/aks-schema.stable.json" with { type: "json" };
import previewSchema from "../../src/providers/containerservice/schema/aks-schema.preview.json" with { type: "json" };
import type { SchemaDocument, SchemaNode } from "../../src/providers/containerservice/schema/sanitize.js";
import { SUB, startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { AKS_API, PREVIEW_API, RG_API, apPath, clusterBody, createCluster, header, mcPath, q, refreshing, rgPath } from "./helpers.js";

const SEED = process.env["FUZZ_SEED"] !== undefined ? Number(process.env["FUZZ_SEED"]) : 20260401;
const RUNS = process.env["FUZZ_RUNS"] !== undefined ? Number(process.env["FUZZ_RUNS"]) : 700;

const RG = "fz";
const MC = "c1";
const NEW_MC = "fzn1";
const NEW_RG = "fzg2";

// ---------------------------------------------------------------- values from the schema

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { definitions: Record<string, SchemaNode> };

const HUGE = 100_000;
const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001f\u007f",
  "\t\r\n",
  "😀🚀",
  "\u202Eevil\u202C",
  "مرحبا",
  "\ud800",
  "x\udfffy",
  "\ufeff",
  "\u200b",
  "ＡＢＣ",
  "../../etc/passwd",
  "%00%2F",
  "<script>alert(1)</script>",
  "'\"\\",
  "${jndi:x}",
  "null",
  "-1",
  "1.33",
  "Standard_DS2_v2\u0000",
];
const HUGE_STRINGS = ["x".repeat(HUGE), "é".repeat(HUGE / 2), "😀".repeat(HUGE / 4), "\u0000".repeat(1000)];
const OUT_OF_RANGE = [-1, 0, -2147483649, 2147483648, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 1e-9, 0.5, 3.000001];

function nest(depth: number, leaf: Json, asArray: boolean): Json {
  let v: Json = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** A value that is wrong almost anywhere. */
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, "", "x", [], {}, [null], [1, "a", {}], { "": "" }),
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...HUGE_STRINGS),
  fc.constantFrom(...OUT_OF_RANGE),
  fc.constantFrom(20, 200, 2000).chain((d) => fc.boolean().map((arr) => nest(d, "deep", arr))),
  fc.string({ unit: "binary", maxLength: 12 }),
);

const resolve = (doc: Doc, node: SchemaNode): SchemaNode => {
  let n = node;
  for (let i = 0; n.$ref !== undefined && i < 10; i++) n = doc.definitions[n.$ref] ?? {};
  return n;
};

const ARM_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`;

/** A valid-ish value for a leaf (mostly in range, sometimes at or past the edges). */
function leaf(node: SchemaNode): fc.Arbitrary<Json> {
  if (node.enum && node.enum.length > 0) {
    const values = node.enum as Json[];
    return node.modelAsString ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }) : fc.constantFrom(...values);
  }
  switch (node.type) {
    case "string": {
      if (node.format === "arm-id") return fc.constantFrom(ARM_ID, "/subscriptions/x", "not-an-id", "");
      if (node.format === "uuid") return fc.oneof(fc.uuid(), fc.constant("not-a-uuid"));
      if (node.format === "date-time") return fc.constantFrom("2026-01-01T00:00:00Z", "yesterday");
      return fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
    }
    case "integer": {
      const min = node.minimum ?? 0;
      const max = node.maximum ?? Math.max(min, 100);
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, min, max) });
    }
    case "number":
      return fc.oneof(fc.double({ min: node.minimum ?? 0, max: node.maximum ?? 100, noNaN: true, noDefaultInfinity: true }), fc.constant(-1));
    case "boolean":
      return fc.boolean();
    default:
      return fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null));
  }
}

/** Valid-ish value for a schema node: a few properties of each object, short arrays, bounded depth. */
function fromSchema(doc: Doc, ref: SchemaNode, depth: number): fc.Arbitrary<Json> {
  const node = resolve(doc, ref);
  const isObject = node.type === "object" || node.properties !== undefined || node.additionalProperties !== undefined;
  if (isObject) {
    if (depth <= 0) return fc.constant({});
    const props = Object.entries(node.properties ?? {}); // read-only ones too: AKS drops them
    const required = new Set(node.required ?? []);
    const optional = props.filter(([k]) => !required.has(k)).map(([k]) => k);
    const extra =
      node.additionalProperties !== undefined && node.additionalProperties !== true
        ? fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,8}$/), fromSchema(doc, node.additionalProperties, depth - 1), { maxKeys: 3 })
        : fc.constant({});
    return fc.tuple(fc.subarray(optional, { maxLength: Math.min(3, optional.length) }), extra).chain(([picked, more]) => {
      const keys = [...props.filter(([k]) => required.has(k)).map(([k]) => k), ...picked];
      const shape: Record<string, fc.Arbitrary<Json>> = {};
      for (const k of keys) shape[k] = fromSchema(doc, node.properties![k]!, depth - 1);
      return fc.record(shape).map((rec) => ({ ...more, ...rec }) as Json);
    });
  }
  if (node.type === "array") {
    if (depth <= 0) return fc.constant([]);
    return fc.array(fromSchema(doc, node.items ?? {}, depth - 1), { maxLength: Math.min(node.maxItems ?? 3, 3) });
  }
  return leaf(node);
}

const STABLE = stableSchema as unknown as SchemaDocument;
const PREVIEW = previewSchema as unknown as SchemaDocument;

/** A root of the schema, generated whole. */
const rootOf = (name: string, doc: Doc = STABLE): fc.Arbitrary<Json> => fromSchema(doc, { $ref: name }, 5);

// ---------------------------------------------------------------- mutations

function isRecord(v: Json): v is { [k: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every path into a value (the root is []), in a stable order. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (out.length > 400) return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function setAt(v: Json, path: (string | number)[], f: (old: Json) => Json): Json {
  if (path.length === 0) return f(v);
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setAt(x, rest, f) : x));
  if (isRecord(v)) return { ...v, [head as string]: setAt(v[head as string] ?? null, rest, f) };
  return v;
}

function deepMerge(base: Json, over: Json): Json {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out: { [k: string]: Json } = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k]!, v) : v;
  return out;
}

type Mutation = { kind: string; pick: number; value: Json; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("replace", "replace", "replace", "extra", "wrap-array", "drop"),
  pick: fc.nat(),
  value: badValue,
  key: fc.oneof(fc.constantFrom("unknownProp", "", "__proto__", "constructor", "\u0000", "properties", "😀", "a".repeat(2000)), fc.string({ maxLength: 6 })),
});

function mutate(body: Json, m: Mutation): Json {
  const all = paths(body);
  const path = all[m.pick % all.length]!;
  switch (m.kind) {
    case "replace":
      return setAt(body, path, () => m.value);
    case "extra":
      return setAt(body, path, (old) => (isRecord(old) ? { ...old, [m.key]: m.value } : Array.isArray(old) ? [...old, m.value] : { [m.key]: m.value }));
    case "wrap-array":
      return setAt(body, path, (old) => [old]);
    default: {
      if (path.length === 0) return null;
      const parent = path.slice(0, -1);
      const last = path[path.length - 1]!;
      return setAt(body, parent, (old) =>
        Array.isArray(old) ? old.filter((_, i) => i !== last) : isRecord(old) ? Object.fromEntries(Object.entries(old).filter(([k]) => k !== last)) : old,
      );
    }
  }
}

/** base, base with a schema-generated part merged in, or the schema root alone; then 0-2 mutations. */
function bodyFor(base: Json, root: string, doc: Doc = STABLE): fc.Arbitrary<Json> {
  const gen = rootOf(root, doc);
  const start = fc.oneof(
    { weight: 2, arbitrary: fc.constant(base) },
    { weight: 4, arbitrary: gen.map((g) => deepMerge(base, g)) },
    { weight: 1, arbitrary: gen },
  );
  return fc.tuple(start, fc.array(mutation, { maxLength: 2 })).map(([b, ms]) => ms.reduce(mutate, b));
}

// ---------------------------------------------------------------- requests

type Req = { label: string; method: string; path: string; body?: string; headers?: Record<string, string>; leaveRunning?: boolean };

const json = (label: string, method: string, path: string, body: Json | undefined, extra: Partial<Req> = {}): Req => ({
  label,
  method,
  path,
  ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  ...extra,
});

const POOL_NAMES = ["nodepool1", "pool2", "np3", "Pool2", "a", "1abc", "abcdefghijklm", "pool-x", "p%C3%A9"];
const poolBase: Json = { properties: { count: 1, vmSize: "Standard_DS2_v2", mode: "User" } };
const groupBase: Json = { location: "eastus", tags: { env: "fuzz" } };

let machineNames: string[] = [];

const apiVersion = fc.oneof(
  { weight: 12, arbitrary: fc.constant(AKS_API) },
  { weight: 2, arbitrary: fc.constant(PREVIEW_API) },
  { weight: 1, arbitrary: fc.constantFrom("2099-01-01", "", "2026-04-01-preview", "2026-4-1", "latest", "2017-08-31", "2026-04-01%00", "2026-04-01&api-version=2024-07-02-preview") },
);
const at = (path: string, v: string) => `${path}?api-version=${v}`;

const clusterPut = fc.tuple(fc.constantFrom(MC, MC, NEW_MC, "-bad", "a".repeat(70), "UPPER", "x_y"), apiVersion, fc.boolean()).chain(([name, v, leave]) =>
  bodyFor(clusterBody() as Json, "ManagedCluster", v.endsWith("preview") ? PREVIEW : STABLE).map((b) => json("PUT cluster", "PUT", at(mcPath(RG, name), v), b, { leaveRunning: leave })),
);

const poolPut = fc.tuple(fc.constantFrom(...POOL_NAMES), apiVersion, fc.boolean()).chain(([pool, v, leave]) =>
  bodyFor(poolBase, "AgentPool", v.endsWith("preview") ? PREVIEW : STABLE).map((b) => json("PUT pool", "PUT", at(apPath(RG, MC, pool), v), b, { leaveRunning: leave })),
);

const poolPatch = fc
  .tuple(fc.constantFrom(...POOL_NAMES), fc.boolean())
  .chain(([pool, leave]) => bodyFor(poolBase, "AgentPool", PREVIEW).map((b) => json("PATCH pool", "PATCH", q(apPath(RG, MC, pool), PREVIEW_API), b, { leaveRunning: leave })));

const tagsPatch = fc.tuple(fc.constantFrom(MC, MC, NEW_MC), apiVersion).chain(([name, v]) => bodyFor({ tags: { a: "b" } }, "TagsObject").map((b) => json("PATCH tags", "PATCH", at(mcPath(RG, name), v), b)));

const deleteMachines = fc
  .tuple(fc.constantFrom("nodepool1", "pool2"), fc.boolean(), fc.nat(5))
  // machineNames is read when the case is generated (the pool's machines as last seen)
  .chain(([pool, leave, n]) =>
    bodyFor({ machineNames: machineNames.slice(0, 1 + (n % 2)) }, "AgentPoolDeleteMachinesParameter").map((b) =>
      json("POST deleteMachines", "POST", q(`${apPath(RG, MC, pool)}/deleteMachines`), b, { leaveRunning: leave }),
    ),
  );

const actions = fc
  .tuple(
    fc.constantFrom("start", "stop", "abort", "listClusterUserCredential", "listClusterAdminCredential", "rotateClusterCertificates", "agentPools/nodepool1/abort", "agentPools/pool2/abort"),
    fc.constantFrom("", "&format=exec", "&format=azure", "&format=%00", "&serverFqdn=", "&format=exec&format=azure"),
    fc.option(badValue, { nil: undefined }),
    fc.boolean(),
  )
  .map(([action, extra, body, leave]) => json(`POST ${action}`, "POST", `${q(`${mcPath(RG, MC)}/${action}`)}${extra}`, body, { leaveRunning: leave }));

const groupPut = fc
  .tuple(fc.constantFrom(RG, RG, NEW_RG, "fz.", "fz(", "a".repeat(91)), fc.constantFrom(RG_API, RG_API, "2019-05-01", "2099-01-01"))
  .chain(([rg, v]) =>
    fc
      .tuple(
        fc.oneof(fc.constant(groupBase), fc.record({ location: fc.constantFrom("eastus", "westus", "EastUS", "", "nowhere"), tags: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), managedBy: fc.constantFrom("x", ARM_ID) }, { requiredKeys: ["location"] })),
        fc.array(mutation, { maxLength: 2 }),
      )
      .map(([b, ms]) => json("PUT group", "PUT", at(rgPath(rg), v), ms.reduce(mutate, b as Json))),
  );

// Raw layer: bytes of the body, Content-Type, path, query, headers.
const BAD_JSON = [
  "",
  "{",
  "{\"location\":",
  "{\"location\":\"eastus\",}",
  "{'location':'eastus'}",
  "\ufeff{\"location\":\"eastus\"}",
  "NaN",
  "[]",
  "\"str\"",
  "null",
  "{\"location\":\"eastus\"}{\"x\":1}",
  "{\"a\":\"\\ud800\"}",
  "{\"a\":\"\\u0000\"}",
  "{\"location\":\"eastus\",\"location\":\"westus\"}",
  "{\"properties\":{\"count\":1e999}}",
  "[".repeat(100_000) + "]".repeat(100_000),
  "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
  "\u0000",
  "\u00ff\u00fe",
];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/merge-patch+json",
  "application/json-patch+json",
  "",
  "*/*",
];
const WRITE_PATHS = [mcPath(RG, MC), mcPath(RG, NEW_MC), apPath(RG, MC, "nodepool1"), apPath(RG, MC, "pool2"), rgPath(RG), `${mcPath(RG, MC)}/stop`, `${apPath(RG, MC, "nodepool1")}/deleteMachines`];
const PATH_TWISTS: ((p: string) => string)[] = [
  (p) => p,
  (p) => `${p}/`,
  (p) => p.toUpperCase(),
  (p) => p.replace("/providers/", "//providers/"),
  (p) => p.replace("managedClusters", "managedclusters"),
  (p) => `${p}/%00`,
  (p) => `${p}/..`,
  (p) => `${p}/%2e%2e/x`,
  (p) => `${p}%2F`,
  (p) => `${p}/${"a".repeat(3000)}`,
  (p) => p.replace(SUB, "not-a-guid"),
  (p) => p.replace(SUB, "00000000-0000-0000-0000-000000000000"),
  (p) => p.replace(`resourceGroups/${RG}`, "resourceGroups/%F0%9F%98%80"),
  (p) => p.replace(`resourceGroups/${RG}`, "resourceGroups/"),
  (p) => `${p}/agentPools/x/y/z`,
];
const QUERY_TWISTS = [
  `api-version=${AKS_API}`,
  "",
  "api-version=",
  "API-VERSION=" + AKS_API,
  `api-version=${AKS_API}&api-version=${AKS_API}`,
  `api-version=${AKS_API}&api-version=${PREVIEW_API}`,
  `api-version[]=${AKS_API}`,
  `api-version=${AKS_API}&%zz=1`,
  `api-version=%zz`,
  `api-version=${RG_API}`,
  `api-version=${AKS_API}&$filter='x'`,
  `api-version=${AKS_API}&${"a=b&".repeat(500)}`,
  `api-version=${encodeURIComponent("2026-04-01\u0000")}`,
];
const JUNK_HEADERS: Record<string, string>[] = [
  {},
  { "if-match": "*" },
  { "if-match": "\"junk\"" },
  { "if-match": "W/\"junk\"" },
  { "if-match": "" },
  { "if-match": "\"a\", \"b\"" },
  { "if-match": "x".repeat(4000) },
  { "if-none-match": "*" },
  { "if-none-match": "\"junk\"" },
  { "x-ms-client-request-id": "not a guid" },
  { "x-ms-client-request-id": "x".repeat(2000) },
  { "accept-language": "zz-ZZ" },
  { accept: "application/xml" },
  { "x-ms-return-client-request-id": "maybe" },
  { "content-encoding": "gzip" },
  { "transfer-encoding": "chunked" },
];

const raw = fc
  .record({
    method: fc.constantFrom("PUT", "PATCH", "POST", "PUT", "GET"),
    path: fc.constantFrom(...WRITE_PATHS),
    twist: fc.nat(PATH_TWISTS.length - 1),
    query: fc.constantFrom(...QUERY_TWISTS),
    body: fc.oneof(
      fc.constantFrom(...BAD_JSON),
      fc.constant(JSON.stringify(clusterBody())),
      fc.constant(JSON.stringify(poolBase)),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constant(undefined),
    ),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
    headers: fc.constantFrom(...JUNK_HEADERS),
  })
  .map(({ method, path, twist, query, body, contentType, headers }): Req => {
    const h: Record<string, string> = { ...headers };
    if (contentType !== undefined) h["content-type"] = contentType;
    if (h["transfer-encoding"] !== undefined && body === undefined) delete h["transfer-encoding"];
    return { label: `raw ${method}`, method, path: `${PATH_TWISTS[twist]!(path)}${query ? `?${query}` : ""}`, ...(body !== undefined ? { body } : {}), headers: h };
  });

/** If-Match (junk or the current etag) on an otherwise schema-generated write. */
const withIfMatch = (arb: fc.Arbitrary<Req>) =>
  fc.tuple(arb, fc.constantFrom("*", "\"junk\"", "", "W/\"x\"", "current")).map(([r, m]) => ({ ...r, headers: { ...(r.headers ?? {}), "if-match": m } }));

const request: fc.Arbitrary<Req> = fc.oneof(
  { weight: 5, arbitrary: clusterPut },
  { weight: 4, arbitrary: poolPut },
  { weight: 2, arbitrary: poolPatch },
  { weight: 2, arbitrary: tagsPatch },
  { weight: 2, arbitrary: deleteMachines },
  { weight: 3, arbitrary: actions },
  { weight: 2, arbitrary: groupPut },
  { weight: 4, arbitrary: raw },
  { weight: 3, arbitrary: withIfMatch(fc.oneof(clusterPut, poolPut, tagsPatch, tagsPatch)) },
);

// ---------------------------------------------------------------- the harness

let emu: Emulator;
const counts = { requests: 0, total: 0, status: new Map<string, number>() };

/** What a refused request must not change: every group, the fixture group's clusters, the cluster's pools. */
async function snapshot(): Promise<string> {
  const parts = await Promise.all([
    emu.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=${RG_API}`),
    emu.request("GET", q(`${rgPath(RG)}/providers/Microsoft.ContainerService/managedClusters`)),
    emu.request("GET", q(`${mcPath(RG, MC)}/agentPools`)),
  ]);
  for (const p of parts) assert.equal(p.status, 200, `snapshot GET: ${p.status} ${p.text.slice(0, 300)}`);
  return JSON.stringify(parts.map((p) => p.json));
}

async function refreshMachines(): Promise<void> {
  const res = await emu.request("GET", q(`${apPath(RG, MC, "nodepool1")}/machines`));
  machineNames = res.status === 200 ? ((res.json?.value ?? []) as { name: string }[]).map((m) => m.name) : [];
}

/** Runs every operation to its end (a PT1H advance, repeated while a cluster is still busy). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const adv = await emu.advance("PT1H");
    assert.equal(adv.status, 200, `advance: ${adv.text}`);
    const list = await emu.request("GET", q(`${rgPath(RG)}/providers/Microsoft.ContainerService/managedClusters`));
    const busy = ((list.json?.value ?? []) as { properties?: { provisioningState?: string } }[]).some((c) => !/^(Succeeded|Failed|Canceled)$/.test(String(c.properties?.provisioningState)));
    if (!busy) return;
  }
}

/** Where two snapshots part, with some context. */
function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 300);
  return `before: …${a.slice(from, i + 300)}…\nafter:  …${b.slice(from, i + 300)}…`;
}

function send(r: Req): Promise<HttpResult> {
  return emu.request(r.method, r.path, { ...(r.body !== undefined ? { rawBody: r.body } : {}), headers: r.headers ?? {} });
}

const show = (r: Req) => {
  const body = r.body === undefined ? "" : r.body.length > 1500 ? `${r.body.slice(0, 1500)}… (${r.body.length} chars)` : r.body;
  return `${r.method} ${r.path.length > 400 ? `${r.path.slice(0, 400)}…` : r.path}\nheaders: ${JSON.stringify(r.headers ?? {}).slice(0, 300)}\nbody: ${body}`;
};

/** The ARM error contract for a non-2xx answer; returns a reason when it is broken. */
function armErrorProblem(res: HttpResult): string | undefined {
  if (!/^application\/json/i.test(String(header(res, "content-type") ?? ""))) return `content-type ${String(header(res, "content-type"))}`;
  const b = res.json as Record<string, unknown> | undefined;
  if (!b || typeof b !== "object" || Array.isArray(b)) return "body is not a JSON object";
  const e = b["error"];
  if (e !== undefined) {
    if (!e || typeof e !== "object" || Array.isArray(e)) return "error is not an object";
    const inner = e as Record<string, unknown>;
    if (typeof inner["code"] !== "string" || inner["code"] === "") return "error.code is not a non-empty string";
    if (typeof inner["message"] !== "string") return "error.message is not a string";
    return undefined;
  }
  if (typeof b["code"] !== "string" || b["code"] === "") return "code is not a non-empty string";
  if (typeof b["message"] !== "string") return "message is not a string";
  if (!("details" in b) || !("subcode" in b)) return "AKS envelope without details/subcode";
  return undefined;
}

before(async () => {
  emu = refreshing(await startEmulator());
  const request = emu.request;
  emu.request = (...args) => {
    counts.total++;
    return request(...args);
  };
  await emu.createGroup(RG);
  await createCluster(emu, RG, MC);
  await refreshMachines();
});
after(() => emu.close());

test(`fuzz: schema-generated and mutated requests never 5xx, always ARM errors, refusals change nothing (seed ${SEED}, ${RUNS} runs)`, async () => {
  const started = Date.now();
  const totalBefore = counts.total;
  let before = await snapshot();
  let pending = false;
  // For If-Match "current": the cluster's etag as last seen.
  let etag = "";
  const property = fc.asyncProperty(request, async (r0) => {
    const r = r0.headers?.["if-match"] === "current" ? { ...r0, headers: { ...r0.headers, "if-match": etag } } : r0;
    const res = await send(r);
    counts.requests++;
    const key = `${r.label} ${res.status}`;
    counts.status.set(key, (counts.status.get(key) ?? 0) + 1);
    const where = `${show(r)}\n→ ${res.status} ${res.text.slice(0, 800)}`;
    assert.ok(res.status < 500, `5xx:\n${where}`);
    const ok = res.status >= 200 && res.status < 300;
    if (!ok) {
      const problem = armErrorProblem(res);
      assert.equal(problem, undefined, `not an ARM error body (${problem}):\n${where}`);
      const now = await snapshot();
      if (now !== before) assert.fail(`refused request changed state:\n${where}\n${firstDiff(before, now)}`);
    }
    const wrote = ok && r.method !== "GET" && !/listCluster(User|Admin)Credential/.test(r.path);
    if (wrote && r.path.toLowerCase().includes(`/managedclusters/${NEW_MC}`.toLowerCase()) && !r.path.toLowerCase().includes(`/managedclusters/${MC}/`)) {
      // A new cluster was accepted: run it, then remove it, so the next "new" PUT is new again.
      await settle();
      await emu.request("DELETE", q(mcPath(RG, NEW_MC)));
      pending = true;
    } else if (wrote && r.leaveRunning && !pending) {
      pending = true; // the next request meets the running operation; it is settled after that one
      before = await snapshot();
      return;
    } else if (wrote) pending = true;
    if (pending) {
      await settle();
      await refreshMachines();
      pending = false;
      before = await snapshot();
      const got = await emu.request("GET", q(mcPath(RG, MC)));
      etag = String(got.json?.etag ?? got.json?.eTag ?? "");
    }
  });
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
  } catch (e) {
    throw new Error(`fuzz failed; replay with FUZZ_SEED=${SEED} (runs: ${RUNS})\n${(e as Error).message}`, { cause: e });
  } finally {
    const top = [...counts.status.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    const accepted = top.filter(([k]) => / 2\d\d$/.test(k)).reduce((n, [, c]) => n + c, 0);
    console.log(`fuzz: seed ${SEED}, ${counts.requests} fuzzed requests (${accepted} accepted), ${counts.total - totalBefore} HTTP requests in all, ${Date.now() - started} ms`);
    if (process.env["FUZZ_VERBOSE"]) for (const [k, c] of top) console.log(`  ${k}: ${c}`);
  }
});

// Found by this fuzzer (seeds 3, 6, 9, 10, 12 with FUZZ_RUNS=2500). The schema sanitizer lets a null
// tag value through (`tags` is additionalProperties: string) and checkTags (src/arm/tags.ts) reads
// `value.length` on it: a TypeError, answered 500 InternalServerError. The PATCH is refused with a 500
// even when the cluster does not exist.
// Found by this property (seeds 3, 6, 9, 10, 12 at 2,500 runs): checkTags read .length of null.
test("a null tag value on a cluster PUT or PATCH is 400 InvalidRequestContent, not a 500, and changes nothing", async () => {
  for (const [method, path, body] of [
    ["PATCH", q(mcPath(RG, MC)), { tags: { a: null } }],
    ["PATCH", q(mcPath(RG, "nosuchcluster")), { tags: { a: null } }],
    ["PUT", q(mcPath(RG, MC)), clusterBody({ tags: { a: null } })],
    ["PUT", q(mcPath(RG, "fzn9")), clusterBody({ tags: { a: null } })],
  ] as const) {
    await settle();
    const before = await snapshot();
    const res = await emu.request(method, path, { body });
    assert.ok(res.status < 500, `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.text}`);
    if (path.includes("nosuchcluster")) continue; // 400 or 404, whichever ARM judges first
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json?.error?.code, "InvalidRequestContent", res.text);
    assert.equal(armErrorProblem(res), undefined, res.text);
    assert.equal(await snapshot(), before);
  }
});
