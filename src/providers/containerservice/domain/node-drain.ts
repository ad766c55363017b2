// Draining a node before AKS removes or reimages it: a step AKS names as data and the cluster's
// Kubernetes world runs (src/kube/drain-steps.ts: cordon, the upgrader's events, evictions through
// the Eviction API, retries until the pool's drain timeout), and the failure as AKS reports it
// (ERROR-TEXTS.md §8). Pure.
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";
import { blockedEvictionOf, KUBERNETES_STEPS, type DrainAction } from "../../../kube/drain.js";
import type { NodeHost } from "./node-resources.js";
import type { AksStep, NodeRecord, PoolRecord } from "./records.js";

/** upgradeSettings.drainTimeoutInMinutes: "If not specified, the default is 30 minutes" (the spec). */
export const DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;

export function drainTimeoutMinutes(pool: Pick<PoolRecord, "spec">): number {
  const u = pool.spec["upgradeSettings"];
  const v = typeof u === "object" && u !== null ? (u as Record<string, unknown>)["drainTimeoutInMinutes"] : undefined;
  return typeof v === "number" && Number.isInteger(v) && v >= 1 ? v : DEFAULT_DRAIN_TIMEOUT_MINUTES;
}

/**
 * "Draining node X" (`seconds` until the first round of evictions): run in the cluster's world,
 * or, for a cluster that has none yet, a plain wait.
 */
export function drainStep(host: NodeHost, pool: PoolRecord, node: NodeRecord, seconds: number, o: { ignoreBudget?: boolean } = {}): AksStep {
  const name = `Draining node ${node.name}`;
  if (host.kubeWorld === undefined) return { name, durationMs: seconds * 1000, action: { type: "setNodeState", pool: pool.name, node: node.name, state: "Draining" } };
  const action: DrainAction = { type: "drainNode", world: host.kubeWorld, node: node.name, timeoutMs: drainTimeoutMinutes(pool) * 60_000, ...(o.ignoreBudget ? { ignoreBudget: true } : {}) };
  return { name, durationMs: seconds * 1000, action, provider: KUBERNETES_STEPS };
}

/** The drain timed out on a PDB: AKS's UpgradeFailed, byte for byte as today's docs print it (§8). */
export function drainFailure(b: { node: string; namespace: string; pod: string; pdb: string; unready: number; original: string }): OperationError {
  return {
    code: "UpgradeFailed",
    message: `Drain node ${b.node} failed when evicting pod ${b.pod} failed with Too Many Requests error. This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. Original error: ${b.original}. PDB debug info: ${b.namespace}/${b.pod} blocked by pdb ${b.pdb} with ${b.unready} unready pods.`,
  };
}

/** A failed drain step of an AKS operation, as AKS reports it (Provider.stepFailure). */
export function drainStepFailure(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const blocked = blockedEvictionOf(failed.error);
  return blocked ? drainFailure(blocked) : failed.error;
}
