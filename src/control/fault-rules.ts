// Injected faults as data: what a fault is, how a control-API body becomes one (or the message of
// a 400 naming the bad field), and which fault a plan step meets. Pure: no I/O, no clock, no
// randomness (a probability draws from a hash of its seed), and it names no provider: error codes
// come from the catalogs it is handed.
import type { Catalog } from "../arm/catalog.js";
import { parseIsoDuration } from "../arm/iso-duration.js";
import type { OperationError, OperationRecord, Step } from "../engine/operations.js";

/** Which steps a fault meets. The filters are ANDed; `nth` or `probability` then picks among them. */
export type FaultMatch = {
  /** The operation's type, e.g. "PutManagedCluster", "PutAgentPool" (case-insensitive). */
  operationType?: string;
  /** An ARM id, exact or a prefix at a segment boundary (case-insensitive): the operation's resource or the step's target. */
  resourceId?: string;
  /** The namespace whose runner applies the step (case-insensitive). */
  provider?: string;
  /** The step's action type ("addNode"), its name, or the start of its name ("Provisioning node") (case-insensitive). */
  step?: string;
  /** Fire at the nth matching step (1-based), counted durably over the fault's life. */
  nth?: number;
  /** Fire at a matching step with this probability, drawn from a hash of `seed` and the occurrence number. */
  probability?: number;
  seed?: string;
};

export type FaultEffect = { fail: OperationError } | { transient: OperationError } | { delay: string } | { hang: true };

export type Fault = {
  id: string;
  match: FaultMatch;
  effect: FaultEffect;
  /** How many times it fires in all; absent: every time it matches. */
  times?: number;
  /** Matching steps seen so far (what `nth` counts). */
  seen: number;
  /** Times it fired. */
  fired: number;
  /** Virtual time it was added; faults are tried oldest first. */
  createdAt: number;
};

/** The one meta document that holds every fault, so a step's counters commit with the step. */
export const FAULTS_KEY = "faults";
export type FaultBook = { faults: Fault[] };

/** What a step is, as a fault sees it. */
export type StepOccurrence = { op: Pick<OperationRecord, "id" | "provider" | "operationType" | "resourceId" | "status">; step: Step; stepIndex: number };

/** The effect as the engine takes it. */
export type Fired = { kind: "fail"; error: OperationError } | { kind: "delay"; ms: number } | { kind: "hang" };

const MATCH_FILTERS = ["operationType", "resourceId", "provider", "step"] as const;
const MATCH_FIELDS = [...MATCH_FILTERS, "nth", "probability", "seed"];
const FAULT_FIELDS = ["id", "match", "effect", "times"];
const EFFECTS = ["fail", "transient", "delay", "hang"] as const;
const ERROR_FIELDS = ["code", "message", "details"];
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const norm = (s: string) => s.trim().toLowerCase().replace(/\/+$/, "");

/** Whether `id` is `prefix` or lies under it (segment boundary), ignoring case. */
export function underId(id: string, prefix: string): boolean {
  const a = norm(id);
  const p = norm(prefix);
  return a === p || a.startsWith(`${p}/`);
}

/** The filters alone (no nth, no probability). Only running steps match: an abort's wind-down never does. */
export function matches(m: FaultMatch, s: StepOccurrence): boolean {
  if (s.op.status !== "InProgress") return false;
  if (m.operationType !== undefined && m.operationType.toLowerCase() !== s.op.operationType.toLowerCase()) return false;
  if (m.provider !== undefined && m.provider.toLowerCase() !== (s.step.provider ?? s.op.provider).toLowerCase()) return false;
  if (m.resourceId !== undefined) {
    const ids = [s.op.resourceId, ...(s.step.target !== undefined ? [s.step.target] : [])];
    if (!ids.some((id) => underId(id, m.resourceId!))) return false;
  }
  if (m.step !== undefined) {
    const want = m.step.toLowerCase();
    const name = s.step.name.toLowerCase();
    if (s.step.action.type.toLowerCase() !== want && !name.startsWith(want)) return false;
  }
  return true;
}

