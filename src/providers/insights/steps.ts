// Microsoft.Insights starts no operations: the engine never has a step for it to apply.
import type { StepRunner } from "../../engine/step-runner.js";

export const insightsSteps: StepRunner = {
  apply(step) {
    throw new Error(`Microsoft.Insights has no step ${step.action.type}`);
  },
  settle: () => ({}),
};
