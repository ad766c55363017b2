// Small helpers for pure decision tests: a cluster world, deterministic ids, refusal checks.
import assert from "node:assert/strict";
import type { ClusterWorld } from "../../../src/providers/containerservice/domain/apply-step.js";
import type { ClusterRecord, PoolRecord } from "../../../src/providers/containerservice/domain/records.js";
import type { AksRefusal } from "../../../src/providers/containerservice/errors.js";
import { rendered } from "./refusals.js";
import { cluster } from "./records.js";

/** A cluster and its pools, keyed by lower-case pool name, as the domain expects. */
export function world(c: ClusterRecord = cluster(), ...pools: PoolRecord[]): ClusterWorld & { cluster: ClusterRecord } {
  return { cluster: c, pools: new Map(pools.map((p) => [p.name.toLowerCase(), p])) };
}

/** newId for decisions: "id-1", "id-2", ... */
export function ids(prefix = "id"): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** The pool named `name` in a world (asserting it is there). */
export function poolIn(w: ClusterWorld, name: string): PoolRecord {
  const p = w.pools.get(name.toLowerCase());
  assert.ok(p, `pool ${name} is in the world`);
  return p;
}

export type Expected = { status: number; code: string; message: string };

/** Asserts that `result` is a refusal that renders as `expected` (status, code, exact text). */
export function assertRefused(result: unknown, expected: Expected): void {
  assert.ok(typeof result === "object" && result !== null && "refused" in result, `expected a refusal, got ${JSON.stringify(result)?.slice(0, 300)}`);
  const err = rendered(result as AksRefusal);
  assert.deepEqual({ status: err.status, code: err.code, message: err.message }, expected);
}

/** Narrows a decision (asserting it is not a refusal). */
export function decided<T>(result: T | AksRefusal): T {
  if (typeof result === "object" && result !== null && "refused" in result) {
    const err = rendered(result as AksRefusal);
    assert.fail(`unexpected refusal ${err.status} ${err.code}: ${err.message}`);
  }
  return result as T;
}

/** The step names and action types of a plan, for readable comparisons. */
export const stepNames = (steps: readonly { name: string }[]) => steps.map((s) => s.name);
export const stepActions = (steps: readonly { action: { type: string } }[]) => steps.map((s) => s.action.type);

/** A node's name in the support pools (vmss digits 12345678). */
export const node = (poolName: string, i: number) => `aks-${poolName}-12345678-vmss00000${i}`;

/** The step names of a rolling upgrade of `nodes` nodes with one surge node (its VM allocated first, deleted last). */
export const upgradeSteps = (p: string, nodes: number, version: string) => [
  `Allocating 1 surge instance(s) in scale set aks-${p}-12345678-vmss`,
  `Adding surge node aks-${p}-12345678-vmss00000${nodes}`,
  ...Array.from({ length: nodes }, (_, i) => [`Cordoning node ${node(p, i)}`, `Draining node ${node(p, i)}`, `Reimaging node ${node(p, i)} to ${version}`, `Uncordoning node ${node(p, i)}`]).flat(),
  `Deleting surge instances of scale set aks-${p}-12345678-vmss`,
  `Removing surge nodes of aks-${p}-12345678-vmss`,
  `Completing upgrade of agent pool ${p}`,
];

/** A scale or upgrade starts with AKS's load balancer reconcile (a Network step): asserted, then the steps after it. */
export function afterLoadBalancer<T extends { name: string; provider?: string; action: { type: string } }>(steps: readonly T[]): readonly T[] {
  const [first, ...rest] = steps;
  if (first?.name !== "Reconciling load balancer" || first.provider !== "Microsoft.Network" || first.action.type !== "ensureClusterNetwork") throw new Error(`expected the load balancer reconcile first, got ${JSON.stringify(first?.name)}`);
  return rest;
}
