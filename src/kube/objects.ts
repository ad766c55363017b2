// Kubernetes objects as the API keeps them: plain JSON with `metadata`. Helpers read the few
// fields the machinery needs without a typed model of every kind.

export type Obj = { [key: string]: unknown };

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const meta = (o: Obj): Obj => (isObj(o["metadata"]) ? o["metadata"] : {});
export const nameOf = (o: Obj): string => String(meta(o)["name"] ?? "");
export const namespaceOf = (o: Obj): string => String(meta(o)["namespace"] ?? "");
export const labelsOf = (o: Obj): Record<string, string> => (isObj(meta(o)["labels"]) ? (meta(o)["labels"] as Record<string, string>) : {});
export const rvOf = (o: Obj): number => Number(meta(o)["resourceVersion"] ?? 0);

/** The value at a dotted path ("spec.nodeName"), or undefined. */
/** Dotted paths split once: `at` is on every hot path of the simulation and the tables. */
const splitPaths = new Map<string, readonly string[]>();

export function at(o: unknown, path: string): unknown {
  let parts = splitPaths.get(path);
  if (!parts) {
    if (splitPaths.size > 1000) splitPaths.clear();
    splitPaths.set(path, (parts = path.split(".")));
  }
  let cur: unknown = o;
  for (const part of parts) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** RFC 3339 with seconds, as metav1.Time marshals: 2024-05-01T10:00:00Z. */
export const kubeTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** metav1.MicroTime (managedFields use Time; leases and events.k8s.io use MicroTime). */
export const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

export const clone = <T>(v: T): T => structuredClone(v);

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Obj)[k], (b as Obj)[k]));
}
