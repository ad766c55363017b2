// What a managed cluster PUT means: create, upgrade, scale, update or reconcile; and the plan.
import { isRefusal } from "../../../arm/catalog.js";
import { isObject, nonEmpty } from "../../../arm/json.js";
import { refuse, type AksRefusal } from "../errors.js";
import type { ClusterWorld } from "./apply-step.js";
import { admitClusterAction } from "./admission.js";
import { checkAvailabilitySetCluster } from "./availability-set-pools.js";
import { newOperation } from "./lifecycle.js";
import { workspaceKeysSteps } from "./monitoring.js";
import { reconcileLoadBalancerStep } from "./node-network.js";
import { clusterDnsSpec, validatePrivateCluster, withDnsAfterNetwork, withPrivateDefaults } from "./private-cluster.js";
import { clusterSpecDefaults, poolSpecDefaults } from "./defaults.js";
import {
  controlPlaneUpgradeSteps,
  createClusterPlan,
  createPoolSteps,
  ensureNodeGroupSteps,
  reconcileControlPlaneSteps,
  nodeHostOf,
  reconcilePoolSteps,
  upgradeAndScaleSteps,
  vmssDigits,
} from "./plans.js";
import type { AksOperation, AksStep, ClusterRecord, Json, PoolRecord, ProvisioningVerb, SystemData } from "./records.js";
import {
  checkPoolSkew,
  checkVersionChange,
  isSystemPool,
  POOL_FIXED_PROPERTIES,
  resolveClusterVersion,
  resolvePoolVersion,
  validateClusterFields,
  validateCount,
  validatePool,
  validatePoolName,
  withoutDefaultMarkers,
} from "./validation.js";
import { DEFAULT_VERSION, resolveVersion } from "./versions.js";

/** What an existing pool keeps when a cluster PUT's profile omits it. */
const KEPT_WHEN_OMITTED: readonly string[] = [...POOL_FIXED_PROPERTIES, "osSKU", "enableFIPS"];

export type ClusterIds = { subscriptionId: string; resourceGroup: string; name: string; id: string; key: string };

export type ClusterPutInput = {
  ids: ClusterIds;
  location: string;
  /** Sanitized body: location, properties, tags, sku, identity, kind, extendedLocation. */
  body: Json;
  existing: ClusterRecord | undefined;
  pools: readonly PoolRecord[];
  active: readonly AksOperation[];
  now: number;
  actor: { id: string; type: "Application" | "User"; tenantId: string };
  newId: () => string;
};

/** The cluster and pools as the PUT leaves them (pools keyed by lower-case name), and its operation. */
export type ClusterPutDecision = { created: boolean; world: ClusterWorld & { cluster: ClusterRecord }; operations: AksOperation[]; operation: AksOperation };

const ENVELOPE_KEYS = ["tags", "sku", "identity", "kind", "extendedLocation"] as const;

function envelopeOf(body: Json, tenantId: string, newId: () => string, previous?: Json): Json {
  const env: Json = {};
  for (const k of ENVELOPE_KEYS) if (body[k] !== undefined) env[k] = body[k];
  const sku: Json = { name: "Base", tier: "Free", ...(isObject(env["sku"]) ? env["sku"] : {}) };
  // "Paid" is the pre-2023-02-01 name of the Standard tier (az 2.45's --uptime-sla sends it).
  if (typeof sku["tier"] === "string" && sku["tier"].toLowerCase() === "paid") sku["tier"] = "Standard";
  env["sku"] = sku;
  // Without a service principal AKS gives the cluster a system-assigned identity.
  const identity = isObject(env["identity"]) ? env["identity"] : { type: "SystemAssigned" };
  const prevIdentity = isObject(previous?.["identity"]) ? previous["identity"] : {};
  if (String(identity["type"]).toLowerCase() === "systemassigned") {
    env["identity"] = { ...identity, principalId: prevIdentity["principalId"] ?? newId(), tenantId };
  } else env["identity"] = identity;
  return env;
}

function systemData(actor: ClusterPutInput["actor"], now: number, previous?: SystemData): SystemData {
  return {
    createdBy: previous?.createdBy ?? actor.id,
    createdByType: previous?.createdByType ?? actor.type,
    createdAt: previous?.createdAt ?? now,
    lastModifiedBy: actor.id,
    lastModifiedByType: actor.type,
    lastModifiedAt: now,
  };
}

