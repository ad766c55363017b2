// Microsoft.ContainerService's refusals of an operation the resource's state does not allow now:
// admission (seed 000: another operation in progress, power actions, a stopped or deleting
// cluster), abort (seed 001) and a manual upgrade completion with nothing waiting.
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";

export const ADMISSION_ERRORS = {
  // --- admission (seed 000) ---
  anotherOperationInProgress: entry<{ operation: string }>({ status: 409, code: "OperationNotAllowed", envelope: "aks", message: (p) => `Operation is not allowed: Another operation (${p.operation}) is in progress, ${PENDING}` }),
  anotherAgentPoolOperationInProgress: entry<{ operation: string }>({ status: 409, code: "OperationNotAllowed", envelope: "aks", message: (p) => `Operation is not allowed: Another agentpool operation (${p.operation}) is in progress, ${PENDING}` }),
  clusterOperationBlockedByAgentPool: entry<{ operation: string; pool: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Managed Cluster operation is not allowed: Another operation (${p.operation}) is in progress on agent pool (${p.pool}), ${PENDING}`,
  }),
  // The seed prints no space after "performed" before "The previous operation": kept byte for byte.
  powerActionNotAllowed: entry<{ provisioningState: string; powerState: string; action: "starting" | "stopping"; startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `managed cluster is in Provisioning State(${p.provisioningState}) and Power State(${p.powerState}), ${p.action} cannot be performed The previous operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),
  stopOnStoppedCluster: entry<{ startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `managed cluster is not currently running, stopping cannot be performed; The stop operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),
  // No real sample for start on a running cluster: mirrors the stop form above.
  startOnRunningCluster: entry<{ startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `managed cluster is already running, starting cannot be performed; The start operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),
  clusterStopped: entry<{ subscriptionId: string; resourceGroup: string }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `An error has occurred in subscription ${p.subscriptionId}, resourceGroup: ${p.resourceGroup} request: Managed Cluster is in stopped state, no operations except for start are allowed.`,
  }),
  deletionIssued: entry<{ operation: string; name: string; startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to perform '${p.operation}' operation on '${p.name}' since deletion was issued on '${p.name}'. The only allowed operation is deletion once deletion has started. The delete operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),

  // --- abort (seed 001). The REST doc says only "a 409 error code is returned"; no real body text
  // was found, so these mirror the admission texts above. ---
  nothingToAbort: entry<{ resource: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to abort operation on '${p.resource}': there is no operation in progress. Only a running operation can be aborted.`,
  }),
  alreadyAborting: entry<{ resource: string; operationId: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to abort operation on '${p.resource}': operation ${p.operationId} is already being canceled.`,
  }),
  noUpgradeToComplete: entry<{ pool: string }>({
    // No real sample found; mirrors the admission texts.
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to complete upgrade on agent pool '${p.pool}': there is no upgrade waiting for manual completion.`,
  }),
} as const;
