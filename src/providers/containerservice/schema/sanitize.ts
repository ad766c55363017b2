// Spec-driven sanitizer for Microsoft.ContainerService request bodies. It keeps what the REST
// spec defines (after checking types, enums and bounds), drops unknown and read-only properties
// as AKS does, and reports the first invalid value the way ARM/AKS words it.
import stableSchema from "./aks-schema.stable.json" with { type: "json" };
import previewSchema from "./aks-schema.preview.json" with { type: "json" };
import { isObject } from "../../../arm/json.js";

export type SchemaFlavor = "stable" | "preview";

export type SanitizeIssue = {
  code: "InvalidParameter" | "InvalidRequestContent";
  message: string;
  target: string;
};

export type SanitizeResult<T> = { ok: true; value: T; dropped: string[] } | { ok: false; issue: SanitizeIssue };

/** Request bodies the generated schema has a root for. */
export type DefinitionName =
  | "ManagedCluster"
  | "AgentPool"
  | "ManagedClusterAgentPoolProfile"
  | "TagsObject"
  | "RunCommandRequest"
  | "AgentPoolDeleteMachinesParameter"
  | "ManagedClusterServicePrincipalProfile"
  | "ManagedClusterAADProfile";

type JsonType = "object" | "array" | "string" | "integer" | "number" | "boolean";

/** One node of the generated schema (see scripts/gen-aks-schema.mjs). */
export type SchemaNode = {
  $ref?: string;
  type?: JsonType;
  format?: string;
  enum?: unknown[];
  modelAsString?: boolean;
  /** Retired values still accepted on input (not listed in messages). */
  legacyEnum?: string[];
  readOnly?: boolean;
  secret?: boolean;
  mutability?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | true;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
};

export type SchemaDocument = { apiVersion: string; roots: string[]; definitions: Record<string, SchemaNode> };

const SCHEMAS: Record<SchemaFlavor, SchemaDocument> = {
  stable: stableSchema as unknown as SchemaDocument,
  preview: previewSchema as unknown as SchemaDocument,
};

export function schemaFor(flavor: SchemaFlavor): SchemaDocument {
  return SCHEMAS[flavor];
}

export function flavorForApiVersion(apiVersion: string): SchemaFlavor {
  return /-preview$/i.test(apiVersion) ? "preview" : "stable";
}

export function sanitizeManagedCluster(
  body: unknown,
  opts: { flavor: SchemaFlavor },
): SanitizeResult<Record<string, unknown>> {
  // `location` is checked by the ARM layer with its own message.
  return sanitizeRoot("ManagedCluster", body, opts.flavor, ["location"]);
}

export function sanitizeAgentPool(body: unknown, opts: { flavor: SchemaFlavor }): SanitizeResult<Record<string, unknown>> {
  return sanitizeRoot("AgentPool", body, opts.flavor, []);
}

/** One element of `properties.agentPoolProfiles`; `path` prefixes every target (e.g. "properties.agentPoolProfiles[0]"). */
export function sanitizeAgentPoolProfile(
  body: unknown,
  opts: { flavor: SchemaFlavor; path: string },
): SanitizeResult<Record<string, unknown>> {
  return sanitizeDefinition("ManagedClusterAgentPoolProfile", body, opts);
}

/** Body of ManagedClusters_UpdateTags (PATCH); identical in every flavor. */
export function sanitizeTags(body: unknown): SanitizeResult<{ tags?: Record<string, string> }> {
  return sanitizeRoot("TagsObject", body, "stable", []);
}

export type RunCommandBody = { command: string; context?: string; clusterToken?: string };

export function sanitizeRunCommandRequest(body: unknown, opts: { flavor: SchemaFlavor }): SanitizeResult<RunCommandBody> {
  return sanitizeRoot("RunCommandRequest", body, opts.flavor, []);
}

/**
 * Any root of the schema at a nested `path` (empty for a whole body). A whole body that is not an
 * object (none at all included) is InvalidRequestContent, as for every root; at a nested `path` it
 * is an InvalidParameter there, since callers use it for parts of a larger body.
 */
export function sanitizeDefinition(
  name: DefinitionName,
  body: unknown,
  opts: { flavor: SchemaFlavor; path?: string },
): SanitizeResult<Record<string, unknown>> {
  if (!opts.path && !isObject(body)) return notAnObject();
  const walker = new Walker(SCHEMAS[opts.flavor]);
  return run(walker, () => walker.walk(refNode(name), body, opts.path ?? "") as Record<string, unknown>);
}

