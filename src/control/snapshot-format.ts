// What a snapshot is on disk and over the wire (pure): every stored document of every collection
// (resources, operations in flight with their step positions, the activity log, faults and the
// other control state, the clusters' Kubernetes objects) and the virtual time, under a format
// number. A file of another format, or one that is not a snapshot, is refused with the reason;
// nothing is restored from it.
import { COLLECTIONS, type Collection } from "../store/store.js";

/** Bumped when what a snapshot holds changes in a way an older reader cannot take. */
export const SNAPSHOT_FORMAT = 1;

export type SnapshotDoc = { collection: Collection; key: string; value: unknown };

export type Snapshot = {
  format: number;
  name: string;
  /** The emulator's version that wrote it. */
  aksemu: string;
  /** Wall-clock time it was taken (RFC 3339). */
  createdAt: string;
  /** The virtual time it holds (RFC 3339), and the clock's mode then. */
  clock: { now: string; mode: string };
  documents: SnapshotDoc[];
};

/** A name a snapshot may have: it is a file name too. */
export const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function encodeSnapshot(s: Omit<Snapshot, "format">): string {
  return JSON.stringify({ format: SNAPSHOT_FORMAT, ...s });
}

/** The snapshot in `text`, or why it cannot be read. */
export function decodeSnapshot(text: string): Snapshot | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problem: `it is not JSON (${(err as Error).message})` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { problem: "it is not an aksemu snapshot (a JSON object with format, clock and documents)" };
  const s = raw as Record<string, unknown>;
  if (typeof s["format"] !== "number") return { problem: "it is not an aksemu snapshot: it has no format number" };
  if (s["format"] !== SNAPSHOT_FORMAT) return { problem: `its format is ${s["format"]}, and this aksemu reads format ${SNAPSHOT_FORMAT} (written by aksemu ${String(s["aksemu"] ?? "of an unknown version")})` };
  const clock = s["clock"] as Record<string, unknown> | undefined;
  if (typeof clock?.["now"] !== "string" || !Number.isFinite(Date.parse(clock["now"]))) return { problem: "its clock.now is not an RFC 3339 time" };
  if (!Array.isArray(s["documents"])) return { problem: "it has no documents list" };
  for (const [i, d] of (s["documents"] as unknown[]).entries()) {
    const doc = d as Partial<SnapshotDoc> | null;
    if (typeof doc !== "object" || doc === null || !COLLECTIONS.includes(doc.collection as Collection) || typeof doc.key !== "string" || doc.value === undefined) {
      return { problem: `document ${i} is not {collection, key, value} of a known collection` };
    }
  }
  return raw as Snapshot;
}

/** A reset's reach: everything, a subscription, or one resource group. */
export type ResetScope = { subscriptionId?: string; resourceGroup?: string };

/**
 * Whether a stored document is within a reset's scope: by its key (ARM ids, and the meta and
 * operation keys that embed them) or, for the activity log, its subscription. Without a
 * subscription: everything.
 */
export function inScope(scope: ResetScope): (collection: Collection, key: string, value: unknown) => boolean {
  if (!scope.subscriptionId) return () => true;
  const sub = `/subscriptions/${scope.subscriptionId.toLowerCase()}`;
  const prefix = scope.resourceGroup ? `${sub}/resourcegroups/${scope.resourceGroup.toLowerCase()}` : sub;
  const under = (text: string) => {
    const at = text.toLowerCase().indexOf(prefix);
    if (at < 0) return false;
    const next = text.charAt(at + prefix.length);
    return next === "" || next === "/" || next === "|" || next === "#" || next === "@";
  };
  return (collection, key, value) => {
    if (collection === "events" && !scope.resourceGroup) return String((value as { subscriptionId?: unknown })?.subscriptionId ?? "").toLowerCase() === scope.subscriptionId!.toLowerCase();
    if (collection === "events") return under(String((value as { resourceId?: unknown })?.resourceId ?? ""));
    if (collection === "operations") return under(String((value as { parent?: unknown })?.parent ?? key));
    return under(key);
  };
}
