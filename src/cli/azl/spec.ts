// How a command is described: one definition drives parsing, --help, docs/cli.md and completion.
import type { ArmClient } from "./client.js";
import type { Profile } from "./profile.js";

export type ArgSpec = {
  /** Long name without dashes, e.g. "resource-group". */
  name: string;
  short?: string;
  /** Other short names this argument answers to (az account set: -s). */
  aliases?: readonly string[];
  help: string;
  required?: boolean;
  /** A switch: present or absent, takes no value. */
  flag?: boolean;
  choices?: readonly string[];
  defaultValue?: string;
  /** Filled from --ids: which part of a resource id this argument is. */
  idPart?: "resourceGroup" | "name" | "clusterName" | "subscription";
  /** May be given more than once (argparse's action="append"): the values joined by newlines. */
  repeat?: boolean;
};

export type Args = Record<string, string | boolean | undefined>;

export type CommandContext = {
  /** Whether the user typed one of these options (e.g. "-o", "--output"), as az's safe_params tell. */
  typed(...names: string[]): boolean;
  client(): ArmClient;
  profile(): Profile;
  subscription(): string;
  env: NodeJS.ProcessEnv;
  /** The folder relative paths are resolved against (the user's working directory). */
  cwd: string;
  /** Asks the user on the terminal; absent when stdin is not one (then a confirmation needs --yes). */
  prompt?: (question: string) => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Saves a changed login profile. */
  saveProfile(p: Profile): void;
  warn(text: string): void;
};

export type CommandSpec = {
  path: readonly string[];
  summary: string;
  args: readonly ArgSpec[];
  examples?: readonly { summary: string; command: string }[];
  /** az's table transform for `-o table`: the rows (objects) to print. */
  table?: (result: unknown) => Record<string, unknown>[];
  /** Long-running: accepts --no-wait. */
  longRunning?: boolean;
  /** Runs without a login (login, account, version). */
  anonymous?: boolean;
  run(ctx: CommandContext, args: Args): Promise<unknown>;
};

export type GroupSpec = { path: readonly string[]; summary: string };

export const arg = {
  resourceGroup: (help = "Name of resource group. You can configure the default group using `az configure --defaults group=<name>`."): ArgSpec => ({ name: "resource-group", short: "g", help, required: true, idPart: "resourceGroup" }),
  clusterName: (flag: "name" | "cluster-name" = "name"): ArgSpec =>
    flag === "name" ? { name: "name", short: "n", help: "Name of the managed cluster.", required: true, idPart: "name" } : { name: "cluster-name", help: "The cluster name.", required: true, idPart: "clusterName" },
  noWait: (): ArgSpec => ({ name: "no-wait", help: "Do not wait for the long-running operation to finish.", flag: true }),
  yes: (): ArgSpec => ({ name: "yes", short: "y", help: "Do not prompt for confirmation.", flag: true }),
};
