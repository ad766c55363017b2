// The apiserver's three patch types, pure: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
// strategic merge patch with the list merge keys the core types declare (containers by name,
// ports by containerPort or port, ...) and its directives ($patch, $setElementOrder,
// $deleteFromPrimitiveList, $retainKeys).
import { clone, isObj, jsonEqual, type Obj } from "./objects.js";
import { badRequest, KubeError } from "./status.js";

/** RFC 7386: objects merge, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const patchFailed = (message: string) => new KubeError(422, "Invalid", message);

/** RFC 6901 pointer → tokens. */
function pointer(path: unknown): string[] {
  if (typeof path !== "string" || (path !== "" && !path.startsWith("/"))) throw badRequest(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path === "" ? [] : path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: unknown, tokens: string[], op: string): { parent: Obj | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw patchFailed(`${op} operation does not apply: doc is missing path: "/${tokens.join("/")}": missing value`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw patchFailed(`${op} operation does not apply: doc is missing path: "/${tokens.join("/")}": missing value`);
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    else return undefined;
  }
  return cur;
}

function arrayIndex(arr: unknown[], key: string, allowEnd: boolean, op: string, path: string): number {
  if (key === "-" && allowEnd) return arr.length;
  const i = Number(key);
  if (!/^\d+$/.test(key) || i > arr.length || (!allowEnd && i >= arr.length)) throw patchFailed(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return i;
}

/** RFC 6902 on a copy of `doc`; a failing operation is the apiserver's 422. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let out = clone(doc);
  for (const raw of ops) {
    if (!isObj(raw)) throw badRequest("json: cannot unmarshal into Go value of type jsonpatch.Operation");
    const op = String(raw["op"] ?? "");
    const path = String(raw["path"] ?? "");
    const tokens = pointer(raw["path"]);
    const put = (value: unknown, tks: string[], replace: boolean) => {
      if (tks.length === 0) {
        out = value;
        return;
      }
      const { parent, key } = parentOf(out, tks, op);
      if (Array.isArray(parent)) {
        const i = arrayIndex(parent, key, !replace, op, path);
        if (replace) parent[i] = value;
        else parent.splice(i, 0, value);
      } else {
        if (replace && !Object.prototype.hasOwnProperty.call(parent, key)) throw patchFailed(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        parent[key] = value;
      }
    };
    const remove = (tks: string[]): unknown => {
      const { parent, key } = parentOf(out, tks, op);
      if (Array.isArray(parent)) {
        const i = arrayIndex(parent, key, false, op, path);
        return parent.splice(i, 1)[0];
      }
      if (!Object.prototype.hasOwnProperty.call(parent, key)) throw patchFailed(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      const v = parent[key];
      delete parent[key];
      return v;
    };
    switch (op) {
      case "add":
        put(clone(raw["value"]), tokens, false);
        break;
      case "replace":
        put(clone(raw["value"]), tokens, true);
        break;
      case "remove":
        remove(tokens);
        break;
      case "move": {
        const from = pointer(raw["from"]);
        put(remove(from), tokens, false);
        break;
      }
      case "copy":
        put(clone(getAt(out, pointer(raw["from"]))), tokens, false);
        break;
      case "test":
        if (!jsonEqual(getAt(out, tokens), raw["value"])) throw patchFailed(`testing value ${path} failed: test failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return out;
}

// ---- Strategic merge patch.

/**
 * patchMergeKey of the core types' lists, by the list's field name and, where the name is shared,
 * its parent's ("ports" under a container is keyed by containerPort, a Service's by port).
 * Lists not named here are replaced whole (tolerations, args, command, taints, ...).
 */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  env: "name",
  imagePullSecrets: "name",
  resourceClaims: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  hostAliases: "ip",
  conditions: "type",
  addresses: "type",
  ownerReferences: "uid",
  topologySpreadConstraints: "topologyKey",
  "containers.ports": "containerPort",
  "initContainers.ports": "containerPort",
  "spec.ports": "port",
};

/** Lists of primitives merged as sets (patchStrategy "merge" on a []string). */
const MERGED_PRIMITIVES = new Set(["finalizers"]);

/** The merge key of the list at `path` ([..., parent, field]), undefined for "replace". */
export function mergeKeyFor(path: readonly string[]): string | undefined {
  const field = path[path.length - 1] ?? "";
  const parent = path[path.length - 2] ?? "";
  return MERGE_KEYS[`${parent}.${field}`] ?? (field === "ports" ? undefined : MERGE_KEYS[field]);
}

const SET_ORDER = "$setElementOrder/";
const DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

/**
 * Applies a strategic merge patch. `path` tracks field names only (list indices are skipped), so
 * merge keys are found however deep the template is (spec.template.spec.containers).
 */
export function strategicMergePatch(target: unknown, patch: unknown, path: readonly string[] = []): unknown {
  if (!isObj(patch)) return clone(patch);
  if (patch["$patch"] === "delete") return undefined;
  if (patch["$patch"] === "replace") {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  const out: Obj = isObj(target) ? { ...target } : {};
  const retain = Array.isArray(patch["$retainKeys"]) ? new Set(patch["$retainKeys"] as string[]) : undefined;
  if (retain) for (const k of Object.keys(out)) if (!retain.has(k)) delete out[k];
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith(SET_ORDER)) continue;
    if (k.startsWith(DELETE_PRIMITIVES)) {
      const field = k.slice(DELETE_PRIMITIVES.length);
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)));
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const childPath = [...path, k];
    if (Array.isArray(v)) {
      const order = Array.isArray(patch[`${SET_ORDER}${k}`]) ? (patch[`${SET_ORDER}${k}`] as unknown[]) : undefined;
      out[k] = mergeList(out[k], v, childPath, order);
    } else if (isObj(v)) {
      const merged = strategicMergePatch(out[k], v, childPath);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  // A $setElementOrder for a list the patch does not otherwise change still reorders it.
  for (const k of Object.keys(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const field = k.slice(SET_ORDER.length);
    if (patch[field] === undefined && Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], patch[k] as unknown[], mergeKeyFor([...path, field]));
  }
  return out;
}

