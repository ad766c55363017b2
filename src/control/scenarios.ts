// /_aksemu/scenarios: seed 002's rows, each put in place through the emulator's own mechanisms
// (faults, Compute's quota and capacity records, the subscription's state, provider registration),
// written through engine.commit. Applying one twice leaves the same world. The rows are data in
// scenario-catalog.ts; this file reads the world and writes what a scenario sets.
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import type { Engine } from "../engine/engine.js";
import { capacityKey, type CapacityRecord } from "../providers/compute/domain/capacity.js";
import { quotaKey, type QuotaRecord } from "../providers/compute/domain/quota.js";
import { usageTotal } from "../providers/compute/usage-index.js";
import { getScaleSet } from "../providers/compute/repository.js";
import { strandedDiskName, withFailedDetach } from "../providers/compute/domain/vm-repair.js";
import { computeFailure } from "../providers/compute/steps.js";
import { nodeHostOf, scaleSetId } from "../providers/containerservice/domain/node-resources.js";
import { vmssName } from "../providers/containerservice/domain/plans.js";
import { clusterKey } from "../providers/containerservice/domain/keys.js";
import type { ClusterRecord, Json } from "../providers/containerservice/domain/records.js";
import { AKS_ERRORS } from "../providers/containerservice/errors.js";
import { getCluster, getPools } from "../providers/containerservice/repository.js";
import type { Subscription } from "../providers/provider.js";
import { registrationKey, type RegistrationRecord } from "../providers/resources/public.js";
import type { Reader, Store } from "../store/store.js";
import { FAULTS_KEY, type Fault, type FaultBook } from "./fault-rules.js";
import { findScenario, SCENARIOS, type ScenarioInfo } from "./scenario-catalog.js";
import { subscriptionStateKey } from "./subscriptions.js";

type Meta = [key: string, value: unknown];
type Target = { sub: string; cluster?: ClusterRecord; pool?: string };
type Applied = { meta: Meta[]; resources?: [key: string, doc: object][]; applied: Record<string, unknown> };

const bad = (message: string) => apiError("controlBadRequest", { message });
const FIELDS: Record<ScenarioInfo["scope"], readonly string[]> = { cluster: ["subscriptionId", "resourceGroup", "cluster", "pool"], subscription: ["subscriptionId"] };

/** A scenario's own fault id, the same for one cluster every time (so applying again replaces it). */
function faultId(key: string): string {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return `scenario-infrastructure-transient-${(h >>> 0).toString(16).padStart(8, "0")}`;
}

const unregistered = (namespace: string) => (read: Reader, t: Target, now: number): Applied => {
  const existing = read.get<RegistrationRecord>("meta", registrationKey(t.sub, namespace));
  const since = existing?.state === "Unregistered" && existing.operationId === undefined ? existing.since : now;
  const record: RegistrationRecord = { kind: "providerRegistration", subscriptionId: t.sub, namespace, state: "Unregistered", since };
  return { meta: [[registrationKey(t.sub, namespace), record]], applied: { namespace, registrationState: "Unregistered" } };
};

const zonesOf = (spec: Json): string[] => (Array.isArray(spec["availabilityZones"]) ? spec["availabilityZones"].map(String) : []);

/** AKS's real text for an infrastructure failure (Azure/AKS#4975), from its catalog. */
const INFRA = AKS_ERRORS["reconcileVmssAgentPoolFailed"];

