// The shapes a handler sees and returns: no req/res objects reach the providers.
import type { IncomingHttpHeaders } from "node:http";

export type Principal = { objectId: string; clientId: string; tenantId: string };

export type RequestContext = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when the request had none, or the route reads a form). */
  body: unknown;
  /** The body as sent (form posts, e.g. the token endpoint). */
  rawBody: string;
  params: Record<string, string>;
  apiVersion: string;
  /** Virtual time, read once per request. */
  now: number;
  /** https://host:port the client used, for absolute LRO URLs. */
  origin: string;
  /** The caller; on anonymous routes (Entra ID, metadata) an empty placeholder. */
  principal: Principal;
};

/** A reply is a JSON body, bytes (a Uint8Array, sent as they are), nothing, or a stream of chunks (watches, logs) sent as they come. */
export type Reply = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  stream?: AsyncIterable<string | Uint8Array>;
  contentType?: string;
  /**
   * This answer of a GET is a function of the store, the request and its caller (as Route.pure
   * says of a whole route), though others of the route are not: an ended operation's status, say,
   * where a running one's moves with the clock. The front door may replay it until the next write.
   */
  pure?: boolean;
};

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export const header = (ctx: Pick<RequestContext, "headers">, name: string): string | undefined => {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
