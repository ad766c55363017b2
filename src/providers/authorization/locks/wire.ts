// A lock on the wire (ManagementLockObject, the same in 2016-09-01 and 2020-05-01), in the key
// order ARM answers with (an @azure/arm-locks test recording: properties, id, type, name); notes
// and owners only when set. ARM sends no systemData for locks.
import type { LockRecord } from "./domain/locks.js";

export const LOCK_TYPE = "Microsoft.Authorization/locks";

export function renderLock(l: LockRecord) {
  return {
    properties: { level: l.level, ...(l.notes !== undefined ? { notes: l.notes } : {}), ...(l.owners ? { owners: l.owners } : {}) },
    id: l.id,
    type: LOCK_TYPE,
    name: l.name,
  };
}
