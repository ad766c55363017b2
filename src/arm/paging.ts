// ARM paging: `value` plus a `nextLink` carrying a $skipToken while more remain.
import type { ApiError } from "./api-error.js";
import type { Reply, RequestContext } from "./http.js";
import type { Json } from "./json.js";

export const PAGE_SIZE = 100;

/** `invalidToken` builds the provider's error for a $skipToken it did not issue. */
export function page<T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown, invalidToken: (raw: string) => ApiError): Reply {
  const raw = ctx.query.get("$skipToken") ?? "0";
  if (!/^\d+$/.test(raw)) throw invalidToken(raw);
  const skip = Number(raw);
  const body: Json = { value: items.slice(skip, skip + PAGE_SIZE).map(render) };
  if (skip + PAGE_SIZE < items.length) {
    const q = new URLSearchParams(ctx.query);
    q.set("$skipToken", String(skip + PAGE_SIZE));
    body["nextLink"] = `${ctx.origin}${ctx.path}?${q.toString()}`;
  }
  return { status: 200, body };
}
