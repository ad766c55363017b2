// The request pipeline, one stage per comment:
//   request ids → engine catch-up → route by path → bearer token (unless anonymous)
//   → api-version → subscription → body → handler (sync or async) → wire reply (JSON or a stream).
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, errorBody } from "../arm/api-error.js";
import { apiError } from "../arm/error-catalog.js";
import { header, type Principal, type Reply, type RequestContext } from "../arm/http.js";
import { GUID } from "../arm/ids.js";
import { createRouter, MalformedPathError, type Route } from "../arm/router.js";
import type { Clock } from "../clock/clock.js";
import type { Engine } from "../engine/engine.js";
import type { Authenticate } from "./auth.js";

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
  subscriptionIds: () => readonly string[];
  defaultHost: string;
  newId: () => string;
  log: (line: string) => void;
};

const ANONYMOUS: Principal = { objectId: "", clientId: "", tenantId: "" };

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

  async function dispatch(req: IncomingMessage, rawBody: string, origin: string, now: number): Promise<Reply> {
    const url = new URL(req.url ?? "/", origin);
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const apiVersion = url.searchParams.get("api-version");
    let hit: ReturnType<typeof match>;
    let malformed = false;
    try {
      hit = match(method, path);
    } catch (err) {
      if (!(err instanceof MalformedPathError)) throw err;
      malformed = true;
    }
    const anonymous = hit !== undefined && "route" in hit && hit.route.auth === "none";
    const principal = anonymous ? ANONYMOUS : o.authenticate(header(req, "authorization"), origin);
    if (malformed) throw apiError("invalidRequestUri", { path });
    if (!hit) noRoute(path, apiVersion);
    if ("methodNotAllowed" in hit) throw apiError("methodNotAllowed", { method });
    const { route, params } = hit;
    if (route.apiVersions.kind === "list") {
      if (!apiVersion) throw apiError("missingApiVersion");
      if (!o.loose && !route.apiVersions.versions.includes(apiVersion)) {
        const { versions: supported, type, unsupported } = route.apiVersions;
        if (unsupported.error === "invalidApiVersion") throw apiError("invalidApiVersion", { apiVersion, supported });
        throw apiError("noRegisteredProvider", { location: params["location"] ?? unsupported.defaultLocation, apiVersion, type, supported, locations: unsupported.locations });
      }
    }
    const sub = params["subscriptionId"];
    if (sub !== undefined) {
      if (!GUID.test(sub)) throw apiError("invalidSubscriptionId", { subscriptionId: sub });
      if (!o.loose && !o.subscriptionIds().some((s) => s.toLowerCase() === sub.toLowerCase())) throw apiError("subscriptionNotFound", { subscriptionId: sub });
    }
    const hasBody = method === "PUT" || method === "PATCH" || method === "POST";
    const body = hasBody && route.body !== "raw" ? parseBody(rawBody) : undefined;
    const ctx: RequestContext = { method, path, query: url.searchParams, headers: req.headers, body, rawBody, params, apiVersion: apiVersion ?? "", now, origin, principal };
    return route.handler(ctx);
  }

  async function send(res: ServerResponse, reply: Reply, ids: Record<string, string>, extra: Record<string, string> = {}): Promise<void> {
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
    const payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    if (payload !== undefined) {
      headers["Content-Type"] = reply.contentType ?? "application/json; charset=utf-8";
      headers["Content-Length"] = Buffer.byteLength(payload);
    } else headers["Content-Length"] = 0;
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  /** Answers one request whose body has been read (`tooLarge`: it was over the limit and dropped). */
  return async function handle(req: IncomingMessage, res: ServerResponse, rawBody: string, tooLarge: boolean): Promise<void> {
    const requestId = o.newId();
    const ids: Record<string, string> = { "x-ms-request-id": requestId, "x-ms-correlation-request-id": header(req, "x-ms-correlation-request-id") ?? requestId };
    const clientRequestId = header(req, "x-ms-client-request-id");
    if (clientRequestId) ids["x-ms-client-request-id"] = clientRequestId;
    const origin = `https://${req.headers.host ?? o.defaultHost}`;
    try {
      if (tooLarge) throw apiError("requestTooLarge", { limitMb: BODY_LIMIT / 1024 / 1024 });
      o.engine.catchUp();
      const reply = await dispatch(req, rawBody, origin, o.clock.now());
      await send(res, req.method === "HEAD" ? { status: reply.status, ...(reply.headers ? { headers: reply.headers } : {}) } : reply, ids);
    } catch (err) {
      if (res.headersSent) {
        o.log(`aksemu: error after the reply started on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
        res.destroy();
        return;
      }
      if (err instanceof ApiError) {
        const extra: Record<string, string> = err.envelope === "gateway" ? { "x-ms-failure-cause": "gateway" } : {};
        if (err.status === 401) extra["WWW-Authenticate"] = `Bearer authorization_uri="${origin}/${o.tenantId}", error="invalid_token", error_description="${err.message.replace(/"/g, "'")}"`;
        await send(res, { status: err.status, ...(req.method === "HEAD" ? {} : { body: errorBody(err) }) }, ids, extra);
        return;
      }
      // A broken invariant, never a client mistake: log it and answer as ARM does.
      o.log(`aksemu: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      await send(res, { status: 500, body: { error: { code: "InternalServerError", message: "Encountered internal server error. Diagnostic information: see the emulator's log." } } }, ids);
    }
  };
}
