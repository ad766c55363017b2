// Errors as az prints them, with az's exit codes: 1 service error, 2 usage error, 3 missing resource.
export type CliErrorKind = "usage" | "service" | "missing" | "client";

export class CliError extends Error {
  readonly kind: CliErrorKind;
  readonly code: string | undefined;
  readonly target: string | undefined;
  /** The service error's `details` and `innererror`, as the body held them (az prints both). */
  readonly details: readonly unknown[];
  readonly innererror: unknown;
  constructor(kind: CliErrorKind, message: string, opts: { code?: string; target?: string; details?: unknown; innererror?: unknown } = {}) {
    super(message);
    this.kind = kind;
    this.code = opts.code;
    this.target = opts.target;
    this.details = Array.isArray(opts.details) ? opts.details : [];
    this.innererror = opts.innererror;
  }
}

export const exitCodeOf = (e: CliError): number => (e.kind === "usage" ? 2 : e.kind === "missing" ? 3 : 1);

/** Python's str() of an optional value: None for null or absent. */
const py = (v: unknown): string => (v === undefined || v === null ? "None" : String(v));

/** Python's json.dumps(v, indent=4): ", " becomes "," at line ends, non-ASCII escaped (ensure_ascii). */
const pyJson = (v: unknown): string => JSON.stringify(v, null, 4).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Python's str.splitlines(): every line boundary it knows, no trailing empty line. */
const splitlines = (s: string): string[] => {
  // eslint-disable-next-line no-control-regex -- Python's own line boundaries include the separators \x1c-\x1e
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
};

/** One error object as azure-core's ODataV4Format reads it (an "error" member unwrapped), or undefined when it has neither code nor message. */
function odata(v: unknown): { code: unknown; message: unknown; target: unknown; details: unknown; innererror: unknown } | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  let o = v as Record<string, unknown>;
  if ("error" in o) o = (o["error"] ?? {}) as Record<string, unknown>;
  if (!o || typeof o !== "object" || !(o["code"] || o["message"])) return undefined;
  return { code: o["code"], message: o["message"], target: o["target"], details: o["details"], innererror: o["innererror"] };
}

/**
 * azure-core's ODataV4Format.message_details(): Code, Message, Target when set, each detail's own
 * block (recursively) with every line tab-indented, glued to "Exception Details:" and to each other
 * without a newline (azure-core's own join), and the innererror as indented JSON.
 */
function messageDetails(e: { code: unknown; message: unknown; target: unknown; details: unknown; innererror: unknown }): string {
  let text = `Code: ${py(e.code)}\nMessage: ${py(e.message)}`;
  if (e.target) text += `\nTarget: ${py(e.target)}`;
  const details = (Array.isArray(e.details) ? e.details : []).map(odata).filter((d) => d !== undefined);
  if (details.length > 0) {
    text += "\nException Details:";
    for (const d of details) text += splitlines(`(${py(d.code)}) ${py(d.message)}\n${messageDetails(d)}`).map((l) => `\t${l}`).join("\n");
  }
  const inner = e.innererror;
  if (inner !== undefined && inner !== null && inner !== false && inner !== 0 && inner !== "" && !(typeof inner === "object" && Object.keys(inner).length === 0)) {
    text += `\nInner error: ${pyJson(inner)}`;
  }
  return text;
}

/**
 * az renders a service error as "(Code) Message", then "Code: ..." and "Message: ..." lines
 * (and "Target: ..." when there is one, then "Exception Details:" and "Inner error:" as azure-core
 * prints them). Through knack's logging it is prefixed "ERROR: " unless stderr is a colour
 * terminal, where the level shows as colour instead.
 */
export function renderError(e: CliError, opts: { tty: boolean }): string {
  let text: string;
  if (e.kind === "service" || (e.kind === "missing" && e.code)) {
    text = `(${e.code}) ${e.message}\n${messageDetails({ code: e.code, message: e.message, target: e.target, details: e.details, innererror: e.innererror })}`;
  } else text = e.message;
  return opts.tty ? `\u001b[91m${text}\u001b[0m\n` : `ERROR: ${text}\n`;
}
