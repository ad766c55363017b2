// argv → Args, with az's usage errors (exit code 2).
import { CliError } from "./errors.js";
import { GLOBAL_ARGS } from "./global-args.js";
import type { ArgSpec, Args, CommandSpec } from "./spec.js";

const display = (a: ArgSpec) => `--${a.name}${a.short ? `/-${a.short}` : ""}`;

export function allArgs(cmd: CommandSpec): ArgSpec[] {
  const ids: ArgSpec[] = cmd.args.some((a) => a.idPart) ? [{ name: "ids", help: "One or more resource IDs (space-delimited). It should be a complete resource ID containing all information of 'Resource Id' arguments. You should provide either --ids or other 'Resource Id' arguments." }] : [];
  const noWait = cmd.longRunning && !cmd.args.some((a) => a.name === "no-wait") ? [{ name: "no-wait", help: "Do not wait for the long-running operation to finish.", flag: true }] : [];
  return [...cmd.args, ...ids, ...noWait, ...GLOBAL_ARGS];
}

/** Parses a resource id into the parts commands take as separate arguments. */
function idParts(id: string): Partial<Record<NonNullable<ArgSpec["idPart"]>, string>> {
  const seg = id.split("/").filter(Boolean);
  const out: Partial<Record<NonNullable<ArgSpec["idPart"]>, string>> = {};
  for (let i = 0; i + 1 < seg.length; i += 2) {
    const k = seg[i]!.toLowerCase();
    const v = seg[i + 1]!;
    if (k === "subscriptions") out.subscription = v;
    else if (k === "resourcegroups") out.resourceGroup = v;
    else if (k === "managedclusters") out.clusterName = out.name = v;
    else if (k === "agentpools") out.name = v;
    else if (k === "providers") i -= 1; // "providers/<namespace>" has no value pair of its own
  }
  return out;
}

export function parseArgs(cmd: CommandSpec, argv: readonly string[]): Args {
  const specs = allArgs(cmd);
  const byName = new Map<string, ArgSpec>();
  // A command's own arguments win over the global ones of the same name.
  for (const a of specs) {
    for (const n of [`--${a.name}`, ...(a.short ? [`-${a.short}`] : []), ...(a.aliases ?? []).map((x) => `-${x}`)]) if (!byName.has(n)) byName.set(n, a);
  }
  const out: Args = {};
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const key = eq > 0 ? token.slice(0, eq) : token;
    const spec = byName.get(key) ?? (key.startsWith("--") ? specs.find((a) => a.name.startsWith(key.slice(2)) && specs.filter((b) => b.name.startsWith(key.slice(2))).length === 1) : undefined);
    if (!spec) {
      unknown.push(token);
      continue;
    }
    if (spec.flag) {
      out[spec.name] = true;
      continue;
    }
    const value = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new CliError("usage", `argument ${display(spec)}: expected one argument`);
    if (spec.choices && !spec.choices.map((c) => c.toLowerCase()).includes(value.toLowerCase())) {
      throw new CliError("usage", `argument ${display(spec)}: invalid choice: '${value}' (choose from ${spec.choices.map((c) => `'${c}'`).join(", ")})`);
    }
    out[spec.name] = spec.name === "ids" && typeof out["ids"] === "string" ? `${out["ids"]} ${value}` : spec.repeat && typeof out[spec.name] === "string" ? `${String(out[spec.name])}\n${value}` : value;
  }
  if (unknown.length > 0) throw new CliError("usage", `unrecognized arguments: ${unknown.join(" ")}`);
  if (typeof out["ids"] === "string") {
    const parts = idParts(out["ids"].split(/\s+/)[0]!);
    for (const a of specs) if (a.idPart && out[a.name] === undefined && parts[a.idPart] !== undefined) out[a.name] = parts[a.idPart];
    if (parts.subscription && out["subscription"] === undefined) out["subscription"] = parts.subscription;
  }
  for (const a of specs) if (out[a.name] === undefined && a.defaultValue !== undefined) out[a.name] = a.defaultValue;
  if (!out["help"]) {
    const missing = specs.filter((a) => a.required && out[a.name] === undefined);
    if (missing.length > 0) throw new CliError("usage", `the following arguments are required: ${missing.map(display).join(", ")}`);
  }
  return out;
}

export { display as argDisplay };
