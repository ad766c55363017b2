// A Failed node VM and its remedies over HTTP (seed 002, Scenario 2): the control API puts a VM in
// the state a partial disk detach leaves; for a scale set VM `az vmss update-instances` (POST
// .../manualupgrade) and an update of the VM (PUT .../virtualMachines/{id}), for an availability
// set's VM `az vm update` (PUT .../virtualMachines/{name}, the VM as GET showed it) and a PATCH,
// start a Compute operation that brings it back. Compute's async contract: Azure-AsyncOperation
// and Location (`?monitor=true`) under its own locations/{l}/operations/{id} (the spec declares
// Location and Retry-After for VirtualMachines_CreateOrUpdate and _Update; Compute sends both
// URLs); the status body is Compute's (startTime, endTime, status, name).
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { retryAfter } from "../../arm/lro.js";
import { checkConditions } from "../../arm/conditions.js";
import { isObject, type Json } from "../../arm/json.js";
import { normalizeLocation } from "../../arm/locations.js";
import { isActive, type OperationRecord } from "../../engine/operations.js";
import type { ProviderDeps } from "../provider.js";
import { isBad } from "../../arm/json.js";
import { NAMESPACE, resourceKey, type Fleet, type VirtualMachineRecord } from "./domain/records.js";
import { decideInstanceIds, isVmUpdateBody, parseInstanceState, strandedDiskName, updateInstancesOperation, withFailedDetach, withInstancesUpdated, type VmRef } from "./domain/vm-repair.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { computeLookups } from "./lookups.js";
import { computeLro } from "./lro.js";
import { fleetWrites, getFleet, getVirtualMachine } from "./repository.js";
import { computeFailure } from "./steps.js";
import { renderVirtualMachine } from "./vm-wire.js";
import { renderComputeOperation, renderInstance } from "./wire.js";

const { error: computeError, unwrap } = errorFactory(COMPUTE_ERRORS);

/** Renders the resource an operation of Compute's ended on (by its id), for the final GET of a client polling Location. */
export type ResourceRenderer = (resourceId: string) => Json | undefined;

