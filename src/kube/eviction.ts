// The Eviction API's decision, pure: may this pod be evicted now, given the PodDisruptionBudgets of
// its namespace and the pods they select? Shared by `POST pods/{name}/eviction` (api.ts) and the
// drains a cluster's provider runs (drain-steps.ts), so both answer alike.
import { at, isObj, labelsOf, meta, nameOf, type Obj } from "./objects.js";
import { selectorFromObject } from "./selectors.js";

/** A PDB's arithmetic (the disruption controller's): how many pods may go now. */
export type Budget = { allowed: number; desired: number; healthy: number; expected: number; unready: number };

export type EvictionVerdict =
  | { allowed: true }
  | { allowed: false; reason: "budget"; pdb: Obj; budget: Budget }
  /** More than one PDB selects the pod: the apiserver refuses (500 InternalError). */
  | { allowed: false; reason: "multiple"; pdbs: readonly Obj[] };

/** What the verdict reads of the world: the namespace's PDBs and pods, and a workload's replicas. */
export type EvictionView = {
  pdbs: readonly Obj[];
  pods: readonly Obj[];
  /** `spec.replicas` of the controller a pod names (ownerReferences, controller: true), if known. */
  replicasOf?: (kind: string, name: string) => number | undefined;
};

export const isReady = (p: Obj) => Array.isArray(at(p, "status.conditions")) && (at(p, "status.conditions") as Obj[]).some((c) => isObj(c) && c["type"] === "Ready" && c["status"] === "True");

const terminating = (p: Obj) => meta(p)["deletionTimestamp"] !== undefined;

/** The controller (ownerReferences entry with controller: true) of an object, if any. */
export function controllerOf(o: Obj): { kind: string; name: string; uid: string } | undefined {
  const refs = meta(o)["ownerReferences"];
  if (!Array.isArray(refs)) return undefined;
  const c = refs.find((r) => isObj(r) && r["controller"] === true);
  return isObj(c) ? { kind: String(c["kind"] ?? ""), name: String(c["name"] ?? ""), uid: String(c["uid"] ?? "") } : undefined;
}

/**
 * A PDB's budget from the pods it selects. `expected` is the pods' controllers' scale (a pod with
 * none counts itself), as the disruption controller reads it, so pods evicted and not yet replaced
 * do not widen the budget; an integer minAvailable needs no scale.
 */
export function budgetOf(pdb: Obj, view: EvictionView): Budget {
  const sel = selectorFromObject(at(pdb, "spec.selector"));
  const pods = sel ? view.pods.filter((p) => sel(labelsOf(p)) && !terminating(p)) : [];
  const healthy = pods.filter(isReady).length;
  const owners = new Map<string, number>();
  let bare = 0;
  for (const p of pods) {
    const c = controllerOf(p);
    const replicas = c ? view.replicasOf?.(c.kind, c.name) : undefined;
    if (c && replicas !== undefined) owners.set(`${c.kind}/${c.name}`, replicas);
    else bare++;
  }
  const expected = Math.max(pods.length, bare + [...owners.values()].reduce((a, b) => a + b, 0));
  const amount = (v: unknown) => (typeof v === "string" && v.endsWith("%") ? Math.ceil((Number(v.slice(0, -1)) * expected) / 100) : Number(v));
  const minAvailable = at(pdb, "spec.minAvailable");
  const maxUnavailable = at(pdb, "spec.maxUnavailable");
  const desired = minAvailable !== undefined ? amount(minAvailable) : maxUnavailable !== undefined ? Math.max(0, expected - amount(maxUnavailable)) : expected;
  return { allowed: Math.max(0, healthy - desired), desired, healthy, expected, unready: pods.length - healthy };
}

/**
 * Whether `pod` may be evicted: a pod that is Pending, Succeeded, Failed or terminating always may;
 * otherwise the one PDB that selects it must allow a disruption.
 */
export function evictionVerdict(pod: Obj, view: EvictionView): EvictionVerdict {
  const phase = String(at(pod, "status.phase") ?? "Pending");
  if (phase === "Succeeded" || phase === "Failed" || phase === "Pending" || terminating(pod)) return { allowed: true };
  const pdbs = view.pdbs.filter((p) => {
    const sel = selectorFromObject(at(p, "spec.selector"));
    return sel !== undefined && sel(labelsOf(pod));
  });
  if (pdbs.length > 1) return { allowed: false, reason: "multiple", pdbs };
  const pdb = pdbs[0];
  if (!pdb) return { allowed: true };
  const budget = budgetOf(pdb, view);
  return budget.allowed > 0 ? { allowed: true } : { allowed: false, reason: "budget", pdb, budget };
}

/** The cause the apiserver's 429 carries. */
export const budgetCause = (pdb: Obj, b: Budget) => `The disruption budget ${nameOf(pdb)} needs ${b.desired} healthy pods and has ${b.healthy} currently`;
