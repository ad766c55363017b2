// What other providers may know of Microsoft.Resources: the shape of a stored resource group, and
// provider registration (another provider imports these as types only; the functions reach it
// through its deps when it needs them).
export type ResourceGroupRecord = {
  kind: "resourceGroup";
  id: string;
  subscriptionId: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  managedBy?: string;
  provisioningState: "Succeeded" | "Deleting";
  eTag?: string;
  deletion?: { operationId: string; startedAt: number };
};

export { isRegistered, registrationKey, registrationState, REGISTRATION_MS, type RegistrationRecord, type RegistrationState } from "./domain/registration.js";
export type { GroupAction, ManagedGroupSpec } from "./domain/groups.js";
