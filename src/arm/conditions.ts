// Conditional requests on ARM resources (If-Match / If-None-Match against the stored etag).
import { apiError } from "./error-catalog.js";
import { header, type RequestContext } from "./http.js";

const unquote = (s: string) => s.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");

/**
 * If-Match / If-None-Match as the AKS etag doc describes: a mismatch is 412; If-None-Match other
 * than '*' and both headers together are BadRequest.
 */
export function checkConditions(ctx: RequestContext, current: string | undefined, opts: { allowIfNoneMatch: boolean }): void {
  const ifMatch = header(ctx, "if-match");
  const ifNoneMatch = opts.allowIfNoneMatch ? header(ctx, "if-none-match") : undefined;
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw apiError("conditionalHeadersInvalid", { detail: "The request cannot specify both if-match and if-none-match headers." });
  }
  if (ifNoneMatch !== undefined) {
    if (unquote(ifNoneMatch) !== "*") throw apiError("conditionalHeadersInvalid", { detail: `The value of header if-none-match '${ifNoneMatch}' is invalid: only '*' is supported.` });
    if (current !== undefined) throw apiError("preconditionFailedExists");
  }
  if (ifMatch !== undefined) {
    if (current === undefined) throw apiError("preconditionFailedMissing");
    const given = unquote(ifMatch);
    if (given !== "*" && given !== current) throw apiError("preconditionFailed", { given, current });
  }
}