/** The verb a cluster PUT will most likely carry, judged without validating anything. */
function provisionalVerb(existing: ClusterRecord, pools: readonly PoolRecord[], spec: Json, profiles: readonly Json[]): ProvisioningVerb {
  const requested = nonEmpty(spec["kubernetesVersion"]);
  if (requested !== undefined && resolveVersion(requested) !== undefined && resolveVersion(requested) !== existing.currentKubernetesVersion) return "Upgrading";
  const byName = new Map(pools.map((p) => [p.name.toLowerCase(), p]));
  const scaling = profiles.some((p) => {
    const pool = byName.get(String(p["name"]).toLowerCase());
    return pool !== undefined && p["count"] !== undefined && Number(p["count"]) !== pool.nodes.filter((n) => !n.surge).length;
  });
  return scaling ? "Scaling" : "Updating";
}

export function decideClusterPut(input: ClusterPutInput): ClusterPutDecision | AksRefusal {
  const { ids, body, existing, now, newId } = input;
  const properties = isObject(body["properties"]) ? body["properties"] : {};
  const profiles = Array.isArray(properties["agentPoolProfiles"]) ? (properties["agentPoolProfiles"] as Json[]) : [];
  // Rest, not `delete`: a deleted property leaves V8's object in dictionary mode, slower to read,
  // copy and serialise for as long as the stored spec lives.
  const { agentPoolProfiles: _profiles, ...spec }: Json = properties;

  // Conflicts are judged before the request's details (see provisionalVerb).
  if (existing) {
    const refusal = admitClusterAction({ cluster: existing, active: input.active, now }, { kind: "update", verb: provisionalVerb(existing, input.pools, spec, profiles) });
    if (refusal) return refusal;
  }
  // --- the cluster's own fields: formats, and what a PUT may not change ---
  const fieldRefusal = validateClusterFields(spec, existing?.spec) ?? validatePrivateCluster(spec, input.location, existing?.spec);
  if (fieldRefusal) return fieldRefusal;

  // --- versions ---
  const requestedVersion = nonEmpty(spec["kubernetesVersion"]) ?? (existing ? String(existing.spec["kubernetesVersion"]) : DEFAULT_VERSION);
  const targetVersion = resolveClusterVersion(requestedVersion, ids.name);
  if (isRefusal(targetVersion)) return targetVersion;
  spec["kubernetesVersion"] = requestedVersion;
  const versionRefusal = existing && checkVersionChange(existing.currentKubernetesVersion, targetVersion);
  if (versionRefusal) return versionRefusal;
  const upgradingControlPlane = existing !== undefined && targetVersion !== existing.currentKubernetesVersion;

  // --- agent pool profiles ---
  if (!existing && profiles.length === 0) return refuse("systemPoolRequired");
  const seen = new Set<string>();
  for (const [i, profile] of profiles.entries()) {
    const name = String(profile["name"] ?? "");
    const badName = validatePoolName(name);
    if (badName) return badName;
    if (seen.has(name.toLowerCase())) return refuse("invalidParameter", { message: `The value of parameter properties.agentPoolProfiles[${i}].name is invalid: agent pool name '${name}' is used more than once.`, target: `properties.agentPoolProfiles[${i}].name` });
    seen.add(name.toLowerCase());
  }
  const existingByName = new Map(input.pools.map((p) => [p.name.toLowerCase(), p]));
  // An AvailabilitySet pool is its cluster's only pool (the pools the PUT names and those it keeps).
  const named = new Set(profiles.map((p) => String(p["name"]).toLowerCase()));
  const poolTypes = [...profiles.map((p) => ({ type: existingByName.get(String(p["name"]).toLowerCase())?.spec["type"], ...p })), ...input.pools.filter((p) => !named.has(p.name.toLowerCase())).map((p) => p.spec)];
  const vmasRefusal = checkAvailabilitySetCluster(poolTypes);
  if (vmasRefusal) return vmasRefusal;
  // AKS: "all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all
  // specified, they must be stay unchanged or the same with control plane."
  const specified = profiles.filter((p) => nonEmpty(p["orchestratorVersion"]) !== undefined);
  if (existing && specified.length > 0) {
    const consistent =
      specified.length === profiles.length &&
      specified.every((p) => {
        const prev = existingByName.get(String(p["name"]).toLowerCase());
        const v = nonEmpty(p["orchestratorVersion"])!;
        return !prev || v === String(prev.spec["orchestratorVersion"]) || v === prev.currentOrchestratorVersion || v === requestedVersion || v === targetVersion;
      });
    if (!consistent) return refuse("notAllAgentPoolOrchestratorVersions");
  }
  const anySystem = profiles.some((p) => isSystemPool(p));
  // A private cluster stays one when a PUT leaves apiServerAccessProfile out (it is fixed at creation).
  const keptAccess = existing && spec["apiServerAccessProfile"] === undefined && existing.spec["apiServerAccessProfile"] !== undefined ? { apiServerAccessProfile: existing.spec["apiServerAccessProfile"] } : {};
  const clusterSpec = withPrivateDefaults({ ...clusterSpecDefaults(spec, { ...ids, location: input.location }, existing?.spec), ...keptAccess });
  const network = isObject(clusterSpec["networkProfile"]) ? clusterSpec["networkProfile"] : {};
  const kubenet = String(network["networkPlugin"]).toLowerCase() === "kubenet";
  // Where the nodes live (the node resource group is fixed at creation: clusterSpecDefaults).
  const host = nodeHostOf({ subscriptionId: ids.subscriptionId, resourceGroup: existing?.resourceGroup ?? ids.resourceGroup, name: existing?.name ?? ids.name, id: existing?.id ?? ids.id, location: input.location, spec: clusterSpec, ...(existing ? { uid: existing.uid } : {}) });

  const pools: PoolRecord[] = [];
  const poolSteps: AksStep[] = [];
  const touched: string[] = [];
  let scaling = false;
  let poolUpgrade = false;
  const clusterKey = ids.key;
  for (const [i, profile] of profiles.entries()) {
    const name = String(profile["name"]);
    const prev = existingByName.get(name.toLowerCase());
    const mode = nonEmpty(profile["mode"]) ?? (prev ? String(prev.spec["mode"]) : !anySystem && i === 0 ? "System" : "User");
    const requestedPoolVersion = nonEmpty(profile["orchestratorVersion"]) ?? (prev && !upgradingControlPlane ? String(prev.spec["orchestratorVersion"]) : requestedVersion);
    const poolVersion = nonEmpty(profile["orchestratorVersion"]) !== undefined ? resolvePoolVersion(requestedPoolVersion) : resolveClusterVersion(requestedPoolVersion, ids.name);
    if (isRefusal(poolVersion)) return poolVersion;
    // A profile that leaves out a property fixed at creation, or one whose default would re-image
    // the nodes, keeps the pool's value (AKS keeps a stored value the request omits).
    const given = withoutDefaultMarkers(profile);
    const kept = prev ? Object.fromEntries(KEPT_WHEN_OMITTED.filter((k) => prev.spec[k] !== undefined).map((k) => [k, prev.spec[k]])) : {};
    const { name: _name, powerState: _power, ...poolSpec }: Json = { ...kept, ...given };
    const fullSpec = poolSpecDefaults(poolSpec, { mode, orchestratorVersion: requestedPoolVersion, kubenet, classicCni: host.network.plugin === "azure" && !host.network.overlay });
    const poolRefusal = validatePool({ name, location: input.location, given, spec: fullSpec, ...(prev ? { stored: prev.spec } : {}) });
    if (poolRefusal) return poolRefusal;
    const count = validateCount(fullSpec, "agentPoolProfile.count", { created: !prev });
    if (isRefusal(count)) return count;
    fullSpec["count"] = count;
    const skew = checkPoolSkew(poolVersion, targetVersion);
    if (skew) return skew;
    if (!prev) {
      const pool: PoolRecord = {
        kind: "agentPool",
        id: `${ids.id}/agentPools/${name}`,
        clusterKey,
        name,
        spec: fullSpec,
        provisioningState: "Creating",
        powerState: "Running",
        currentOrchestratorVersion: poolVersion,
        eTag: "",
        nodes: [],
        nextInstanceId: 0,
        vmssDigits: vmssDigits(`${clusterKey}/${name.toLowerCase()}/${now}`),
        systemData: systemData(input.actor, now),
      };
      pools.push(pool);
      if (existing) {
        poolSteps.push(...createPoolSteps(host, pool, count, poolVersion));
        touched.push(name);
      }
      continue;
    }
    const poolVersionRefusal = prev.currentOrchestratorVersion !== poolVersion && checkVersionChange(prev.currentOrchestratorVersion, poolVersion);
    if (poolVersionRefusal) return poolVersionRefusal;
    const upgrading = prev.currentOrchestratorVersion !== poolVersion;
    const liveCount = prev.nodes.filter((n) => !n.surge).length;
    const scalingPool = count !== Number(prev.spec["count"]) || count !== liveCount;
    // The request's upgradeSettings (maxSurge, drainTimeoutInMinutes) govern the upgrade it starts.
    const steps = upgradeAndScaleSteps(host, { ...prev, spec: fullSpec }, { ...(upgrading ? { upgradeTo: poolVersion } : {}), ...(scalingPool ? { scaleTo: count } : {}), version: poolVersion });
    poolUpgrade ||= upgrading;
    scaling ||= scalingPool;
    pools.push({ ...prev, spec: fullSpec, systemData: systemData(input.actor, now, prev.systemData) });
    if (steps.length > 0) {
      poolSteps.push(...steps);
      touched.push(prev.name);
    }
  }

  const uid = existing?.uid ?? newId().replace(/-/g, "").slice(0, 24);
  // A private cluster's zone, its link and the API server's A record (private-cluster.ts): AKS's
  // private DNS reconciler makes what is missing of them in every cluster PUT, after the network.
  const dns = clusterDnsSpec({ id: existing?.id ?? ids.id, subscriptionId: ids.subscriptionId, resourceGroup: existing?.resourceGroup ?? ids.resourceGroup, name: existing?.name ?? ids.name, location: input.location, spec: clusterSpec, uid }, host, [...pools, ...input.pools]);
  let verb: ProvisioningVerb;
  let steps: AksStep[];
  if (!existing) {
    verb = "Creating";
    steps = withDnsAfterNetwork(createClusterPlan(host, pools.map((pool) => ({ pool, count: Number(pool.spec["count"]), version: pool.currentOrchestratorVersion })), targetVersion), dns);
    touched.push(...pools.map((p) => p.name));
  } else {
    verb = upgradingControlPlane || poolUpgrade ? "Upgrading" : scaling ? "Scaling" : "Updating";
    steps = [...(upgradingControlPlane ? controlPlaneUpgradeSteps(targetVersion) : []), ...poolSteps];
    // After a failed or aborted operation, the node resource group and the cluster's network are
    // made sure of first (a create may have stopped before them).
    if (steps.length > 0 && (existing.provisioningState === "Failed" || existing.provisioningState === "Canceled")) {
      steps = [...ensureNodeGroupSteps(host, [...input.pools, ...pools]), ...steps];
    }
    // A scale or upgrade changes the `kubernetes` load balancer's backend: AKS reconciles it first.
    else if (scaling || poolUpgrade) steps = [reconcileLoadBalancerStep(host, [...input.pools, ...pools]), ...steps];
    if (steps.length === 0) {
      // Nothing changed: AKS reconciles the cluster to its goal state (the remedy for Failed).
      steps = [...reconcileControlPlaneSteps(host, input.pools), ...input.pools.flatMap((p) => reconcilePoolSteps(host, p))];
      touched.push(...input.pools.map((p) => p.name));
    }
    steps = withDnsAfterNetwork(steps, dns);
  }
  // With the monitoring addon on, AKS reads its workspace's keys first (domain/monitoring.ts).
  steps = [...workspaceKeysSteps(clusterSpec), ...steps];
  // The pools after the PUT: those it names, as it names them, and the others as they are.
  const after = new Map<string, PoolRecord | undefined>(input.pools.map((p) => [p.name.toLowerCase(), p]));
  for (const p of pools) after.set(p.name.toLowerCase(), p);
  // AKS keeps at least one System pool, whichever way the PUT tries to lose it.
  if (![...after.values()].some((p) => p !== undefined && isSystemPool(p.spec))) return refuse("systemPoolRequired");
  // Untouched pools keep their state; touched ones (named or reconciled) follow the operation.
  const touchedSet = new Set(touched.map((t) => t.toLowerCase()));
  for (const [k, p] of after) if (p && touchedSet.has(k)) after.set(k, { ...p, provisioningState: verb });
  const finalPools = [...after.values()].filter((p): p is PoolRecord => p !== undefined);

  const cluster: ClusterRecord = {
    kind: "managedCluster",
    id: existing?.id ?? ids.id,
    subscriptionId: ids.subscriptionId,
    resourceGroup: existing?.resourceGroup ?? ids.resourceGroup,
    name: existing?.name ?? ids.name,
    location: input.location,
    envelope: envelopeOf(body, input.actor.tenantId, newId, existing?.envelope),
    spec: clusterSpec,
    provisioningState: verb,
    powerState: existing?.powerState ?? "Running",
    currentKubernetesVersion: existing?.currentKubernetesVersion ?? targetVersion,
    eTag: existing?.eTag ?? "",
    uid,
    systemData: systemData(input.actor, now, existing?.systemData),
    ...(existing?.lastStopAt !== undefined ? { lastStopAt: existing.lastStopAt } : {}),
    ...(existing?.lastStartAt !== undefined ? { lastStartAt: existing.lastStartAt } : {}),
  };
  const operation = newOperation({
    id: newId(),
    cluster,
    clusterKey,
    type: "PutManagedCluster",
    verb,
    steps,
    now,
    touched: [...touchedSet].map((k) => finalPools.find((p) => p.name.toLowerCase() === k)?.name ?? k),
    result: "resource",
  });
  return { created: !existing, world: { cluster, pools: after }, operations: [operation], operation };
}
