// The disruption controller: a PodDisruptionBudget's status from the pods it selects (currentHealthy
// = Ready, desiredHealthy from minAvailable or maxUnavailable, disruptionsAllowed, expectedPods) and
// its DisruptionAllowed condition, as `kubectl get pdb` and drains read it.
import { at, jsonEqual, kubeTime, labelsOf, meta, namespaceOf, type Obj } from "../objects.js";
import { selectorFromObject } from "../selectors.js";
import { int, isDeleting, isReady, isTerminal, list, PDBS, PODS, withStatus, type ControllerCtx, type Decision } from "./context.js";

export function budget(pdb: Obj, pods: readonly Obj[]): { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; expectedPods: number } {
  const expected = pods.length;
  const healthy = pods.filter(isReady).length;
  const amount = (v: unknown, up: boolean) => (typeof v === "string" && v.endsWith("%") ? (up ? Math.ceil : Math.floor)((Number(v.slice(0, -1)) * expected) / 100) : Number(v));
  const minAvailable = at(pdb, "spec.minAvailable");
  const maxUnavailable = at(pdb, "spec.maxUnavailable");
  const desired = minAvailable !== undefined ? amount(minAvailable, true) : maxUnavailable !== undefined ? Math.max(0, expected - amount(maxUnavailable, true)) : expected;
  return { currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: Math.max(0, healthy - desired), expectedPods: expected };
}

export function reconcilePdb(pdb: Obj, ctx: ControllerCtx): Decision {
  const out: Decision = { writes: [], events: [] };
  const sel = selectorFromObject(at(pdb, "spec.selector"));
  const pods = sel ? [...ctx.list(PODS, namespaceOf(pdb))].filter((p) => !isDeleting(p) && !isTerminal(p) && sel(labelsOf(p))) : [];
  const b = budget(pdb, pods);
  const prev = list(at(pdb, "status.conditions")).find((c) => c["type"] === "DisruptionAllowed");
  const allowed = b.disruptionsAllowed > 0;
  const reason = allowed ? "SufficientPods" : "InsufficientPods";
  const condition = prev && prev["status"] === (allowed ? "True" : "False") && prev["reason"] === reason ? prev : { type: "DisruptionAllowed", status: allowed ? "True" : "False", lastTransitionTime: kubeTime(ctx.now), message: "", observedGeneration: int(meta(pdb)["generation"], 1), reason };
  const status: Obj = { ...b, observedGeneration: int(meta(pdb)["generation"], 1), conditions: [condition] };
  if (!jsonEqual(pdb["status"], status)) out.writes.push({ type: PDBS, object: withStatus(pdb, status) });
  return out;
}
