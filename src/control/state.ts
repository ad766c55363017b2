// The emulator's state as a test suite handles it (issue 13): reset to the first-start state
// (everything, one subscription or one resource group), and named snapshots of everything (saved,
// listed, exported, imported, restored exactly: operations in flight resume where they were,
// virtual time goes back to the snapshot's). Snapshots are files under the data dir
// (<dataDir>/snapshots/<name>.json, written durably) or, in memory, kept by the process.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import { systemNow, type Clock } from "../clock/clock.js";
import { COLLECTIONS, type Store } from "../store/store.js";
import { decodeSnapshot, encodeSnapshot, inScope, SNAPSHOT_NAME, type ResetScope, type Snapshot, type SnapshotDoc } from "./snapshot-format.js";

export type StateDeps = {
  store: Store;
  clock: Clock;
  /** Where snapshot files go; undefined: kept in memory (an --in-memory emulator). */
  snapshotsDir: string | undefined;
  version: string;
  /** The store's contents were replaced: the engine, the clusters' worlds and the clock's anchor follow. */
  reloaded: (o: { clockMoved: boolean }) => void;
  /** Meta documents a provider derives from others and counts again when missing (a scoped reset drops them). */
  recountable: (metaKey: string) => boolean;
  /** What a reset keeps unless asked: principals and the emulated Cloud Shell's sign-in. */
  identity: (metaKey: string, value: unknown) => boolean;
};

export type SnapshotInfo = { name: string; createdAt: string; virtualTime: string; documents: number; bytes: number };

export function stateHandlers(deps: StateDeps) {
  const { store, clock } = deps;
  const kept = new Map<string, string>();

  const fileOf = (name: string) => join(deps.snapshotsDir!, `${name}.json`);
  const nameOf = (ctx: RequestContext): string => {
    const name = ctx.params["snapshotName"] ?? (isObject(ctx.body) ? ctx.body["name"] : undefined);
    if (typeof name !== "string" || !SNAPSHOT_NAME.test(name)) throw apiError("controlBadRequest", { message: `A snapshot name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got ${JSON.stringify(name ?? null)}.` });
    return name;
  };
  const read = (name: string): string | undefined => {
    if (!deps.snapshotsDir) return kept.get(name);
    return existsSync(fileOf(name)) ? readFileSync(fileOf(name), "utf8") : undefined;
  };
  const write = (name: string, text: string): void => {
    if (!deps.snapshotsDir) return void kept.set(name, text);
    mkdirSync(deps.snapshotsDir, { recursive: true });
    // Durable before it is acknowledged: a temporary file, fsync'd, then renamed over the name.
    const tmp = join(deps.snapshotsDir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    const fd = openSync(tmp, "r");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, fileOf(name));
  };
  const names = (): string[] =>
    deps.snapshotsDir ? (existsSync(deps.snapshotsDir) ? readdirSync(deps.snapshotsDir).filter((f) => f.endsWith(".json") && SNAPSHOT_NAME.test(f.slice(0, -5))).map((f) => f.slice(0, -5)) : []) : [...kept.keys()];
  const notFound = (name: string) => apiError("controlNotFound", { message: `No snapshot named '${name}'.` });
  const decodeOrRefuse = (name: string, text: string): Snapshot => {
    const s = decodeSnapshot(text);
    if ("problem" in s) throw apiError("controlBadRequest", { message: `Snapshot '${name}' cannot be read: ${s.problem}. Nothing was changed.` });
    return s;
  };

  function info(name: string, text: string): SnapshotInfo {
    const s = decodeSnapshot(text);
    const bytes = deps.snapshotsDir ? statSync(fileOf(name)).size : Buffer.byteLength(text);
    if ("problem" in s) return { name, createdAt: "", virtualTime: "", documents: 0, bytes };
    return { name, createdAt: s.createdAt, virtualTime: s.clock.now, documents: s.documents.length, bytes };
  }

  const save = (ctx: RequestContext): Reply => {
    const name = nameOf(ctx);
    const documents: SnapshotDoc[] = [];
    for (const collection of COLLECTIONS) for (const [key, value] of store.entries(collection)) documents.push({ collection, key, value });
    const text = encodeSnapshot({ name, aksemu: deps.version, createdAt: new Date(systemNow()).toISOString(), clock: { now: new Date(clock.now()).toISOString(), mode: clock.mode }, documents });
    const existed = read(name) !== undefined;
    write(name, text);
    return { status: existed ? 200 : 201, body: info(name, text) };
  };

  const list = (): Reply => ({ status: 200, body: { value: names().sort().map((n) => info(n, read(n)!)) } });

  /** The snapshot file itself (export): what PUT takes back (import), here or on another machine. */
  const get = (ctx: RequestContext): Reply => {
    const name = nameOf(ctx);
    const text = read(name);
    if (text === undefined) throw notFound(name);
    return { status: 200, body: JSON.parse(text) as unknown };
  };

  const put = (ctx: RequestContext): Reply => {
    const name = nameOf(ctx);
    const text = ctx.rawBody;
    const s = decodeOrRefuse(name, text);
    const existed = read(name) !== undefined;
    write(name, encodeSnapshot({ ...s, name }));
    return { status: existed ? 200 : 201, body: info(name, read(name)!) };
  };

  const remove = (ctx: RequestContext): Reply => {
    const name = nameOf(ctx);
    if (read(name) === undefined) throw notFound(name);
    if (deps.snapshotsDir) rmSync(fileOf(name));
    else kept.delete(name);
    return { status: 200, body: { name } };
  };

  const restore = (ctx: RequestContext): Reply => {
    const name = nameOf(ctx);
    const text = read(name);
    if (text === undefined) throw notFound(name);
    const s = decodeOrRefuse(name, text);
    store.replace(s.documents);
    clock.setTo(Date.parse(s.clock.now));
    deps.reloaded({ clockMoved: true });
    return { status: 200, body: { ...info(name, text), restored: true } };
  };

  const reset = (ctx: RequestContext): Reply => {
    const body = isObject(ctx.body) ? ctx.body : {};
    const scope: ResetScope = {};
    for (const k of ["subscriptionId", "resourceGroup"] as const) {
      const v = body[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== "string" || v === "") throw apiError("controlBadRequest", { message: `'${k}' must be a non-empty string.` });
      scope[k] = v;
    }
    if (scope.resourceGroup && !scope.subscriptionId) throw apiError("controlBadRequest", { message: "A reset of one resource group names its subscription too: {\"subscriptionId\", \"resourceGroup\"}." });
    const keepIdentity = body["identity"] !== true;
    const inside = inScope(scope);
    const whole = scope.subscriptionId === undefined;
    // Kept: what is outside the scope, the identity (unless asked), and in a scoped reset nothing
    // derived (a provider's running totals are counted again from what is left).
    store.replace([], (collection, key, value) => {
      if (collection === "meta" && keepIdentity && deps.identity(key, value)) return true;
      if (!inside(collection, key, value)) return !(collection === "meta" && deps.recountable(key) && !whole);
      return false;
    });
    if (whole) clock.setTo(systemNow());
    deps.reloaded({ clockMoved: whole });
    return { status: 200, body: { reset: whole ? "all" : scope.resourceGroup ? "resourceGroup" : "subscription", ...scope, identityKept: keepIdentity } };
  };

  return { save, list, get, put, remove, restore, reset };
}
