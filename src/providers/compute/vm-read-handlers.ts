// Availability sets and their VMs over HTTP, read side: VirtualMachines_Get (`$expand=instanceView`),
// _List (resource group), _ListAll (subscription), _InstanceView; AvailabilitySets_Get, _List,
// _ListBySubscription. AKS's AvailabilitySet pools write them through Compute's steps.
import { errorFactory } from "../../arm/api-error.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { page } from "../../arm/paging.js";
import type { ProviderDeps } from "../provider.js";
import type { VirtualMachineRecord } from "./domain/records.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { computeLookups } from "./lookups.js";
import { availabilitySetsOf, availabilitySetsOfGroup, vmsOf, vmsOfGroup, vmsOfSet } from "./repository.js";
import { renderAvailabilitySet, renderVirtualMachine, renderVmInstanceView } from "./vm-wire.js";

const { error: computeError } = errorFactory(COMPUTE_ERRORS);
const byId = <T extends { id: string }>(a: T, b: T) => a.id.toLowerCase().localeCompare(b.id.toLowerCase());

export function vmReadHandlers(deps: Pick<ProviderDeps, "store">) {
  const { store } = deps;
  const { sub, requireGroup, vmOf, availabilitySetOf } = computeLookups(store);
  const skipToken = (raw: string) => computeError("computeInvalidSkipToken", { skipToken: raw });
  const expands = (ctx: RequestContext) => (ctx.query.get("$expand") ?? "").toLowerCase().includes("instanceview");
  const listVms = (ctx: RequestContext, vms: VirtualMachineRecord[]) => page(ctx, vms.sort(byId), (vm) => renderVirtualMachine(vm, { instanceView: expands(ctx) }), skipToken);

  return {
    getVm: (ctx: RequestContext): Reply => ({ status: 200, body: renderVirtualMachine(vmOf(ctx), { instanceView: expands(ctx) }) }),
    vmInstanceView: (ctx: RequestContext): Reply => ({ status: 200, body: renderVmInstanceView(vmOf(ctx)) }),
    listVms: (ctx: RequestContext): Reply => listVms(ctx, vmsOfGroup(store, sub(ctx), requireGroup(ctx))),
    listAllVms: (ctx: RequestContext): Reply => listVms(ctx, vmsOf(store, sub(ctx))),
    getAvailabilitySet: (ctx: RequestContext): Reply => {
      const set = availabilitySetOf(ctx);
      return { status: 200, body: renderAvailabilitySet(set, vmsOfSet(store, set)) };
    },
    listAvailabilitySets: (ctx: RequestContext): Reply => page(ctx, availabilitySetsOfGroup(store, sub(ctx), requireGroup(ctx)).sort(byId), (s) => renderAvailabilitySet(s, vmsOfSet(store, s)), skipToken),
    listAllAvailabilitySets: (ctx: RequestContext): Reply => page(ctx, availabilitySetsOf(store, sub(ctx)).sort(byId), (s) => renderAvailabilitySet(s, vmsOfSet(store, s)), skipToken),
  };
}
