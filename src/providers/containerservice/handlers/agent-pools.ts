// Microsoft.ContainerService/managedClusters/agentPools (and their machines).
import { checkConditions } from "../../../arm/conditions.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { lroHeaders } from "../../../arm/lro.js";
import type { ProviderDeps } from "../../provider.js";
import { decideAbort, decideDeleteMachines, decidePoolDelete } from "../domain/actions.js";
import { vmssDigits } from "../domain/plans.js";
import { decidePoolPut } from "../domain/pool-put.js";
import { checkPoolTags } from "../domain/node-settings.js";
import { checkAgentPoolApi } from "../domain/availability-set-pools.js";
import { isObject } from "../../../arm/json.js";
import type { AksOperation } from "../domain/records.js";
import { getPool, getPools, loadWorld } from "../repository.js";
import { flavorForApiVersion, sanitizeAgentPool, sanitizeDefinition } from "../schema/sanitize.js";
import { renderMachine, renderPool } from "../wire/render.js";
import { commitDecision } from "./commit.js";
import { requireSubnet } from "./subnets.js";
import { poolLinks, requireLinkedAccess } from "./linked-access.js";
import { actorOf, clusterPath, poolNotFound, requireCapacityReservationGroup, requireCluster, requireDependencies } from "./lookups.js";
import { aksError, aksPage, sanitized, unwrap, unwrapTags } from "./wire-errors.js";

