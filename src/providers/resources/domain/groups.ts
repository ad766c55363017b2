// Resource group rules, pure: what a PUT makes of a group, and what its delete starts.
import { refusalsOf, type Refusal } from "../../../arm/catalog.js";
import type { Json } from "../../../arm/json.js";
import { checkTags } from "../../../arm/tags.js";
import type { OperationRecord, Step } from "../../../engine/operations.js";
import { RESOURCES_ERRORS } from "../errors.js";
import type { ResourceGroupRecord } from "../public.js";

export const NAMESPACE = "Microsoft.Resources";

export type ResourcesRefusal = Refusal<typeof RESOURCES_ERRORS>;
const refuse = refusalsOf<typeof RESOURCES_ERRORS>();

// ARM validates group names with .NET's `^[-\w._()]+$`, 1-90 characters, no trailing period;
// .NET's \w is Unicode: letters, combining marks, decimal digits and connector punctuation.
const GROUP_NAME = /^[-\p{L}\p{Mn}\p{Nd}\p{Pc}.()]{1,90}$/u;

export function validateGroupName(name: string): ResourcesRefusal | undefined {
  return GROUP_NAME.test(name) && !name.endsWith(".") ? undefined : refuse("invalidResourceGroupName", { name });
}

/**
 * A group PUT with a known `location` (normalized): a group cannot move, and its tags keep ARM's
 * limits (arm/tags.ts). The group keeps its id and name casing from its creation.
 */
export function decideGroupPut(input: { sub: string; name: string; location: string; tags: Record<string, string> | undefined; managedBy: unknown; existing: ResourceGroupRecord | undefined }): ResourceGroupRecord | ResourcesRefusal {
  const { sub, name, existing, location } = input;
  const badTags = checkTags(input.tags);
  if (badTags) return badTags;
  if (existing && existing.location !== location) return refuse("invalidResourceGroupLocation", { resourceGroup: existing.name, existing: existing.location, requested: location });
  return {
    kind: "resourceGroup",
    id: existing?.id ?? `/subscriptions/${sub}/resourceGroups/${name}`,
    subscriptionId: sub,
    name: existing?.name ?? name,
    location,
    ...(input.tags ? { tags: input.tags } : {}),
    ...(typeof input.managedBy === "string" ? { managedBy: input.managedBy } : {}),
    provisioningState: "Succeeded",
  };
}

export const isTagMap = (v: unknown): v is Record<string, string> => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v as Json).every((x) => typeof x === "string");

/** A group another provider creates for its own resources (AKS's node resource group), managed by them. */
export type ManagedGroupSpec = { id: string; location: string; managedBy: string; tags?: Record<string, string> };

/**
 * Steps Microsoft.Resources runs: delete a group (the last step of its own delete; in another
 * provider's plan, only while `managedBy` still names that provider's resource), or create a
 * managed group (left as it is when it exists already).
 */
export type GroupAction = { type: "deleteResourceGroup"; managedBy?: string } | { type: "createResourceGroup"; group: ManagedGroupSpec };

/** The record of a managed group, from its ARM id. */
export function managedGroup(spec: ManagedGroupSpec): ResourceGroupRecord {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(spec.id);
  if (!m) throw new Error(`not a resource group id: ${spec.id}`);
  return {
    kind: "resourceGroup",
    id: spec.id,
    subscriptionId: m[1]!,
    name: m[2]!,
    location: spec.location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    managedBy: spec.managedBy,
    provisioningState: "Succeeded",
  };
}

/** The group's delete: the other providers' steps for what it holds, then the group itself. */
export function groupDeleteOperation(input: { group: ResourceGroupRecord; key: string; id: string; now: number; steps: readonly Step[] }): OperationRecord {
  const { group, now } = input;
  const last: Step<GroupAction> = { name: `Deleting resource group ${group.name}`, durationMs: 5000, action: { type: "deleteResourceGroup" } };
  return {
    id: input.id,
    provider: NAMESPACE,
    parent: input.key,
    resourceId: group.id,
    subscriptionId: group.subscriptionId,
    location: group.location,
    operationType: "DeleteResourceGroup",
    verb: "Deleting",
    status: "InProgress",
    startTime: now,
    steps: [...input.steps, last],
    stepIndex: 0,
    stepStartedAt: now,
    result: "noContent",
  };
}
