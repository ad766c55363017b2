// Compute's share of a resource group delete: every scale set in the group goes with it.
import type { Step } from "../../engine/operations.js";
import type { GroupCascade } from "../provider.js";
import type { ComputeAction } from "./public.js";
import { NAMESPACE, type ScaleSetRecord } from "./domain/records.js";

export const deleteScaleSetsOfGroup: GroupCascade = ({ read, groupKey }) => {
  const steps: Step<ComputeAction>[] = read
    .group<ScaleSetRecord>("resources", groupKey)
    .filter((r) => r.kind === "virtualMachineScaleSet")
    .map((ss) => ({ name: `Deleting scale set ${ss.name}`, durationMs: 20_000, action: { type: "deleteScaleSet" }, provider: NAMESPACE, target: ss.id.toLowerCase() }));
  return { change: {}, steps };
};
