// The monitoring addon (addonProfiles.omsagent) and its Log Analytics workspace. Real AKS reads the
// workspace's shared keys (WorkspacesClient#GetSharedKeys) whenever it reconciles the cluster: a
// cluster PUT (create, update, upgrade, scale, reconcile) with the addon enabled asks
// Microsoft.OperationalInsights for them first, as a step that provider runs (AKS imports it not).
// A workspace that is gone fails the operation there with AKS's GetLogAnalyticsWorkspaceError.
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";
import type { WorkspaceAction } from "../../operationalinsights/public.js";
import { AKS_ERRORS } from "../errors.js";
import type { Json } from "./records.js";

export const OPERATIONAL_INSIGHTS = "Microsoft.OperationalInsights";

const lookup = (o: unknown, name: string): unknown => {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  // AKS and az read these keys case-insensitively ("omsAgent", "loganalyticsworkspaceresourceid" are seen in the wild).
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (o as Record<string, unknown>)[key];
};

/** The workspace the monitoring addon sends to, while it is enabled (its ARM id as configured). */
export function monitoringWorkspace(spec: Json): string | undefined {
  const addon = lookup(spec["addonProfiles"], "omsagent");
  const enabled = lookup(addon, "enabled");
  if (enabled !== true && String(enabled).toLowerCase() !== "true") return undefined;
  const id = lookup(lookup(addon, "config"), "logAnalyticsWorkspaceResourceID");
  return typeof id === "string" && id.trim() !== "" ? id.trim().replace(/\/+$/, "") : undefined;
}

/** The step that reads the workspace's shared keys, first in a cluster PUT's plan while the addon is enabled. */
export function workspaceKeysSteps(spec: Json): Step<WorkspaceAction>[] {
  const id = monitoringWorkspace(spec);
  if (id === undefined) return [];
  return [{ name: "Reconciling monitoring addon (omsagent): getting the Log Analytics workspace's shared keys", durationMs: 3000, action: { type: "getSharedKeys" }, provider: OPERATIONAL_INSIGHTS, target: id.toLowerCase() }];
}

/** A failed workspace step as AKS's operation reports it: its code, the workspace id lower-cased, the 404 quoted. */
export function workspaceStepFailure(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const e = AKS_ERRORS["getLogAnalyticsWorkspaceError"];
  return { code: e.code, message: e.message({ workspaceId: failed.step.target ?? "", code: failed.error.code, message: failed.error.message }) };
}
