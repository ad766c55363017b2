// The engine's way into Microsoft.Network: apply a step of its own operations (provision or
// delete what a request wrote) or one another provider's plan hands it (AKS: claim and release a
// subnet's addresses for a pool's nodes, keep a cluster's network). An adapter: the rules are in
// domain/. A refusal fails the step with Network's error, worded by the operation's owner when it
// words failures of the steps it delegates (Provider.stepFailure).
import type { OperationError, OperationRecord } from "../../engine/operations.js";
import type { Change, StepRunner } from "../../engine/step-runner.js";
import type { Provider } from "../provider.js";
import { applyNetworkStep } from "./domain/apply-step.js";
import { NAMESPACE, type NetworkRecord } from "./domain/records.js";
import { NETWORK_ERRORS, type NetworkRefusal } from "./errors.js";
import type { NetworkAction } from "./public.js";
import { getRecord, stepWorld } from "./repository.js";

/** Network's own error for a refusal (the text of its catalog entry). */
export function networkFailure(refusal: NetworkRefusal): OperationError {
  const e = NETWORK_ERRORS[refusal.refused] as { code: string; message: (p: unknown) => string };
  return { code: e.code, message: e.message(refusal.params) };
}

/** `providers` is the provider list, read when a step fails (the list holds this runner too). */
export function networkSteps(providers: () => readonly Provider[]): StepRunner {
  return {
    apply(step, { read, op }) {
      const outcome = applyNetworkStep(step.action as NetworkAction, step.target ?? op.parent, stepWorld(read));
      if ("refused" in outcome) {
        const error = networkFailure(outcome);
        const owner = providers().find((p) => p.namespace.toLowerCase() === op.provider.toLowerCase());
        return { error: owner?.stepFailure ? owner.stepFailure({ step, error, op }) : error };
      }
      return { change: outcome.writes.length > 0 ? { resources: outcome.writes } : {} };
    },
    // Network's own operation ended short of Succeeded (a fault, an abort): what it provisioned is
    // Failed; what it was deleting stays, Succeeded again. Other providers' operations leave nothing to settle.
    settle(op: OperationRecord, { read }): Change {
      if (op.provider !== NAMESPACE || op.status === "Succeeded") return {};
      const resources: [string, NetworkRecord][] = [];
      for (const st of op.steps) {
        const action = st.action as NetworkAction;
        const keys = action.type === "provisioned" || action.type === "deleteResources" ? action.keys : [];
        const state = action.type === "provisioned" ? "Failed" : "Succeeded";
        for (const k of keys) {
          const r = getRecord(read, k);
          if (r) resources.push([k, { ...r, provisioningState: state } as NetworkRecord]);
        }
      }
      return { resources };
    },
  };
}
