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
    throw new CliError("usage", `argument --query: invalid jmespath_type value: '${query}' (${(e as Error).message})`);
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

/** Rows for `-o table` when a command has no transform: each item's scalar properties. */
function autoRows(result: unknown): Record<string, unknown>[] {
  const items = Array.isArray(result) ? result : [result];
  return items.map((item) => {
    if (isScalar(item)) return { Result: item };
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) if (isScalar(v)) row[capitalize(k)] = v;
    return row;
  });
}

export function renderTable(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const headers: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!headers.includes(k)) headers.push(k);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => cell(r[h]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(headers.map((h) => cell(r[h]))))].join("\n") + "\n";
}

function tsvLine(v: unknown): string {
  if (isScalar(v)) return cell(v);
  if (Array.isArray(v)) return v.filter(isScalar).map(cell).join("\t");
  return Object.values(v as Record<string, unknown>).filter(isScalar).map(cell).join("\t");
}

function renderTsv(result: unknown): string {
  if (result === null || result === undefined) return "";
  const items = Array.isArray(result) ? result : [result];
  return items.map(tsvLine).join("\n") + "\n";
}

// --- YAML, as PyYAML's safe_dump(default_flow_style=False) writes it ---
const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_ ./:@-]*$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|null|~|y|n)$/i;
function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  const s = String(v);
  if (s === "") return "''";
  if (PLAIN.test(s) && !YAML_WORDS.test(s) && !s.endsWith(" ") && !s.includes(": ") && !/^\d/.test(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
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

export function render(result: unknown, opts: { format: Format; table?: (r: any) => Record<string, unknown>[]; queried: boolean; color: boolean }): string {
  if (result === undefined || opts.format === "none") return "";
  switch (opts.format) {
    case "json":
      return `${JSON.stringify(sortKeys(result), null, 2)}\n`;
    case "jsonc":
      return `${colorizeJson(JSON.stringify(sortKeys(result), null, 2))}\n`;
    case "yaml":
      return renderYaml(result);
    case "yamlc":
      return renderYaml(result).replace(/^(\s*-?\s*)([^:\n]+):/gm, `$1${COLORS.key}$2${COLORS.reset}:`);
    case "tsv":
      return renderTsv(result);
    case "table":
      return renderTable(opts.table && !opts.queried ? opts.table(result) : autoRows(result));
  }
}
