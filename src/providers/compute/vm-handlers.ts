// A Failed scale set VM and its remedies over HTTP (seed 002, Scenario 2): the control API puts a
// VM in the state a partial disk detach leaves; `az vmss update-instances` (POST .../manualupgrade)
// and `az vm update` (PUT .../virtualMachines/{id}) start a Compute operation that brings it back.
// Compute's async contract: Azure-AsyncOperation and Location (`?monitor=true`) under its own
// locations/{l}/operations/{id}; the status body is Compute's (startTime, endTime, status, name).
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { retryAfter } from "../../arm/lro.js";
import { isActive, type OperationRecord } from "../../engine/operations.js";
import type { ProviderDeps } from "../provider.js";
import { isBad } from "./domain/control.js";
import { NAMESPACE, resourceKey, type ScaleSetRecord } from "./domain/records.js";
import { decideInstanceIds, isVmUpdateBody, parseInstanceState, strandedDiskName, updateInstancesOperation, withFailedDetach, withInstancesUpdated } from "./domain/vm-repair.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { computeLookups } from "./lookups.js";
import { getScaleSet } from "./repository.js";
import { computeFailure } from "./steps.js";
import { renderComputeOperation, renderInstance } from "./wire.js";

const { error: computeError, unwrap } = errorFactory(COMPUTE_ERRORS);

export function vmHandlers(deps: ProviderDeps) {
  const { store, engine, clock } = deps;
  const { scaleSetOf, instanceOf } = computeLookups(store);

  const statusBase = (ctx: RequestContext, op: OperationRecord) => `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/${NAMESPACE}/locations/${op.location}/operations/${op.id}`;
  const asyncHeaders = (ctx: RequestContext, op: OperationRecord): Record<string, string> => ({
    "Azure-AsyncOperation": `${statusBase(ctx, op)}?api-version=${encodeURIComponent(ctx.apiVersion)}`,
    Location: `${statusBase(ctx, op)}?monitor=true&api-version=${encodeURIComponent(ctx.apiVersion)}`,
    "Retry-After": retryAfter(clock, op),
  });
  const start = (ss: ScaleSetRecord, instanceIds: number[], ctx: RequestContext, resourceId: string, operationType: string, result: OperationRecord["result"]) => {
    const op = updateInstancesOperation({ id: deps.newId(), ss, instanceIds, now: ctx.now, resourceId, operationType, result });
    engine.commit({ operations: [op] });
    return op;
  };

  /** VirtualMachineScaleSets_UpdateInstances (`az vmss update-instances`): 202, then the instances are Succeeded. */
  const updateInstances = (ctx: RequestContext): Reply => {
    const ss = scaleSetOf(ctx);
    const ids = unwrap(decideInstanceIds(ss, ctx.body));
    const op = start(ss, ids, ctx, ss.id, "UpdateInstances", "noContent");
    return { status: 202, headers: asyncHeaders(ctx, op) };
  };

  /** VirtualMachineScaleSetVMs_Update (`az vm update` on a scale set VM): 200 Updating, then Succeeded. */
  const updateInstance = (ctx: RequestContext): Reply => {
    const { ss, instance } = instanceOf(ctx);
    if (!isVmUpdateBody(ctx.body)) throw computeError("computeRequiredParameter", { name: "parameters", target: "parameters" });
    const op = start(ss, [instance.instanceId], ctx, `${ss.id}/virtualMachines/${instance.instanceId}`, "UpdateVirtualMachine", "resource");
    return { status: 200, headers: asyncHeaders(ctx, op), body: renderInstance(ss, instance, { provisioningState: "Updating" }) };
  };

  /** GET .../locations/{l}/operations/{id}: the status body; with `monitor=true`, 202 until done, then 200. */
  const operationStatus = (ctx: RequestContext): Reply => {
    const id = ctx.params["operationId"]!;
    const op = store.get<OperationRecord>("operations", id) ?? store.get<OperationRecord>("operations", id.toLowerCase());
    if (!op || op.provider !== NAMESPACE || op.subscriptionId.toLowerCase() !== ctx.params["subscriptionId"]!.toLowerCase()) throw computeError("computeOperationNotFound");
    if (ctx.query.get("monitor")?.toLowerCase() === "true") {
      if (isActive(op)) return { status: 202, headers: { Location: `${statusBase(ctx, op)}?monitor=true&api-version=${encodeURIComponent(ctx.apiVersion)}`, "Retry-After": retryAfter(clock, op) } };
      if (op.status === "Succeeded") return { status: 200 };
    }
    return { status: 200, body: renderComputeOperation(op) };
  };

  /** PUT /_aksemu/compute/instances: a scale set VM Failed by a partial disk detach, or Succeeded again. */
  const setInstanceState = (ctx: RequestContext): Reply => {
    const req = parseInstanceState(ctx.body);
    if (isBad(req)) throw apiError("controlBadRequest", { message: req.bad });
    const key = resourceKey(req.scaleSetId);
    const ss = getScaleSet(store, key);
    const instance = ss?.instances.find((i) => i.instanceId === req.instanceId);
    if (!ss || !instance) throw apiError("controlNotFound", { message: `No scale set VM ${req.scaleSetId}/virtualMachines/${req.instanceId}: GET .../virtualMachineScaleSets/{vmss}/virtualMachines lists a scale set's VMs.` });
    let next: ScaleSetRecord;
    if (req.provisioningState === "Failed") {
      const disk = strandedDiskName(instance, req.disk);
      const e = computeFailure({ refused: "attachDiskWhileBeingDetached", params: { disk, vm: `${ss.name}_${req.instanceId}` } });
      next = withFailedDetach(ss, req.instanceId, disk, { code: e.code, message: e.message, at: ctx.now });
    } else {
      next = withInstancesUpdated(ss, [req.instanceId]);
    }
    engine.commit({ resources: [[key, next]] });
    return { status: 200, body: renderInstance(next, next.instances.find((i) => i.instanceId === req.instanceId)!, { instanceView: true }) };
  };

  return { updateInstances, updateInstance, operationStatus, setInstanceState };
}
