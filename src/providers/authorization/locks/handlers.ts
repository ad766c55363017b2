// Management locks over HTTP: PUT, GET, DELETE of one lock and the lists, at any scope (one route
// per depth, routes.ts). Thin: the scope comes from the path, the rules from domain/locks.ts; a
// subscription's locks are one meta document, written through engine.commit.
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { groupKey } from "../../../arm/ids.js";
import { page } from "../../../arm/paging.js";
import type { ProviderDeps } from "../../provider.js";
import { decideLockPut, emptyBook, findLock, lockBookKey, locksAt, ownerRefusal, withLock, withoutLock, type LockBook } from "./domain/locks.js";
import { scopeKey, scopeParts } from "./domain/scopes.js";
import { LOCK_ERRORS } from "./errors.js";
import { renderLock } from "./wire.js";

const { error: lockError, unwrap } = errorFactory(LOCK_ERRORS);

/** The scope and lock name of a lock URL: what precedes /providers/Microsoft.Authorization/locks. */
function target(ctx: RequestContext): { scope: string; name: string | undefined } {
  const segments = ctx.path.split("/").filter((s) => s !== "").map((s) => decodeURIComponent(s));
  for (let i = segments.length - 3; i >= 0; i--) {
    if (segments[i]!.toLowerCase() === "providers" && segments[i + 1]!.toLowerCase() === "microsoft.authorization" && segments[i + 2]!.toLowerCase() === "locks") {
      return { scope: `/${segments.slice(0, i).join("/")}`, name: segments[i + 3] };
    }
  }
  throw new Error(`not a lock path: ${ctx.path}`);
}

export function lockHandlers(deps: Pick<ProviderDeps, "store" | "engine">) {
  const { store, engine } = deps;
  const bookOf = (sub: string) => store.get<LockBook>("meta", lockBookKey(sub));

  /** ARM answers for the scope before the lock: a missing group or resource is a 404. */
  function existingScope(ctx: RequestContext): { scope: string; name: string | undefined; sub: string } {
    const { scope, name } = target(ctx);
    const parts = scopeParts(scope);
    if (!parts) throw apiError("routeNotFound", { path: ctx.path });
    if (parts.kind !== "subscription") {
      if (!store.get("resources", groupKey(parts.subscriptionId, parts.resourceGroup))) throw apiError("resourceGroupNotFound", { resourceGroup: parts.resourceGroup });
      if (parts.kind === "resource" && !store.get("resources", scopeKey(scope))) throw apiError("resourceNotFound", { type: parts.type, name: parts.name, resourceGroup: parts.resourceGroup });
    }
    return { scope, name, sub: parts.subscriptionId };
  }

  const put = (ctx: RequestContext): Reply => {
    const { scope, name, sub } = existingScope(ctx);
    const book = bookOf(sub) ?? emptyBook(sub);
    const existing = findLock(book, scope, name!);
    const decided = unwrap(decideLockPut({ scope, name: name!, body: ctx.body, existing, callerAppId: ctx.principal.clientId }));
    if ("badContent" in decided) throw apiError("invalidJson", { detail: decided.badContent });
    engine.commit({ meta: [[lockBookKey(sub), withLock(book, decided)]] });
    return { status: existing ? 200 : 201, body: renderLock(decided) };
  };

  const get = (ctx: RequestContext): Reply => {
    const { scope, name, sub } = existingScope(ctx);
    const lock = findLock(bookOf(sub), scope, name!);
    if (!lock) throw lockError("lockNotFound", { name: name! });
    return { status: 200, body: renderLock(lock) };
  };

  /** 200 when a lock went, 204 when there was none (the spec's two answers). */
  const remove = (ctx: RequestContext): Reply => {
    const { scope, name, sub } = existingScope(ctx);
    const book = bookOf(sub);
    const lock = findLock(book, scope, name!);
    if (!book || !lock) return { status: 204 };
    unwrap(ownerRefusal(lock, ctx.principal.clientId));
    engine.commit({ meta: [[lockBookKey(sub), withoutLock(book, lock)]] });
    return { status: 200 };
  };

  /** `$filter=atScope()`: the locks that apply to the scope; none (or az's empty one): those at and below it. */
  const list = (ctx: RequestContext): Reply => {
    const { scope, sub } = existingScope(ctx);
    const raw = ctx.query.get("$filter")?.trim() ?? "";
    if (raw !== "" && raw.replace(/\s+/g, "").toLowerCase() !== "atscope()") throw lockError("lockFilterInvalid", { filter: raw });
    const locks = locksAt(bookOf(sub), scope, raw === "" ? "below" : "atScope");
    return page(ctx, locks, renderLock, (token) => lockError("lockSkipTokenInvalid", { token }));
  };

  return { put, get, remove, list };
}
