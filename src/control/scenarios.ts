// /_aksemu/scenarios: seed 002's rows, each put in place through the emulator's own mechanisms.
// The providers contribute them (Provider.scenarios, built from the provider list and handed in:
// what each writes is built on its own records); the control layer keeps its own, the
// subscription's state, and the faults a scenario asks for. This file names no provider: it lists
// the scenarios, validates the body, resolves the cluster a scenario names through the provider
// that keeps clusters, and commits what the scenario returns through engine.commit (with the
// faults and directory principals it asks for). Objects inside a cluster (a taint, a workload and
// its PDB) are written through the cluster's Kubernetes API as the emulator itself, before the
// store change, so the world, its watchers and controllers see them as any client's write.
// Applying one twice leaves the same world.
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import type { Engine } from "../engine/engine.js";
import type { KubeApi } from "../kube/api.js";
import type { KubeClusters } from "../kube/clusters.js";
import { KubeError } from "../kube/status.js";
import type { Subscription } from "../providers/provider.js";
import { RECONCILE, SEED_COMMON, type Scenario, type ScenarioBook, type ScenarioFault, type ScenarioKubeWrite, type ScenarioTarget } from "../providers/scenario.js";
import type { Reader, Store } from "../store/store.js";
import { cloudShellMsiUnavailable } from "./cloud-shell.js";
import { FAULTS_KEY, type Fault, type FaultBook } from "./fault-rules.js";
import { principalWrite } from "./principals.js";
import { subscriptionStateKey } from "./subscriptions.js";

const bad = (message: string) => apiError("controlBadRequest", { message });
const FIELDS: Record<Scenario["scope"], readonly string[]> = { cluster: ["subscriptionId", "resourceGroup", "cluster", "pool"], subscription: ["subscriptionId"] };

/** The control layer's own row: the subscription's state (its record is the control API's). */
const subscriptionDisabled: Scenario = {
  name: "subscription-disabled",
  scope: "subscription",
  rank: 30,
  seed: { section: SEED_COMMON, symptom: "ReadOnlyDisabledSubscription error", cause: "This error indicates that the subscription is currently disabled and set to read-only." },
  sets: "the subscription's state Disabled (read-only)",
  sees: { where: "every write is refused at ARM's gate (409); reads still work", code: "ReadOnlyDisabledSubscription" },
  remedy: [
    "the subscription is re-enabled (billing settled): PUT /_aksemu/subscriptions/<id> {\"state\": \"Enabled\"}",
    `then ${RECONCILE}`,
  ],
  apply: (_read, t) => ({ change: { meta: [[subscriptionStateKey(t.subscriptionId), { state: "Disabled" }]] }, applied: { subscriptionId: t.subscriptionId, state: "Disabled" } }),
};

/** The fault book with the scenario's faults in place of any of the same id. */
function withFaults(read: Reader, faults: readonly ScenarioFault[], now: number): FaultBook {
  const ids = new Set(faults.map((f) => f.id));
  const kept = (read.get<FaultBook>("meta", FAULTS_KEY)?.faults ?? []).filter((f) => !ids.has(f.id));
  const added = faults.map((f): Fault => ({ id: f.id, match: { resourceId: f.resourceId }, effect: { transient: f.transient }, times: 1, seen: 0, fired: 0, createdAt: now }));
  return { faults: [...kept, ...added] };
}

const view = (s: Scenario) => ({
  name: s.name,
  scope: s.scope,
  body: s.scope === "cluster" ? { resourceGroup: "<resource group>", cluster: "<cluster>", ...(s.showsPool ? { pool: "<pool, optional>" } : {}) } : {},
  seed: s.seed,
  sets: s.sets,
  sees: s.sees,
  remedy: s.remedy,
});

/** The clusters' Kubernetes APIs (bound once the routes exist: `clusters` is asked when a scenario applies). */
export type ScenarioKubeDeps = { api: KubeApi; clusters: () => KubeClusters | undefined };

const FIELD_MANAGER = "aksemu-scenario";

