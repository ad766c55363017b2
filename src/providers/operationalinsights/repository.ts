// Reads workspaces from the store: one, those of a group, those of a subscription, a soft-deleted one.
import { groupKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import { deletedKey, type DeletedWorkspace, type WorkspaceRecord } from "./domain/workspaces.js";

export function getWorkspace(read: Reader, key: string): WorkspaceRecord | undefined {
  const r = read.get<WorkspaceRecord>("resources", key);
  return r?.kind === "logAnalyticsWorkspace" ? r : undefined;
}

export const getDeleted = (read: Reader, key: string) => read.get<DeletedWorkspace>("meta", deletedKey(key));

const byId = (a: WorkspaceRecord, b: WorkspaceRecord) => a.id.localeCompare(b.id);

export const workspacesOfGroup = (read: Reader, sub: string, rg: string): WorkspaceRecord[] =>
  read.group<WorkspaceRecord>("resources", groupKey(sub, rg)).filter((r) => r.kind === "logAnalyticsWorkspace").sort(byId);

/** The subscription's list of its type (arm/ids.ts typeListKey). */
export const workspacesOfSubscription = (read: Reader, sub: string): WorkspaceRecord[] =>
  read.group<WorkspaceRecord>("resources", `/subscriptions/${sub}/providers/microsoft.operationalinsights/workspaces`.toLowerCase()).filter((r) => r.kind === "logAnalyticsWorkspace").sort(byId);
