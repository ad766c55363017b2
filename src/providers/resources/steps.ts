// The engine's way into Microsoft.Resources: the last step of a group delete removes the group;
// another provider's plan may create or delete a group it manages (AKS's node resource group); a
// provider registration settles when its (timing-only) operation ends.
import type { StepRunner } from "../../engine/step-runner.js";
import { managedGroup, NAMESPACE, type GroupAction } from "./domain/groups.js";
import { isRegistrationOperation, registrationKeyOf, settleRegistration, type RegistrationRecord } from "./domain/registration.js";
import type { ResourceGroupRecord } from "./public.js";

export const resourcesSteps: StepRunner = {
  apply(step, { op, read }) {
    const action = step.action as GroupAction;
    const key = step.target ?? op.parent;
    switch (action.type) {
      case "deleteResourceGroup": {
        if (action.managedBy !== undefined) {
          const group = read.get<ResourceGroupRecord>("resources", key);
          if (group?.kind !== "resourceGroup" || group.managedBy?.toLowerCase() !== action.managedBy.toLowerCase()) return { change: {} };
        }
        return { change: { resources: [[key, undefined]] } };
      }
      case "createResourceGroup":
        // An existing group is left as it is (its own managedBy, tags and location).
        return read.get("resources", key) ? { change: {} } : { change: { resources: [[key, managedGroup(action.group)]] } };
      default:
        throw new Error(`Microsoft.Resources has no step ${(action as { type: string }).type}`);
    }
  },
  // A registration takes its settled state (its operation only times it). The group is gone when
  // its delete succeeds; when that fails, the group stays, usable again. Another provider's
  // operation that ran Resources steps leaves nothing to settle here.
  settle(op, { read, at }) {
    if (op.provider !== NAMESPACE) return {};
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
