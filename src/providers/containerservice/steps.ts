// The engine's way into AKS: apply a plan step to the cluster it targets, settle an ended
// operation's cluster and pools. An adapter: the rules are in domain/apply-step.ts and lifecycle.ts.
import type { StepRunner } from "../../engine/step-runner.js";
import { applyStep } from "./domain/apply-step.js";
import { markTargets, settledState } from "./domain/lifecycle.js";
import type { AksOperation, AksStep, StepAction } from "./domain/records.js";
import { clusterOperations, loadWorld, worldChange } from "./repository.js";
import { NAMESPACE } from "./domain/keys.js";
import type { OperationRecord } from "../../engine/operations.js";
import type { Reader } from "../../store/store.js";
import type { Change } from "../../engine/step-runner.js";

/**
 * Another provider's operation ran AKS steps (a resource group delete deleting its clusters) and
 * ended: a cluster it did not get to delete is left Failed, its deletion still issued, as after a
 * failed cluster delete (the remedy is to delete again).
 */
function settleForeign(op: OperationRecord, read: Reader): Change {
  if (op.status === "Succeeded") return {};
  const targets = new Set(op.steps.filter((st) => st.provider === NAMESPACE && st.target !== undefined).map((st) => st.target!));
  const resources: NonNullable<Change["resources"]>[number][] = [];
  for (const key of targets) {
    const before = loadWorld(read, key);
    if (!before.cluster) continue;
    const pools = [...before.pools.values()].flatMap((p) => (p ? [p.name] : []));
    resources.push(...worldChange(key, before, markTargets(before, { touchedPools: pools }, "Failed")));
  }
  return { resources };
}

export const aksSteps: StepRunner = {
  apply(generic, { read, op, at }) {
    const step = generic as AksStep;
    const key = step.target ?? op.parent;
    const before = loadWorld(read, key);
    // The engine hands AKS's runner only AKS's own steps (Compute and Resources run theirs).
    const outcome = applyStep(before, step.action as StepAction, at);
    if ("error" in outcome) return outcome;
    const resources = worldChange(key, before, outcome.world);
    if (step.action.type !== "deleteCluster") return { change: { resources } };
    // The cluster is gone. Its operations stay readable at their status URLs (a poller of a
    // preempted operation still learns why it failed), but leave the cluster's history, so a new
    // cluster of the same name starts with none.
    const tombstone = `${key}#deleted:${op.id}`;
    const moved = clusterOperations(read, key).filter((o) => o.id !== op.id).map((o) => ({ ...o, parent: tombstone }));
    return { change: { resources, operations: moved }, ...(op.parent === key ? { op: { ...op, parent: tombstone } } : {}) };
  },

  settle(generic, { read }) {
    if (generic.provider !== NAMESPACE) return settleForeign(generic, read);
    const op = generic as AksOperation;
    const before = loadWorld(read, op.parent);
    if (!before.cluster) return {}; // deleted with the operation, or a cluster's tombstoned history
    return { resources: worldChange(op.parent, before, markTargets(before, op, settledState(op.status))) };
  },
};
