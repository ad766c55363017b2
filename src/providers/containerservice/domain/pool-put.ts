// What an agent pool PUT means: create, stop/start (powerState), upgrade, scale or update.
import { isRefusal } from "../../../arm/catalog.js";
import { isObject, nonEmpty } from "../../../arm/json.js";
import { refuse, type AksRefusal } from "../errors.js";
import type { ClusterWorld } from "./apply-step.js";
import { admitPoolAction } from "./admission.js";
import { newOperation } from "./lifecycle.js";
import { poolSpecDefaults } from "./defaults.js";
import { nodeNetworkOf } from "./node-network-profile.js";
import { reconcileLoadBalancerStep } from "./node-network.js";
import { clusterDnsSpec, verifyDnsStep } from "./private-cluster.js";
import { createPoolSteps, nodeHostOf, poolPowerSteps, reconcilePoolSteps, upgradeAndScaleSteps } from "./plans.js";
import type { AksOperation, AksStep, ClusterRecord, Json, PoolRecord, PowerState, ProvisioningVerb } from "./records.js";
import { checkPoolSkew, checkVersionChange, isSystemPool, resolvePoolVersion, validateCount, validatePool, validatePoolName, withoutDefaultMarkers } from "./validation.js";
import { resolveVersion } from "./versions.js";

export type PoolPutInput = {
  /** The cluster and its pools as they are. */
  world: ClusterWorld & { cluster: ClusterRecord };
  clusterKey: string;
  poolName: string;
  poolId: string;
  body: Json;
  existing: PoolRecord | undefined;
  active: readonly AksOperation[];
  now: number;
  actorId: string;
  actorType: "Application" | "User";
  newId: () => string;
  vmssDigits: string;
};

export type PoolPutDecision = { created: boolean; world: ClusterWorld; pool: PoolRecord; operations: AksOperation[]; operation: AksOperation };


/** The verb a pool PUT will most likely carry, judged without validating anything. */
function provisionalVerb(existing: PoolRecord | undefined, properties: Json, power: string, version: string): ProvisioningVerb {
  if (!existing) return "Creating";
  if (power && power.toLowerCase() !== existing.powerState.toLowerCase()) return power.toLowerCase() === "stopped" ? "Stopping" : "Starting";
  if (resolveVersion(version) !== undefined && resolveVersion(version) !== existing.currentOrchestratorVersion) return "Upgrading";
  if (properties["count"] !== undefined && Number(properties["count"]) !== existing.nodes.filter((n) => !n.surge).length) return "Scaling";
  return "Updating";
}

