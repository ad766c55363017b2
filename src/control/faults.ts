// Faults on demand: /_aksemu/faults (list, add, show, delete) and the engine's beforeStep hook that
// applies them. Faults live in one meta document written through engine.commit; the hook counts
// matching steps and fires effects in the step's own transaction, so a restart neither forgets a
// count nor fires a fault twice. The rules are in fault-rules.ts.
import type { Catalog } from "../arm/catalog.js";
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import type { BeforeStep, Engine } from "../engine/engine.js";
import type { Reader, Store } from "../store/store.js";
import { FAULTS_KEY, indexCodes, meet, parseFault, type CodeIndex, type Fault, type FaultBook } from "./fault-rules.js";

const book = (read: Pick<Reader, "get">): Fault[] => read.get<FaultBook>("meta", FAULTS_KEY)?.faults ?? [];

/** The engine's beforeStep: the faults a due step meets, their counters written with the step. */
export function faultHook(): BeforeStep {
  return (step, { op, read }) => {
    const faults = book(read);
    if (faults.length === 0) return undefined;
    const met = meet(faults, { op, step, stepIndex: op.stepIndex });
    if (!met.faults) return undefined;
    const change = { meta: [[FAULTS_KEY, { faults: met.faults } satisfies FaultBook]] as const };
    const fired = met.fired;
    if (!fired) return { change };
    const by = met.fault!.id;
    if (fired.kind === "fail") return { change, fault: { fail: fired.error } };
    if (fired.kind === "delay") return { change, fault: { delayMs: fired.ms, by } };
    return { change, fault: { hang: true, by } };
  };
}

/** A fault as the control API shows it. */
export function faultView(f: Fault) {
  return {
    id: f.id,
    match: f.match,
    effect: f.effect,
    times: f.times ?? null,
    remaining: f.times === undefined ? null : Math.max(0, f.times - f.fired),
    seen: f.seen,
    fired: f.fired,
    createdAt: new Date(f.createdAt).toISOString(),
  };
}

export type FaultDeps = {
  store: Store;
  engine: Engine;
  newId: () => string;
  /** Every error catalog (the front door's and each provider's): a fault fails with one of their codes. */
  errorCatalogs: () => readonly Catalog[];
};

export function faultHandlers(deps: FaultDeps) {
  let codes: CodeIndex | undefined;
  const all = () => book(deps.store);
  const find = (ctx: RequestContext): Fault => {
    const id = ctx.params["faultId"] ?? "";
    const f = all().find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!f) throw apiError("controlNotFound", { message: `No fault with id '${id}'.` });
    return f;
  };

  const list = (): Reply => ({ status: 200, body: { value: all().map(faultView) } });

  const show = (ctx: RequestContext): Reply => ({ status: 200, body: faultView(find(ctx)) });

  const create = (ctx: RequestContext): Reply => {
    codes ??= indexCodes(deps.errorCatalogs());
    const faults = all();
    const parsed = parseFault(ctx.body, { codes, newId: deps.newId, now: ctx.now, exists: (id) => faults.some((f) => f.id.toLowerCase() === id.toLowerCase()) });
    if ("error" in parsed) throw apiError(parsed.conflict ? "controlConflict" : "controlBadRequest", { message: parsed.error });
    deps.engine.commit({ meta: [[FAULTS_KEY, { faults: [...faults, parsed.fault] } satisfies FaultBook]] });
    return { status: 201, body: faultView(parsed.fault) };
  };

  const remove = (ctx: RequestContext): Reply => {
    const gone = find(ctx);
    deps.engine.commit({ meta: [[FAULTS_KEY, { faults: all().filter((f) => f !== gone) } satisfies FaultBook]] });
    return { status: 204 };
  };

  const clear = (): Reply => {
    if (all().length > 0) deps.engine.commit({ meta: [[FAULTS_KEY, undefined]] });
    return { status: 204 };
  };

  return { list, show, create, remove, clear };
}
