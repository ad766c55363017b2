// Microsoft.ContainerService/managedClusters/agentPools (and their machines).
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { decideAbort, decideDeleteMachines, decidePoolDelete } from "../domain/actions.js";
import { poolKey } from "../domain/keys.js";
import { vmssDigits } from "../domain/plans.js";
import { decidePoolPut } from "../domain/pool-put.js";
import type { PoolRecord } from "../domain/records.js";
import { getPools, loadWorld } from "../repository.js";
import { flavorForApiVersion, sanitizeAgentPool, sanitizeDefinition } from "../schema/sanitize.js";
import { renderMachine, renderPool } from "../wire/render.js";
import { actorOf, checkConditions, clusterPath, commitDecision, pruneHistory, requireCluster } from "./common.js";
import type { AksDeps } from "./deps.js";
import { lroHeaders } from "./lro.js";
import { page, sanitized } from "./managed-clusters.js";

export function agentPoolHandlers(deps: AksDeps) {
  const { store, engine, clock } = deps;

  const locate = (ctx: RequestContext) => {
    const path = clusterPath(ctx);
    const cluster = requireCluster(store, path);
    const poolName = ctx.params["agentPoolName"]!;
    const pool = store.get<PoolRecord>("resources", poolKey(path.key, poolName));
    return { path, cluster, poolName, pool };
  };
  const notFound = (poolName: string, clusterName: string) =>
    apiError("childNotFound", { what: `Agent pool '${poolName}' of managed cluster '${clusterName}' was not found.` });

  const get = (ctx: RequestContext): Reply => {
    const { cluster, poolName, pool } = locate(ctx);
    if (!pool) throw notFound(poolName, cluster.name);
    return { status: 200, body: renderPool(pool) };
  };

  const list = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    requireCluster(store, path);
    return page(ctx, getPools(store, path.key), renderPool);
  };

  const put = (ctx: RequestContext): Reply => write(ctx, "put");
  /** PATCH (preview API): the given properties merged over the pool's current ones. */
  const patch = (ctx: RequestContext): Reply => write(ctx, "patch");

  const write = (ctx: RequestContext, mode: "put" | "patch"): Reply => {
    const { path, cluster, poolName, pool } = locate(ctx);
    if (mode === "patch" && !pool) throw notFound(poolName, cluster.name);
    checkConditions(ctx, pool?.eTag, { allowIfNoneMatch: mode === "put" });
    const given = sanitized(sanitizeAgentPool(ctx.body, { flavor: flavorForApiVersion(ctx.apiVersion) }));
    const body = mode === "patch" && pool ? { ...given, properties: { ...pool.spec, powerState: { code: pool.powerState }, ...((given["properties"] as object | undefined) ?? {}) } } : given;
    const actor = actorOf(ctx);
    const decision = decidePoolPut({
      cluster,
      clusterKey: path.key,
      poolName: pool?.name ?? poolName,
      poolId: pool?.id ?? `${cluster.id}/agentPools/${poolName}`,
      body,
      existing: pool,
      siblings: getPools(store, path.key),
      active: engine.activeOperations(path.key),
      now: ctx.now,
      actorId: actor.id,
      actorType: actor.type,
      newId: deps.newId,
      newEtag: deps.newEtag,
      vmssDigits: vmssDigits(`${path.key}/${poolName.toLowerCase()}/${ctx.now}`),
    });
    engine.transact((tx, ops) => {
      tx.put("resources", poolKey(path.key, decision.pool.name), decision.pool);
      ops.put(decision.operation);
      pruneHistory(store, ops, path.key, 1);
    });
    if (mode === "patch") return { status: 202, headers: lroHeaders(ctx, clock, decision.operation, "accepted") };
    return { status: decision.created ? 201 : 200, headers: lroHeaders(ctx, clock, decision.operation, "put"), body: renderPool(decision.pool) };
  };

  const remove = (ctx: RequestContext): Reply => {
    const { path, cluster, pool } = locate(ctx);
    checkConditions(ctx, pool?.eTag, { allowIfNoneMatch: false });
    if (!pool) return { status: 204 };
    const before = loadWorld(store, path.key);
    const decision = decidePoolDelete({ key: path.key, world: { ...before, cluster }, pool, active: engine.activeOperations(path.key), now: ctx.now, newId: deps.newId });
    commitDecision(deps, path.key, before, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const abort = (ctx: RequestContext): Reply => {
    const { path, cluster, poolName, pool } = locate(ctx);
    if (!pool) throw notFound(poolName, cluster.name);
    const before = loadWorld(store, path.key);
    const decision = decideAbort({ key: path.key, world: { ...before, cluster }, poolName: pool.name, active: engine.activeOperations(path.key), now: ctx.now, newId: deps.newId });
    commitDecision(deps, path.key, before, decision);
    return { status: 204 };
  };

  const deleteMachines = (ctx: RequestContext): Reply => {
    const { path, cluster, poolName, pool } = locate(ctx);
    if (!pool) throw notFound(poolName, cluster.name);
    const body = sanitized(sanitizeDefinition("AgentPoolDeleteMachinesParameter", ctx.body, { flavor: flavorForApiVersion(ctx.apiVersion) }));
    const names = Array.isArray(body["machineNames"]) ? body["machineNames"].map(String) : [];
    const before = loadWorld(store, path.key);
    const decision = decideDeleteMachines({ key: path.key, world: { ...before, cluster }, pool, machineNames: names, active: engine.activeOperations(path.key), now: ctx.now, newId: deps.newId });
    commitDecision(deps, path.key, before, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  /**
   * completeUpgrade finishes a blue-green upgrade that waits for manual completion; aksemu runs
   * rolling upgrades only, so there is never one waiting. No real text found: mirrors AKS's form.
   */
  const completeUpgrade = (ctx: RequestContext): Reply => {
    const { cluster, poolName, pool } = locate(ctx);
    if (!pool) throw notFound(poolName, cluster.name);
    throw apiError("noUpgradeToComplete", { pool: pool.name });
  };

  const machines = (ctx: RequestContext): Reply => {
    const { cluster, poolName, pool } = locate(ctx);
    if (!pool) throw notFound(poolName, cluster.name);
    return page(ctx, pool.nodes.map((n, i) => ({ n, i })), ({ n, i }) => renderMachine(cluster, pool, n, i));
  };

  const machine = (ctx: RequestContext): Reply => {
    const { cluster, poolName, pool } = locate(ctx);
    if (!pool) throw notFound(poolName, cluster.name);
    const name = ctx.params["machineName"]!;
    const index = pool.nodes.findIndex((n) => n.name.toLowerCase() === name.toLowerCase());
    if (index < 0) throw apiError("childNotFound", { what: `Machine '${name}' of agent pool '${pool.name}' was not found.` });
    return { status: 200, body: renderMachine(cluster, pool, pool.nodes[index]!, index) };
  };

  return { get, list, put, patch, remove, abort, deleteMachines, completeUpgrade, machines, machine };
}
