// AKS's share of a resource group delete: every cluster in the group is deleted with it.
import type { Change } from "../../engine/step-runner.js";
import type { Step } from "../../engine/operations.js";
import type { GroupCascade } from "../provider.js";
import { decideDeleteWithGroup } from "./domain/actions.js";
import type { AksOperation, ClusterRecord } from "./domain/records.js";
import { loadWorld, worldChange } from "./repository.js";

export const deleteClustersOfGroup: GroupCascade = ({ read, groupKey, operationId, now, active }) => {
  const resources: NonNullable<Change["resources"]>[number][] = [];
  const operations: AksOperation[] = [];
  const steps: Step[] = [];
  for (const cluster of read.group<ClusterRecord>("resources", groupKey).filter((r) => r.kind === "managedCluster")) {
    const key = cluster.id.toLowerCase();
    const before = loadWorld(read, key);
    const decision = decideDeleteWithGroup({ key, world: { ...before, cluster }, active: active(key) as AksOperation[], operationId, now });
    resources.push(...worldChange(key, before, decision.world));
    operations.push(...decision.operations);
    steps.push(...decision.steps);
  }
  return { change: { resources, operations }, steps };
};
