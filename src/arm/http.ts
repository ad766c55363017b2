// The shapes a handler sees and returns: no req/res objects reach the providers.
import type { IncomingHttpHeaders } from "node:http";

export type Principal = { objectId: string; clientId: string; tenantId: string };

export type RequestContext = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when the request had none). */
  body: unknown;
  params: Record<string, string>;
  apiVersion: string;
  /** Virtual time, read once per request. */
  now: number;
  /** https://host:port the client used, for absolute LRO URLs. */
  origin: string;
  principal: Principal;
};

export type Reply = { status: number; headers?: Record<string, string>; body?: unknown };

export type Handler = (ctx: RequestContext) => Reply;
