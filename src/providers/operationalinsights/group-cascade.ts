// Log Analytics' share of a resource group delete: its workspaces go at once (deleted for good).
import type { GroupCascade } from "../provider.js";

export const deleteWorkspacesOfGroup: GroupCascade = ({ read, groupKey }) => {
  const gone = read.group<{ kind?: string; id: string }>("resources", groupKey).filter((r) => r.kind === "logAnalyticsWorkspace");
  return { change: gone.length > 0 ? { resources: gone.map((w) => [w.id.toLowerCase(), undefined] as [string, undefined]) } : {}, steps: [] };
};
