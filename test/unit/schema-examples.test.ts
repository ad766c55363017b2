// Every request body in the spec's examples must be accepted unchanged, and every resource
// the examples return must be accepted with only read-only properties dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import {
  flavorForApiVersion,
  sanitizeAgentPool,
  sanitizeDefinition,
  sanitizeManagedCluster,
  sanitizeRunCommandRequest,
  schemaFor,
  type SanitizeResult,
  type SchemaDocument,
  type SchemaFlavor,
  type SchemaNode,
} from "../../src/providers/containerservice/schema/sanitize.js";

type Example = { operationId: string; parameters: Record<string, unknown>; responses: Record<string, { body?: unknown }> };
type Sanitizer = (body: unknown, flavor: SchemaFlavor) => SanitizeResult<unknown>;

const cluster: Sanitizer = (b, flavor) => sanitizeManagedCluster(b, { flavor });
const agentPool: Sanitizer = (b, flavor) => sanitizeAgentPool(b, { flavor });

// operationId -> sanitizer for its request body (AgentPools_Update is a PATCH checked as AgentPool).
const requestSanitizers: Record<string, Sanitizer> = {
  ManagedClusters_CreateOrUpdate: cluster,
  AgentPools_CreateOrUpdate: agentPool,
  AgentPools_Update: agentPool,
  ManagedClusters_RunCommand: (b, flavor) => sanitizeRunCommandRequest(b, { flavor }),
  AgentPools_DeleteMachines: (b, flavor) => sanitizeDefinition("AgentPoolDeleteMachinesParameter", b, { flavor }),
};

// operationId -> [schema root, sanitizer] for resources in its response bodies.
const responseSanitizers: Record<string, [string, Sanitizer, "single" | "list"]> = {
  ManagedClusters_CreateOrUpdate: ["ManagedCluster", cluster, "single"],
  ManagedClusters_Get: ["ManagedCluster", cluster, "single"],
  ManagedClusters_List: ["ManagedCluster", cluster, "list"],
  AgentPools_CreateOrUpdate: ["AgentPool", agentPool, "single"],
  AgentPools_Update: ["AgentPool", agentPool, "single"],
  AgentPools_Get: ["AgentPool", agentPool, "single"],
  AgentPools_List: ["AgentPool", agentPool, "list"],
};

const root = new URL("../fixtures/examples/", import.meta.url);
const examples = readdirSync(root).flatMap((version) =>
  readdirSync(new URL(`${version}/`, root)).map((file) => ({
    version,
    file,
    example: JSON.parse(readFileSync(new URL(`${version}/${file}`, root), "utf8")) as Example,
  })),
);

test("fixtures cover the request bodies we validate", () => {
  const ops = new Set(examples.map((e) => e.example.operationId));
  for (const op of Object.keys(requestSanitizers)) assert.ok(ops.has(op), `no example for ${op}`);
});

let requestCount = 0;
for (const { version, file, example } of examples) {
  const flavor = flavorForApiVersion(version);
  const sanitize = requestSanitizers[example.operationId];
  // Path and query parameters are strings; the body is the one object-valued parameter.
  const bodies = Object.entries(example.parameters).filter(([, v]) => typeof v === "object" && v !== null);
  if (sanitize) {
    assert.equal(bodies.length, 1, `${version}/${file}: expected one request body`);
    requestCount++;
    test(`example request ${version}/${file} (${example.operationId}) is accepted unchanged`, () => {
      const [, body] = bodies[0]!;
      const r = sanitize(body, flavor);
      assert.ok(r.ok, r.ok ? "" : r.issue.message);
      assert.deepEqual(r.dropped, []);
      assert.deepEqual(r.value, body);
    });
  }
  const response = responseSanitizers[example.operationId];
  if (response) {
    const [rootName, sanitizeResource, shape] = response;
    for (const [status, { body }] of Object.entries(example.responses)) {
      if (body === undefined) continue;
      const items = shape === "list" ? (body as { value: unknown[] }).value : [body];
      test(`example response ${version}/${file} ${status} drops only read-only properties`, () => {
        assert.ok(items.length > 0);
        for (const item of items) {
          const r = sanitizeResource(item, flavor);
          assert.ok(r.ok, r.ok ? "" : r.issue.message);
          for (const path of r.dropped) {
            assert.ok(isReadOnly(schemaFor(flavor), rootName, path), `${path} was dropped but is not read-only`);
          }
        }
      });
    }
  }
}

test("request examples were found", () => {
  assert.ok(requestCount >= 7, `only ${requestCount} request examples`);
});

// Resolves a sanitizer path (a.b[0]["k"].c) against the schema and reports whether it ends on a
// read-only property.
function isReadOnly(doc: SchemaDocument, rootName: string, path: string): boolean {
  const segments = [...path.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[]+)/g)].map((m) =>
    m[1] !== undefined ? { index: true, key: m[1] } : { index: false, key: m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[3]! },
  );
  const resolve = (n: SchemaNode): SchemaNode => (n.$ref !== undefined ? doc.definitions[n.$ref]! : n);
  let node: SchemaNode = { $ref: rootName };
  for (const seg of segments) {
    const def = resolve(node);
    let next: SchemaNode | undefined;
    if (seg.index) next = def.items;
    else if (def.properties && Object.hasOwn(def.properties, seg.key)) next = def.properties[seg.key];
    else if (typeof def.additionalProperties === "object") next = def.additionalProperties;
    if (!next) return false;
    node = next;
  }
  return node.readOnly === true;
}
