// Data directories written before providers were modules (aksemu 0.1, format 1) stored operations
// with AKS's own fields (clusterKey, clusterId, groupKey; steps with clusterKey). They are
// rewritten once, at start, into the provider-neutral shape, so an upgrade loses no history and
// running operations resume.
import type { OperationRecord, Step } from "../engine/operations.js";

const AKS = "Microsoft.ContainerService";
const RESOURCES = "Microsoft.Resources";

type V1Step = { name: string; durationMs: number; action: { type: string; clusterKey?: string; groupKey?: string }; clusterKey?: string };
type V1Operation = Omit<OperationRecord, "provider" | "parent" | "resourceId" | "steps"> & { clusterKey?: string; clusterId?: string; groupKey?: string; steps: V1Step[] };

export const isV1Operation = (doc: unknown): doc is V1Operation => typeof doc === "object" && doc !== null && !("parent" in doc) && ("clusterKey" in doc || "groupKey" in doc);

function upgradeStep(st: V1Step): Step {
  const { clusterKey, action, ...rest } = st;
  if (action.type === "deleteResourceGroup") return { ...rest, action: { type: "deleteResourceGroup" }, provider: RESOURCES, ...(action.groupKey ? { target: action.groupKey } : {}) };
  const upgraded = action.type === "deleteCluster" ? { type: "deleteCluster" } : action;
  return { ...rest, action: upgraded, ...(clusterKey ? { provider: AKS, target: clusterKey } : {}) };
}

export function upgradeV1Operation(v1: V1Operation): OperationRecord {
  const { clusterKey, clusterId, groupKey, steps, ...rest } = v1;
  const group = clusterKey === undefined;
  return {
    ...rest,
    provider: group ? RESOURCES : AKS,
    parent: (clusterKey ?? groupKey)!,
    resourceId: clusterId ?? groupKey!,
    steps: steps.map(upgradeStep),
  };
}
