// AKS's refusals on the wire: catalog errors, domain refusals, sanitizer verdicts, paging tokens.
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { page } from "../../../arm/paging.js";
import { TAG_ERRORS } from "../../../arm/tags.js";
import { AKS_ERRORS } from "../errors.js";
import type { SanitizeResult } from "../schema/sanitize.js";

export const { error: aksError, unwrap } = errorFactory(AKS_ERRORS);

/** ARM's tag refusals (arm/tags.ts) on clusters and pools. */
export const { unwrap: unwrapTags } = errorFactory(TAG_ERRORS);

/** A sanitizer's verdict as the AKS RP words it. */
export function sanitized<T>(result: SanitizeResult<T>): T {
  if (result.ok) return result.value;
  if (result.issue.code === "InvalidRequestContent") throw apiError("invalidRequestContent", { message: result.issue.message });
  throw aksError("invalidParameter", { message: result.issue.message, target: result.issue.target });
}

/** ARM paging with AKS's text for a $skipToken it did not issue. */
export function aksPage<T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown): Reply {
  return page(ctx, items, render, (raw) => aksError("invalidParameter", { message: `The value of parameter $skipToken is invalid: '${raw}'.`, target: "$skipToken" }));
}
