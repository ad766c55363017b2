// Microsoft.OperationalInsights in the activity log: its write requests named as ARM names them
// (providers/activity.ts): a workspace's PUT, PATCH and DELETE and the shared keys action.
import type { ActivityDescriber } from "../../engine/activity.js";
import { armRequestActivity } from "../activity.js";
import { NAMESPACE } from "./domain/workspaces.js";

// operationName.localizedValue: no EventData sample was found; these are the RBAC operation
// descriptions of the actions (resource-provider-operations, Microsoft.OperationalInsights) as remembered.
const DISPLAYS: Readonly<Record<string, string>> = {
  [`${NAMESPACE}/workspaces/write`]: "Create Workspace",
  [`${NAMESPACE}/workspaces/delete`]: "Delete Workspace",
  [`${NAMESPACE}/workspaces/sharedKeys/action`]: "List Workspace Shared Keys",
};

export const workspaceActivity: ActivityDescriber = (request) => armRequestActivity(request, { namespace: NAMESPACE, types: ["workspaces"], displays: DISPLAYS });
