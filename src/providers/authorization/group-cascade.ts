// Microsoft.Authorization's share of a resource group delete: the extension resources at the group
// and under it (role assignments, management locks, policy assignments and exemptions) go with it.
// One step, run after the other providers' steps and before the group itself goes, so a group
// delete that fails on the way (a lock in a node resource group stops a cluster's delete) leaves
// them in place. A lock at or under the group never gets here: ARM's gate refuses the group's
// delete (ScopeLocked); one made while the group is being deleted goes too.
// Custom role definitions are not scoped resources (their assignableScopes stay as written).
import type { Step } from "../../engine/operations.js";
import type { Change, StepResult } from "../../engine/step-runner.js";
import type { Reader } from "../../store/store.js";
import type { GroupCascade } from "../provider.js";
import { lockBookKey, type LockBook } from "./locks/domain/locks.js";
import { covers, scopeKey } from "./locks/domain/scopes.js";
import { policyStateKey, type PolicyState } from "./policy/domain/records.js";
import { assignmentKey, rbacStamp, type RoleAssignmentRecord } from "./rbac/domain/records.js";

export const DELETE_SCOPE_EXTENSIONS = "deleteScopeExtensions";

/** The step's data: the group's ARM id, and the role assignments found under it when its delete began (meta has no listing). */
export type ScopeExtensionsAction = { type: typeof DELETE_SCOPE_EXTENSIONS; scope: string; subscriptionId: string; roleAssignments: readonly string[] };

const under = (id: string, scope: string) => covers(scopeKey(scope), scopeKey(id));

/** What goes with `scope`: the locks and policy of its subscription's documents, and the role assignments named. */
function removals(read: Reader, a: Omit<ScopeExtensionsAction, "type">): { change: Change; count: number } {
  const meta: [string, unknown][] = [];
  let count = 0;
  const book = read.get<LockBook>("meta", lockBookKey(a.subscriptionId));
  const keptLocks = book?.locks.filter((l) => !under(l.scope, a.scope)) ?? [];
  if (book && keptLocks.length < book.locks.length) {
    count += book.locks.length - keptLocks.length;
    meta.push([lockBookKey(a.subscriptionId), { ...book, locks: keptLocks }]);
  }
  const policy = read.get<PolicyState>("meta", policyStateKey(a.subscriptionId));
  if (policy) {
    const assignments = Object.fromEntries(Object.entries(policy.assignments).filter(([, x]) => !under(x.properties.scope, a.scope)));
    const exemptions = Object.fromEntries(Object.entries(policy.exemptions).filter(([, x]) => !under(x.scope, a.scope)));
    const gone = Object.keys(policy.assignments).length - Object.keys(assignments).length + Object.keys(policy.exemptions).length - Object.keys(exemptions).length;
    if (gone > 0) {
      count += gone;
      meta.push([policyStateKey(a.subscriptionId), { ...policy, assignments, exemptions }]);
    }
  }
  const assignments = a.roleAssignments.filter((k) => read.get("meta", k) !== undefined);
  if (assignments.length > 0) {
    count += assignments.length;
    meta.push(...assignments.map((k) => [k, undefined] as [string, undefined]), rbacStamp() as [string, unknown]);
  }
  return { change: meta.length > 0 ? { meta } : {}, count };
}

export const deleteExtensionsOfGroup: GroupCascade = ({ read, groupKey }) => {
  const group = read.get<{ id?: string; subscriptionId?: string }>("resources", groupKey);
  const sub = /^\/subscriptions\/([^/]+)\//.exec(groupKey)?.[1];
  if (!group?.id || sub === undefined) return { change: {}, steps: [] };
  const subscriptionId = group.subscriptionId ?? sub;
  const roleAssignments: string[] = [];
  for (const doc of read.values<{ kind?: string }>("meta")) {
    if (doc?.kind === "roleAssignment" && under((doc as RoleAssignmentRecord).scope, group.id)) roleAssignments.push(assignmentKey((doc as RoleAssignmentRecord).id));
  }
  const action: ScopeExtensionsAction = { type: DELETE_SCOPE_EXTENSIONS, scope: group.id, subscriptionId, roleAssignments };
  if (removals(read, action).count === 0) return { change: {}, steps: [] };
  const step: Step<ScopeExtensionsAction> = { name: "Deleting the role assignments, locks and policy assignments of the resource group", durationMs: 0, action, provider: "Microsoft.Authorization", target: groupKey };
  return { change: {}, steps: [step] };
};

/** The step of the cascade, applied when the group's delete reaches it. */
export function applyScopeExtensionsDelete(action: ScopeExtensionsAction, read: Reader): StepResult {
  return { change: removals(read, action).change };
}
