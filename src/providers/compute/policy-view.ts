// How ARM's policy engine sees Compute's records (Provider.policyView): a scale set as its wire
// form (sku.name, the VM profile), an availability set and its VMs with their size at
// properties.hardwareProfile.vmSize (where Microsoft.Compute/virtualMachines/sku.name reads it).
// Of the steps another provider runs here, only the scale set PUT (create, scale up, reconcile) is
// judged: deleting instances, deallocating and starting are POST actions ARM's deny does not see.
import type { Step } from "../../engine/operations.js";
import type { PolicyView } from "../provider.js";
import type { ScaleSetRecord } from "./domain/records.js";
import type { ComputeAction, ScaleSetModel } from "./public.js";
import { renderScaleSet } from "./wire.js";

/** The fields every tracked Compute record keeps (scale sets, availability sets, their VMs). */
type Tracked = { kind?: string; id: string; name: string; location: string; tags?: Record<string, string>; zones?: string[]; model?: ScaleSetModel };

const TYPES: Record<string, string> = { virtualMachineScaleSet: "Microsoft.Compute/virtualMachineScaleSets", availabilitySet: "Microsoft.Compute/availabilitySets", virtualMachine: "Microsoft.Compute/virtualMachines" };

export function computePolicyView(_key: string, doc: object, step?: Step): PolicyView | undefined {
  const r = doc as Tracked;
  const type = r.kind !== undefined ? TYPES[r.kind] : undefined;
  if (!type || typeof r.id !== "string") return undefined;
  if (step && (step.action as ComputeAction).type !== "putScaleSet") return undefined;
  if (r.kind === "virtualMachineScaleSet") return renderScaleSet(doc as ScaleSetRecord) as unknown as PolicyView;
  const base = { id: r.id, type, name: r.name, location: r.location, ...(r.tags ? { tags: r.tags } : {}), ...(r.zones ? { zones: r.zones } : {}) };
  if (r.kind === "availabilitySet") return { ...base, sku: { name: "Aligned" }, properties: { platformFaultDomainCount: 2, platformUpdateDomainCount: 3 } };
  return { ...base, properties: { hardwareProfile: { vmSize: r.model?.vmSize }, storageProfile: { imageReference: { id: r.model?.imageId } } } };
}
