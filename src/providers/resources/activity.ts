// Microsoft.Resources in the activity log: resource group writes and deletes, and provider
// registration (POST {S}/providers/{namespace}/register|unregister, named `{namespace}/register/action`
// as ARM's RBAC names it; ARM answers it at once, so it logs Started and Succeeded only).
import type { ActivityDescriber } from "../../engine/activity.js";
import { NAMESPACE } from "./domain/groups.js";

// No real EventData sample for these: "Update resource group" and "Delete resource group" are the
// portal's activity log names as remembered, the registration texts the RBAC descriptions' form.
const GROUP_DISPLAYS = { write: "Update resource group", delete: "Delete resource group" } as const;

export const resourcesActivity: ActivityDescriber = ({ method, path }) => {
  const seg = path.split("/").filter(Boolean);
  if (seg[0]?.toLowerCase() !== "subscriptions" || seg.length < 4) return undefined;
  const sub = seg[1]!;
  if (seg.length === 4 && seg[2]!.toLowerCase() === "resourcegroups" && (method === "PUT" || method === "PATCH" || method === "DELETE")) {
    const verb = method === "DELETE" ? "delete" : "write";
    return {
      subscriptionId: sub,
      operation: `${NAMESPACE}/subscriptions/resourceGroups/${verb}`,
      operationDisplay: GROUP_DISPLAYS[verb],
      resourceId: `/${seg.join("/")}`,
      resourceType: `${NAMESPACE}/subscriptions/resourceGroups`,
      resourceProvider: NAMESPACE,
    };
  }
  if (seg.length === 5 && seg[2]!.toLowerCase() === "providers" && method === "POST" && /^(?:register|unregister)$/i.test(seg[4]!)) {
    const namespace = seg[3]!;
    const action = seg[4]!.toLowerCase();
    return {
      subscriptionId: sub,
      operation: `${namespace}/${action}/action`,
      operationDisplay: `${action === "register" ? "Registers" : "Unregisters"} the subscription for the ${namespace} resource provider`,
      resourceId: `/subscriptions/${sub}/providers/${namespace}`,
      resourceType: namespace,
      resourceProvider: namespace,
      synchronous: true,
    };
  }
  return undefined;
};
