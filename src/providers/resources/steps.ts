// The engine's way into Microsoft.Resources: the last step of a group delete removes the group.
import type { StepRunner } from "../../engine/step-runner.js";

export const resourcesSteps: StepRunner = {
  apply(step, { op }) {
    if (step.action.type !== "deleteResourceGroup") throw new Error(`Microsoft.Resources has no step ${step.action.type}`);
    return { change: { resources: [[step.target ?? op.parent, undefined]] } };
  },
  // The group is gone when its delete succeeds; nothing else carries the operation's state.
  settle: () => ({}),
};
