// The output formats az offers (json, jsonc, table, tsv, yaml, yamlc, none), rendered as az's knack
// renders them: JSON with sorted keys and 2-space indent; YAML as PyYAML's safe_dump; tables with
// two-space gutters and a dashed rule; TSV with one line per item and nested values left out.
import jmespath from "jmespath";
import { CliError } from "./errors.js";

export type Format = "json" | "jsonc" | "none" | "table" | "tsv" | "yaml" | "yamlc";

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

export function applyQuery(result: unknown, query: string | undefined): unknown {
  if (!query) return result;
  try {
    return jmespath.search(result as never, query) as unknown;
  } catch (e) {
    void e;
    throw new CliError("usage", `argument --query: invalid jmespath_type value: '${query}'`);
  }
}

const COLORS = { key: "\u001b[94m", string: "\u001b[32m", number: "\u001b[93m", literal: "\u001b[95m", reset: "\u001b[0m" };

function colorizeJson(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, str: string | undefined, colon: string | undefined, lit: string | undefined, num: string | undefined) => {
    if (str !== undefined) return colon ? `${COLORS.key}${str}${COLORS.reset}${colon}` : `${COLORS.string}${str}${COLORS.reset}`;
    if (lit !== undefined) return `${COLORS.literal}${lit}${COLORS.reset}`;
    if (num !== undefined) return `${COLORS.number}${num}${COLORS.reset}`;
    return m;
  });
}

const cell = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "True" : "False") : String(v));
const isScalar = (v: unknown) => v === null || v === undefined || typeof v !== "object";
const capitalize = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
const SKIP_KEYS = new Set(["id", "type", "etag"]);

/**
 * knack's automatic table, for commands without a transform: each item's non-null scalar
 * properties except id, type and etag; keys sorted unless a query chose them.
 */
function autoRows(result: unknown, sortKeys: boolean): Record<string, unknown>[] {
  const items = Array.isArray(result) ? result : [result];
  return items.map((item) => {
    if (Array.isArray(item)) return Object.fromEntries(item.map((v, i) => [`Column${i + 1}`, v]));
    if (isScalar(item)) return { Result: item };
    const row: Record<string, unknown> = {};
    const keys = Object.keys(item as object);
    for (const k of sortKeys ? keys.sort() : keys) {
      const v = (item as Record<string, unknown>)[k];
      if (!SKIP_KEYS.has(k) && v !== null && v !== undefined && isScalar(v)) row[capitalize(k)] = v;
    }
    return row;
  });
}

/** tabulate's "simple" layout (numbers not parsed): columns at least two wider than their header. */
export function renderTable(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const headers: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!headers.includes(k)) headers.push(k);
  if (headers.length === 0) return "";
  const widths = headers.map((h) => Math.max(h.length + 2, ...rows.map((r) => cell(r[h]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(headers.map((h) => cell(r[h]))))].join("\n") + "\n";
}

// knack's TSV: inside a row a list prints its length and an object an empty field; a bare value
// prints as JSON would (so booleans are lower-case).
const tsvField = (v: unknown) => (Array.isArray(v) ? String(v.length) : v !== null && typeof v === "object" ? "" : v === null || v === undefined ? "None" : cell(v));

function tsvLine(v: unknown, sortKeys: boolean): string {
  if (Array.isArray(v)) return v.map(tsvField).join("\t");
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    return (sortKeys ? keys.sort() : keys).map((k) => tsvField((v as Record<string, unknown>)[k])).join("\t");
  }
  return typeof v === "string" ? v : JSON.stringify(v);
}

function renderTsv(result: unknown, sortKeys: boolean): string {
  const items = Array.isArray(result) ? result : [result];
  return items.map((i) => tsvLine(i, sortKeys)).join("\n") + "\n";
}

// --- YAML, as PyYAML's safe_dump(default_flow_style=False) writes it ---
// PyYAML quotes a string only when it would read back as another type (bool, int, float, null,
// timestamp) or cannot be written plain (indicators, ": ", " #", edge spaces).
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^[-+]?(?:(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
];
function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  const s = String(v);
  const needsQuotes =
    s === "" ||
    IMPLICIT.some((re) => re.test(s)) ||
    /^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) ||
    /\s$/.test(s) ||
    s.includes(": ") ||
    s.includes(" #") ||
    s.endsWith(":") ||
    /[\n\t]/.test(s);
  return needsQuotes ? `'${s.replace(/'/g, "''")}'` : s;
}

function yamlLines(v: unknown, indent: string): string[] {
  if (Array.isArray(v)) {
    if (v.length === 0) return [`${indent}[]`];
    return v.flatMap((item) => {
      if (isScalar(item) || (typeof item === "object" && Object.keys(item as object).length === 0)) return [`${indent}- ${isScalar(item) ? yamlScalar(item) : Array.isArray(item) ? "[]" : "{}"}`];
      const inner = yamlLines(item, `${indent}  `);
      return [`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
    });
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([k, val]) => {
      const key = yamlScalar(k);
      if (isScalar(val)) return [`${indent}${key}: ${yamlScalar(val)}`];
      if (Array.isArray(val) && val.length === 0) return [`${indent}${key}: []`];
      if (!Array.isArray(val) && Object.keys(val as object).length === 0) return [`${indent}${key}: {}`];
      return [`${indent}${key}:`, ...yamlLines(val, Array.isArray(val) ? indent : `${indent}  `)];
    });
  }
  return [`${indent}${yamlScalar(v)}`];
}

export function renderYaml(result: unknown): string {
  return yamlLines(sortKeys(result), "").join("\n") + "\n";
}

export function render(result: unknown, opts: { format: Format; table?: (r: unknown) => Record<string, unknown>[]; queried: boolean; color: boolean }): string {
  // az prints nothing at all for an empty result (a query that selects nothing, a delete).
  if (result === undefined || result === null || opts.format === "none") return "";
  switch (opts.format) {
    case "json":
      return `${JSON.stringify(sortKeys(result), null, 2)}\n`;
    case "jsonc":
      // Colour only on a colour terminal; otherwise az prints plain JSON.
      return opts.color ? `${colorizeJson(JSON.stringify(sortKeys(result), null, 2))}\n` : `${JSON.stringify(sortKeys(result), null, 2)}\n`;
    case "yaml":
      return renderYaml(result);
    case "yamlc":
      if (!opts.color) return renderYaml(result);
      return renderYaml(result).replace(/^(\s*-?\s*)([^:\n]+):/gm, `$1${COLORS.key}$2${COLORS.reset}:`);
    case "tsv":
      return renderTsv(result, !opts.queried);
    case "table":
      return renderTable(opts.table && !opts.queried ? opts.table(result) : autoRows(result, !opts.queried && !opts.table));
  }
}
