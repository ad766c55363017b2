// Microsoft.Compute in the activity log: its write requests named as ARM names them (operationName
// from the request's URL, providers/activity.ts): capacity reservation groups and reservations
// (PUT, DELETE), a scale set VM's update (PUT), `manualUpgrade` (POST) and a VM's update (PUT, PATCH). The engine writes the
// events (Started, then Succeeded for a synchronous write, Accepted and the operation's end for the
// long-running ones). The control API's routes are not ARM requests and are not logged.
import type { ActivityDescriber } from "../../engine/activity.js";
import { armRequestActivity } from "../activity.js";
import { NAMESPACE } from "./domain/records.js";

const CRG = `${NAMESPACE}/capacityReservationGroups`;
const VMSS = `${NAMESPACE}/virtualMachineScaleSets`;
const VM = `${NAMESPACE}/virtualMachines`;

// operationName.localizedValue: no EventData sample was found; these are the RBAC operation
// descriptions of the actions (resource-provider-operations, Microsoft.Compute) as remembered.
const DISPLAYS: Readonly<Record<string, string>> = {
  [`${CRG}/write`]: "Creates a new capacity reservation group or updates an existing capacity reservation group",
  [`${CRG}/delete`]: "Deletes the capacity reservation group",
  [`${CRG}/capacityReservations/write`]: "Create a new capacity reservation or update an existing capacity reservation",
  [`${CRG}/capacityReservations/delete`]: "Deletes the capacity reservation",
  [`${VMSS}/manualUpgrade/action`]: "Manually updates instances to latest model of the virtual machine scale set",
  [`${VMSS}/virtualMachines/write`]: "Updates the properties of a Virtual Machine in a Virtual Machine Scale Set",
  [`${VM}/write`]: "Creates a new virtual machine or updates an existing virtual machine",
};

const TYPES = ["capacityReservationGroups", "capacityReservationGroups/capacityReservations", "virtualMachineScaleSets", "virtualMachineScaleSets/virtualMachines", "virtualMachines", "availabilitySets"];

/** RBAC spells the action manualUpgrade; the URL segment is manualupgrade. */
const canonicalAction = (operation: string) => operation.replace(/\/manualupgrade\/action$/i, "/manualUpgrade/action");

export const computeActivity: ActivityDescriber = (request) => {
  const d = armRequestActivity(request, { namespace: NAMESPACE, types: TYPES });
  if (!d) return undefined;
  const operation = canonicalAction(d.operation);
  return { ...d, operation, operationDisplay: DISPLAYS[operation] ?? operation };
};
