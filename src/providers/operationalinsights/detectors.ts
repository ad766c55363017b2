// Log Analytics' detector (providers/detector.ts): the workspace the cluster's monitoring addon
// sends to is gone (seed 002's "Unable to get log analytics workspace info", under "Key Azure
// resources unavailable"): Critical when a cluster operation failed on it
// (GetLogAnalyticsWorkspaceError), Warning while nothing has failed yet (the next PUT will), and a
// Warning when the workspace is back but the failure was not reconciled. Remedies: re-create the
// workspace (the same name recovers a soft-deleted one) or disable the addon, then reconcile.
import { currentFailures, errorCodes, isoTime, operationEvidence, reconcileCommand, type Detector, type Finding } from "../detector.js";
import { parseWorkspaceId, RECOVERY_MS } from "./domain/workspaces.js";
import { getDeleted, getWorkspace } from "./repository.js";

const SEED = { symptom: "\"Unable to get log analytics workspace info\" error", text: "Key Azure resources unavailable" };
const CODE = "GetLogAnalyticsWorkspaceError";

export const OI_DETECTORS: readonly Detector[] = [
  {
    id: "log-analytics-workspace",
    name: "Monitoring Addon: Log Analytics Workspace",
    category: "Cluster Issues",
    description: "Checks that the Log Analytics workspace of the cluster's monitoring addon (omsagent) exists, and for operations that failed without it (GetLogAnalyticsWorkspaceError, seed 002's \"Unable to get log analytics workspace info\").",
    rank: 65,
    healthy: "The monitoring addon is off, or its Log Analytics workspace exists.",
    evaluate(input) {
      const c = input.cluster;
      const failure = currentFailures(input).find((f) => errorCodes(f.error).includes(CODE));
      // The addon's workspace, else the one the failure names (its text carries the id, lower-cased).
      const id = c.monitoringWorkspace ?? (failure ? /Resource ID: (\S+?)\.? Details?:/.exec(failure.error.message)?.[1] : undefined);
      if (id === undefined) return [];
      const key = id.toLowerCase();
      const present = getWorkspace(input.read, key) !== undefined;
      if (present && !failure) return [];
      const parts = parseWorkspaceId(id);
      const deleted = getDeleted(input.read, key);
      const location = deleted?.location ?? c.location;
      const recreate = parts ? `az monitor log-analytics workspace create -g ${parts.resourceGroup} -n ${parts.name} -l ${location}` : `az monitor log-analytics workspace create -g <group> -n <name> -l ${location}`;
      const commands = present ? [reconcileCommand(c.id)] : [recreate, `az aks disable-addons -a monitoring -g ${c.resourceGroup} -n ${c.name}`, reconcileCommand(c.id)];
      const finding: Finding = {
        status: present ? "Warning" : failure ? "Critical" : "Warning",
        message: present
          ? `The Log Analytics workspace '${id}' exists again, but the cluster's last operation failed without it: reconcile.`
          : failure
            ? `${failure.op.operationType} failed: the monitoring addon's Log Analytics workspace '${id}' does not exist.`
            : `The monitoring addon's Log Analytics workspace '${id}' does not exist: the cluster's next update, scale or upgrade will fail with ${CODE}.`,
        cause: SEED,
        remedy: {
          title: present ? "Reconcile the cluster" : "Re-create the workspace or disable the monitoring addon, then reconcile",
          text: "If the workspace was deleted by mistake, re-create it (the same name, group and location recovers a workspace deleted in the last 14 days); if it was deleted on purpose, disable the monitoring addon. Then reconcile the cluster.",
          commands,
        },
        evidence: [
          ["Workspace", id],
          ["Workspace state", present ? "exists" : deleted ? `deleted at ${isoTime(deleted.deletedAt)} (recoverable until ${isoTime(deleted.deletedAt + RECOVERY_MS)})` : "not found"],
          ["Monitoring addon", c.monitoringWorkspace !== undefined ? "enabled" : "disabled"],
          ...(failure ? operationEvidence(failure.op, failure.error) : []),
        ],
      };
      return [finding];
    },
  },
];
