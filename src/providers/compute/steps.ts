// The engine's way into Microsoft.Compute: apply a step another provider's plan hands it (AKS:
// create and scale a pool's scale set, delete instances, deallocate and start). An adapter: the
// rules are in domain/. A refusal fails the step with Compute's error, worded by the operation's
// owner when it words failures of the steps it delegates (Provider.stepFailure).
import type { OperationError } from "../../engine/operations.js";
import type { StepRunner } from "../../engine/step-runner.js";
import type { Provider } from "../provider.js";
import type { ComputeAction } from "./public.js";
import { applyComputeStep } from "./domain/apply-step.js";
import { scaleSetIdParts } from "./domain/records.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { getScaleSet } from "./repository.js";
import { allocationContext, movedTotal } from "./usage-index.js";
import type { ComputeRefusal } from "./domain/quota.js";

/** Compute's own error for a refusal (the text of its catalog entry). */
export function computeFailure(refusal: ComputeRefusal): OperationError {
  const e = COMPUTE_ERRORS[refusal.refused] as { code: string; message: (p: unknown) => string };
  return { code: e.code, message: e.message(refusal.params) };
}

/** `providers` is the provider list, read when a step fails (the list holds this runner too). */
export function computeSteps(providers: () => readonly Provider[]): StepRunner {
  return {
    apply(step, { read, op, at }) {
      const action = step.action as ComputeAction;
      const key = step.target ?? op.parent;
      const before = getScaleSet(read, key);
      const outcome = applyComputeStep(before, action, at, () => {
        const model = action.type === "putScaleSet" ? action.model : before!.model;
        return allocationContext(read, scaleSetIdParts(model.id)!.subscriptionId, model);
      });
      if ("refused" in outcome) {
        const error = computeFailure(outcome);
        const owner = providers().find((p) => p.namespace.toLowerCase() === op.provider.toLowerCase());
        return { error: owner?.stepFailure ? owner.stepFailure({ step, error, op }) : error };
      }
      if (outcome.scaleSet === before) return { change: {} };
      const sub = scaleSetIdParts((outcome.scaleSet ?? before)!.model.id)!.subscriptionId;
      const total = movedTotal(read, sub, before, outcome.scaleSet);
      return { change: { resources: [[key, outcome.scaleSet]], ...(total ? { meta: [total] } : {}) } };
    },
    // Compute keeps no state about the operations that ran its steps: a scale set is as its last step left it.
    settle: () => ({}),
  };
}
