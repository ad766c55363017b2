// Every azl command and group, in one list: the source of parsing, help, docs/cli.md and completion.
import { AKS_COMMANDS, AKS_GROUPS } from "./commands/aks.js";
import { CORE_COMMANDS, CORE_GROUPS } from "./commands/core.js";
import { KOLLECT } from "./commands/kollect.js";
import { RUN_COMMAND_COMMANDS, RUN_COMMAND_GROUPS } from "./commands/run-command.js";
import { MONITOR_COMMANDS, MONITOR_GROUPS } from "./commands/monitor.js";
import { NODEPOOL_COMMANDS, NODEPOOL_GROUPS } from "./commands/nodepool.js";
import { PROVIDER_COMMANDS, PROVIDER_GROUPS } from "./commands/provider.js";
import type { CommandSpec, GroupSpec } from "./spec.js";

export const COMMANDS: readonly CommandSpec[] = [...CORE_COMMANDS, ...AKS_COMMANDS, ...RUN_COMMAND_COMMANDS, KOLLECT, ...NODEPOOL_COMMANDS, ...PROVIDER_COMMANDS, ...MONITOR_COMMANDS];
export const GROUPS: readonly GroupSpec[] = [...CORE_GROUPS, ...AKS_GROUPS, ...RUN_COMMAND_GROUPS, ...NODEPOOL_GROUPS, ...PROVIDER_GROUPS, ...MONITOR_GROUPS];

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function findCommand(path: readonly string[]): CommandSpec | undefined {
  return COMMANDS.find((c) => same(c.path, path));
}

export function findGroup(path: readonly string[]): GroupSpec | undefined {
  return path.length === 0 ? { path: [], summary: "" } : GROUPS.find((g) => same(g.path, path));
}

/** Direct children of a group: its subgroups and its commands. */
export function childrenOf(path: readonly string[]): { groups: GroupSpec[]; commands: CommandSpec[] } {
  const isChild = (p: readonly string[]) => p.length === path.length + 1 && path.every((x, i) => p[i] === x);
  const topLevelCommands = COMMANDS.filter((c) => isChild(c.path));
  return { groups: GROUPS.filter((g) => isChild(g.path)).sort((a, b) => a.path.join().localeCompare(b.path.join())), commands: [...topLevelCommands].sort((a, b) => a.path.join().localeCompare(b.path.join())) };
}
