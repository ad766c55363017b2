// Locks as ARM's guard rail (the part's Guard): asked about every request at the front door and
// about the writes of every step a provider runs on another's behalf. A read costs nothing; a write
// costs one lookup of the subscription's lock book (one meta document).
import type { OperationError } from "../../../engine/operations.js";
import type { Reader } from "../../../store/store.js";
import { errorFactory } from "../../../arm/api-error.js";
import type { Guard, ProviderDeps } from "../../provider.js";
import { requestLocked, stepLocked, type Locked } from "./domain/enforcement.js";
import { lockBookKey, type LockBook, type LockRecord } from "./domain/locks.js";
import { LOCK_ERRORS } from "./errors.js";

const { error: lockError } = errorFactory(LOCK_ERRORS);

const locksOf = (read: Reader, sub: string): readonly LockRecord[] => read.get<LockBook>("meta", lockBookKey(sub))?.locks ?? [];

/** A store key's ARM id as stored (the nearest stored ancestor's id, then the rest of the key). */
function storedId(read: Reader, key: string): string {
  for (let k = key; k.lastIndexOf("/") > 0; k = k.slice(0, k.lastIndexOf("/"))) {
    const id = read.get<{ id?: unknown }>("resources", k)?.id;
    if (typeof id === "string" && id.toLowerCase() === k) return `${id}${key.slice(k.length)}`;
  }
  return key;
}

const stepError = (locked: Locked): OperationError => ({ code: LOCK_ERRORS.scopeLocked.code, message: LOCK_ERRORS.scopeLocked.message(locked) });

export function lockGuard(deps: Pick<ProviderDeps, "store">): Guard {
  return {
    request(r) {
      if (r.kind === "read") return undefined;
      const locked = requestLocked(locksOf(deps.store, r.subscriptionId), r);
      return locked ? lockError("scopeLocked", locked) : undefined;
    },
    step(s) {
      const removes = s.removes ?? [];
      const subs = new Set([...s.writes.map(([k]) => k), ...removes].map((k) => /^\/subscriptions\/([^/]+)/.exec(k)?.[1]).filter((x): x is string => x !== undefined));
      const locks = [...subs].flatMap((sub) => locksOf(s.read, sub));
      const locked = stepLocked(locks, { writes: s.writes, removes, idOf: (k) => storedId(s.read, k) });
      return locked ? stepError(locked) : undefined;
    },
  };
}
