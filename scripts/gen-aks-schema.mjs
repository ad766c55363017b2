#!/usr/bin/env node
// Generates the compact validation schema for Microsoft.ContainerService request bodies
// (src/providers/containerservice/schema/aks-schema.{stable,preview}.json) and copies the
// spec's example files into test/fixtures/examples, so neither tests nor the runtime need the
// spec tree. Usage: node scripts/gen-aks-schema.mjs [specRoot]  (default /work/shared/azure-rest-api)
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const specRoot = process.argv[2] ?? process.env.AKS_SPEC_ROOT ?? "/work/shared/azure-rest-api";
const outDir = join(repoRoot, "src/providers/containerservice/schema");
const examplesOut = join(repoRoot, "test/fixtures/examples");

const FLAVORS = [
  { flavor: "stable", apiVersion: "2026-10-01" },
  { flavor: "preview", apiVersion: "2026-10-02-preview" },
];

// Request bodies the emulator validates; everything they reach is emitted too.
const ROOTS = [
  "ManagedCluster",
  "AgentPool",
  "ManagedClusterAgentPoolProfile",
  "TagsObject",
  "RunCommandRequest",
  "AgentPoolDeleteMachinesParameter",
  "ManagedClusterServicePrincipalProfile",
  "ManagedClusterAADProfile",
];

// Enum values the spec no longer lists but clients still send: sku.name "Basic", the pre-2023 name of
// "Base" (ManagedClusters_CreateOrUpdate's own example), and sku.tier "Paid", what api-versions before
// 2023-02-01 call "Standard" (az 2.45's --uptime-sla). Accepted on input, never suggested in messages.
const LEGACY_ENUM = { ManagedClusterSKUName: ["Basic"], ManagedClusterSKUTier: ["Paid"] };

const JSON_TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);
// Validation keywords copied verbatim from a schema node.
const COPIED = [
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "readOnly",
];

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

// Documents are keyed by file name: the spec's relative refs point 6 levels up, which does not
// match the saved layout, and the file names are unique.
function loadDocuments(specFile) {
  const common = join(specRoot, "common-types/resource-management/v6");
  return new Map([
    ["", readJson(specFile)],
    ["types.json", readJson(join(common, "types.json"))],
    ["managedidentitywithdelegation.json", readJson(join(common, "managedidentitywithdelegation.json"))],
  ]);
}

