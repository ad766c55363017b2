// Management locks (Microsoft.Authorization/locks), pure: the lock record, the book that keeps a
// subscription's locks (one meta document, so ARM's gate reads it with one lookup per write), the
// PUT body's rules and the lists. Spec: locks.json 2016-09-01 (az 2.45) and 2020-05-01
// (@azure/arm-locks 2.1.0); both have the same ManagementLockObject.
import { refusalsOf, type Refusal } from "../../../../arm/catalog.js";
import { isObject } from "../../../../arm/json.js";
import type { LOCK_ERRORS } from "../errors.js";
import { cleanScope, covers, scopeKey } from "./scopes.js";

export type LockLevel = "CanNotDelete" | "ReadOnly";
export type LockOwner = { applicationId: string };

export type LockRecord = {
  /** ARM id: the scope as the caller spelled it, then /providers/Microsoft.Authorization/locks/{name}. */
  id: string;
  name: string;
  /** The locked scope, caller's casing. */
  scope: string;
  level: LockLevel;
  notes?: string;
  owners?: LockOwner[];
};

/** A subscription's locks, in the meta collection. */
export type LockBook = { kind: "managementLocks"; subscriptionId: string; locks: LockRecord[] };

export const lockBookKey = (subscriptionId: string) => `managementLocks:/subscriptions/${subscriptionId.toLowerCase()}`;
export const emptyBook = (subscriptionId: string): LockBook => ({ kind: "managementLocks", subscriptionId, locks: [] });

export const LOCKS_SEGMENT = "/providers/Microsoft.Authorization/locks";
export const lockId = (scope: string, name: string) => `${cleanScope(scope)}${LOCKS_SEGMENT}/${name}`;

export type LockRefusal = Refusal<typeof LOCK_ERRORS>;
export const refuse = refusalsOf<typeof LOCK_ERRORS>();

/** The lock named `name` at `scope` (names compare case-insensitively, per scope). */
export function findLock(book: LockBook | undefined, scope: string, name: string): LockRecord | undefined {
  const key = scopeKey(scope);
  return book?.locks.find((l) => scopeKey(l.scope) === key && l.name.toLowerCase() === name.toLowerCase());
}

// Newtonsoft's enum converter is case-insensitive: "readonly" is ReadOnly. NotSpecified is in the
// enum but is no lock at all: it is refused as an unknown value (no real sample of that answer).
const LEVELS: readonly LockLevel[] = ["CanNotDelete", "ReadOnly"];

/** A body ARM cannot read as a lock: the front door's InvalidRequestContent, with this detail. */
export type BadContent = { badContent: string };

/**
 * The lock a PUT leaves (the name and id of an existing one keep their spelling), or why it is
 * refused. The owners rule: a lock with owners is changed only by one of those applications.
 */
export function decideLockPut(input: { scope: string; name: string; body: unknown; existing: LockRecord | undefined; callerAppId: string }): LockRecord | LockRefusal | BadContent {
  const { body, existing } = input;
  if (!isObject(body)) return { badContent: "Expected a JSON object." };
  const props = body["properties"];
  if (props === undefined || props === null) return refuse("lockPropertyMissing", { property: "properties", path: "" });
  if (!isObject(props)) return { badContent: "'properties' must be a JSON object." };
  const level = props["level"];
  if (level === undefined || level === null) return refuse("lockPropertyMissing", { property: "level", path: "properties" });
  const canonical = typeof level === "string" ? LEVELS.find((l) => l.toLowerCase() === level.toLowerCase()) : undefined;
  if (!canonical) return refuse("lockLevelInvalid", { value: typeof level === "string" ? level : JSON.stringify(level) });
  const notes = props["notes"];
  if (notes !== undefined && notes !== null && typeof notes !== "string") return { badContent: "'properties.notes' must be a string." };
  const owners = readOwners(props["owners"]);
  if (owners === "bad") return { badContent: "'properties.owners' must be an array of objects with a string 'applicationId'." };
  if (existing) {
    const denied = ownerRefusal(existing, input.callerAppId);
    if (denied) return denied;
  }
  return {
    id: existing?.id ?? lockId(input.scope, input.name),
    name: existing?.name ?? input.name,
    scope: existing?.scope ?? cleanScope(input.scope),
    level: canonical,
    ...(typeof notes === "string" ? { notes } : {}),
    ...(owners && owners.length > 0 ? { owners } : {}),
  };
}

function readOwners(v: unknown): LockOwner[] | undefined | "bad" {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return "bad";
  const out: LockOwner[] = [];
  for (const o of v) {
    if (!isObject(o) || typeof o["applicationId"] !== "string") return "bad";
    out.push({ applicationId: o["applicationId"] });
  }
  return out;
}

/** A lock with owners is deleted or changed only by one of its owner applications (UnauthorizedApplicationId). */
export function ownerRefusal(lock: LockRecord, callerAppId: string): LockRefusal | undefined {
  if (!lock.owners || lock.owners.length === 0) return undefined;
  if (lock.owners.some((o) => o.applicationId.toLowerCase() === callerAppId.toLowerCase())) return undefined;
  return refuse("lockOwnedByApplication", { name: lock.name, owners: lock.owners.map((o) => o.applicationId) });
}

/** The book with `lock` in place of any of its name at its scope. */
export function withLock(book: LockBook, lock: LockRecord): LockBook {
  const rest = book.locks.filter((l) => !(scopeKey(l.scope) === scopeKey(lock.scope) && l.name.toLowerCase() === lock.name.toLowerCase()));
  return { ...book, locks: [...rest, lock] };
}

export function withoutLock(book: LockBook, lock: LockRecord): LockBook {
  return { ...book, locks: book.locks.filter((l) => l !== lock) };
}

/**
 * A list at `scope`: ARM's lists return the locks at the scope and below it (a group's list holds
 * its resources' locks: az's own comment in `_validate_lock_params_match_lock` says so); with
 * `$filter=atScope()` the locks that apply to the scope, at it and above. Outermost first, then by name.
 */
export function locksAt(book: LockBook | undefined, scope: string, filter: "below" | "atScope"): LockRecord[] {
  const key = scopeKey(scope);
  const found = (book?.locks ?? []).filter((l) => (filter === "atScope" ? covers(scopeKey(l.scope), key) : covers(key, scopeKey(l.scope))));
  return sortLocks(found);
}

export function sortLocks(locks: readonly LockRecord[]): LockRecord[] {
  return [...locks].sort((a, b) => depth(a.scope) - depth(b.scope) || scopeKey(a.scope).localeCompare(scopeKey(b.scope)) || a.name.localeCompare(b.name));
}

const depth = (scope: string) => scopeKey(scope).split("/").length;
