// A run command's command line, split as a POSIX shell splits words (quotes, backslash escapes)
// but run with no shell: only `kubectl` and `helm`, nothing the shell would do for it (pipes,
// lists, redirections, substitutions, expansions), and no path outside the command's directory.
// Real AKS runs the line with a shell inside its command pod; aksemu runs the real binaries on
// the emulator's machine, so it refuses what only a shell could do, before anything runs, and says
// why (docs/run-command.md). Pure.

export const ALLOWED_BINARIES = ["kubectl", "helm"] as const;

export type CommandLine = { binary: (typeof ALLOWED_BINARIES)[number]; args: string[] };

export type CommandRefusal = { refused: string };

const OPERATORS: Record<string, string> = { "|": "a pipe ('|')", ";": "a command list (';')", "&": "a control operator ('&' or '&&')", "<": "a redirection ('<')", ">": "a redirection ('>')", "(": "a subshell ('(')", ")": "a subshell (')')" };

const BLANK = /[ \t\n]/;

/**
 * The words of `line` as `sh` would split them, or why it cannot be run without a shell. Single
 * quotes keep everything; double quotes keep all but `\` before `$`, backquote, `"`, `\` and a
 * newline; a `$` or backquote that would expand (outside single quotes) is refused.
 */
export function splitWords(line: string): string[] | CommandRefusal {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const expansion = (c: string, next: string | undefined): CommandRefusal | undefined => {
    if (c === "`") return { refused: "command substitution ('`...`') needs a shell" };
    if (c === "$" && next === "(") return { refused: "command substitution ('$(...)') needs a shell" };
    if (c === "$" && next !== undefined && /[{A-Za-z0-9_@*#?$!-]/.test(next)) return { refused: "parameter expansion ('$') needs a shell" };
    return undefined;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (BLANK.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    // A backslash-newline is a line continuation: removed, it joins (or starts) nothing.
    if (c === "\\" && line[i + 1] === "\n") {
      i += 2;
      continue;
    }
    inWord = true;
    if (c === "\\") {
      if (i + 1 < line.length) word += line[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { refused: "a single quote is not closed" };
      word += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return { refused: "a double quote is not closed" };
        const d = line[i]!;
        if (d === '"') break;
        const e = expansion(d, line[i + 1]);
        if (e) return e;
        if (d === "\\" && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== "\n") word += line[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      i++;
      continue;
    }
    const e = expansion(c, line[i + 1]);
    if (e) return e;
    const op = OPERATORS[c];
    if (op) return { refused: `${op} needs a shell` };
    word += c;
    i++;
  }
  if (inWord) words.push(word);
  return words;
}

/** `path` normalized as POSIX would (`a/./b/../c` → `a/c`); a leading `..` stays when it climbs out. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return (path.startsWith("/") ? "/" : "") + out.join("/");
}

/** Flags whose value is a URL path on the API server, not a file (`kubectl get --raw /api/v1`). */
const URL_FLAGS = new Set(["--raw"]);

/** Whether a word names a place outside the command's directory: absolute, `~`, or climbing out with `..`. */
function escapes(word: string): boolean {
  const candidates = [word, ...word.split("=").slice(1)];
  return candidates.some((w) => {
    if (w.startsWith("/") || w.startsWith("~")) return true;
    const n = normalizePath(w);
    return n === ".." || n.startsWith("../");
  });
}

/** The command line to run, or why it is not run (the text after "cannot be run: "). */
export function parseCommandLine(line: string): CommandLine | CommandRefusal {
  const words = splitWords(line);
  if (!Array.isArray(words)) return words;
  if (words.length === 0) return { refused: "it is empty" };
  const [binary, ...args] = words as [string, ...string[]];
  if (!(ALLOWED_BINARIES as readonly string[]).includes(binary)) return { refused: `'${binary}' is not allowed: only ${ALLOWED_BINARIES.join(" and ")} are` };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (URL_FLAGS.has(a)) {
      i++;
      continue;
    }
    if ([...URL_FLAGS].some((f) => a.startsWith(`${f}=`))) continue;
    if (escapes(a)) return { refused: `'${a}' is outside the command's directory: attached files are in the current directory (use relative paths)` };
  }
  return { binary: binary as CommandLine["binary"], args };
}

/** The InvalidParameter message for a refused command line. */
export const refusedCommandMessage = (command: string, why: string) =>
  `The command '${command}' cannot be run: ${why}. aksemu runs kubectl and helm directly, without a shell (docs/run-command.md).`;
