// What locks refuse, pure. ARM's rules ("Lock your resources to protect your infrastructure",
// MicrosoftDocs azure-docs lock-resources.md):
// - a lock applies to its scope and everything under it (extension resources too: a role
//   assignment at a locked scope);
// - CanNotDelete refuses deletes; a delete is refused by a lock at the scope, above it, or below it
//   (a group is not deleted while a resource in it is locked: "You never have a partial deletion");
// - ReadOnly refuses deletes and every write: PUT, PATCH and POST actions, even those that only
//   read (listKeys on a storage account, listClusterUserCredential on an AKS cluster), because ARM
//   blocks the POST method itself;
// - locks themselves stay manageable (Microsoft.Authorization/locks/*): a ReadOnly lock can be
//   removed, and another added, under a ReadOnly lock.
// Work a provider does in another's resources on its behalf (AKS's steps in its node resource
// group) answers to a stricter rule for what it removes: AKS checks the whole node resource group
// and refuses to remove anything there while any lock is in it (Azure/AKS#3291: a Delete lock on
// the load balancer alone stops a scale-down), or above it.
import { sortLocks, type LockRecord } from "./locks.js";
import { covers, groupOf, scopeKey } from "./scopes.js";

export type Operation = "delete" | "write";
/** A refusal: ScopeLocked over `scope` (caller's casing), naming the locked scopes, outermost first. */
export type Locked = { scope: string; operation: Operation; locked: string[] };

const LOCK_ACTIONS = "microsoft.authorization/locks/";

/** The request `kind` (arm/actions.ts) over `scope`, refused or not by `locks`. */
export function requestLocked(locks: readonly LockRecord[], r: { action: string; scope: string; kind: "read" | "write" | "delete" | "action" }): Locked | undefined {
  if (r.kind === "read" || locks.length === 0 || r.action.toLowerCase().startsWith(LOCK_ACTIONS)) return undefined;
  const key = scopeKey(r.scope);
  if (r.kind === "delete") return refusal(r.scope, "delete", locks.filter((l) => covers(scopeKey(l.scope), key) || covers(key, scopeKey(l.scope))));
  return refusal(r.scope, "write", locks.filter((l) => l.level === "ReadOnly" && covers(scopeKey(l.scope), key)));
}

/**
 * A step's writes (`doc` undefined: a delete) and removals (what it deletes while its owner's
 * record stays: a scale set's instances), keys lower-cased; `idOf` gives a key's ARM id as stored.
 * A removal is refused by any lock on its resource group, in it or above it; a write by a ReadOnly
 * lock at it or above it.
 */
export function stepLocked(locks: readonly LockRecord[], s: { writes: ReadonlyArray<readonly [string, object | undefined]>; removes: readonly string[]; idOf: (key: string) => string }): Locked | undefined {
  if (locks.length === 0) return undefined;
  const removals = [...s.writes.filter(([, doc]) => doc === undefined).map(([k]) => k), ...s.removes];
  for (const key of removals) {
    const area = groupOf(key) ?? key;
    const found = refusal(s.idOf(key), "delete", locks.filter((l) => covers(scopeKey(l.scope), area) || covers(area, scopeKey(l.scope))));
    if (found) return found;
  }
  for (const [key, doc] of s.writes) {
    if (doc === undefined) continue;
    const found = refusal(s.idOf(key), "write", locks.filter((l) => l.level === "ReadOnly" && covers(scopeKey(l.scope), key)));
    if (found) return found;
  }
  return undefined;
}

function refusal(scope: string, operation: Operation, blocking: readonly LockRecord[]): Locked | undefined {
  if (blocking.length === 0) return undefined;
  const byKey = new Map<string, string>();
  for (const l of sortLocks(blocking)) {
    if (!byKey.has(scopeKey(l.scope))) byKey.set(scopeKey(l.scope), l.scope);
  }
  return { scope, operation, locked: [...byKey.values()] };
}