export function vmHandlers(deps: ProviderDeps, others: readonly ResourceRenderer[] = []) {
  const { store, engine, clock } = deps;
  const { scaleSetOf, instanceOf, vmOf } = computeLookups(store);

  const { asyncHeaders, monitorUrl } = computeLro(clock);
  const start = (ss: Fleet, instanceIds: number[], ctx: RequestContext, resourceId: string, operationType: string, result: OperationRecord["result"]) => {
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

  /**
   * VirtualMachines_CreateOrUpdate on an existing VM (`az vm update`: the VM as GET showed it, image
   * reference cleared) and VirtualMachines_Update (PATCH): 200 Updating with the status URLs, then
   * the VM is Succeeded, a half-done detach completed. The VM keeps AKS's model: a body that would
   * move it or resize it is refused rather than ignored.
   */
  const updateVm = (mode: "put" | "patch") => (ctx: RequestContext): Reply => {
    const vm = vmOf(ctx, { forUpdate: mode === "put" });
    checkConditions(ctx, vm.eTag, { allowIfNoneMatch: mode === "put" });
    if (!isVmUpdateBody(ctx.body)) throw computeError("computeRequiredParameter", { name: "parameters", target: "parameters" });
    const body = ctx.body as Record<string, unknown>;
    if (typeof body["location"] === "string" && normalizeLocation(body["location"]) !== normalizeLocation(vm.location)) {
      throw apiError("invalidResourceLocation", { name: vm.name, existing: vm.location, requested: body["location"], resourceGroup: vm.resourceGroup });
    }
    const hardware = isObject(body["properties"]) ? body["properties"]["hardwareProfile"] : undefined;
    const size = isObject(hardware) ? hardware["vmSize"] : undefined;
    if (size !== undefined && (typeof size !== "string" || size.toLowerCase() !== vm.model.vmSize.toLowerCase())) throw computeError("vmResizeNotEmulated", { vmSize: String(size), current: vm.model.vmSize });
    const set = getFleet(store, resourceKey(vm.availabilitySetId))!;
    const op = start(set, [vm.instance.instanceId], ctx, vm.id, "UpdateVirtualMachine", "resource");
    return { status: 200, headers: asyncHeaders(ctx, op), body: renderVirtualMachine(vm, { provisioningState: "Updating" }) };
  };

  /** A VM (standalone, or a scale set's) by id, as a GET answers it. */
  const renderVmAt: ResourceRenderer = (id) => {
    const vm = getVirtualMachine(store, resourceKey(id));
    if (vm) return renderVirtualMachine(vm);
    const ref = /^(.*)\/virtualMachines\/(\d+)$/i.exec(id);
    const ss = ref ? getFleet(store, resourceKey(ref[1]!)) : undefined;
    const instance = ss?.kind === "virtualMachineScaleSet" ? ss.instances.find((i) => i.instanceId === Number(ref![2])) : undefined;
    return ss?.kind === "virtualMachineScaleSet" && instance ? renderInstance(ss, instance) : undefined;
  };

  /** GET .../locations/{l}/operations/{id}: the status body; with `monitor=true`, 202 until done, then 200. */
  const operationStatus = (ctx: RequestContext): Reply => {
    const id = ctx.params["operationId"]!;
    const op = store.get<OperationRecord>("operations", id) ?? store.get<OperationRecord>("operations", id.toLowerCase());
    if (!op || op.provider !== NAMESPACE || op.subscriptionId.toLowerCase() !== ctx.params["subscriptionId"]!.toLowerCase()) throw computeError("computeOperationNotFound");
    if (ctx.query.get("monitor")?.toLowerCase() === "true") {
      if (isActive(op)) return { status: 202, headers: { Location: monitorUrl(ctx, op), "Retry-After": retryAfter(clock, op) } };
      // Location is where a client polling it reads the result (the SDKs' final-state "location" for
      // VirtualMachines_Update and CapacityReservations_CreateOrUpdate): the resource, or nothing.
      if (op.status === "Succeeded") {
        const body = op.result === "resource" ? [renderVmAt, ...others].map((r) => r(op.resourceId)).find((b) => b !== undefined) : undefined;
        return body === undefined ? { status: 200 } : { status: 200, body };
      }
    }
    return { status: 200, body: renderComputeOperation(op) };
  };

  /** The fleet a VM reference names and the VM's instance id in it (a standalone VM belongs to its availability set). */
  const locateVm = (ref: VmRef): { key: string; fleet: Fleet; instanceId: number; vm?: VirtualMachineRecord } | undefined => {
    if ("scaleSetId" in ref) {
      const key = resourceKey(ref.scaleSetId);
      const fleet = getFleet(store, key);
      return fleet?.kind === "virtualMachineScaleSet" && fleet.instances.some((i) => i.instanceId === ref.instanceId) ? { key, fleet, instanceId: ref.instanceId } : undefined;
    }
    const vm = getVirtualMachine(store, resourceKey(ref.vmId));
    const key = vm && resourceKey(vm.availabilitySetId);
    const fleet = key ? getFleet(store, key) : undefined;
    return vm && key && fleet ? { key, fleet, instanceId: vm.instance.instanceId, vm } : undefined;
  };

  /** PUT /_aksemu/compute/instances: a node VM Failed by a partial disk detach, or Succeeded again. */
  const setInstanceState = (ctx: RequestContext): Reply => {
    const req = parseInstanceState(ctx.body);
    if (isBad(req)) throw apiError("controlBadRequest", { message: req.bad });
    const found = locateVm(req);
    if (!found) {
      const what = "scaleSetId" in req ? `scale set VM ${req.scaleSetId}/virtualMachines/${req.instanceId}: GET .../virtualMachineScaleSets/{vmss}/virtualMachines lists a scale set's VMs.` : `VM ${req.vmId}: GET .../providers/Microsoft.Compute/virtualMachines lists a resource group's VMs.`;
      throw apiError("controlNotFound", { message: `No ${what}` });
    }
    const { key, fleet, instanceId } = found;
    let next: Fleet;
    if (req.provisioningState === "Failed") {
      const instance = fleet.instances.find((i) => i.instanceId === instanceId)!;
      const disk = strandedDiskName(instance, req.disk);
      const e = computeFailure({ refused: "attachDiskWhileBeingDetached", params: { disk, vm: found.vm?.name ?? `${fleet.name}_${instanceId}` } });
      next = withFailedDetach(fleet, instanceId, disk, { code: e.code, message: e.message, at: ctx.now });
    } else {
      next = withInstancesUpdated(fleet, [instanceId]);
    }
    engine.commit({ resources: fleetWrites(store, key, fleet, next) });
    if (found.vm) return { status: 200, body: renderVirtualMachine(getVirtualMachine(store, resourceKey(found.vm.id))!, { instanceView: true }) };
    return { status: 200, body: renderInstance(next as Extract<Fleet, { kind: "virtualMachineScaleSet" }>, next.instances.find((i) => i.instanceId === instanceId)!, { instanceView: true }) };
  };

  return { updateInstances, updateInstance, updateVm: updateVm("put"), patchVm: updateVm("patch"), operationStatus, setInstanceState };
}
