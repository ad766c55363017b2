// The one place that turns a catalog entry into an error, and an error into its wire body.
import { isRefusal, type Catalog, type Entry, type Envelope, type ParamArgs, type Refusal } from "./catalog.js";

/** A typed API error: the only way a handler produces a non-2xx answer. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly envelope: Envelope;
  readonly target: string | undefined;
  readonly key: string;
  /** ARM's `additionalInfo` (e.g. RequestDisallowedByPolicy's PolicyViolation entries), when the error carries it. */
  readonly additionalInfo: readonly unknown[] | undefined;
  constructor(key: string, e: Entry<never>, message: string, target?: string, additionalInfo?: readonly unknown[]) {
    super(message);
    this.key = key;
    this.status = e.status;
    this.code = e.code;
    this.envelope = e.envelope;
    this.target = target;
    this.additionalInfo = additionalInfo;
  }
}

/** Builds errors from one catalog; `unwrap` turns a domain refusal into the error it names. */
export function errorFactory<C extends Catalog>(catalog: C) {
  const error = <K extends keyof C & string>(key: K, ...args: ParamArgs<C, K>): ApiError => {
    const e = catalog[key] as Entry<unknown>;
    const params = (args[0] ?? {}) as { target?: unknown };
    return new ApiError(key, e as Entry<never>, e.message(params), typeof params.target === "string" ? params.target : undefined);
  };
  const unwrap = <T>(result: T | Refusal<C>): Exclude<T, Refusal<C>> => {
    if (isRefusal(result)) throw error(result.refused as keyof C & string, ...([result.params] as ParamArgs<C, keyof C & string>));
    return result as Exclude<T, Refusal<C>>;
  };
  return { error, unwrap };
}

/** Renders the wire body for an error (the key order is the one Azure prints). */
export function errorBody(err: ApiError): unknown {
  if (err.envelope === "aks") {
    const body: Record<string, unknown> = { code: err.code, details: null, message: err.message, subcode: "" };
    if (err.target !== undefined) body["target"] = err.target;
    return body;
  }
  if (err.envelope === "bare") return { code: err.code, message: err.message };
  // With additionalInfo, ARM's order: code, target, message, additionalInfo (azure-cli#8058's RequestDisallowedByPolicy).
  if (err.additionalInfo !== undefined) return { error: { code: err.code, ...(err.target !== undefined ? { target: err.target } : {}), message: err.message, additionalInfo: err.additionalInfo } };
  const inner: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.target !== undefined) inner["target"] = err.target;
  return { error: inner };
}
