// managedFields (FieldsV1) and server-side apply, simply and honestly: each manager owns the leaf
// fields it set (an Update: the fields it changed; an Apply: the fields of its configuration).
// Lists with a merge key (containers by name, ...) are associative (`k:{"name":"x"}`), primitive
// sets (finalizers) are `v:"x"`, other lists are atomic leaves. Apply merges its configuration,
// removes what its manager applied before and no longer does (unless another manager owns it), and
// reports a conflict when another manager owns a field it sets to a different value (force takes it).
import { clone, isObj, jsonEqual, kubeTime, type Obj } from "./objects.js";
import { mergeKeyFor } from "./patch.js";

const SEP = "\u0000";

/** Fields the machinery keeps itself: never owned, never removed. */
const SYSTEM = new Set(["f:metadata\u0000f:name", "f:metadata\u0000f:namespace", "f:metadata\u0000f:uid", "f:metadata\u0000f:resourceVersion", "f:metadata\u0000f:generation", "f:metadata\u0000f:creationTimestamp", "f:metadata\u0000f:managedFields", "f:metadata\u0000f:deletionTimestamp", "f:kind", "f:apiVersion"]);

const PRIMITIVE_SETS = new Set(["finalizers"]);

/** The leaf paths of `v`, each a SEP-joined list of FieldsV1 segments. */
export function leafPaths(v: unknown, path: string[] = [], names: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
  if (isObj(v) && Object.keys(v).length > 0) {
    for (const [k, x] of Object.entries(v)) leafPaths(x, [...path, `f:${k}`], [...names, k], out);
    return out;
  }
  const field = names[names.length - 1] ?? "";
  if (Array.isArray(v) && v.length > 0) {
    if (PRIMITIVE_SETS.has(field)) {
      for (const x of v) out.set([...path, `v:${JSON.stringify(x)}`].join(SEP), x);
      return out;
    }
    const key = mergeKeyFor(names);
    if (key && v.every((x) => isObj(x) && x[key] !== undefined)) {
      for (const x of v as Obj[]) {
        const seg = `k:${JSON.stringify({ [key]: x[key] })}`;
        const rest = Object.fromEntries(Object.entries(x).filter(([k]) => k !== key));
        out.set([...path, seg, `f:${key}`].join(SEP), x[key]);
        leafPaths(rest, [...path, seg], [...names], out);
      }
      return out;
    }
  }
  const p = path.join(SEP);
  if (p !== "" && !SYSTEM.has(p)) out.set(p, v);
  return out;
}

/** FieldsV1: {"f:spec":{"f:replicas":{}}}, with "." on list items as the apiserver writes them. */
export function toFieldsV1(paths: Iterable<string>): Obj {
  const root: Obj = {};
  for (const p of paths) {
    let node = root;
    for (const seg of p.split(SEP)) {
      if (!isObj(node[seg])) node[seg] = seg.startsWith("k:") ? { ".": {} } : {};
      node = node[seg] as Obj;
    }
  }
  return root;
}

export function fromFieldsV1(f: unknown, prefix: string[] = [], out = new Set<string>()): Set<string> {
  if (!isObj(f)) return out;
  const children = Object.keys(f).filter((k) => k !== ".");
  if (children.length === 0 && prefix.length > 0) out.add(prefix.join(SEP));
  for (const k of children) fromFieldsV1(f[k], [...prefix, k], out);
  return out;
}

export type ManagedFieldsEntry = { manager: string; operation: "Apply" | "Update"; apiVersion: string; time: string; fieldsType: "FieldsV1"; fieldsV1: Obj; subresource?: string };

const entriesOf = (o: Obj): ManagedFieldsEntry[] => {
  const m = isObj(o["metadata"]) ? o["metadata"] : {};
  return Array.isArray(m["managedFields"]) ? (m["managedFields"] as ManagedFieldsEntry[]) : [];
};

/** The leaf paths whose value differs between `before` and `after` (added or changed). */
export function changedPaths(before: unknown, after: unknown): Set<string> {
  const old = leafPaths(before);
  const out = new Set<string>();
  for (const [p, v] of leafPaths(after)) if (!old.has(p) || !jsonEqual(old.get(p), v)) out.add(p);
  return out;
}

