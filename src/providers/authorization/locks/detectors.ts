// Locks' detector (providers/detector.ts): an operation that failed where AKS removes something under
// a lock (ResourceGroupLocked with ARM's ScopeLocked nested: seed 002's "Setting resource lock
// prevents nodepool from scaling down"), or a write ARM refused at its gate (ScopeLocked): the
// lock's name, level and scope from the subscription's lock book, and the remedy (delete the lock,
// then retry or reconcile). A lock already gone leaves a Warning: the retry or reconcile is left.
import { currentFailures, errorCodes, operationEvidence, reconcileCommand, type Detector, type DetectorInput, type Finding } from "../../detector.js";
import { messagesOf, refusalEvidence, standingRefusals } from "../detector-facts.js";
import { lockBookKey, type LockBook, type LockRecord } from "./domain/locks.js";
import { scopeKey } from "./domain/scopes.js";

const SEED = { symptom: "Setting resource lock prevents nodepool from scaling down", text: "Customer imposed restrictions" };
const CODES = ["ScopeLocked", "ResourceGroupLocked"];

/** The locked scopes ARM's ScopeLocked names ("following scope(s) are locked: 'a', 'b'."), else AKS's locked group. */
function lockedScopes(messages: readonly string[], subscriptionId: string): string[] {
  for (const m of messages) {
    const list = /following scope\(s\) are locked: '(.+)'\. Please remove the lock/.exec(m)?.[1];
    if (list) return list.split("', '");
  }
  for (const m of messages) {
    const group = /Resource group '([^']+)' under subscription/.exec(m)?.[1];
    if (group) return [`/subscriptions/${subscriptionId}/resourceGroups/${group}`];
  }
  return [];
}

/** `az lock delete` for a lock, by name and group where it is on a group, else by id. */
function deleteCommand(l: LockRecord): string {
  const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(l.scope)?.[1];
  return group !== undefined ? `az lock delete --name ${l.name} --resource-group ${group}` : `az lock delete --ids ${l.id}`;
}

function finding(input: DetectorInput, messages: readonly string[], what: string, retry: readonly string[], rows: [string, string][]): Finding {
  const sub = input.cluster.subscriptionId;
  const scopes = lockedScopes(messages, sub).map(scopeKey);
  const book = input.read.get<LockBook>("meta", lockBookKey(sub));
  const locks = (book?.locks ?? []).filter((l) => scopes.includes(scopeKey(l.scope)));
  const lockRows = locks.flatMap((l): [string, string][] => [["Lock", l.id], ["Level", l.level], ["Scope", l.scope], ...(l.notes ? ([["Notes", l.notes]] as [string, string][]) : [])]);
  const gone = locks.length === 0;
  const named = locks.map((l) => `'${l.name}' (${l.level}) on ${l.scope}`).join(", ");
  return {
    status: gone ? "Warning" : "Critical",
    message: gone
      ? `${what} was stopped by a lock on ${lockedScopes(messages, sub).join(", ") || "its scope"} that is gone now: retry or reconcile.`
      : `${what} is stopped by the management lock ${named}.`,
    cause: SEED,
    remedy: {
      title: "Delete or change the lock, then retry or reconcile",
      text: "Check the resource locks of the node pool's resources and their resource group (a CanNotDelete or ReadOnly lock stops what AKS deletes there); delete or update the lock, then retry the operation or reconcile.",
      commands: [...locks.map(deleteCommand), ...retry],
    },
    evidence: [...lockRows, ...(gone ? ([["Locked scope", lockedScopes(messages, sub).join(", ")], ["Lock now", "none (deleted)"]] as [string, string][]) : []), ...rows],
  };
}

export const LOCK_DETECTORS: readonly Detector[] = [
  {
    id: "resource-locks",
    name: "Resource Locks",
    category: "Cluster Issues",
    description: "Checks for operations stopped by a management lock (ResourceGroupLocked, ScopeLocked), on the node resource group or anywhere the cluster writes (seed 002: Setting resource lock prevents nodepool from scaling down): the lock's name, level and scope.",
    rank: 85,
    healthy: "No operation or write on the cluster was stopped by a management lock.",
    evaluate(input) {
      const c = input.cluster;
      const failed = currentFailures(input)
        .filter((f) => errorCodes(f.error).some((code) => CODES.includes(code)))
        .map((f) => {
          const pool = f.op.pool ?? (f.subjects.length === 1 && f.subjects[0] !== c.name ? f.subjects[0] : undefined);
          const retry = pool !== undefined ? [`az aks nodepool update -g ${c.resourceGroup} --cluster-name ${c.name} -n ${pool}`, reconcileCommand(c.id)] : [reconcileCommand(c.id)];
          return finding(input, messagesOf(f.error), `${f.op.operationType} of ${f.subjects.join(", ")}`, retry, operationEvidence(f.op, f.error));
        });
      const refused = standingRefusals(input, ["ScopeLocked"]).map((r) => finding(input, messagesOf(r.error), `The write ${r.event.operation} on ${r.event.resourceId}`, [], refusalEvidence(r)));
      return [...failed, ...refused];
    },
  },
];