export function scenarioHandlers(deps: { store: Store; engine: Engine; subscriptions: () => Subscription[]; scenarios?: readonly ScenarioBook[]; kube?: ScenarioKubeDeps }) {
  // Read when a request comes (the docs build the route table with inert deps).
  const books = () => deps.scenarios ?? [];
  const scenarios = () => [subscriptionDisabled, cloudShellMsiUnavailable, ...books().flatMap((b) => b.scenarios)].sort((a, b) => a.rank - b.rank);
  const find = (name: string) => scenarios().find((s) => s.name.toLowerCase() === name.toLowerCase());

  const list = (): Reply => ({ status: 200, body: { value: scenarios().map(view) } });

  const target = (s: Scenario, body: unknown): ScenarioTarget => {
    const b = body === undefined || body === null ? {} : body;
    if (!isObject(b)) throw bad(`The body must be a JSON object${s.scope === "cluster" ? ' such as {"resourceGroup": "rg1", "cluster": "c1"}' : " (or none)"}, got ${JSON.stringify(b)}.`);
    const unknown = Object.keys(b).filter((k) => !FIELDS[s.scope].includes(k));
    if (unknown.length > 0) throw bad(`Unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")}: '${s.name}' takes ${FIELDS[s.scope].map((k) => `'${k}'`).join(", ")}.`);
    for (const k of Object.keys(b)) if (typeof b[k] !== "string" || b[k] === "") throw bad(`'${k}' must be a non-empty string, got ${JSON.stringify(b[k])}.`);
    const str = (k: string) => b[k] as string | undefined;
    const subs = deps.subscriptions();
    const sub = str("subscriptionId") === undefined ? subs[0] : subs.find((x) => x.id.toLowerCase() === str("subscriptionId")!.toLowerCase());
    if (!sub) throw apiError("controlNotFound", { message: `No subscription '${str("subscriptionId")}'.` });
    if (s.scope === "subscription") return { subscriptionId: sub.id };
    const rg = str("resourceGroup");
    const name = str("cluster");
    if (rg === undefined || name === undefined) throw bad(`'${s.name}' applies to one cluster: give {"resourceGroup": "<group>", "cluster": "<name>"}.`);
    const cluster = books().find((b) => b.cluster)?.cluster?.(deps.store, sub.id, rg, name);
    if (!cluster) throw apiError("controlNotFound", { message: `No managed cluster '${name}' in resource group '${rg}'.` });
    return { subscriptionId: sub.id, cluster, ...(str("pool") !== undefined ? { pool: str("pool")! } : {}) };
  };

  /** A scenario's writes inside its cluster, through the cluster's Kubernetes API (no user: the emulator, as AKS's own components). */
  const writeInside = (s: Scenario, t: ScenarioTarget, writes: readonly ScenarioKubeWrite[]): void => {
    if (writes.length === 0) return;
    const cluster = t.cluster;
    const facts = cluster?.kubeId !== undefined ? deps.kube?.clusters()?.byId?.(cluster.kubeId) : undefined;
    if (!deps.kube || !facts) throw bad(`'${s.name}' writes inside the cluster, whose Kubernetes API this emulator does not serve.`);
    if (!facts.reachable) throw bad(`'${s.name}' writes inside managed cluster '${cluster!.name}', whose API server is not running (the cluster is stopped): start it first (az aks start).`);
    const api = deps.kube.api;
    const call = (method: string, path: string, query: Record<string, string>, body: unknown, contentType: string) => {
      try {
        return api.serve(facts, { method, path, query: new URLSearchParams(query), accept: "application/json", contentType, body: body === undefined ? "" : JSON.stringify(body), userAgent: FIELD_MANAGER });
      } catch (err) {
        if (err instanceof KubeError) throw bad(`The Kubernetes API of managed cluster '${cluster!.name}' refused ${method} ${path}: ${err.message}`);
        throw err;
      }
    };
    for (const w of writes) {
      if ("apply" in w) {
        call("PATCH", w.path, { fieldManager: FIELD_MANAGER, force: "true" }, w.apply, "application/apply-patch+yaml");
        continue;
      }
      const list = call("GET", w.patchEach, {}, undefined, "") as { body?: { items?: { metadata?: { name?: string } }[] } };
      for (const item of list.body?.items ?? []) {
        const name = item.metadata?.name;
        if (name) call("PATCH", `${w.patchEach}/${encodeURIComponent(name)}`, {}, w.patch, "application/strategic-merge-patch+json");
      }
    }
  };

  const apply = (ctx: RequestContext): Reply => {
    const name = ctx.params["scenarioName"] ?? "";
    const s = find(name);
    if (!s) throw apiError("controlNotFound", { message: `No scenario '${name}'. Known: ${scenarios().map((x) => x.name).join(", ")} (GET /_aksemu/scenarios).` });
    const t = target(s, ctx.body);
    const done = s.apply(deps.store, t, ctx.now);
    if ("refused" in done) throw done.refused === "notFound" ? apiError("controlNotFound", { message: done.message }) : bad(done.message);
    deps.engine.catchUp();
    writeInside(s, t, done.kube ?? []);
    const faults = done.faults && done.faults.length > 0 ? [[FAULTS_KEY, withFaults(deps.store, done.faults, ctx.now)] as const] : [];
    // Principals a scenario adds join the directory as POST /_aksemu/principals would add them.
    const principals = (done.principals ?? []).map(principalWrite);
    deps.engine.commit({ ...done.change, meta: [...(done.change?.meta ?? []), ...faults, ...principals] });
    return { status: 200, body: { name: s.name, applied: done.applied, sees: s.sees, remedy: s.remedy } };
  };

  return { list, apply };
}
