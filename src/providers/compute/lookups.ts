// What Compute's handlers look up from a request: the resource group, a scale set (ResourceNotFound
// as ARM answers), a scale set as the parent of its VMs (ParentResourceNotFound), one of its VMs.
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { RequestContext } from "../../arm/http.js";
import { groupKey } from "../../arm/ids.js";
import type { Reader } from "../../store/store.js";
import { resourceKey, type ScaleSetRecord } from "./domain/records.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { getScaleSet } from "./repository.js";

const { error: computeError } = errorFactory(COMPUTE_ERRORS);
export const SCALE_SETS = "Microsoft.Compute/virtualMachineScaleSets";

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
    if (!ss) throw computeError("parentResourceNotFound", { parent: name });
    return ss;
  };
  const instanceOf = (ctx: RequestContext) => {
    const ss = parentOf(ctx);
    const raw = ctx.params["instanceId"]!;
    const instance = /^\d+$/.test(raw) ? ss.instances.find((i) => i.instanceId === Number(raw)) : undefined;
    if (!instance) throw apiError("resourceNotFound", { type: SCALE_SETS, name: `${ss.name}/virtualMachines/${raw}`, resourceGroup: ss.resourceGroup });
    return { ss, instance };
  };
  return { sub, requireGroup, scaleSetOf, parentOf, instanceOf };
}
