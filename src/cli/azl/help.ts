// az-style help, generated from the same definitions that parse the arguments.
import { GLOBAL_ARGS, OUTPUT_FORMATS } from "./global-args.js";
import { allArgs } from "./parse.js";
import type { ArgSpec, CommandSpec, GroupSpec } from "./spec.js";

const names = (a: ArgSpec) => `--${a.name}${a.short ? ` -${a.short}` : ""}`;

function argLines(args: readonly ArgSpec[]): string[] {
  const width = Math.max(...args.map((a) => names(a).length + (a.required ? 11 : 0)));
  return args.map((a) => {
    const label = `${names(a)}${a.required ? " [Required]" : ""}`;
    let text = a.help;
    if (a.choices) text += `  Allowed values: ${a.choices.join(", ")}.`;
    if (a.defaultValue) text += `  Default: ${a.defaultValue}.`;
    return `    ${label.padEnd(width)} : ${text}`;
  });
}

export function commandHelp(cmd: CommandSpec): string {
  const own = allArgs(cmd).filter((a) => !GLOBAL_ARGS.includes(a));
  const lines = ["", "Command", `    azl ${cmd.path.join(" ")} : ${cmd.summary}`, ""];
  if (own.length > 0) lines.push("Arguments", ...argLines(own), "");
  lines.push("Global Arguments", ...argLines(GLOBAL_ARGS), "");
  if (cmd.examples?.length) {
    lines.push("Examples");
    for (const ex of cmd.examples) lines.push(`    ${ex.summary}`, `        ${ex.command}`, "");
  }
  return `${lines.join("\n")}\n`;
}

export function groupHelp(group: GroupSpec, subgroups: readonly GroupSpec[], commands: readonly CommandSpec[]): string {
  const title = group.path.length === 0 ? ["", "Group", "    azl : An az-compatible CLI for aksemu, the local Azure Kubernetes Service emulator."] : ["", "Group", `    azl ${group.path.join(" ")} : ${group.summary}`];
  const leaf = (p: readonly string[]) => p[p.length - 1]!;
  const width = Math.max(0, ...subgroups.map((g) => leaf(g.path).length), ...commands.map((c) => leaf(c.path).length));
  const lines = [...title, ""];
  if (subgroups.length > 0) lines.push("Subgroups:", ...subgroups.map((g) => `    ${leaf(g.path).padEnd(width)} : ${g.summary}`), "");
  if (commands.length > 0) lines.push("Commands:", ...commands.map((c) => `    ${leaf(c.path).padEnd(width)} : ${c.summary}`), "");
  return `${lines.join("\n")}\n`;
}

export { OUTPUT_FORMATS };
