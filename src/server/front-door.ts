// The request pipeline, one stage per comment:
//   request ids → request target and Host → engine catch-up → route by path → bearer token (unless
//   anonymous) → api-version → subscription → body (media type, JSON) → handler (sync or async)
//   → wire reply (JSON or a stream).
// Below the pipeline, `createEdge` answers what never becomes a request (a head Node's parser
// refuses, a request that times out, CONNECT, an unmet Expect) in the same ARM envelope.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { ApiError, errorBody } from "../arm/api-error.js";
import { apiError } from "../arm/error-catalog.js";
import { header, type Reply, type RequestContext } from "../arm/http.js";
import { GUID } from "../arm/ids.js";
import { createRouter, MalformedPathError, type Route } from "../arm/router.js";
import type { Clock } from "../clock/clock.js";
import type { Engine } from "../engine/engine.js";
import { authorizedAction } from "../arm/actions.js";
import type { GuardedRequest } from "../providers/provider.js";
import type { Authenticate, Caller } from "./auth.js";
import type { RequestNote } from "./request-audit.js";
import type { CachedReply, ReadCache } from "./read-cache.js";

const WRITES = new Set(["PUT", "PATCH", "POST"]);

export const BODY_LIMIT = 4 * 1024 * 1024; // ARM refuses request bodies over 4 MB

export type FrontDoorOptions = {
  routes: readonly Route[];
  /** Namespaces served and their resource types' first segments, for ARM's InvalidResourceType. */
  namespaces: ReadonlyMap<string, ReadonlySet<string>>;
  authenticate: Authenticate;
  engine: Engine;
  clock: Clock;
  loose: boolean;
  tenantId: string;
  subscriptions: () => readonly { id: string; tenantId: string; state: string }[];
  /** Whether a subscription may use a namespace now (provider registration); absent: always. */
  registered?: (subscriptionId: string, namespace: string, now: number) => boolean;
  /** host:port absolute URLs use when a request names no host (HTTP/1.0): the listening address. */
  defaultHost: string | (() => string);
  newId: () => string;
  log: (line: string) => void;
  /**
   * The activity log (server/request-audit.ts): runs a provider's handler with the note of who sent
   * the request and what it is, and hears that a provider refused it.
   */
  audit?: { during<T>(note: RequestNote, fn: () => T): T; refused(note: RequestNote, err: ApiError): void };
  /** ARM's guard rails (RBAC, locks, policy, from the provider list): an ApiError refuses the request. */
  guard?: (r: GuardedRequest) => ApiError | undefined;
  /** What settles once the store's writes so far are durable (store.durable); every answer waits for it. */
  durable?: () => Promise<void> | undefined;
  /** Pure reads' replies and the store revision they hold for (read-cache.ts); absent: none kept. */
  reads?: { cache: ReadCache; revision: () => number };
};

const ANONYMOUS: Caller = { principal: { objectId: "", clientId: "", tenantId: "" }, requireTenant: () => {} };

// RFC 3986 host (IP literal, IPv4 or reg-name) and an optional port; `new URL` has the last word.
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=]+)(?::(\d{1,5}))?$/;

// Clients send the same Host on every request: the hosts found valid are remembered (bounded).
const validHosts = new Set<string>();

function validAuthority(authority: string): boolean {
  if (validHosts.has(authority)) return true;
  const m = AUTHORITY.exec(authority);
  if (!m || (m[1] !== undefined && Number(m[1]) > 65535)) return false;
  try {
    new URL(`https://${authority}/`);
  } catch {
    return false;
  }
  if (validHosts.size >= 1000) validHosts.clear();
  validHosts.add(authority);
  return true;
}

/** How many Host headers the request carries (Node keeps only the first in `headers`). */
function hostCount(req: IncomingMessage): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.length === 4 && req.rawHeaders[i]!.toLowerCase() === "host") n++;
  return n;
}

type Target = { path: string; query: URLSearchParams; origin: string };

/**
 * Where a request is aimed: its path and query, and the origin (`https://host:port`) absolute URLs
 * are built from. Origin-form targets (`/path?query`, `//` included) take the host from `Host`;
 * absolute-form targets (`https://host/path`) from themselves, as RFC 9112 §3.2.2 says. A missing
 * Host on HTTP/1.1, a repeated one or an invalid one is a 400, as HTTP.sys under ARM answers it.
 */