function buildSchema(docs, apiVersion) {
  const main = docs.get("");
  const out = {};
  const queue = [];
  const outName = new Map(); // "file#Name" -> emitted name

  // Parses a $ref relative to the document it appears in.
  function parseRef(ref, docKey) {
    const [file, pointer] = ref.split("#");
    const key = file ? basename(file) : docKey;
    const prefix = "/definitions/";
    if (!pointer?.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
    if (!docs.has(key)) throw new Error(`unknown document in $ref ${ref}`);
    return { docKey: key, name: pointer.slice(prefix.length) };
  }

  function definition(docKey, name) {
    const def = docs.get(docKey).definitions?.[name];
    if (!def) throw new Error(`missing definition ${docKey}#${name}`);
    return def;
  }

  // Local names win; a common-types name that collides with a local one gets a file prefix.
  function nameFor(docKey, name) {
    const id = `${docKey}#${name}`;
    let emitted = outName.get(id);
    if (!emitted) {
      emitted = docKey === "" || !main.definitions[name] ? name : `${docKey.replace(/\.json$/, "")}.${name}`;
      outName.set(id, emitted);
      queue.push({ docKey, name, emitted });
    }
    return emitted;
  }

  // allOf is flattened: parents' properties and required lists first, then the own ones.
  function flatten(schema, docKey) {
    const properties = {};
    const required = new Set();
    for (const parent of schema.allOf ?? []) {
      if (!parent.$ref) throw new Error("inline allOf member is not supported");
      const ref = parseRef(parent.$ref, docKey);
      const flat = flatten(definition(ref.docKey, ref.name), ref.docKey);
      Object.assign(properties, flat.properties);
      flat.required.forEach((r) => required.add(r));
    }
    for (const [key, value] of Object.entries(schema.properties ?? {})) properties[key] = { schema: value, docKey };
    (schema.required ?? []).forEach((r) => required.add(r));
    return { properties, required };
  }

  function convert(schema, docKey) {
    // The walker drops read-only input without looking inside, so its shape is not needed.
    if (schema.readOnly) return { readOnly: true };
    const node = {};
    let target = schema;
    if (schema.$ref) {
      const ref = parseRef(schema.$ref, docKey);
      node.$ref = nameFor(ref.docKey, ref.name);
      target = null; // the referenced definition carries the shape; siblings are use-site flags
    } else if (schema.allOf?.length === 1 && !schema.properties && !schema.type) {
      const ref = parseRef(schema.allOf[0].$ref, docKey);
      node.$ref = nameFor(ref.docKey, ref.name);
      target = null;
    }
    if (target) Object.assign(node, shape(target, docKey));
    if (schema["x-ms-secret"]) node.secret = true;
    if (schema["x-ms-mutability"]) node.mutability = schema["x-ms-mutability"];
    return node;
  }

  function shape(schema, docKey) {
    const node = {};
    if (schema.type !== undefined) {
      if (!JSON_TYPES.has(schema.type)) throw new Error(`unexpected type ${schema.type}`);
      node.type = schema.type;
    }
    for (const key of COPIED) if (schema[key] !== undefined) node[key] = schema[key];
    if (schema.enum) {
      node.enum = schema.enum;
      if (schema["x-ms-enum"]?.modelAsString) node.modelAsString = true;
    }
    if (schema.items) node.items = convert(schema.items, docKey);
    if (schema.additionalProperties === true) node.additionalProperties = true;
    else if (schema.additionalProperties && typeof schema.additionalProperties === "object")
      node.additionalProperties = convert(schema.additionalProperties, docKey);
    if (schema.properties || schema.allOf) {
      const flat = flatten(schema, docKey);
      node.type ??= "object";
      node.properties = {};
      for (const [key, prop] of Object.entries(flat.properties)) node.properties[key] = convert(prop.schema, prop.docKey);
      // A read-only property can never be sent, so requiring it on input is meaningless.
      const required = [...flat.required].filter((r) => node.properties[r] && !node.properties[r].readOnly);
      if (required.length) node.required = required;
    }
    return node;
  }

  for (const root of ROOTS) nameFor("", root);
  while (queue.length) {
    const { docKey, name, emitted } = queue.shift();
    out[emitted] = shape(definition(docKey, name), docKey);
    if (docKey === "" && LEGACY_ENUM[name]) out[emitted].legacyEnum = LEGACY_ENUM[name];
  }
  const definitions = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  return { apiVersion, roots: ROOTS, definitions };
}

// One definition per line: compact, yet diffs stay readable.
function serialize(schema) {
  const lines = Object.entries(schema.definitions).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return (
    `{\n  "$comment": "Generated by scripts/gen-aks-schema.mjs; do not edit.",\n` +
    `  "apiVersion": ${JSON.stringify(schema.apiVersion)},\n` +
    `  "roots": ${JSON.stringify(schema.roots)},\n` +
    `  "definitions": {\n${lines.join(",\n")}\n  }\n}\n`
  );
}

function copyExamples() {
  const csDir = join(specRoot, "containerservice");
  let count = 0;
  for (const version of readdirSync(csDir).sort()) {
    const exDir = join(csDir, version, "examples");
    if (!existsSync(exDir)) continue;
    for (const file of readdirSync(exDir).filter((f) => f.endsWith(".json")).sort()) {
      mkdirSync(join(examplesOut, version), { recursive: true });
      // Read and write rather than copy: the sources are read-only and copies keep the mode.
      writeFileSync(join(examplesOut, version, file), readFileSync(join(exDir, file)));
      count++;
    }
  }
  return count;
}

mkdirSync(outDir, { recursive: true });
for (const { flavor, apiVersion } of FLAVORS) {
  const docs = loadDocuments(join(specRoot, "containerservice", apiVersion, "managedClusters.json"));
  const text = serialize(buildSchema(docs, apiVersion));
  const file = join(outDir, `aks-schema.${flavor}.json`);
  writeFileSync(file, text);
  console.log(`${file}: ${text.length} bytes`);
}
console.log(`copied ${copyExamples()} example files to ${examplesOut}`);