export function agentPoolHandlers(deps: ProviderDeps) {
  const { store, engine, clock } = deps;

  const locate = (ctx: RequestContext) => {
    const path = clusterPath(ctx);
    const cluster = requireCluster(store, path);
    const poolName = ctx.params["agentPoolName"]!;
    return { path, cluster, poolName, pool: getPool(store, path.key, poolName) };
  };
  const requirePool = (ctx: RequestContext) => {
    const found = locate(ctx);
    if (!found.pool) throw poolNotFound(found.poolName, found.cluster.name);
    return { ...found, pool: found.pool };
  };
  /** The cluster's world and running operations, for a decision about one of its pools. */
  const inputFor = (ctx: RequestContext, found: ReturnType<typeof locate>) => {
    const before = loadWorld(store, found.path.key);
    return { before, input: { key: found.path.key, world: { ...before, cluster: found.cluster }, active: engine.activeOperations(found.path.key) as AksOperation[], now: ctx.now, newId: deps.newId } };
  };

  /** The agent pool API writes only to clusters of scale set pools (AgentPoolAPIsNotSupported). */
  const vmasOnly = (clusterKey: string, requested?: unknown) => {
    const refusal = checkAgentPoolApi(getPools(store, clusterKey), isObject(requested) ? requested : undefined);
    if (refusal) unwrap(refusal);
  };

  const get = (ctx: RequestContext): Reply => ({ status: 200, body: renderPool(requirePool(ctx).pool) });

  const list = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    requireCluster(store, path);
    return aksPage(ctx, getPools(store, path.key), renderPool);
  };

  const write = (ctx: RequestContext, mode: "put" | "patch"): Reply => {
    // ARM's linked access check (the pool's subnet) comes before AKS sees the request.
    requireLinkedAccess(deps, ctx, "Microsoft.ContainerService/managedClusters/agentPools/write", poolLinks((ctx.body as { properties?: unknown } | undefined)?.properties));
    const found = locate(ctx);
    const { path, cluster, poolName, pool } = found;
    if (mode === "patch" && !pool) throw poolNotFound(poolName, cluster.name);
    checkConditions(ctx, pool?.eTag, { allowIfNoneMatch: mode === "put" });
    const given = sanitized(sanitizeAgentPool(ctx.body, { flavor: flavorForApiVersion(ctx.apiVersion) }));
    unwrapTags(checkPoolTags(given["properties"]));
    const body = mode === "patch" && pool ? { ...given, properties: { ...pool.spec, powerState: { code: pool.powerState }, ...((given["properties"] as object | undefined) ?? {}) } } : given;
    // A pool write creates, scales or reconciles its scale set: Compute and Network must be registered.
    requireDependencies(deps, ctx, path.subscriptionId);
    vmasOnly(path.key, body["properties"]);
    requireCapacityReservationGroup(store, given["properties"], "agentPoolProfile.capacityReservationGroupID", cluster.location);
    requireSubnet(store, (given["properties"] as { vnetSubnetID?: unknown } | undefined)?.vnetSubnetID);
    const actor = actorOf(ctx);
    const { before, input } = inputFor(ctx, found);
    const decision = unwrap(
      decidePoolPut({
        ...input,
        clusterKey: path.key,
        poolName: pool?.name ?? poolName,
        poolId: pool?.id ?? `${cluster.id}/agentPools/${poolName}`,
        body,
        existing: pool,
        actorId: actor.id,
        actorType: actor.type,
        vmssDigits: vmssDigits(`${path.key}/${poolName.toLowerCase()}/${ctx.now}`),
      }),
    );
    commitDecision(deps, path.key, before, decision);
    if (mode === "patch") return { status: 202, headers: lroHeaders(ctx, clock, decision.operation, "accepted") };
    return { status: decision.created ? 201 : 200, headers: lroHeaders(ctx, clock, decision.operation, "put"), body: renderPool(getPool(store, path.key, decision.pool.name)!) };
  };

  const remove = (ctx: RequestContext): Reply => {
    const found = locate(ctx);
    checkConditions(ctx, found.pool?.eTag, { allowIfNoneMatch: false });
    if (!found.pool) return { status: 204 };
    vmasOnly(found.path.key);
    const { before, input } = inputFor(ctx, found);
    // ignore-pod-disruption-budget=true (a boolean query parameter in the spec): pods are deleted without eviction.
    const ignoreBudget = (ctx.query.get("ignore-pod-disruption-budget") ?? "").toLowerCase() === "true";
    const decision = unwrap(decidePoolDelete({ ...input, pool: found.pool, ignoreBudget }));
    commitDecision(deps, found.path.key, before, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  const abort = (ctx: RequestContext): Reply => {
    const found = requirePool(ctx);
    const { before, input } = inputFor(ctx, found);
    commitDecision(deps, found.path.key, before, unwrap(decideAbort({ ...input, poolName: found.pool.name })));
    return { status: 204 };
  };

  const deleteMachines = (ctx: RequestContext): Reply => {
    const found = requirePool(ctx);
    const body = sanitized(sanitizeDefinition("AgentPoolDeleteMachinesParameter", ctx.body, { flavor: flavorForApiVersion(ctx.apiVersion) }));
    const names = Array.isArray(body["machineNames"]) ? body["machineNames"].map(String) : [];
    vmasOnly(found.path.key);
    const { before, input } = inputFor(ctx, found);
    const decision = unwrap(decideDeleteMachines({ ...input, pool: found.pool, machineNames: names }));
    commitDecision(deps, found.path.key, before, decision);
    return { status: 202, headers: lroHeaders(ctx, clock, decision.operation!, "accepted") };
  };

  /**
   * completeUpgrade finishes a blue-green upgrade that waits for manual completion; aksemu runs
   * rolling upgrades only, so there is never one waiting. No real text found: mirrors AKS's form.
   */
  const completeUpgrade = (ctx: RequestContext): Reply => {
    throw aksError("noUpgradeToComplete", { pool: requirePool(ctx).pool.name });
  };

  const machines = (ctx: RequestContext): Reply => {
    const { cluster, pool } = requirePool(ctx);
    return aksPage(ctx, pool.nodes.map((n, i) => ({ n, i })), ({ n, i }) => renderMachine(cluster, pool, n, i));
  };

  const machine = (ctx: RequestContext): Reply => {
    const { cluster, pool } = requirePool(ctx);
    const name = ctx.params["machineName"]!;
    const index = pool.nodes.findIndex((n) => n.name.toLowerCase() === name.toLowerCase());
    if (index < 0) throw aksError("childNotFound", { what: `Machine '${name}' of agent pool '${pool.name}' was not found.` });
    return { status: 200, body: renderMachine(cluster, pool, pool.nodes[index]!, index) };
  };

  return { get, list, put: (ctx: RequestContext) => write(ctx, "put"), patch: (ctx: RequestContext) => write(ctx, "patch"), remove, abort, deleteMachines, completeUpgrade, machines, machine };
}
