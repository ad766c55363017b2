// The engine's way into Microsoft.Resources: the last step of a group delete removes the group; a
// provider registration settles when its (timing-only) operation ends.
import type { StepRunner } from "../../engine/step-runner.js";
import { isRegistrationOperation, registrationKeyOf, settleRegistration, type RegistrationRecord } from "./domain/registration.js";
import type { ResourceGroupRecord } from "./public.js";

export const resourcesSteps: StepRunner = {
  apply(step, { op }) {
    if (step.action.type !== "deleteResourceGroup") throw new Error(`Microsoft.Resources has no step ${step.action.type}`);
    return { change: { resources: [[step.target ?? op.parent, undefined]] } };
  },
  // A registration takes its settled state (its operation only times it). The group is gone when
  // its delete succeeds; when that fails, the group stays, usable again.
  settle(op, { read, at }) {
    if (isRegistrationOperation(op)) {
      const key = registrationKeyOf(op.parent);
      const settled = settleRegistration(read.get<RegistrationRecord>("meta", key), op, at);
      return settled ? { meta: [[key, settled]] } : {};
    }
    if (op.status === "Succeeded") return {};
    const group = read.get<ResourceGroupRecord>("resources", op.parent);
    if (!group) return {};
    const { deletion: _, ...rest } = group;
    return { resources: [[op.parent, { ...rest, provisioningState: "Succeeded" }]] };
  },
};
