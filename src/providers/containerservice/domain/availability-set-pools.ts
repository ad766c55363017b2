// AKS's rules for `AvailabilitySet` pools (az's --vm-set-type AvailabilitySet) and for a pool's
// capacity reservation group, pure. An availability set pool is a cluster's only pool and is
// managed through the managed cluster (its agent pool API answers AgentPoolAPIsNotSupported); it
// has at least one node and none of what only a scale set offers: availability zones (the REST
// spec: "This can only be specified if the AgentPoolType property is 'VirtualMachineScaleSets'"),
// Spot, the cluster autoscaler, a capacity reservation group (Compute reserves capacity for scale
// sets and VMs outside availability sets).
import { refuse, type AksRefusal } from "../errors.js";
import { isAvailabilitySetPool } from "./node-resources.js";
import type { Json } from "./records.js";

/** Properties an availability set pool cannot use, each with the value that turns it on. */
const SCALE_SET_ONLY: readonly [string, (v: unknown) => boolean][] = [
  ["availabilityZones", (v) => Array.isArray(v) && v.length > 0],
  ["scaleSetPriority", (v) => String(v ?? "Regular").toLowerCase() === "spot"],
  ["enableAutoScaling", (v) => v === true],
  ["capacityReservationGroupID", (v) => typeof v === "string" && v !== ""],
];

/** What an availability set pool's spec may not hold (the generic InvalidParameter form, target the property). */
export function checkAvailabilitySetPool(spec: Json): AksRefusal | undefined {
  if (!isAvailabilitySetPool({ spec })) return undefined;
  const bad = SCALE_SET_ONLY.find(([p, on]) => on(spec[p]));
  return bad ? refuse("invalidParameterValue", { target: `agentPoolProfile.${bad[0]}` }) : undefined;
}

/** A cluster with an availability set pool has that pool only. */
export function checkAvailabilitySetCluster(profiles: readonly Json[]): AksRefusal | undefined {
  return profiles.length > 1 && profiles.some((spec) => isAvailabilitySetPool({ spec })) ? refuse("availabilitySetSinglePool", { target: "properties.agentPoolProfiles" }) : undefined;
}

/** The agent pool API works only on clusters whose pools are all scale sets (and adds none that is not). */
export function checkAgentPoolApi(pools: readonly { spec: Json }[], requested?: Json): AksRefusal | undefined {
  const vmas = pools.some((p) => isAvailabilitySetPool(p)) || (requested !== undefined && isAvailabilitySetPool({ spec: requested }));
  return vmas ? refuse("agentPoolApisNotSupported") : undefined;
}

const CRG_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/capacityReservationGroups\/[^/]+$/i;

/**
 * A pool's capacityReservationGroupID, when a request names one: an id of a capacity reservation
 * group that exists (`found`: what the lookup saw at that id) in the cluster's region.
 */
export function checkCapacityReservationGroup(input: { id: unknown; target: string; clusterLocation: string; found: { location: string } | undefined }): AksRefusal | undefined {
  const { id, target } = input;
  if (id === undefined || id === null || id === "") return undefined;
  if (typeof id !== "string" || !CRG_ID.test(id)) return refuse("invalidParameterValue", { target });
  if (!input.found) return refuse("capacityReservationGroupNotFound", { id, target });
  const norm = (l: string) => l.toLowerCase().replace(/\s+/g, "");
  if (norm(input.found.location) !== norm(input.clusterLocation)) return refuse("capacityReservationGroupLocation", { id, location: input.found.location, clusterLocation: input.clusterLocation, target });
  return undefined;
}
