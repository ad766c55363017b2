// What Compute's handlers look up from a request: the resource group, a scale set (ResourceNotFound
// as ARM answers), a scale set as the parent of its VMs (ParentResourceNotFound), one of its VMs,
// an availability set, a standalone VM.
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { RequestContext } from "../../arm/http.js";
import { groupKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import { resourceKey, type AvailabilitySetRecord, type ScaleSetRecord, type VirtualMachineRecord } from "./domain/records.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { getAvailabilitySet, getScaleSet, getVirtualMachine } from "./repository.js";

const { error: computeError } = errorFactory(COMPUTE_ERRORS);
export const SCALE_SETS = "Microsoft.Compute/virtualMachineScaleSets";
export const VIRTUAL_MACHINES = "Microsoft.Compute/virtualMachines";
export const AVAILABILITY_SETS = "Microsoft.Compute/availabilitySets";

export function computeLookups(store: Reader) {
  const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;
  const requireGroup = (ctx: RequestContext) => {
    const rg = ctx.params["resourceGroupName"]!;
    if (!store.get("resources", groupKey(sub(ctx), rg))) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
    return rg;
  };
  const find = (ctx: RequestContext) => {
    const rg = requireGroup(ctx);
    const name = ctx.params["vmScaleSetName"]!;
    return { rg, name, ss: getScaleSet(store, resourceKey(`/subscriptions/${sub(ctx)}/resourceGroups/${rg}/providers/${SCALE_SETS}/${name}`)) };
  };
  const scaleSetOf = (ctx: RequestContext): ScaleSetRecord => {
    const { rg, name, ss } = find(ctx);
    if (!ss) throw apiError("resourceNotFound", { type: SCALE_SETS, name, resourceGroup: rg });
    return ss;
  };
  /** A scale set's VMs answer for their parent: a missing scale set is ParentResourceNotFound. */
  const parentOf = (ctx: RequestContext): ScaleSetRecord => {
    const { name, ss } = find(ctx);
    if (!ss) throw apiError("parentResourceNotFound", { parent: name });
    return ss;
  };
  const instanceOf = (ctx: RequestContext) => {
    const ss = parentOf(ctx);
    const raw = ctx.params["instanceId"]!;
    const instance = /^\d+$/.test(raw) ? ss.instances.find((i) => i.instanceId === Number(raw)) : undefined;
    if (!instance) throw apiError("resourceNotFound", { type: SCALE_SETS, name: `${ss.name}/virtualMachines/${raw}`, resourceGroup: ss.resourceGroup });
    return { ss, instance };
  };
  const idIn = (ctx: RequestContext, rg: string, type: string, name: string) => resourceKey(`/subscriptions/${sub(ctx)}/resourceGroups/${rg}/providers/${type}/${name}`);
  /** A standalone VM; a PUT of one that does not exist would create a VM, which the emulator does not. */
  const vmOf = (ctx: RequestContext, opts: { forUpdate?: boolean } = {}): VirtualMachineRecord => {
    const rg = requireGroup(ctx);
    const name = ctx.params["vmName"]!;
    const vm = getVirtualMachine(store, idIn(ctx, rg, VIRTUAL_MACHINES, name));
    if (!vm && opts.forUpdate) throw computeError("vmCreateNotEmulated", { name });
    if (!vm) throw apiError("resourceNotFound", { type: VIRTUAL_MACHINES, name, resourceGroup: rg });
    return vm;
  };
  const availabilitySetOf = (ctx: RequestContext): AvailabilitySetRecord => {
    const rg = requireGroup(ctx);
    const name = ctx.params["availabilitySetName"]!;
    const set = getAvailabilitySet(store, idIn(ctx, rg, AVAILABILITY_SETS, name));
    if (!set) throw apiError("resourceNotFound", { type: AVAILABILITY_SETS, name, resourceGroup: rg });
    return set;
  };
  return { sub, requireGroup, scaleSetOf, parentOf, instanceOf, vmOf, availabilitySetOf };
}
