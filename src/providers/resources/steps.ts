// The engine's way into Microsoft.Resources: the last step of a group delete removes the group.
import type { StepRunner } from "../../engine/step-runner.js";
import type { ResourceGroupRecord } from "./public.js";

export const resourcesSteps: StepRunner = {
  apply(step, { op }) {
    if (step.action.type !== "deleteResourceGroup") throw new Error(`Microsoft.Resources has no step ${step.action.type}`);
    return { change: { resources: [[step.target ?? op.parent, undefined]] } };
  },
  // The group is gone when its delete succeeds. When it fails, the group stays, usable again.
  settle(op, { read }) {
    if (op.status === "Succeeded") return {};
    const group = read.get<ResourceGroupRecord>("resources", op.parent);
    if (!group) return {};
    const { deletion: _, ...rest } = group;
    return { resources: [[op.parent, { ...rest, provisioningState: "Succeeded" }]] };
  },
};
