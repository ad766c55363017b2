// Compute's share of a resource group delete: every scale set in the group goes with it (a step
// each); capacity reservation groups and their reservations go at once.
import type { Step } from "../../engine/operations.js";
import type { GroupCascade } from "../provider.js";
import type { ComputeAction } from "./public.js";
import { NAMESPACE, type ScaleSetRecord } from "./domain/records.js";

export const deleteScaleSetsOfGroup: GroupCascade = ({ read, groupKey }) => {
  const steps: Step<ComputeAction>[] = read
    .group<ScaleSetRecord>("resources", groupKey)
    .filter((r) => r.kind === "virtualMachineScaleSet")
    .map((ss) => ({ name: `Deleting scale set ${ss.name}`, durationMs: 20_000, action: { type: "deleteScaleSet" }, provider: NAMESPACE, target: ss.id.toLowerCase() }));
  const groups = read.group<{ kind?: string; id: string }>("resources", groupKey).filter((r) => r.kind === "capacityReservationGroup");
  const gone = groups.flatMap((g) => [...read.group<{ kind?: string; id: string }>("resources", g.id.toLowerCase()).filter((r) => r.kind === "capacityReservation"), g]);
  return { change: gone.length > 0 ? { resources: gone.map((r) => [r.id.toLowerCase(), undefined] as [string, undefined]) } : {}, steps };
};
