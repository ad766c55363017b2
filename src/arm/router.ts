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

/** `greedy`: whether the last segment is `{*name}` (compiled once, off the per-request path). */
type Compiled = Route & { segments: string[]; greedy: boolean };

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
  const compiled: Compiled[] = routes.map((r) => {
    const segments = r.pattern.split("/").filter(Boolean).map((s) => (s.startsWith("{") ? s : s.toLowerCase()));
    return { ...r, segments, greedy: GREEDY.test(segments.at(-1) ?? "") };
  });
  const byLength = new Map<number, Compiled[]>();
  const greedy: Compiled[] = [];
  for (const c of compiled) {
    if (c.greedy) greedy.push(c);
    else byLength.set(c.segments.length, [...(byLength.get(c.segments.length) ?? []), c]);
  }

  return function match(method: string, path: string): RouteMatch {
    const parts = path.split("/").filter(Boolean).map(decodeSegment);
    let pathMatched = false;
    const tryRoute = (c: Compiled): RouteMatch => {
      const params: Record<string, string> = {};
      for (let i = 0; i < c.segments.length; i++) {
        const seg = c.segments[i]!;
        const part = parts[i]!;
        if (c.greedy && i === c.segments.length - 1) params[seg.slice(2, -1)] = parts.slice(i).join("/");
        else if (seg.startsWith("{")) params[seg.slice(1, -1)] = part;
        else if (seg !== part.toLowerCase()) return undefined;
      }
      pathMatched = true;
      return c.method === method ? { route: c, params } : undefined;
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