function sanitizeRoot<T>(name: DefinitionName, body: unknown, flavor: SchemaFlavor, skipRequired: string[]): SanitizeResult<T> {
  if (!isObject(body)) return notAnObject();
  const walker = new Walker(SCHEMAS[flavor]);
  return run(walker, () => walker.walkObject(walker.resolve(refNode(name)), body, "", skipRequired) as T);
}

/** A whole body that is not a JSON object: missing, null, an array, a string, a number... */
function notAnObject(): { ok: false; issue: SanitizeIssue } {
  return {
    ok: false,
    issue: {
      code: "InvalidRequestContent",
      message: "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.",
      target: "",
    },
  };
}

function run<T>(walker: Walker, walk: () => T): SanitizeResult<T> {
  try {
    const value = walk();
    return { ok: true, value, dropped: walker.dropped };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, issue: e.issue };
    throw e;
  }
}

// Thrown to unwind the walk at the first invalid value; not an Error, so no stack is captured.
class Invalid {
  constructor(readonly issue: SanitizeIssue) {}
}

function invalid(target: string, reason: string): Invalid {
  return new Invalid({
    code: "InvalidParameter",
    target,
    message: `The value of parameter ${target} is invalid: ${reason}.`,
  });
}

const refNodes = new Map<string, SchemaNode>();
function refNode(name: string): SchemaNode {
  let node = refNodes.get(name);
  if (!node) refNodes.set(name, (node = { $ref: name }));
  return node;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$/;
const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

// Caches keyed by schema node, shared across calls (the schema is immutable).
const patternCache = new Map<string, RegExp>();
const enumCache = new WeakMap<SchemaNode, Set<string>>();
const lowerKeyCache = new WeakMap<SchemaNode, Map<string, string>>();

class Walker {
  readonly dropped: string[] = [];
  constructor(private readonly doc: SchemaDocument) {}

  resolve(node: SchemaNode): SchemaNode {
    if (node.$ref === undefined) return node;
    const def = this.doc.definitions[node.$ref];
    if (!def) throw new Error(`aks schema (${this.doc.apiVersion}) has no definition ${node.$ref}`);
    return def;
  }

  walk(node: SchemaNode, value: unknown, path: string): unknown {
    const def = this.resolve(node);
    switch (def.type) {
      case "object":
        return this.walkObject(def, value, path, []);
      case "array":
        return this.walkArray(def, value, path);
      case "string":
        return checkString(def, value, path);
      case "integer":
      case "number":
        return checkNumber(def, value, path);
      case "boolean":
        if (typeof value !== "boolean") throw typeError("boolean", value, path);
        return value;
      default:
        // Untyped in the spec: any JSON value is accepted as is.
        return value;
    }
  }

  walkObject(def: SchemaNode, value: unknown, path: string, skipRequired: string[]): Record<string, unknown> {
    if (!isObject(value)) throw typeError("object", value, path);
    const props = def.properties;
    const extra = def.additionalProperties;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      const name = props ? canonicalKey(def, props, key, value) : undefined;
      const prop = name === undefined ? undefined : props?.[name];
      if (name !== undefined && prop) {
        const target = join(path, name);
        if (prop.readOnly) {
          this.dropped.push(target);
          continue;
        }
        // null means "not set" for AKS (Go pointers); storing it would echo a null back.
        if (v === null) continue;
        setKey(out, name, this.walk(prop, v, target));
      } else if (extra) {
        // Map entries keep null: ARM uses `"key": null` to remove a user-assigned identity.
        setKey(out, key, v === null || extra === true ? v : this.walk(extra, v, join(path, key)));
      } else if (!props) {
        // A bare `type: object` is free-form.
        setKey(out, key, v);
      } else {
        this.dropped.push(join(path, key));
      }
    }
    if (def.required) {
      for (const r of def.required) {
        if (out[r] === undefined && !skipRequired.includes(r)) throw invalid(join(path, r), "it is required");
      }
    }
    return out;
  }

  walkArray(def: SchemaNode, value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) throw typeError("array", value, path);
    if (def.minItems !== undefined && value.length < def.minItems)
      throw invalid(path, `must have at least ${def.minItems} items`);
    if (def.maxItems !== undefined && value.length > def.maxItems)
      throw invalid(path, `must have at most ${def.maxItems} items`);
    const items = def.items;
    const out = items ? value.map((v, i) => this.walk(items, v, `${path}[${i}]`)) : value.slice();
    if (def.uniqueItems && new Set(out.map((v) => JSON.stringify(v))).size !== out.length)
      throw invalid(path, "items must be unique");
    return out;
  }
}

