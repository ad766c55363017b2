// Private DNS's share of a resource group delete: every zone of the group goes at once, with its
// links and record sets.
import type { GroupCascade } from "../provider.js";
import { keyOf } from "./domain/records.js";
import { getRecord } from "./repository.js";

export const deletePrivateDnsOfGroup: GroupCascade = ({ read, groupKey }) => {
  const zones = read.group<{ id: string }>("resources", groupKey).filter((r) => getRecord(read, keyOf(r.id))?.kind === "privateDnsZone");
  const children = zones.flatMap((z) => read.group<{ id: string }>("resources", keyOf(z.id)).filter((c) => getRecord(read, keyOf(c.id)) !== undefined));
  const gone = [...children, ...zones].map((r) => [keyOf(r.id), undefined] as [string, undefined]);
  return { change: gone.length > 0 ? { resources: gone } : {}, steps: [] };
};
