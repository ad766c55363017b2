// One azl invocation: find the command, parse, run, print; errors and exit codes as az's.
import { systemNow } from "../../clock/clock.js";
import { ArmClient } from "./client.js";
import { complete } from "./completion.js";
import { CliError, exitCodeOf, renderError } from "./errors.js";
import { commandHelp, groupHelp } from "./help.js";
import { applyQuery, render, type Format } from "./output.js";
import { parseArgs } from "./parse.js";
import { loadProfile, saveProfile, withEnvironment, type Profile } from "./profile.js";
import { childrenOf, findCommand, findGroup } from "./registry.js";
import type { CommandContext } from "./spec.js";

/**
 * Everything an azl invocation touches outside its own code: the bin passes the process's streams,
 * terminal, environment and folder; tests run azl in-process with captured output and an env of
 * their own. The commands reach none of these through `process`, only through the Io.
 */
export type Io = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY?: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** The folder relative paths (`--file`, `--body @file`) are resolved against; default process.cwd(). */
  cwd?: string;
  /** Asks the user a question on the terminal; used only when stdinIsTTY (else confirmations need --yes). */
  prompt?: (question: string) => Promise<string>;
  stdinIsTTY?: boolean;
};

const SPINNER = ["|", "/", "-", "\\"];

/** runAzl, and an unexpected throw printed as the bin prints it (ERROR: and the stack, exit code 1). */
export async function azlMain(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await runAzl(argv, io);
  } catch (err) {
    io.stderr(`ERROR: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

export async function runAzl(argv: readonly string[], io: Io): Promise<number> {
  if (argv[0] === "__complete") {
    io.stdout(complete(argv.slice(1)).map((w) => `${w}\n`).join(""));
    return 0;
  }
  // The command path is the leading words; options start at the first dash.
  const firstOption = argv.findIndex((a) => a.startsWith("-"));
  const words = firstOption < 0 ? [...argv] : argv.slice(0, firstOption);
  let pathLen = words.length;
  while (pathLen > 0 && !findCommand(words.slice(0, pathLen)) && !findGroup(words.slice(0, pathLen))) pathLen--;
  const path = words.slice(0, pathLen);
  const rest = argv.slice(pathLen);
  const command = findCommand(path);
  // knack colours (and drops the "ERROR: " prefix) only when both stdout and stderr are terminals.
  const tty = Boolean(io.stdoutIsTTY) && io.stderrIsTTY && !io.env["AZURE_CORE_NO_COLOR"];

  if (!command) {
    const group = findGroup(path)!;
    const wantsHelp = rest.length === 0 || rest.includes("--help") || rest.includes("-h");
    if (pathLen < words.length) {
      io.stderr(renderError(new CliError("usage", `'${words[pathLen]}' is misspelled or not recognized by the system.\n\nTry 'azl ${path.join(" ")}${path.length ? " " : ""}--help' for the commands available here.`), { tty }));
      return 2;
    }
    if (!wantsHelp) {
      io.stderr(renderError(new CliError("usage", `unrecognized arguments: ${rest.join(" ")}`), { tty }));
      return 2;
    }
    const { groups, commands } = childrenOf(path);
    io.stdout(groupHelp(group, groups, commands));
    return 0;
  }

  let client: ArmClient | undefined;
  let spinnerAt = 0;
  try {
    const args = parseArgs(command, rest);
    if (args["help"]) {
      io.stdout(commandHelp(command));
      return 0;
    }
    const quiet = Boolean(args["only-show-errors"]);
    const debug = (line: string) => {
      if (args["debug"]) io.stderr(`DEBUG: ${line}\n`);
    };
    let profile: Profile | undefined = withEnvironment(loadProfile(io.env), io.env);
    const ctx: CommandContext = {
      // az's safe_params: the option names the user typed (a default is not typed).
      typed: (...names) => rest.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`))),
      env: io.env,
      cwd: io.cwd ?? process.cwd(),
      stdout: io.stdout,
      stderr: io.stderr,
      ...(io.stdinIsTTY && io.prompt ? { prompt: io.prompt } : {}),
      warn: (text) => {
        if (!quiet) io.stderr(tty ? `\u001b[93m${text}\u001b[0m\n` : `WARNING: ${text}\n`);
      },
      profile() {
        if (!profile) throw new CliError("client", "Please run 'azl login' to setup account.");
        return profile;
      },
      subscription() {
        const p = ctx.profile();
        const wanted = typeof args["subscription"] === "string" ? args["subscription"] : p.subscriptionId;
        const s = p.subscriptions.find((x) => x.id.toLowerCase() === wanted.toLowerCase() || x.name === wanted);
        if (!s) throw new CliError("client", `Subscription '${wanted}' not found. Check the spelling and casing and try again.`);
        return s.id;
      },
      saveProfile(p) {
        profile = p;
        saveProfile(io.env, p);
      },
      client() {
        if (!client) {
          const p = ctx.profile();
          client = new ArmClient({
            profile: p,
            debug,
            onToken: (token) => {
              profile = { ...p, token };
              saveProfile(io.env, profile);
            },
            // az shows "- Running .."; azl shows what is running and how far it got, on stderr only.
            ...(io.stderrIsTTY && !quiet
              ? {
                  progress: (text: string | undefined) => {
                    io.stderr(text === undefined ? "\r\u001b[K" : `\r\u001b[K${SPINNER[spinnerAt++ % SPINNER.length]} ${text}`);
                  },
                }
              : {}),
          });
        }
        return client;
      },
    };
    if (!command.anonymous) ctx.profile();
    const started = systemNow();
    const result = await command.run(ctx, args);
    if (args["verbose"] || args["debug"]) io.stderr(`INFO: Command ran in ${((systemNow() - started) / 1000).toFixed(3)} seconds\n`);
    const query = typeof args["query"] === "string" ? args["query"] : undefined;
    const shaped = applyQuery(result, query);
    io.stdout(render(shaped, { format: String(args["output"] ?? "json").toLowerCase() as Format, ...(command.table ? { table: command.table } : {}), queried: query !== undefined, color: tty }));
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(renderError(err, { tty }));
      return exitCodeOf(err);
    }
    io.stderr(renderError(new CliError("client", `The command failed with an unexpected error: ${(err as Error).stack ?? String(err)}`), { tty }));
    return 1;
  } finally {
    client?.close();
  }
}
