// Microsoft.ContainerService in the activity log: its write requests named as ARM names them
// (operationName from the request's URL, providers/activity.ts) with AKS's display names. The
// engine writes the events (Started, Accepted, then the operation's Succeeded/Failed/Canceled).
import type { ActivityDescriber } from "../../engine/activity.js";
import { armRequestActivity } from "../activity.js";
import { NAMESPACE } from "./domain/keys.js";

const MC = `${NAMESPACE}/managedClusters`;

// operationName.localizedValue. "Create or Update Managed Cluster" and "Delete Managed Cluster":
// the AKS monitoring reference's activity log table (MicrosoftDocs, monitor-aks-reference.md);
// "Create or update agent pool": its alert table. The others follow that pattern (no real sample);
// the abort and certificate rotation texts are the RBAC descriptions of those actions.
const DISPLAYS: Readonly<Record<string, string>> = {
  [`${MC}/write`]: "Create or Update Managed Cluster",
  [`${MC}/delete`]: "Delete Managed Cluster",
  [`${MC}/start/action`]: "Start Managed Cluster",
  [`${MC}/stop/action`]: "Stop Managed Cluster",
  [`${MC}/abort/action`]: "Latest ongoing operation on managed cluster gets aborted",
  [`${MC}/rotateClusterCertificates/action`]: "Rotate certificates of a managed cluster",
  [`${MC}/agentPools/write`]: "Create or Update Agent Pool",
  [`${MC}/agentPools/delete`]: "Delete Agent Pool",
  [`${MC}/agentPools/abort/action`]: "Latest ongoing operation on agent pool gets aborted",
  [`${MC}/agentPools/deleteMachines/action`]: "Delete specific machines in an agent pool",
  [`${MC}/agentPools/completeUpgrade/action`]: "Complete the upgrade of an agent pool",
};

const TYPES = ["managedClusters", "managedClusters/agentPools", "managedClusters/agentPools/machines"];

export const aksActivity: ActivityDescriber = (request) => armRequestActivity(request, { namespace: NAMESPACE, types: TYPES, displays: DISPLAYS });
