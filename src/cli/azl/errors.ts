// Errors as az prints them, with az's exit codes: 1 service error, 2 usage error, 3 missing resource.
export type CliErrorKind = "usage" | "service" | "missing" | "client";

export class CliError extends Error {
  readonly kind: CliErrorKind;
  readonly code: string | undefined;
  readonly target: string | undefined;
  constructor(kind: CliErrorKind, message: string, opts: { code?: string; target?: string } = {}) {
    super(message);
    this.kind = kind;
    this.code = opts.code;
    this.target = opts.target;
  }
}

export const exitCodeOf = (e: CliError): number => (e.kind === "usage" ? 2 : e.kind === "missing" ? 3 : 1);

/**
 * az renders a service error as "(Code) Message", then "Code: ..." and "Message: ..." lines
 * (and "Target: ..." when there is one). Through knack's logging it is prefixed "ERROR: " unless
 * stderr is a colour terminal, where the level shows as colour instead.
 */
export function renderError(e: CliError, opts: { tty: boolean }): string {
  let text: string;
  if (e.kind === "service" || (e.kind === "missing" && e.code)) {
    text = `(${e.code}) ${e.message}\nCode: ${e.code}\nMessage: ${e.message}`;
    if (e.target) text += `\nTarget: ${e.target}`;
  } else text = e.message;
  return opts.tty ? `\u001b[91m${text}\u001b[0m\n` : `ERROR: ${text}\n`;
}