function mergeList(current: unknown, patch: unknown[], path: readonly string[], order: unknown[] | undefined): unknown[] {
  const field = path[path.length - 1]!;
  const base = Array.isArray(current) ? current : [];
  if (MERGED_PRIMITIVES.has(field)) {
    const seen = new Set(base.map((x) => JSON.stringify(x)));
    const out = [...base];
    for (const x of patch) if (!seen.has(JSON.stringify(x))) out.push(clone(x));
    return order ? reorder(out, order, undefined) : out;
  }
  const key = mergeKeyFor(path);
  if (!key || !patch.every(isObj)) {
    if (patch.some((x) => isObj(x) && x["$patch"] !== undefined)) throw badRequest(`Unable to find merge key for list ${path.join(".")}`);
    return clone(patch);
  }
  // A `$patch: replace` item replaces the whole list with the other items.
  if (patch.some((x) => (x as Obj)["$patch"] === "replace")) return clone(patch.filter((x) => (x as Obj)["$patch"] !== "replace"));
  const out = base.map((x) => x);
  for (const item of patch as Obj[]) {
    const id = item[key];
    const i = out.findIndex((x) => isObj(x) && jsonEqual(x[key], id));
    if (item["$patch"] === "delete") {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = strategicMergePatch(out[i], item, path);
    else out.push(strategicMergePatch(undefined, item, path));
  }
  return order ? reorder(out, order, key) : out;
}

/** Items named in `order` first, in that order; the others after, as they were. */
function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const id = (x: unknown) => JSON.stringify(key && isObj(x) ? x[key] : x);
  const rank = new Map(order.map((x, i) => [id(x), i]));
  const named = list.filter((x) => rank.has(id(x))).sort((a, b) => rank.get(id(a))! - rank.get(id(b))!);
  return [...named, ...list.filter((x) => !rank.has(id(x)))];
}
