// The engine's way into Microsoft.Compute: apply a step another provider's plan hands it (AKS:
// create and scale a pool's scale set or availability set, delete VMs, deallocate and start), or
// one of Compute's own (an update of VMs, a capacity reservation's allocation or release). An
// adapter: the rules are in domain/. A refusal fails the step with Compute's error, worded by the
// operation's owner when it words failures of the steps it delegates (Provider.stepFailure).
import type { OperationError, OperationRecord } from "../../engine/operations.js";
import type { Change, StepResult, StepRunner } from "../../engine/step-runner.js";
import type { Reader } from "../../store/store.js";
import type { Provider } from "../provider.js";
import type { ComputeAction } from "./public.js";
import { applyComputeStep } from "./domain/apply-step.js";
import { scaleSetIdParts, type Fleet } from "./domain/records.js";
import { applyReservationStep, withFailedAllocation, type ReservationAction } from "./domain/reservations.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { fleetWrites, getFleet } from "./repository.js";
import { getReservation } from "./reservation-repository.js";
import { allocationContext, movedByReservation, movedTotal, reservationContext } from "./usage-index.js";
import type { ComputeRefusal } from "./domain/quota.js";

/** Compute's own error for a refusal (the text of its catalog entry). */
export function computeFailure(refusal: ComputeRefusal): OperationError {
  const e = COMPUTE_ERRORS[refusal.refused] as { code: string; message: (p: unknown) => string };
  return { code: e.code, message: e.message(refusal.params) };
}

const isReservationAction = (a: ComputeAction | ReservationAction): a is ReservationAction => a.type === "allocateReservation" || a.type === "releaseReservation";
const subscriptionOf = (id: string) => /^\/subscriptions\/([^/]+)\//i.exec(id)![1]!;

/** A reservation's step: allocation moves the location's total by what it holds now; a refusal leaves it Failed. */
function reservationStep(read: Reader, key: string, action: ReservationAction): StepResult {
  const before = getReservation(read, key);
  if (!before) return { change: {} };
  const sub = subscriptionOf(before.id);
  const outcome = applyReservationStep(before, action, () => reservationContext(read, sub, before));
  if ("refused" in outcome) return { error: computeFailure(outcome), change: { resources: [[key, withFailedAllocation(before)]] } };
  const total = movedByReservation(read, sub, before, outcome.reservation);
  return { change: { resources: [[key, outcome.reservation]], ...(total ? { meta: [total] } : {}) } };
}

/**
 * The instances a step deletes from a scale set that stays (scale in, a node's VM deleted): ARM sees
 * `DELETE .../virtualMachines/{id}` where the store sees the scale set rewritten, so the step says so
 * for ARM's guard rails (a lock refuses deletes). An availability set's VMs are documents of their own.
 */
function removedInstances(key: string, before: Fleet | undefined, after: Fleet | undefined): { removes?: string[] } {
  if (before?.kind !== "virtualMachineScaleSet" || after === undefined) return {};
  const kept = new Set(after.instances.map((i) => i.instanceId));
  const removes = before.instances.filter((i) => !kept.has(i.instanceId)).map((i) => `${key}/virtualmachines/${i.instanceId}`);
  return removes.length > 0 ? { removes } : {};
}

/** `providers` is the provider list, read when a step fails (the list holds this runner too). */
export function computeSteps(providers: () => readonly Provider[]): StepRunner {
  return {
    apply(step, { read, op, at }) {
      const action = step.action as ComputeAction | ReservationAction;
      const key = step.target ?? op.parent;
      if (isReservationAction(action)) return reservationStep(read, key, action);
      const before = getFleet(read, key);
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
      return { change: { resources: fleetWrites(read, key, before, outcome.scaleSet), ...(total ? { meta: [total] } : {}) }, ...removedInstances(key, before, outcome.scaleSet) };
    },
    // A fleet is as its last step left it. A reservation whose own operation ended without its
    // step (a fault, an abort) is Failed rather than left Creating, Updating or Deleting.
    settle(op: OperationRecord, { read }): Change {
      if (op.status === "Succeeded" || op.provider.toLowerCase() !== "microsoft.compute") return {};
      const r = getReservation(read, op.parent);
      return r && r.provisioningState !== "Succeeded" && r.provisioningState !== "Failed" ? { resources: [[op.parent, withFailedAllocation(r)]] } : {};
    },
  };
}