function requestTarget(req: IncomingMessage, fallbackHost: string): Target {
  const raw = req.url ?? "/";
  let authority: string;
  let pathAndQuery: string;
  if (raw.startsWith("/")) {
    if (hostCount(req) > 1) throw apiError("invalidHostname");
    const host = req.headers.host;
    if (host === undefined) {
      if (req.httpVersion !== "1.0") throw apiError("invalidHostname");
      authority = fallbackHost;
    } else authority = host;
    pathAndQuery = raw;
  } else {
    const m = /^https?:\/\/([^/?#]*)(.*)$/is.exec(raw);
    if (!m) throw apiError("invalidUrl");
    authority = m[1]!;
    pathAndQuery = m[2]!.startsWith("/") ? m[2]! : `/${m[2]!}`;
  }
  if (!validAuthority(authority)) throw apiError("invalidHostname");
  // Parsed against a fixed origin, so a path starting with "//" stays a path.
  let url: URL;
  try {
    url = new URL(`https://aksemu.invalid${pathAndQuery}`);
  } catch {
    throw apiError("invalidUrl");
  }
  // An encoded "/" is a "/": SDKs generated from specs without x-ms-skip-url-encoding encode a
  // `{scope}` parameter (@azure/arm-locks' *ByScope: `/%2Fsubscriptions%2F...`), and ARM serves them.
  return { path: url.pathname.replace(/%2F/gi, "/"), query: url.searchParams, origin: `https://${authority}` };
}

/** JSON media types: application/json, text/json and any +json suffix (merge-patch+json, ...). */
function isJsonMediaType(contentType: string): boolean {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type === "text/json" || /^application\/[a-z0-9!#$&^_.+-]+\+json$/.test(type);
}

export function createFrontDoor(o: FrontDoorOptions) {
  const match = createRouter(o.routes);

  function parseBody(raw: string): unknown {
    if (raw.trim() === "") return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch (err) {
      throw apiError("invalidJson", { detail: (err as Error).message });
    }
  }

  /** ARM's answers for a path no route serves. */
  function noRoute(path: string, apiVersion: string | null): never {
    if (path.toLowerCase().startsWith("/_aksemu/")) throw apiError("routeNotFound", { path });
    if (!apiVersion) throw apiError("missingApiVersion");
    // An unknown type under a namespace aksemu serves is InvalidResourceType, as ARM answers it.
    const typed = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
    const known = typed ? o.namespaces.get(typed[1]!.toLowerCase()) : undefined;
    if (typed && known && !known.has(typed[2]!.toLowerCase())) throw apiError("invalidResourceType", { type: typed[2]!, namespace: typed[1]!, apiVersion });
    throw apiError("routeNotFound", { path });
  }

  /** Serves the request; `served.pure` says whether the route that answered is Route.pure. */
  async function dispatch(req: IncomingMessage, rawBody: string, target: Target, now: number, note: RequestNote, served: { pure: boolean }): Promise<Reply> {
    const { path, query, origin } = target;
    const method = (req.method ?? "GET").toUpperCase();
    const apiVersion = query.get("api-version");
    let hit: ReturnType<typeof match>;
    let malformed = false;
    try {
      hit = match(method, path);
    } catch (err) {
      if (!(err instanceof MalformedPathError)) throw err;
      malformed = true;
    }
    const anonymous = hit !== undefined && "route" in hit && hit.route.auth === "none";
    const caller = anonymous ? ANONYMOUS : o.authenticate(header(req, "authorization"), origin);
    if (malformed) throw apiError("invalidRequestUri", { path });
    if (!hit) noRoute(path, apiVersion);
    if ("methodNotAllowed" in hit) throw apiError("methodNotAllowed", { method });
    const { route, params } = hit;
    // The token must be the tenant's the route needs: its subscription's (an unknown subscription is
    // SubscriptionNotFound below, not a 401), or the emulator's own on the control API.
    const sub = params["subscriptionId"];
    const subscription = sub !== undefined ? o.subscriptions().find((s) => s.id.toLowerCase() === sub.toLowerCase()) : undefined;
    const tenant = sub !== undefined ? subscription?.tenantId : route.tenant === "emulator" ? o.tenantId : undefined;
    if (tenant !== undefined) caller.requireTenant(tenant);
    if (route.apiVersions.kind === "list") {
      if (!apiVersion) throw apiError("missingApiVersion");
      if (!o.loose && !route.apiVersions.versions.includes(apiVersion)) {
        const { versions: supported, type, unsupported } = route.apiVersions;
        if (unsupported.error === "invalidApiVersion") throw apiError("invalidApiVersion", { apiVersion, supported });
        throw apiError("noRegisteredProvider", { location: params["location"] ?? unsupported.defaultLocation, apiVersion, type, supported, locations: unsupported.locations });
      }
    }
    // Reads write nothing and skip the activity log's scope (the hot path); a write is logged from
    // here on, refused or not, under the namespace of the route that serves it.
    const audited = o.audit !== undefined && route.apiVersions.kind === "list" && method !== "GET" && method !== "HEAD";
    const noted = () => {
      if (audited && route.apiVersions.kind === "list") Object.assign(note, { namespace: route.apiVersions.namespace, path, caller: caller.principal.objectId, appId: caller.principal.clientId, tenantId: caller.principal.tenantId });
    };
    if (sub !== undefined) {
      if (!GUID.test(sub)) throw apiError("invalidSubscriptionId", { subscriptionId: sub });
      if (!o.loose && tenant === undefined) throw apiError("subscriptionNotFound", { subscriptionId: sub });
      noted();
      // A disabled subscription is read-only: writes and actions, except the list* actions that only read.
      if (subscription?.state === "Disabled" && method !== "GET" && method !== "HEAD" && !(method === "POST" && /\/list[^/]*$/i.test(path))) throw apiError("readOnlyDisabledSubscription", { subscriptionId: subscription.id });
      if (route.apiVersions.kind === "list" && o.registered && !o.registered(sub, route.apiVersions.namespace, now)) throw apiError("missingSubscriptionRegistration", { namespace: route.apiVersions.namespace });
    }
    const json = WRITES.has(method) && route.body !== "raw";
    // A body must say it is JSON; no body at all (POST start, stop, ...) needs no media type.
    if (json && rawBody.length > 0) {
      const contentType = header(req, "content-type");
      if (contentType === undefined || !isJsonMediaType(contentType)) throw apiError("unsupportedMediaType", { contentType: contentType ?? "<null>" });
    }
    const body = json ? parseBody(rawBody) : undefined;
    if (o.guard && sub !== undefined && route.apiVersions.kind === "list") {
      const acting = authorizedAction(method, path);
      const refusal = acting && o.guard({ ...acting, method, path, apiVersion: apiVersion ?? "", subscriptionId: sub, principal: caller.principal, body, now });
      if (refusal) throw refusal;
    }
    const ctx: RequestContext = { method, path, query, headers: req.headers, body, rawBody, params, apiVersion: apiVersion ?? "", now, origin, principal: caller.principal };
    served.pure = route.pure === true && method === "GET";
    if (!audited || !o.audit) return route.handler(ctx);
    noted();
    return o.audit.during(note, () => route.handler(ctx));
  }

  async function send(res: ServerResponse, reply: Reply, ids: Record<string, string>, extra: Record<string, string> = {}): Promise<void> {
    // Group commit: what this request wrote (or read of another's writes) is on disk before it is answered.
    const pending = o.durable?.();
    if (pending) await pending;
    const headers: Record<string, string | number> = { ...ids, ...extra, ...(reply.headers ?? {}) };
    if (reply.stream) {
      headers["Content-Type"] = reply.contentType ?? "application/json; charset=utf-8";
      res.writeHead(reply.status, headers);
      for await (const chunk of reply.stream) {
        if (res.destroyed) break; // the client went away: stop producing
        res.write(chunk);
      }
      res.end();
      return;
    }
    // Bytes (a static file) go as they are, with the reply's content type; anything else is JSON.
    const payload = reply.body === undefined ? undefined : reply.body instanceof Uint8Array ? reply.body : JSON.stringify(reply.body);
    if (payload !== undefined) {
      headers["Content-Type"] = reply.contentType ?? "application/json; charset=utf-8";
      headers["Content-Length"] = Buffer.byteLength(payload);
    } else headers["Content-Length"] = 0;
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  /**
   * The read cache's key for a GET with a token and one Host (what requestTarget accepts), or
   * undefined. `keep`: for a reply about to be kept (the caller was authenticated); a lookup never
   * makes the cache remember a caller.
   */
  function cacheKey(req: IncomingMessage, keep: boolean): string | undefined {
    if (!o.reads || req.method !== "GET") return undefined;
    const authorization = req.headers.authorization;
    const host = req.headers.host;
    if (authorization === undefined || host === undefined || hostCount(req) !== 1) return undefined;
    return o.reads.cache.key(authorization, host, req.url ?? "", keep);
  }

  /**
   * A pure read answered before at this store revision, for the same token, Host and URL: its bytes
   * again, before any parsing or routing. The token is still checked (expiry is the clock's, not the
   * store's); a refused one takes the full path, which answers the refusal.
   */
  function replayed(req: IncomingMessage, res: ServerResponse, ids: Record<string, string>): boolean {
    const key = cacheKey(req, false);
    if (key === undefined) return false;
    try {
      o.engine.catchUp();
      // Writes not yet durable: the full path, which waits for them.
      if (o.durable?.()) return false;
      const hit = o.reads!.cache.get(key, o.reads!.revision());
      if (!hit) return false;
      o.authenticate(req.headers.authorization, hit.origin);
      replay(res, hit, ids);
      return true;
    } catch {
      // Whatever failed, the full path meets it again and answers it in ARM's terms.
      return false;
    }
  }

  function replay(res: ServerResponse, r: CachedReply, ids: Record<string, string>): void {
    res.writeHead(r.status, { ...ids, ...r.headers });
    res.end(r.body);
  }

  /** Answers one request whose body has been read (`tooLarge`: it was over the limit and dropped). */
  return async function handle(req: IncomingMessage, res: ServerResponse, rawBody: string, tooLarge: boolean): Promise<void> {
    const requestId = o.newId();
    const ids: Record<string, string> = { "x-ms-request-id": requestId, "x-ms-correlation-request-id": header(req, "x-ms-correlation-request-id") ?? requestId };
    const clientRequestId = header(req, "x-ms-client-request-id");
    if (clientRequestId) ids["x-ms-client-request-id"] = clientRequestId;
    if (!tooLarge && replayed(req, res, ids)) return;
    const note: RequestNote = { method: (req.method ?? "GET").toUpperCase(), correlationId: ids["x-ms-correlation-request-id"]!, ...(clientRequestId ? { clientRequestId } : {}), ...(req.socket.remoteAddress ? { clientIpAddress: req.socket.remoteAddress } : {}) };
    const fallbackHost = typeof o.defaultHost === "string" ? o.defaultHost : o.defaultHost();
    let origin = `https://${fallbackHost}`;
    try {
      const target = requestTarget(req, fallbackHost);
      origin = target.origin;
      if (tooLarge) throw apiError("requestTooLarge", { limitMb: BODY_LIMIT / 1024 / 1024 });
      // HTTP.sys, in front of ARM, refuses a write that declares no length (curl -X POST without -d).
      if (WRITES.has((req.method ?? "").toUpperCase()) && req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) throw apiError("lengthRequired");
      o.engine.catchUp();
      const revision = o.reads?.revision() ?? 0;
      const served = { pure: false };
      const reply = await dispatch(req, rawBody, target, o.clock.now(), note, served);
      const keep = (served.pure || reply.pure === true) && reply.status === 200 && !reply.stream && reply.body !== undefined && o.reads?.revision() === revision;
      const key = keep ? cacheKey(req, true) : undefined;
      if (key !== undefined) {
        const body = Buffer.from(JSON.stringify(reply.body));
        const entry: CachedReply = { revision, origin, status: 200, headers: { ...(reply.headers ?? {}), "Content-Type": reply.contentType ?? "application/json; charset=utf-8", "Content-Length": body.length }, body };
        o.reads!.cache.put(key, entry);
        const pending = o.durable?.();
        if (pending) await pending;
        replay(res, entry, ids);
        return;
      }
      await send(res, req.method === "HEAD" ? { status: reply.status, ...(reply.headers ? { headers: reply.headers } : {}) } : reply, ids);
    } catch (err) {
      try {
        await refuse(err);
      } catch (failed) {
        // Not even the refusal could be written: log it, never leave an unhandled rejection.
        o.log(`aksemu: could not answer ${req.method} ${req.url}: ${(failed as Error).stack ?? String(failed)}`);
        res.destroy();
      }
    }

    async function refuse(err: unknown): Promise<void> {
      if (res.headersSent) {
        o.log(`aksemu: error after the reply started on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
        res.destroy();
        return;
      }
      if (err instanceof ApiError) {
        if (note.namespace !== undefined) o.audit?.refused(note, err);
        const extra: Record<string, string> = err.envelope === "gateway" ? { "x-ms-failure-cause": "gateway" } : {};
        if (err.status === 401) extra["WWW-Authenticate"] = `Bearer authorization_uri="${origin}/${o.tenantId}", error="invalid_token", error_description="${quotable(err.message)}"`;
        await send(res, { status: err.status, ...(req.method === "HEAD" ? {} : { body: errorBody(err) }) }, ids, extra);
        return;
      }
      // A broken invariant, never a client mistake: log it and answer as ARM does.
      o.log(`aksemu: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      await send(res, { status: 500, body: { error: { code: "InternalServerError", message: "Encountered internal server error. Diagnostic information: see the emulator's log." } } }, ids);
    }
  };
}

/** A text as RFC 6750's error_description allows it (printable ASCII, no '"' or '\'), e.g. a token's claims echoed in a message. */
function quotable(text: string): string {
  return text.replace(/"/g, "'").replace(/[^\x20-\x7e]|\\/g, "?");
}

/** How long a refused connection may stay open for the client to read the answer and close. */
const LINGER_MS = 5_000;

/** Node's parser error codes (and the server's own) → the refusal answered in their place. */
function clientErrorFor(code: string | undefined): ApiError {
  switch (code) {
    case "HPE_INVALID_METHOD":
      return apiError("invalidVerb");
    case "HPE_INVALID_URL":
      return apiError("invalidUrl");
    case "HPE_INVALID_HEADER_TOKEN":
      return apiError("invalidHeader");
    case "HPE_HEADER_OVERFLOW":
      return apiError("headersTooLarge");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return apiError("requestTimeout");
    default:
      return apiError("badRequest");
  }
}

/** A whole HTTP/1.1 answer carrying an ARM error, for sockets no ServerResponse will answer. */
function rawErrorResponse(err: ApiError, ids: Record<string, string>): string {
  const body = JSON.stringify(errorBody(err));
  const head = [
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? "Error"}`,
    ...Object.entries(ids).map(([name, value]) => `${name}: ${value}`),
    ...(err.envelope === "gateway" ? ["x-ms-failure-cause: gateway"] : []),
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
  ];
  return `${head.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * What the HTTPS server answers outside the pipeline, in the same ARM envelope:
 * - `clientError`: a head Node's parser refuses (unknown method, bad header, head over
 *   `maxHeaderSize`) or a request that did not arrive within `headersTimeout`/`requestTimeout`;
 * - `connect`: CONNECT, which aksemu does not proxy (405);
 * - `checkExpectation`: an `Expect` other than 100-continue (417).
 * Each answer closes the connection; a client that neither reads nor closes is cut off after a while.
 */
export function createEdge(o: { newId: () => string }) {
  const answered = new WeakSet<Duplex>();

  function ids(correlation?: string): Record<string, string> {
    const id = o.newId();
    return { "x-ms-request-id": id, "x-ms-correlation-request-id": correlation ?? id };
  }

  /** Sends `text` and closes; what the client still sends is read and dropped (no reset before it reads the answer). */
  function closeWith(socket: Duplex, text: string): void {
    answered.add(socket);
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    socket.end(text);
  }

  return {
    clientError(err: Error & { code?: string }, socket: Duplex): void {
      // The parser refuses every later chunk of the same connection too: answer once.
      if (answered.has(socket)) return;
      // Never write into a response already on its way (a pipelined request's parse error).
      const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
        answered.add(socket);
        socket.destroy();
        return;
      }
      closeWith(socket, rawErrorResponse(clientErrorFor(err.code), ids()));
    },
    connect(_req: IncomingMessage, socket: Duplex): void {
      closeWith(socket, rawErrorResponse(apiError("methodNotAllowed", { method: "CONNECT" }), ids()));
    },
    checkExpectation(req: IncomingMessage, res: ServerResponse): void {
      const err = apiError("expectationFailed", { expect: header(req, "expect") ?? "" });
      const body = JSON.stringify(errorBody(err));
      res.writeHead(err.status, { ...ids(header(req, "x-ms-correlation-request-id")), "x-ms-failure-cause": "gateway", "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), Connection: "close" });
      res.end(body);
    },
  };
}
