// Microsoft.Authorization in the activity log: its writes are extension resources at any scope
// (`{scope}/providers/Microsoft.Authorization/{type}/{name}`), so they are named from the last
// Microsoft.Authorization segment of the path, not from the path's start as providers/activity.ts
// does: `Microsoft.Authorization/roleAssignments/write`, `.../locks/delete`. The engine writes the
// events: Started and Succeeded (answered at once, nothing runs), or Started and Failed when ARM
// refused the write. Tenant-level paths (built-in definitions) are reads only.
import type { ActivityDescriber } from "../../engine/activity.js";

const NAMESPACE = "Microsoft.Authorization";

const TYPES = ["roleAssignments", "roleDefinitions", "locks", "policyDefinitions", "policyAssignments", "policyExemptions"] as const;

// operationName.localizedValue: no EventData sample of these was found; the texts are the
// operations API's display names (Microsoft.Authorization's operation list) as remembered: modelled.
const DISPLAYS: Readonly<Record<string, string>> = {
  [`${NAMESPACE}/roleAssignments/write`]: "Create role assignment",
  [`${NAMESPACE}/roleAssignments/delete`]: "Delete role assignment",
  [`${NAMESPACE}/roleDefinitions/write`]: "Create or update custom role definition",
  [`${NAMESPACE}/roleDefinitions/delete`]: "Delete custom role definition",
  [`${NAMESPACE}/locks/write`]: "Add management locks",
  [`${NAMESPACE}/locks/delete`]: "Delete management locks",
  [`${NAMESPACE}/policyDefinitions/write`]: "Create policy definition",
  [`${NAMESPACE}/policyDefinitions/delete`]: "Delete policy definition",
  [`${NAMESPACE}/policyAssignments/write`]: "Create policy assignment",
  [`${NAMESPACE}/policyAssignments/delete`]: "Delete policy assignment",
  [`${NAMESPACE}/policyExemptions/write`]: "Create policy exemption",
  [`${NAMESPACE}/policyExemptions/delete`]: "Delete policy exemption",
};

const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export const authorizationActivity: ActivityDescriber = (request) => {
  const verb = request.method === "DELETE" ? "delete" : request.method === "PUT" || request.method === "PATCH" ? "write" : undefined;
  if (verb === undefined) return undefined;
  // The SDKs build `/{scope}/providers/...` from a scope that starts with "/": "//" is one separator.
  const seg = request.path.split("/").filter(Boolean).map(decoded);
  if (seg.length < 6 || seg[0]!.toLowerCase() !== "subscriptions") return undefined;
  const at = seg.length - 4;
  if (seg[at]!.toLowerCase() !== "providers" || seg[at + 1]!.toLowerCase() !== NAMESPACE.toLowerCase()) return undefined;
  const type = TYPES.find((t) => t.toLowerCase() === seg[at + 2]!.toLowerCase());
  if (type === undefined) return undefined;
  const resourceType = `${NAMESPACE}/${type}`;
  const operation = `${resourceType}/${verb}`;
  return {
    subscriptionId: seg[1]!,
    operation,
    operationDisplay: DISPLAYS[operation] ?? operation,
    resourceId: `/${seg.join("/")}`,
    resourceType,
    resourceProvider: NAMESPACE,
  };
};
