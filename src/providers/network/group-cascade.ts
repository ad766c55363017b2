// Network's share of a resource group delete: every Network resource of the group goes at once,
// children (subnets, security rules, routes) with their parents.
import type { GroupCascade } from "../provider.js";
import { keyOf, type NetworkRecord } from "./domain/records.js";
import { getRecord } from "./repository.js";

export const deleteNetworkOfGroup: GroupCascade = ({ read, groupKey }) => {
  const top = read.group<{ id: string }>("resources", groupKey).flatMap((r) => {
    const rec = getRecord(read, keyOf(r.id));
    return rec ? [rec] : [];
  });
  const children = top.flatMap((r) => read.group<{ id: string }>("resources", keyOf(r.id)).flatMap((c) => (getRecord(read, keyOf(c.id)) ? [c] : [])));
  const gone = [...children, ...top] as { id: string }[] as NetworkRecord[];
  return { change: gone.length > 0 ? { resources: gone.map((r) => [keyOf(r.id), undefined] as [string, undefined]) } : {}, steps: [] };
};