function checkString(def: SchemaNode, value: unknown, path: string): string {
  if (typeof value !== "string") throw typeError("string", value, path);
  if (def.enum) checkEnum(def, value, path);
  if (def.minLength !== undefined && value.length < def.minLength)
    throw invalid(path, `length must be >= ${def.minLength}`);
  if (def.maxLength !== undefined && value.length > def.maxLength)
    throw invalid(path, `length must be <= ${def.maxLength}`);
  if (def.pattern !== undefined && !compiled(def.pattern).test(value))
    throw invalid(path, `does not match pattern ${def.pattern}`);
  if (def.format !== undefined && !validFormat(def.format, value))
    throw invalid(path, `${quote(value)} is not a valid ${def.format}`);
  return value;
}

function checkNumber(def: SchemaNode, value: unknown, path: string): number {
  const integer = def.type === "integer";
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
    throw typeError(integer ? "integer" : "number", value, path);
  if (def.enum) checkEnum(def, value, path);
  const min = def.minimum ?? (def.format === "int32" ? INT32_MIN : undefined);
  const max = def.maximum ?? (def.format === "int32" ? INT32_MAX : undefined);
  if (min !== undefined && (def.exclusiveMinimum ? value <= min : value < min))
    throw invalid(path, `must be ${def.exclusiveMinimum ? ">" : ">="} ${min}`);
  if (max !== undefined && (def.exclusiveMaximum ? value >= max : value > max))
    throw invalid(path, `must be ${def.exclusiveMaximum ? "<" : "<="} ${max}`);
  return value;
}

// AKS matches enum values case-insensitively, also for modelAsString enums; the caller's casing is kept.
function checkEnum(def: SchemaNode, value: string | number, path: string): void {
  let allowed = enumCache.get(def);
  if (!allowed) {
    allowed = new Set([...(def.enum ?? []), ...(def.legacyEnum ?? [])].map((e) => String(e).toLowerCase()));
    enumCache.set(def, allowed);
  }
  if (!allowed.has(String(value).toLowerCase()))
    throw invalid(path, `${quote(value)} is not one of [${(def.enum ?? []).join(", ")}]`);
}

function validFormat(format: string, value: string): boolean {
  switch (format) {
    case "date-time":
      return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(" ", "T")));
    case "date":
      return DATE.test(value) && !Number.isNaN(Date.parse(value));
    case "uuid":
      return UUID.test(value);
    default:
      // arm-id, byte, password, uri: AKS checks these semantically, not by shape.
      return true;
  }
}

// Exact match first; otherwise a case-insensitive one, as Go's encoding/json (and so AKS) accepts
// "Count" for "count". The canonical spelling is what gets stored.
function canonicalKey(
  def: SchemaNode,
  props: Record<string, SchemaNode>,
  key: string,
  value: Record<string, unknown>,
): string | undefined {
  if (Object.hasOwn(props, key)) return key;
  let lower = lowerKeyCache.get(def);
  if (!lower) {
    lower = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
    lowerKeyCache.set(def, lower);
  }
  const canonical = lower.get(key.toLowerCase());
  // When the exact spelling is also present it wins; this variant is then just noise.
  return canonical !== undefined && !Object.hasOwn(value, canonical) ? canonical : undefined;
}

function compiled(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) patternCache.set(pattern, (re = new RegExp(pattern)));
  return re;
}

function typeError(expected: string, value: unknown, path: string): Invalid {
  const actual = jsonType(value);
  // JSON.stringify gives undefined for what JSON cannot hold (undefined, functions): show nothing then.
  const json = actual === "object" || actual === "array" || actual === "null" ? undefined : (JSON.stringify(value) as string | undefined);
  const shown = json === undefined ? "" : ` ${truncate(json)}`;
  return invalid(path, `expected ${expected}, got ${actual}${shown}`);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function quote(value: string | number): string {
  return typeof value === "string" ? `'${truncate(value)}'` : String(value);
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

function join(path: string, key: string): string {
  if (SIMPLE_KEY.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}


// `out[key] = v` with key "__proto__" would replace the prototype instead of adding a property.
function setKey(out: Record<string, unknown>, key: string, v: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  else out[key] = v;
}
