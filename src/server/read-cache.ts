// Replies to pure reads (Route.pure, or Reply.pure for one answer: a GET whose answer is a function
// of the store, the request and its caller), kept as the bytes sent, and replayed while the store's
// revision is the one they were rendered at: a client polling a resource costs a lookup instead of a
// render and a stringify. Keyed by the caller (its Authorization header, for RBAC), the Host (absolute
// URLs in bodies) and the URL. Bounded by bytes: full, it starts again empty (entries go stale at the next
// write anyway).

/**
 * `body` is the reply's bytes, encoded once, with its Content-Length among `headers`: a replay
 * writes them as they are, as the bare server does. Over TLS a Buffer body still leaves in one
 * socket write with the head (strace: one write(2) per response, string or Buffer), and a 2.6 KB
 * Buffer reply served 1 to 10% more requests per second than the same string in three rounds of wrk.
 */
export type CachedReply = { revision: number; /** The origin the request named (the token's audience is checked against it). */ origin: string; status: number; headers: Readonly<Record<string, string | number>>; body: Buffer };

export type ReadCache = {
  /**
   * The key of a request with this Authorization header (the caller), Host and URL. A lookup
   * (`assign` false) never records a caller: an unknown one has no key, and misses. Only a reply
   * being kept (served to an authenticated caller) gives its caller an id.
   */
  key(authorization: string, host: string, url: string, assign: boolean): string | undefined;
  get(key: string, revision: number): CachedReply | undefined;
  put(key: string, reply: CachedReply): void;
};

/**
 * What an entry holds besides its body and key (the reply and headers objects, the Buffer, the
 * map's slot), counted against the bound: 20,000 small replies measured about 300 bytes each.
 */
const ENTRY_OVERHEAD = 320;

/** How many distinct Authorization headers get an id before the ids (and the replies) start again. */
const MAX_CALLERS = 4096;

export function createReadCache(maxBytes = 32 * 1024 * 1024): ReadCache {
  const entries = new Map<string, CachedReply>();
  // Keys name the caller by a number, not by its bearer token (about 1 KB): an entry's key stays
  // short, and a lookup does not copy the token into a new string. Ids are never reused, so a key
  // can never stand for another caller. The callers' headers are bounded too: a quarter of the
  // replies' bound, and MAX_CALLERS of them.
  const callers = new Map<string, number>();
  let nextCaller = 0;
  let callerBytes = 0;
  let bytes = 0;
  return {
    key(authorization, host, url, assign) {
      let id = callers.get(authorization);
      if (id === undefined) {
        if (!assign) return undefined;
        if (callers.size >= MAX_CALLERS || callerBytes + authorization.length > maxBytes / 4) {
          // The replies go with the ids their keys named.
          callers.clear();
          callerBytes = 0;
          entries.clear();
          bytes = 0;
        }
        callers.set(authorization, (id = nextCaller++));
        callerBytes += authorization.length;
      }
      return `${id}\n${host}\n${url}`;
    },
    get(key, revision) {
      const hit = entries.get(key);
      return hit && hit.revision === revision ? hit : undefined;
    },
    put(key, reply) {
      const size = reply.body.length + key.length + ENTRY_OVERHEAD;
      if (size > maxBytes / 8) return;
      if (bytes + size > maxBytes) {
        entries.clear();
        bytes = 0;
      }
      const old = entries.get(key);
      if (old) bytes -= old.body.length + key.length + ENTRY_OVERHEAD;
      entries.set(key, reply);
      bytes += size;
    },
  };
}
