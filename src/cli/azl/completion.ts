// Shell completion for bash and zsh: the scripts ask `azl __complete <words so far>`, which
// answers from the same registry that parses commands.
import { GLOBAL_ARGS } from "./global-args.js";
import { allArgs } from "./parse.js";
import { COMMANDS, GROUPS } from "./registry.js";

/** Candidates for the last word, given the words before it. */
export function complete(words: readonly string[]): string[] {
  const done = words.slice(0, -1);
  const current = words.at(-1) ?? "";
  const path = done.filter((w) => !w.startsWith("-"));
  const command = COMMANDS.find((c) => c.path.length <= path.length && c.path.every((x, i) => path[i] === x));
  if (command) {
    const previous = done.at(-1);
    const spec = allArgs(command).find((a) => `--${a.name}` === previous || (a.short && `-${a.short}` === previous));
    if (spec && !spec.flag) return (spec.choices ?? []).filter((c) => c.startsWith(current));
    return allArgs(command).map((a) => `--${a.name}`).filter((n) => n.startsWith(current));
  }
  const next = new Set<string>();
  for (const entry of [...GROUPS, ...COMMANDS]) {
    if (entry.path.length > path.length && path.every((x, i) => entry.path[i] === x)) next.add(entry.path[path.length]!);
  }
  if (current.startsWith("-")) return GLOBAL_ARGS.map((a) => `--${a.name}`).filter((n) => n.startsWith(current));
  return [...next].filter((w) => w.startsWith(current)).sort();
}
