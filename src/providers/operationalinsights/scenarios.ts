// Log Analytics' seed 002 scenario: the workspace a cluster's monitoring addon sends to is deleted
// (the "Unable to get log analytics workspace info" row of "Key Azure resources unavailable"),
// as a DELETE would: softly, so re-creating it with the same name recovers it.
import { badRequest, RECONCILE, type Scenario } from "../scenario.js";
import { deletedKey, softDeleted } from "./domain/workspaces.js";
import { getWorkspace } from "./repository.js";

const workspaceMissing: Scenario = {
  name: "log-analytics-workspace-missing",
  scope: "cluster",
  rank: 90,
  seed: { section: "Common causes", symptom: "\"Unable to get log analytics workspace info\" error", cause: "Key Azure resources unavailable" },
  sets: "the Log Analytics workspace of the cluster's monitoring addon (addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID) deleted",
  sees: { where: "the next cluster PUT (upgrade, scale, update, reconcile) fails at its first step; the cluster is Failed", code: "GetLogAnalyticsWorkspaceError" },
  remedy: [
    "re-create the workspace: az monitor log-analytics workspace create -g <workspace group> -n <workspace> -l <location>   (the same name recovers it)",
    "or disable the addon: az aks disable-addons -a monitoring -g <rg> -n <cluster>",
    `then ${RECONCILE}`,
  ],
  apply(read, t, now) {
    const cluster = t.cluster!;
    const id = cluster.monitoringWorkspace;
    if (id === undefined) return badRequest(`'log-analytics-workspace-missing' needs the monitoring addon: managed cluster '${cluster.name}' has no enabled addonProfiles.omsagent with a logAnalyticsWorkspaceResourceID (az aks enable-addons -a monitoring --workspace-resource-id <id>).`);
    const key = id.toLowerCase();
    const w = getWorkspace(read, key);
    const applied = { workspace: id, resourceId: cluster.id };
    // Already gone (deleted before, or never made): nothing to write.
    if (!w) return { applied };
    return { change: { resources: [[key, undefined]], meta: [[deletedKey(key), softDeleted(w, now)]] }, applied };
  },
};

export const OI_SCENARIOS: readonly Scenario[] = [workspaceMissing];
