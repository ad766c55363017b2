// The request in flight, for the activity log: the front door notes who sent a request and what it
// is, and hands it to its provider's handler inside `during`; the engine reads `current` when a
// write commits. The engine never sees the server: the composition root hands it `current`.
//
// A scope that lasts the handler's synchronous run, not an AsyncLocalStorage: handlers decide and
// commit synchronously (none awaits before its commit), and Node 20's AsyncLocalStorage puts a
// promise hook on every request (about 15% of GET throughput, measured). A handler that committed
// after an await would commit outside any request, and its write would not be logged.
import type { RequestAudit } from "../engine/activity.js";

/** What the front door knows of a request so far; complete once it reaches its handler. */
export type RequestNote = Partial<RequestAudit>;

export function createRequestScope() {
  let inFlight: RequestNote | undefined;
  return {
    /** Runs `fn` (a handler, or the refusal of its request) as the request `note` describes. */
    during<T>(note: RequestNote, fn: () => T): T {
      const outer = inFlight;
      inFlight = note;
      try {
        return fn();
      } finally {
        inFlight = outer;
      }
    },
    /** The request being handled, if its note is complete. */
    current(): RequestAudit | undefined {
      const n = inFlight;
      if (!n || n.namespace === undefined || n.caller === undefined || n.correlationId === undefined || n.method === undefined || n.path === undefined) return undefined;
      return n as RequestAudit;
    },
  };
}

export type RequestScope = ReturnType<typeof createRequestScope>;
