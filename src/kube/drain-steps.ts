// The runner of drain steps (steps named for KUBERNETES_STEPS in a provider's plan), registered
// by the composition root beside the providers' runners. One application is one attempt at the
// step's virtual instant: the node is cordoned and the upgrader's "Draining node" event recorded
// (first attempt), every evictable pod goes through the Eviction API's decision (api.ts, the one
// `pods/eviction` serves), and a blocked one is tried again DRAIN_RETRY_MS later, the step re-armed
// in the plan, until the timeout passes: then the step fails and the operation's owner words it.
import type { OperationError, OperationRecord, Step } from "../engine/operations.js";
import type { Change, StepRunner } from "../engine/step-runner.js";
import type { KubeApi } from "./api.js";
import type { KubeClusters } from "./clusters.js";
import { blockedEvent, blockedEviction, drainEventObject, drainingEvent, drainTimedOut, DRAIN_RETRY_MS, NODE_EVENTS_NAMESPACE, podsToEvict, type BlockedEviction, type DrainAction, type DrainEvent } from "./drain.js";
import { isObj, meta } from "./objects.js";
import type { WorldWrite } from "./world.js";

export type DrainRunnerDeps = {
  api: () => KubeApi;
  clusters: () => KubeClusters | undefined;
  newId: () => string;
  /** How the operation's owner reports the failed step (Provider.stepFailure), through the provider list. */
  word: (failed: { step: Step; error: OperationError; op: OperationRecord }) => OperationError;
};

const PODS = "/pods";
const NODES = "/nodes";
const EVENTS = "/events";

export function drainStepRunner(deps: DrainRunnerDeps): StepRunner {
  return {
    apply(step, { op, at }) {
      const a = step.action as DrainAction;
      const cluster = deps.clusters()?.byId?.(a.world);
      const sw = cluster && deps.api().forStep(cluster);
      // A cluster whose API was never used holds no pods: nothing to evict.
      if (!sw) return { change: {} };
      const { world } = sw;
      const docs: NonNullable<Change["kube"]>[number][] = [];
      const stage = (writes: WorldWrite[]) => docs.push(...world.stage(writes).docs);
      const node = world.get(NODES, "", a.node);
      let seq = 0;
      const record = (e: DrainEvent) => {
        if (node) stage([{ type: EVENTS, object: drainEventObject(e, node, at, world.list(EVENTS, NODE_EVENTS_NAMESPACE), deps.newId, seq++) }]);
      };
      const first = a.deadline === undefined;
      if (first) {
        sw.cordonedByProvider(a.node);
        const spec = node && isObj(node["spec"]) ? node["spec"] : {};
        if (node && spec["unschedulable"] !== true) stage([{ type: NODES, object: { ...node, spec: { ...spec, unschedulable: true }, metadata: { ...meta(node), resourceVersion: undefined } } }]);
        record(drainingEvent(a.node));
      }
      const blocked: BlockedEviction[] = [];
      // One eviction at a time, each seeing the last (a PDB's budget shrinks as its pods go).
      for (const pod of podsToEvict(world.list(PODS), a.node)) {
        const outcome = sw.eviction(pod, at, a.ignoreBudget === true);
        if ("writes" in outcome) stage(outcome.writes);
        else blocked.push(blockedEviction(a.node, pod, outcome.verdict));
      }
      for (const b of blocked) record(blockedEvent(b.pod));
      const change: Change = docs.length > 0 ? { kube: docs } : {};
      if (blocked.length === 0) return { change };
      const deadline = a.deadline ?? at + a.timeoutMs;
      if (at >= deadline) return { error: deps.word({ step, error: drainTimedOut(blocked[0]!), op }), change };
      // Not yet: the same step again after the retry interval (`op` is already past it).
      const index = op.stepIndex - 1;
      const again: Step = { ...step, durationMs: DRAIN_RETRY_MS, action: { ...a, deadline } as DrainAction };
      return { change, op: { ...op, stepIndex: index, steps: op.steps.map((st, i) => (i === index ? again : st)) } };
    },
    // A drain leaves nothing to settle: the provider's own runner settles its records.
    settle: () => ({}),
  };
}

