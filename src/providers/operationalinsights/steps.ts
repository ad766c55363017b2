// The engine's way into Microsoft.OperationalInsights: the step another provider's plan hands it
// (AKS's monitoring addon reads the workspace's shared keys). A workspace that is gone fails the
// step with the 404 its GET answers, worded by the operation's owner (Provider.stepFailure).
import { apiError } from "../../arm/error-catalog.js";
import { groupKey } from "../../arm/ids.js";
import type { OperationError } from "../../engine/operations.js";
import type { StepRunner } from "../../engine/step-runner.js";
import type { Reader } from "../../store/store.js";
import type { Provider } from "../provider.js";
import { parseWorkspaceId, WORKSPACES } from "./domain/workspaces.js";
import type { WorkspaceAction } from "./public.js";
import { getWorkspace } from "./repository.js";

/** What GET answers for a workspace that is not there: its group missing, or the workspace. */
function missing(read: Reader, id: string): OperationError {
  const parts = parseWorkspaceId(id);
  const e = !parts
    ? apiError("routeNotFound", { path: id })
    : !read.get("resources", groupKey(parts.subscriptionId, parts.resourceGroup))
      ? apiError("resourceGroupNotFound", { resourceGroup: parts.resourceGroup })
      : apiError("resourceNotFound", { type: WORKSPACES, name: parts.name, resourceGroup: parts.resourceGroup });
  return { code: e.code, message: e.message };
}

/** `providers` is the provider list, read when a step fails (the list holds this runner too). */
export function workspaceSteps(providers: () => readonly Provider[]): StepRunner {
  return {
    apply(step, { read, op }) {
      const action = step.action as WorkspaceAction;
      const key = step.target ?? "";
      if (action.type !== "getSharedKeys" || getWorkspace(read, key)) return { change: {} };
      const error = missing(read, key);
      const owner = providers().find((p) => p.namespace.toLowerCase() === op.provider.toLowerCase());
      return { error: owner?.stepFailure ? owner.stepFailure({ step, error, op }) : error };
    },
    // Log Analytics keeps nothing about the operations that read its workspaces.
    settle: () => ({}),
  };
}