const APPLY: Record<string, (read: Reader, t: Target, now: number) => Applied> = {
  "quota-exceeded-on-scale": (read, t) => {
    const location = t.cluster!.location;
    const used = usageTotal(read, t.sub, location).usage["cores"] ?? 0;
    const existing = read.get<QuotaRecord>("meta", quotaKey(t.sub, location));
    const limits = Object.fromEntries(Object.entries(existing?.limits ?? {}).filter(([k]) => k.toLowerCase() !== "cores"));
    const record: QuotaRecord = { kind: "computeQuota", subscriptionId: t.sub, location, limits: { ...limits, cores: used } };
    return { meta: [[quotaKey(t.sub, location), record]], applied: { location, quota: "cores", limit: used, currentUsage: used } };
  },
  "zonal-allocation-failed": (read, t) => {
    const cluster = t.cluster!;
    const pools = getPools(read, clusterKey(t.sub, cluster.resourceGroup, cluster.name));
    const pool = t.pool !== undefined ? pools.find((p) => p.name.toLowerCase() === t.pool!.toLowerCase()) : pools.find((p) => zonesOf(p.spec).length > 0);
    if (t.pool !== undefined && !pool) throw apiError("controlNotFound", { message: `Agent pool '${t.pool}' of managed cluster '${cluster.name}' was not found.` });
    if (!pool || zonesOf(pool.spec).length === 0) throw bad(`'zonal-allocation-failed' needs a zonal pool: ${pool ? `agent pool '${pool.name}' has` : `no agent pool of '${cluster.name}' has`} no availabilityZones.`);
    const vmSize = String(pool.spec["vmSize"]);
    const zones = Object.fromEntries(zonesOf(pool.spec).map((z) => [z, 0]));
    const record: CapacityRecord = { kind: "computeCapacity", location: cluster.location, vmSize, zones };
    return { meta: [[capacityKey(cluster.location, vmSize), record]], applied: { pool: pool.name, location: cluster.location, vmSize, zones } };
  },
  "subscription-disabled": (_read, t) => ({ meta: [[subscriptionStateKey(t.sub), { state: "Disabled" }]], applied: { subscriptionId: t.sub, state: "Disabled" } }),
  "provider-not-registered": unregistered("Microsoft.ContainerService"),
  "compute-provider-not-registered": unregistered("Microsoft.Compute"),
  "network-provider-not-registered": unregistered("Microsoft.Network"),
  "node-vm-failed-disk-detach": (read, t, now) => {
    const cluster = t.cluster!;
    const pools = getPools(read, clusterKey(t.sub, cluster.resourceGroup, cluster.name));
    const pool = t.pool !== undefined ? pools.find((p) => p.name.toLowerCase() === t.pool!.toLowerCase()) : pools[0];
    if (!pool) throw apiError("controlNotFound", { message: `Agent pool '${t.pool ?? ""}' of managed cluster '${cluster.name}' was not found.` });
    const key = scaleSetId(nodeHostOf(cluster), vmssName(pool)).toLowerCase();
    const ss = getScaleSet(read, key);
    const instance = ss?.instances[0];
    if (!ss || !instance) throw bad(`'node-vm-failed-disk-detach' needs a node: agent pool '${pool.name}' has no VM in its scale set.`);
    const disk = strandedDiskName(instance);
    const e = computeFailure({ refused: "attachDiskWhileBeingDetached", params: { disk, vm: `${ss.name}_${instance.instanceId}` } });
    const failed = withFailedDetach(ss, instance.instanceId, disk, { code: e.code, message: e.message, at: now });
    return { meta: [], resources: [[key, failed]], applied: { pool: pool.name, scaleSet: ss.id, instanceId: String(instance.instanceId), disk } };
  },
  "infrastructure-transient": (read, t, now) => {
    const cluster = t.cluster!;
    const id = faultId(cluster.id.toLowerCase());
    const fault: Fault = {
      id,
      match: { resourceId: cluster.id },
      effect: { transient: { code: INFRA.code, message: INFRA.message({}) } },
      times: 1,
      seen: 0,
      fired: 0,
      createdAt: now,
    };
    const others = (read.get<FaultBook>("meta", FAULTS_KEY)?.faults ?? []).filter((f) => f.id !== id);
    return { meta: [[FAULTS_KEY, { faults: [...others, fault] } satisfies FaultBook]], applied: { faultId: id, resourceId: cluster.id } };
  },
};

const view = (s: ScenarioInfo) => ({
  name: s.name,
  scope: s.scope,
  body: s.scope === "cluster" ? { resourceGroup: "<resource group>", cluster: "<cluster>", ...(s.name === "zonal-allocation-failed" ? { pool: "<pool, optional>" } : {}) } : {},
  seed: s.seed,
  sets: s.sets,
  sees: s.sees,
  remedy: s.remedy,
});

export function scenarioHandlers(deps: { store: Store; engine: Engine; subscriptions: () => Subscription[] }) {
  const list = (): Reply => ({ status: 200, body: { value: SCENARIOS.map(view) } });

  const target = (s: ScenarioInfo, body: unknown): Target => {
    const b = body === undefined || body === null ? {} : body;
    if (!isObject(b)) throw bad(`The body must be a JSON object${s.scope === "cluster" ? ' such as {"resourceGroup": "rg1", "cluster": "c1"}' : " (or none)"}, got ${JSON.stringify(b)}.`);
    const unknown = Object.keys(b).filter((k) => !FIELDS[s.scope].includes(k));
    if (unknown.length > 0) throw bad(`Unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")}: '${s.name}' takes ${FIELDS[s.scope].map((k) => `'${k}'`).join(", ")}.`);
    for (const k of Object.keys(b)) if (typeof b[k] !== "string" || b[k] === "") throw bad(`'${k}' must be a non-empty string, got ${JSON.stringify(b[k])}.`);
    const str = (k: string) => b[k] as string | undefined;
    const subs = deps.subscriptions();
    const sub = str("subscriptionId") === undefined ? subs[0] : subs.find((x) => x.id.toLowerCase() === str("subscriptionId")!.toLowerCase());
    if (!sub) throw apiError("controlNotFound", { message: `No subscription '${str("subscriptionId")}'.` });
    if (s.scope === "subscription") return { sub: sub.id };
    const rg = str("resourceGroup");
    const name = str("cluster");
    if (rg === undefined || name === undefined) throw bad(`'${s.name}' applies to one cluster: give {"resourceGroup": "<group>", "cluster": "<name>"}.`);
    const cluster = getCluster(deps.store, clusterKey(sub.id, rg, name));
    if (!cluster) throw apiError("controlNotFound", { message: `No managed cluster '${name}' in resource group '${rg}'.` });
    return { sub: sub.id, cluster, ...(str("pool") !== undefined ? { pool: str("pool")! } : {}) };
  };

  const apply = (ctx: RequestContext): Reply => {
    const name = ctx.params["scenarioName"] ?? "";
    const s = findScenario(name);
    if (!s) throw apiError("controlNotFound", { message: `No scenario '${name}'. Known: ${SCENARIOS.map((x) => x.name).join(", ")} (GET /_aksemu/scenarios).` });
    const done = APPLY[s.name]!(deps.store, target(s, ctx.body), ctx.now);
    deps.engine.commit({ meta: done.meta, ...(done.resources ? { resources: done.resources } : {}) });
    return { status: 200, body: { name: s.name, applied: done.applied, sees: s.sees, remedy: s.remedy } };
  };

  return { list, apply };
}