export function decidePoolPut(input: PoolPutInput): PoolPutDecision | AksRefusal {
  const { existing, now } = input;
  const cluster = input.world.cluster;
  const siblings = [...input.world.pools.values()].filter((p): p is PoolRecord => p !== undefined);
  const badName = validatePoolName(input.poolName);
  if (badName) return badName;
  // Properties a PUT leaves out keep their current values (the spec's AgentPools_Stop/Start
  // examples send only powerState, and the pool keeps its count and settings).
  const given: Json = withoutDefaultMarkers(isObject(input.body["properties"]) ? input.body["properties"] : {});
  const merged: Json = existing ? { ...existing.spec, ...given } : given;
  const requestedPower = isObject(merged["powerState"]) ? (String(merged["powerState"]["code"] ?? "") as PowerState | "") : "";
  // Rest, not `delete` (which leaves the stored spec in V8's slower dictionary mode).
  const { powerState: _power, ...properties }: Json = merged;

  const requestedVersion = nonEmpty(properties["orchestratorVersion"]) ?? (existing ? String(existing.spec["orchestratorVersion"]) : String(cluster.spec["kubernetesVersion"]));
  // Conflicts are judged before the request's details: a pool PUT during a cluster upgrade is
  // "Another operation (Upgrading) is in progress", whatever its versions say.
  const refusal = admitPoolAction({ cluster, pool: existing, poolName: input.poolName, active: input.active, now }, { kind: "update", verb: provisionalVerb(existing, properties, requestedPower, requestedVersion) });
  if (refusal) return refusal;
  const version = resolvePoolVersion(requestedVersion);
  if (isRefusal(version)) return version;
  const versionRefusal = checkPoolSkew(version, cluster.currentKubernetesVersion) ?? (existing && version !== existing.currentOrchestratorVersion ? checkVersionChange(existing.currentOrchestratorVersion, version) : undefined);
  if (versionRefusal) return versionRefusal;

  const mode = nonEmpty(properties["mode"]) ?? (existing ? String(existing.spec["mode"]) : "User");
  const kubenet = isObject(cluster.spec["networkProfile"]) && String(cluster.spec["networkProfile"]["networkPlugin"]).toLowerCase() === "kubenet";
  const network = nodeNetworkOf(cluster.spec);
  const spec = poolSpecDefaults(properties, { mode, orchestratorVersion: requestedVersion, kubenet, classicCni: network.plugin === "azure" && !network.overlay });
  const poolRefusal = validatePool({ name: input.poolName, location: cluster.location, given, spec, ...(existing ? { stored: existing.spec } : {}) });
  if (poolRefusal) return poolRefusal;
  const count = validateCount(spec, "agentPoolProfile.count", { created: !existing });
  if (isRefusal(count)) return count;
  spec["count"] = count;
  if (existing && isSystemPool(existing.spec) && !isSystemPool(spec) && !siblings.some((p) => p.name !== existing.name && isSystemPool(p.spec))) {
    return refuse("systemPoolRequired");
  }

  let verb: ProvisioningVerb;
  let steps: AksStep[];
  let power: PowerState = existing?.powerState ?? "Running";
  const host = nodeHostOf(cluster);
  const base: PoolRecord = existing ?? {
    kind: "agentPool",
    id: input.poolId,
    clusterKey: input.clusterKey,
    name: input.poolName,
    spec,
    provisioningState: "Creating",
    powerState: "Running",
    currentOrchestratorVersion: version,
    eTag: "",
    nodes: [],
    nextInstanceId: 0,
    vmssDigits: input.vmssDigits,
    systemData: { createdBy: input.actorId, createdByType: input.actorType, createdAt: now, lastModifiedBy: input.actorId, lastModifiedByType: input.actorType, lastModifiedAt: now },
  };
  if (!existing) {
    verb = "Creating";
    steps = createPoolSteps(host, base, count, version);
  } else if (requestedPower && requestedPower.toLowerCase() !== existing.powerState.toLowerCase()) {
    power = requestedPower.toLowerCase() === "stopped" ? "Stopped" : "Running";
    verb = power === "Stopped" ? "Stopping" : "Starting";
    if (power === "Stopped" && isSystemPool(existing.spec) && !siblings.some((p) => p.name !== existing.name && isSystemPool(p.spec) && p.powerState === "Running")) {
      return refuse("invalidParameter", { message: "The value of parameter agentPoolProfile.powerState is invalid: the last running System mode agent pool cannot be stopped. Please see https://aka.ms/aks/nodepool/mode for more details.", target: "agentPoolProfile.powerState" });
    }
    // A power change runs alone: its plan only deallocates or starts the scale set, so a count or
    // version sent with it would be stored but never carried out.
    const changed = [...(version !== existing.currentOrchestratorVersion ? ["orchestratorVersion"] : []), ...(count !== Number(existing.spec["count"]) ? ["count"] : [])];
    if (changed.length > 0) return refuse("powerStateWithOtherChanges", { properties: changed });
    steps = poolPowerSteps(host, existing, power);
  } else {
    const upgrading = version !== existing.currentOrchestratorVersion;
    const live = existing.nodes.filter((n) => !n.surge).length;
    const scaling = count !== live && existing.powerState === "Running";
    // The request's upgradeSettings (maxSurge, drainTimeoutInMinutes) govern the upgrade it starts.
    steps = upgradeAndScaleSteps(host, { ...existing, spec }, { ...(upgrading ? { upgradeTo: version } : {}), ...(scaling ? { scaleTo: count } : {}), version });
    verb = upgrading ? "Upgrading" : scaling ? "Scaling" : "Updating";
    // A scale or upgrade changes the `kubernetes` load balancer's backend: AKS reconciles it first.
    if (upgrading || scaling) steps = [reconcileLoadBalancerStep(host, siblings), ...steps];
    if (steps.length === 0) steps = reconcilePoolSteps(host, existing);
  }

  const pool: PoolRecord = {
    ...base,
    clusterKey: input.clusterKey,
    spec,
    provisioningState: verb,
    // powerState is the goal state: Stopped as soon as a stop is accepted (AgentPools_Stop example).
    powerState: power,
    eTag: existing?.eTag ?? "",
    systemData: { ...base.systemData, lastModifiedBy: input.actorId, lastModifiedByType: input.actorType, lastModifiedAt: now },
  };
  // A private cluster's new or replaced nodes resolve the API server through its private DNS zone: AKS reads it first.
  const dns = clusterDnsSpec(cluster, host, siblings);
  if (dns && steps.length > 0 && !(verb === "Stopping" || verb === "Starting")) steps = [verifyDnsStep(dns), ...steps];
  const operation = newOperation({ id: input.newId(), cluster, clusterKey: input.clusterKey, type: "PutAgentPool", verb, steps, now, poolName: pool.name, result: "resource" });
  const pools = new Map(input.world.pools);
  pools.set(pool.name.toLowerCase(), pool);
  return { created: !existing, world: { ...input.world, pools }, pool, operations: [operation], operation };
}
