// The activity log's writer, called by the engine for every change it writes: it derives the
// events of the change (engine/activity.ts), stamps the operations a logged request starts with
// that request's origin (so their end is logged in later transactions, with the same caller and
// correlation id), and keeps the log bounded. Events go into the transaction of the change that
// causes them: no second transaction, no second fsync.
import type { Store, Tx } from "../store/store.js";
import {
  acceptedStatus,
  doneStatus,
  eventKey,
  isWrite,
  keySeq,
  keyTime,
  operationEndEvent,
  originOf,
  requestEvents,
  type ActivityDescriber,
  type ActivityDescription,
  type ActivityEvent,
  type EventDraft,
  type LoggedOperation,
  type RequestAudit,
} from "./activity.js";
import { isActive, type OperationRecord } from "./operations.js";
import type { Change } from "./step-runner.js";

/** ARM keeps activity log events for 90 days. */
export const RETENTION_MS = 90 * 24 * 3600_000;
/** The emulator also keeps at most this many (their keys stay in memory; on the durable store the events rest on disk): the oldest go first. */
export const MAX_EVENTS = 20_000;

export type ActivityOptions = {
  /** How each provider names its write requests, by namespace (compared case-insensitively). */
  describers: ReadonlyMap<string, ActivityDescriber>;
  /** The write request being served, if any (the composition root reads it from the front door). */
  request: () => RequestAudit | undefined;
  /** Event ids (eventDataId, and the operationId of a request that starts no operation). */
  newId: () => string;
  retention?: { maxAgeMs?: number; maxEvents?: number };
};

export type ActivityLog = {
  request(): RequestAudit | undefined;
  /** Before `change` is written: its events, and its operations as they are to be stored (new ones with their request's origin). */
  observe(tx: Tx, change: Change, request: RequestAudit | undefined, now: number): { operations: readonly OperationRecord[] | undefined; events: EventDraft[] };
  /** Writes events in `tx`, then drops what retention no longer keeps. */
  append(tx: Tx, events: readonly EventDraft[], now: number): void;
  /** A write refused before it changed anything: Started, then Failed with the error body ARM answered. */
  refusal(tx: Tx, request: RequestAudit, status: number, body: unknown, now: number): void;
  /** After a failed transaction: the retention index goes back to what the store holds. */
  reload(): void;
};

const hasWrites = (c: Change) => (c.resources?.length ?? 0) + (c.operations?.length ?? 0) + (c.forget?.length ?? 0) + (c.meta?.length ?? 0) > 0;

export function createActivityLog(store: Store, opts: ActivityOptions): ActivityLog {
  const describers = new Map([...opts.describers].map(([ns, d]) => [ns.toLowerCase(), d]));
  const maxAge = opts.retention?.maxAgeMs ?? RETENTION_MS;
  const maxEvents = opts.retention?.maxEvents ?? MAX_EVENTS;
  // Keys of the stored events in time order, oldest at `head`; the next sequence number.
  let keys: string[] = [];
  let head = 0;
  let seq = 0;

  function reload(): void {
    // From the keys alone (time, then sequence number: eventKey): events may rest on disk.
    keys = [...store.keys("events")].sort();
    head = 0;
    for (const k of keys) seq = Math.max(seq, keySeq(k) + 1);
  }
  reload();

  function describe(request: RequestAudit): ActivityDescription | undefined {
    if (request.described === undefined) request.described = describers.get(request.namespace.toLowerCase())?.({ method: request.method, path: request.path }) ?? null;
    return request.described ?? undefined;
  }

  /** Keeps `keys` sorted: appended keys are almost always the newest. */
  function index(key: string): void {
    if (keys.length === head || keys[keys.length - 1]! <= key) {
      keys.push(key);
      return;
    }
    let lo = head;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    keys.splice(lo, 0, key);
  }

  function append(tx: Tx, events: readonly EventDraft[], now: number): void {
    for (const draft of events) {
      const n = seq++;
      const event: ActivityEvent = { ...draft, key: eventKey(draft.at, n), seq: n, eventDataId: opts.newId() };
      tx.put("events", event.key, event);
      index(event.key);
    }
    if (events.length === 0) return;
    const cutoff = now - maxAge;
    while (head < keys.length && (keys.length - head > maxEvents || keyTime(keys[head]!) < cutoff)) tx.delete("events", keys[head++]!);
    if (head > 1024 && head * 2 > keys.length) {
      keys = keys.slice(head);
      head = 0;
    }
  }

  function observe(tx: Tx, change: Change, request: RequestAudit | undefined, now: number) {
    const described = request && isWrite(request.method) ? describe(request) : undefined;
    const origin = request && described ? originOf(request, described) : undefined;
    const stamp = origin && !described!.synchronous ? origin : undefined;
    const events: EventDraft[] = [];
    let started: OperationRecord | undefined;
    const operations = change.operations?.map((op) => {
      const before = tx.get<LoggedOperation>("operations", op.id);
      let next = op as LoggedOperation;
      if (!before && stamp && next.activity === undefined) next = { ...op, activity: stamp };
      else if (before?.activity && next.activity === undefined) next = { ...op, activity: before.activity };
      if (!before && next.activity) started ??= next;
      if (next.activity && (!before || isActive(before))) {
        const end = operationEndEvent(next.activity, next);
        if (end) events.push(end);
      }
      return next;
    });
    if (request && origin && !request.logged && (started !== undefined || hasWrites(change))) {
      request.logged = true;
      const key = origin.resourceId.toLowerCase();
      const created = (change.resources ?? []).some(([k, doc]) => k === key && doc !== undefined) && tx.get("resources", key) === undefined;
      const answer = started ? { status: "Accepted" as const, http: acceptedStatus(request.method, created) } : { status: "Succeeded" as const, http: doneStatus(request.method, created) };
      events.unshift(...requestEvents(origin, now, started?.id ?? opts.newId(), answer));
    }
    return { operations, events };
  }

  function refusal(tx: Tx, request: RequestAudit, status: number, body: unknown, now: number): void {
    if (request.logged || !isWrite(request.method)) return;
    const described = describe(request);
    if (!described) return;
    request.logged = true;
    append(tx, requestEvents(originOf(request, described), now, opts.newId(), { status: "Failed", http: status, body }), now);
  }

  return { request: opts.request, observe, append, refusal, reload };
}