/** `after`'s managedFields once `manager` made the change from `before` (an Update). */
export function recordUpdate(before: Obj | undefined, after: Obj, manager: string, apiVersion: string, now: number, subresource?: string): ManagedFieldsEntry[] {
  const changed = changedPaths(before ?? {}, strip(after));
  const entries = entriesOf(before ?? {}).map((e) => ({ e, paths: fromFieldsV1(e.fieldsV1) }));
  const present = leafPaths(strip(after));
  for (const x of entries) for (const p of [...x.paths]) if (changed.has(p) || !present.has(p)) x.paths.delete(p);
  let mine = entries.find((x) => x.e.manager === manager && x.e.operation === "Update" && x.e.subresource === subresource);
  if (!mine && changed.size > 0) {
    mine = { e: { manager, operation: "Update", apiVersion, time: kubeTime(now), fieldsType: "FieldsV1", fieldsV1: {}, ...(subresource ? { subresource } : {}) }, paths: new Set() };
    entries.push(mine);
  }
  if (mine && changed.size > 0) {
    for (const p of changed) mine.paths.add(p);
    mine.e = { ...mine.e, time: kubeTime(now), apiVersion };
  }
  return entries.filter((x) => x.paths.size > 0).map((x) => ({ ...x.e, fieldsV1: toFieldsV1(x.paths) }));
}

const strip = (o: Obj): Obj => {
  const m = isObj(o["metadata"]) ? { ...o["metadata"] } : {};
  delete m["managedFields"];
  return { ...o, metadata: m };
};

export type ApplyResult = { object: Obj } | { conflicts: { manager: string; apiVersion: string; path: string }[] };

/** The path as conflict messages print it: .spec.replicas, .spec.containers[name="web"].image. */
export function printPath(p: string): string {
  return p
    .split(SEP)
    .map((seg) => {
      if (seg.startsWith("f:")) return `.${seg.slice(2)}`;
      if (seg.startsWith("k:")) return `[${Object.entries(JSON.parse(seg.slice(2)) as Obj).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
      return `[${seg.slice(2)}]`;
    })
    .join("");
}

function removePath(o: Obj, segs: string[]): void {
  const [seg, ...rest] = segs;
  if (seg === undefined) return;
  if (seg.startsWith("f:")) {
    const k = seg.slice(2);
    if (rest.length === 0) delete o[k];
    else if (isObj(o[k])) removePath(o[k] as Obj, rest);
    else if (Array.isArray(o[k]) && rest[0]!.startsWith("v:")) o[k] = (o[k] as unknown[]).filter((x) => JSON.stringify(x) !== rest[0]!.slice(2));
    else if (Array.isArray(o[k]) && rest[0]!.startsWith("k:")) {
      const want = JSON.parse(rest[0]!.slice(2)) as Obj;
      const [key, value] = Object.entries(want)[0]!;
      const list = o[k] as Obj[];
      const i = list.findIndex((x) => isObj(x) && jsonEqual(x[key], value));
      if (i < 0) return;
      if (rest.length === 2 && rest[1] === `f:${key}`) list.splice(i, 1);
      else removePath(list[i]!, rest.slice(1));
    }
  }
}

/** Server-side apply of `applied` by `manager` onto `current` (undefined: the object is created). */
export function serverSideApply(current: Obj | undefined, applied: Obj, manager: string, apiVersion: string, force: boolean, now: number, merge: (target: unknown, patch: unknown) => unknown): ApplyResult {
  const config = strip(applied);
  const mineNow = leafPaths(config);
  const entries = entriesOf(current ?? {}).map((e) => ({ e, paths: fromFieldsV1(e.fieldsV1) }));
  const currentLeaves = leafPaths(strip(current ?? {}));
  const conflicts: { manager: string; apiVersion: string; path: string }[] = [];
  for (const x of entries) {
    if (x.e.manager === manager && x.e.operation === "Apply") continue;
    for (const p of x.paths) {
      if (!mineNow.has(p)) continue;
      if (jsonEqual(currentLeaves.get(p), mineNow.get(p))) continue; // shared ownership of an equal value
      if (force) x.paths.delete(p);
      else conflicts.push({ manager: x.e.manager, apiVersion: x.e.apiVersion, path: p });
    }
  }
  if (conflicts.length > 0) return { conflicts };
  const previous = entries.find((x) => x.e.manager === manager && x.e.operation === "Apply");
  const object = clone(current ?? {});
  if (previous) {
    const ownedByOthers = new Set(entries.filter((x) => x !== previous).flatMap((x) => [...x.paths]));
    for (const p of previous.paths) if (!mineNow.has(p) && !ownedByOthers.has(p)) removePath(object, p.split(SEP));
  }
  const merged = merge(object, config) as Obj;
  const rest = entries.filter((x) => x !== previous && x.paths.size > 0).map((x) => ({ ...x.e, fieldsV1: toFieldsV1(x.paths) }));
  const mine: ManagedFieldsEntry = { manager, operation: "Apply", apiVersion, time: kubeTime(now), fieldsType: "FieldsV1", fieldsV1: toFieldsV1(mineNow.keys()) };
  const m = isObj(merged["metadata"]) ? { ...merged["metadata"] } : {};
  m["managedFields"] = [...rest, mine];
  return { object: { ...merged, metadata: m } };
}
