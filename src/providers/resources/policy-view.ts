// How ARM's policy engine sees a resource group (Provider.policyView): its wire form with the type
// policy rules name it by, Microsoft.Resources/subscriptions/resourceGroups. Another provider's
// step that creates a group (AKS's node resource group) is a PUT; one that deletes it is not judged.
import type { Step } from "../../engine/operations.js";
import type { PolicyView } from "../provider.js";
import type { GroupAction } from "./domain/groups.js";
import type { ResourceGroupRecord } from "./public.js";

export function groupPolicyView(_key: string, doc: object, step?: Step): PolicyView | undefined {
  const g = doc as Partial<ResourceGroupRecord>;
  if (g.kind !== "resourceGroup" || typeof g.id !== "string") return undefined;
  if (step && (step.action as GroupAction).type !== "createResourceGroup") return undefined;
  return {
    id: g.id,
    type: "Microsoft.Resources/subscriptions/resourceGroups",
    name: g.name ?? g.id.split("/").pop()!,
    location: g.location!,
    ...(g.tags ? { tags: g.tags } : {}),
    ...(g.managedBy ? { managedBy: g.managedBy } : {}),
    properties: { provisioningState: g.provisioningState ?? "Succeeded" },
  };
}