/** A number in [0, 1) from a seed and an occurrence: FNV-1a, then murmur3's finalizer. */
export function draw(seed: string, occurrence: number): number {
  let h = 2166136261;
  for (const ch of `${seed}#${occurrence}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

const spent = (f: Fault) => f.times !== undefined && f.fired >= f.times;

/**
 * The faults a step meets: every unspent fault whose filters match counts the step (`seen`); the
 * oldest of those that fire (nth reached, probability drawn) applies its effect. Returns the
 * updated faults only when a counter moved, so a step no fault matches writes nothing.
 */
export function meet(faults: readonly Fault[], s: StepOccurrence): { fired?: Fired; fault?: Fault; faults?: Fault[] } {
  let changed = false;
  let winner: Fault | undefined;
  const next = faults.map((f) => {
    if (spent(f) || !matches(f.match, s)) return f;
    changed = true;
    const seen = f.seen + 1;
    const fires = !winner && (f.match.nth !== undefined ? seen >= f.match.nth : true) && (f.match.probability !== undefined ? draw(f.match.seed ?? "0", seen) < f.match.probability : true);
    const updated = { ...f, seen, fired: f.fired + (fires ? 1 : 0) };
    if (fires) winner = updated;
    return updated;
  });
  if (!changed) return {};
  return { faults: next, ...(winner ? { fault: winner, fired: effectOf(winner.effect) } : {}) };
}

export function effectOf(e: FaultEffect): Fired {
  if ("fail" in e) return { kind: "fail", error: e.fail };
  if ("transient" in e) return { kind: "fail", error: e.transient };
  if ("delay" in e) return { kind: "delay", ms: parseIsoDuration(e.delay) ?? 0 };
  return { kind: "hang" };
}

// ---------------------------------------------------------------------------------------------
// The control API's body → a fault, or the message of the 400 that names the bad field.

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

class Bad extends Error {}
const bad = (message: string): never => {
  throw new Bad(message);
};

function only(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) bad(`Unknown field '${where}${k}': expected ${allowed.map((a) => `'${where}${a}'`).join(", ")}.`);
}

function text(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v.trim() === "") bad(`'${where}${key}' must be a non-empty string, got ${show(v)}.`);
  return v as string;
}

function positiveInt(obj: Record<string, unknown>, key: string, where: string): number | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) bad(`'${where}${key}' must be an integer of 1 or more, got ${show(v)}.`);
  return v as number;
}

/** Catalogued codes: each code's canonical spelling and, when one of its entries takes no parameters, that text. */
export type CodeIndex = ReadonlyMap<string, { code: string; text?: string }>;

export function indexCodes(catalogs: readonly Catalog[]): CodeIndex {
  const out = new Map<string, { code: string; text?: string }>();
  for (const catalog of catalogs) {
    for (const e of Object.values(catalog)) {
      const key = e.code.toLowerCase();
      const known = out.get(key) ?? { code: e.code };
      if (known.text === undefined && e.message.length === 0) known.text = (e.message as () => string)();
      out.set(key, known);
    }
  }
  return out;
}

function parseError(v: unknown, where: string, codes: CodeIndex): OperationError {
  if (!isObj(v)) return bad(`'${where}' must be an object {"code": "<a catalogued error code>", "message"?: "..."}, got ${show(v)}.`);
  only(v, ERROR_FIELDS, `${where}.`);
  const code = text(v, "code", `${where}.`) ?? bad(`'${where}.code' is required: an error code from a catalog (docs/api.md, Errors), e.g. "InvalidParameter".`);
  const known = codes.get(code.toLowerCase()) ?? bad(`'${where}.code' '${code}' is not in any error catalog; use a code listed in docs/api.md (Errors), e.g. "OperationNotAllowed" or "InvalidParameter".`);
  const message = text(v, "message", `${where}.`) ?? known.text ?? bad(`'${where}.message' is required: every catalogued '${known.code}' text takes parameters, so give the text to fail with.`);
  const error: OperationError = { code: known.code, message };
  if (v["details"] !== undefined) {
    const details = v["details"];
    if (!Array.isArray(details)) return bad(`'${where}.details' must be an array of {"code", "message"}, got ${show(details)}.`);
    error.details = details.map((d, i) => {
      if (!isObj(d)) return bad(`'${where}.details[${i}]' must be an object {"code", "message"}, got ${show(d)}.`);
      only(d, ["code", "message"], `${where}.details[${i}].`);
      return { code: text(d, "code", `${where}.details[${i}].`) ?? bad(`'${where}.details[${i}].code' is required.`), message: text(d, "message", `${where}.details[${i}].`) ?? bad(`'${where}.details[${i}].message' is required.`) };
    });
  }
  return error;
}

function parseMatch(v: unknown): FaultMatch {
  if (v === undefined) return bad(`'match' is required: name at least one of ${MATCH_FILTERS.map((f) => `'match.${f}'`).join(", ")}.`);
  if (!isObj(v)) return bad(`'match' must be an object, got ${show(v)}.`);
  only(v, MATCH_FIELDS, "match.");
  const m: FaultMatch = {};
  for (const f of MATCH_FILTERS) {
    const s = text(v, f, "match.");
    if (s !== undefined) m[f] = s.trim();
  }
  if (MATCH_FILTERS.every((f) => m[f] === undefined)) bad(`'match' names no step: give at least one of ${MATCH_FILTERS.map((f) => `'match.${f}'`).join(", ")} (a fault that matches every step of every operation is refused).`);
  if (m.resourceId !== undefined && !m.resourceId.startsWith("/")) bad(`'match.resourceId' must be an ARM id (or the start of one) beginning with '/', got ${show(m.resourceId)}.`);
  const nth = positiveInt(v, "nth", "match.");
  if (nth !== undefined) m.nth = nth;
  const p = v["probability"];
  if (p !== undefined) {
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) bad(`'match.probability' must be a number from 0 to 1, got ${show(p)}.`);
    m.probability = p as number;
  }
  if (m.nth !== undefined && m.probability !== undefined) bad("'match.nth' and 'match.probability' exclude each other: pick the nth matching step, or draw each one.");
  const seed = v["seed"];
  if (seed !== undefined) {
    if (m.probability === undefined) bad("'match.seed' only goes with 'match.probability'.");
    if ((typeof seed !== "string" || seed === "") && !(typeof seed === "number" && Number.isInteger(seed))) bad(`'match.seed' must be a non-empty string or an integer, got ${show(seed)}.`);
    m.seed = String(seed);
  }
  return m;
}

function parseEffect(v: unknown, codes: CodeIndex): FaultEffect {
  const one = `exactly one of ${EFFECTS.map((e) => `'effect.${e}'`).join(", ")}`;
  if (v === undefined) return bad(`'effect' is required: ${one}.`);
  if (!isObj(v)) return bad(`'effect' must be an object with ${one}, got ${show(v)}.`);
  only(v, EFFECTS, "effect.");
  const given = EFFECTS.filter((e) => v[e] !== undefined);
  if (given.length !== 1) bad(`'effect' must have ${one}${given.length > 1 ? `, got ${given.map((e) => `'${e}'`).join(" and ")}` : ""}.`);
  const kind = given[0]!;
  if (kind === "fail") return { fail: parseError(v["fail"], "effect.fail", codes) };
  if (kind === "transient") return { transient: parseError(v["transient"], "effect.transient", codes) };
  if (kind === "delay") {
    const d = v["delay"];
    const ms = typeof d === "string" ? parseIsoDuration(d) : undefined;
    if (ms === undefined) return bad(`'effect.delay' must be an ISO 8601 duration such as "PT5M", got ${show(d)}.`);
    if (ms <= 0) bad(`'effect.delay' must be longer than zero, got ${show(d)}.`);
    return { delay: (d as string).trim().toUpperCase() };
  }
  if (v["hang"] !== true) bad(`'effect.hang' must be true, got ${show(v["hang"])}.`);
  return { hang: true };
}

/**
 * A control-API body → a new fault, or the message of the 400 naming the first bad field. `id` is
 * the caller's or `newId()`; `exists` says whether an id is taken (a 409, reported as `conflict`).
 */
export function parseFault(body: unknown, o: { codes: CodeIndex; newId: () => string; now: number; exists: (id: string) => boolean }): { fault: Fault } | { error: string; conflict?: true } {
  try {
    if (!isObj(body)) return bad(`The body must be a JSON object {"match": {...}, "effect": {...}}, got ${show(body)}.`);
    only(body, FAULT_FIELDS, "");
    const id = text(body, "id", "");
    if (id !== undefined && !ID.test(id)) bad(`'id' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got ${show(id)}.`);
    const match = parseMatch(body["match"]);
    const effect = parseEffect(body["effect"], o.codes);
    let times = positiveInt(body, "times", "");
    // A transient fault and an nth fault fire once unless told otherwise.
    if (times === undefined && ("transient" in effect || match.nth !== undefined)) times = 1;
    const fault: Fault = { id: id ?? o.newId(), match, effect, ...(times !== undefined ? { times } : {}), seen: 0, fired: 0, createdAt: o.now };
    if (o.exists(fault.id)) return { error: `A fault with id '${fault.id}' already exists.`, conflict: true };
    return { fault };
  } catch (err) {
    if (err instanceof Bad) return { error: err.message };
    throw err;
  }
}
