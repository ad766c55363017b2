// Routing by resource id: literal segments match case-insensitively, `{name}` captures keep the
// caller's casing, as ARM does. Routes are data: the front door, api-version checks and the docs
// all read the same table.
import type { Handler } from "./http.js";

/**
 * How a resource provider refuses an api-version it does not serve, as ARM words it: RPs registered
 * by location answer NoRegisteredProviderFound (listing those locations); Microsoft.Resources
 * answers InvalidApiVersionParameter.
 */
export type UnsupportedApiVersion = { error: "invalidApiVersion" } | { error: "noRegisteredProvider"; defaultLocation: string; locations: readonly string[] };

export type ApiVersionPolicy = { kind: "none" } | { kind: "list"; versions: readonly string[]; type: string; namespace: string; unsupported: UnsupportedApiVersion };

export type Route = {
  method: string;
  pattern: string;
  apiVersions: ApiVersionPolicy;
  handler: Handler;
  /** "none" for the anonymous routes (Entra ID, cloud metadata); a bearer token otherwise. */
  auth?: "bearer" | "none";
  /** How the body is read: JSON (default for PUT, PATCH, POST) or left raw (form posts). */
  body?: "json" | "raw";
  /** One line for the docs. */
  summary?: string;
  /** The emulator's own routes (control API): the token must be of the emulator's tenant. */
  tenant?: "emulator";
  /**
   * A GET whose 200 is a function of the store, the request and its caller alone (no clock, no
   * process state): the front door may replay its bytes while the store is unchanged (read-cache.ts).
   */
  pure?: boolean;
};

/**
 * Compiled once, off the per-request path: per segment, its lowercased literal or its parameter's
 * name (`literal` undefined); `greedy`: whether the last segment is `{*name}`.
 */
type Segment = { literal: string | undefined; param: string };
type Compiled = Route & { segments: Segment[]; greedy: boolean };

/** A last segment `{*name}` captures the rest of the path (one or more segments, joined by "/"). */
const GREEDY = /^\{\*[^}]+\}$/;

export type RouteMatch = { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined;

export class MalformedPathError extends Error {}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedPathError(segment);
  }
}

export function createRouter(routes: readonly Route[]) {
  const byLength = new Map<number, Compiled[]>();
  const greedy: Compiled[] = [];
  // Routes share most of their segments ("subscriptions", "{resourceGroupName}", ...): one object
  // each, not one per route (every start builds the table: issue 12's cold start).
  const shared = new Map<string, Segment>();
  const segment = (s: string, rest: boolean): Segment => {
    const key = rest ? `*${s}` : s;
    let seg = shared.get(key);
    if (!seg) shared.set(key, (seg = !s.startsWith("{") ? { literal: s.toLowerCase(), param: "" } : { literal: undefined, param: rest ? s.slice(2, -1) : s.slice(1, -1) }));
    return seg;
  };
  for (const r of routes) {
    const raw = r.pattern.split("/").filter(Boolean);
    const isGreedy = GREEDY.test(raw.at(-1) ?? "");
    const segments = raw.map((s, i) => segment(s, isGreedy && i === raw.length - 1));
    const c: Compiled = { ...r, segments, greedy: isGreedy };
    if (isGreedy) greedy.push(c);
    else {
      const same = byLength.get(segments.length);
      if (same) same.push(c);
      else byLength.set(segments.length, [c]);
    }
  }

  return function match(method: string, path: string): RouteMatch {
    const parts = path.split("/").filter(Boolean).map(decodeSegment);
    const lower = parts.map((p) => p.toLowerCase());
    let pathMatched = false;
    const tryRoute = (c: Compiled): RouteMatch => {
      const last = c.segments.length - 1;
      for (let i = 0; i <= last; i++) {
        const literal = c.segments[i]!.literal;
        if (literal !== undefined && literal !== lower[i]) return undefined;
      }
      pathMatched = true;
      if (c.method !== method) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i <= last; i++) {
        const seg = c.segments[i]!;
        if (seg.literal !== undefined) continue;
        params[seg.param] = c.greedy && i === last ? parts.slice(i).join("/") : parts[i]!;
      }
      return { route: c, params };
    };
    for (const c of byLength.get(parts.length) ?? []) {
      const hit = tryRoute(c);
      if (hit) return hit;
    }
    // A greedy route only where no exact-length route answered.
    for (const c of greedy) {
      if (parts.length < c.segments.length) continue;
      const hit = tryRoute(c);
      if (hit) return hit;
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  };
}
