// Compute's share of a resource group delete: every scale set and availability set (with its VMs)
// in the group goes with it, and every capacity reservation gives back what it holds (a step
// each, so the location's running total moves with them); capacity reservation groups go at once.
import type { Step } from "../../engine/operations.js";
import type { GroupCascade } from "../provider.js";
import type { ComputeAction } from "./public.js";
import { NAMESPACE } from "./domain/records.js";
import type { ReservationAction } from "./domain/reservations.js";

type Doc = { kind?: string; id: string; name: string };

export const deleteScaleSetsOfGroup: GroupCascade = ({ read, groupKey }) => {
  const docs = read.group<Doc>("resources", groupKey);
  const fleets: Step<ComputeAction>[] = docs
    .filter((r) => r.kind === "virtualMachineScaleSet" || r.kind === "availabilitySet")
    .map((f) => ({ name: `Deleting ${f.kind === "availabilitySet" ? "availability set" : "scale set"} ${f.name}`, durationMs: 20_000, action: { type: "deleteScaleSet" }, provider: NAMESPACE, target: f.id.toLowerCase() }));
  const groups = docs.filter((r) => r.kind === "capacityReservationGroup");
  const reservations: Step<ReservationAction>[] = groups
    .flatMap((g) => read.group<Doc>("resources", g.id.toLowerCase()).filter((r) => r.kind === "capacityReservation"))
    .map((r) => ({ name: `Releasing capacity reservation ${r.name}`, durationMs: 10_000, action: { type: "releaseReservation" }, provider: NAMESPACE, target: r.id.toLowerCase() }));
  return { change: groups.length > 0 ? { resources: groups.map((g) => [g.id.toLowerCase(), undefined] as [string, undefined]) } : {}, steps: [...fleets, ...reservations] };
};
