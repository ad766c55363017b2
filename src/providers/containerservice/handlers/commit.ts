// Committing a decision about one cluster: the records that changed, its operations, and the
// history AKS no longer keeps, in one transaction through the engine.
import type { Reader } from "../../../store/store.js";
import type { ProviderDeps } from "../../provider.js";
import type { ActionDecision } from "../domain/actions.js";
import type { ClusterWorld } from "../domain/apply-step.js";
import { clusterOperations, worldChange } from "../repository.js";

export const HISTORY_LIMIT = 50;

/** The 50 newest operations of a cluster stay, as in AKS's operation status API: the ids of the rest. */
function pruned(store: Reader, key: string, added: number): string[] {
  const all = clusterOperations(store, key).sort((a, b) => b.startTime - a.startTime);
  return all.slice(Math.max(0, HISTORY_LIMIT - added)).filter((old) => old.status !== "InProgress" && old.status !== "Canceling").map((old) => old.id);
}

export function commitDecision(deps: Pick<ProviderDeps, "engine" | "store">, key: string, before: ClusterWorld, decision: ActionDecision): void {
  if (decision.operations.length === 0) return; // e.g. a repeated delete: the one in flight answers
  deps.engine.commit({
    resources: worldChange(key, before, decision.world),
    operations: decision.operations,
    forget: decision.operation ? pruned(deps.store, key, 1) : [],
  });
}
