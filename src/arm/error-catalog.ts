// Every error aksemu can answer with, as data: HTTP status, wire code, envelope and message.
// Texts are real AKS/ARM texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte;
// where no real sample exists the entry says so and mirrors the nearest real form.
//
// Envelopes, as Azure really sends them:
// - "gateway": ARM front door, `{"error":{code,message}}` plus `x-ms-failure-cause: gateway`.
// - "arm": wrapped `{"error":{...}}` from a resource provider (ARM-style RPs, resource groups).
// - "aks": the AKS resource provider's bare body `{"code","details","message","subcode"[,"target"]}`.
export type Envelope = "gateway" | "arm" | "aks";

type Entry<P> = { status: number; code: string; envelope: Envelope; message: (p: P) => string };
const entry = <P = Record<string, never>>(e: Entry<P>) => e;

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";
const SUPPORTED_VERSIONS_LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";

export const ERROR_CATALOG = {
  // --- authentication (ARM gateway) ---
  authorizationHeaderMissing: entry({ status: 401, code: "AuthenticationFailed", envelope: "gateway", message: () => "Authentication failed. The 'Authorization' header is missing." }),
  authorizationHeaderInvalid: entry({ status: 401, code: "AuthenticationFailedInvalidHeader", envelope: "gateway", message: () => "Authentication failed. The 'Authorization' header is provided in an invalid format." }),
  invalidAuthenticationToken: entry<{ message: string }>({ status: 401, code: "InvalidAuthenticationToken", envelope: "gateway", message: (p) => p.message }),
  expiredAuthenticationToken: entry<{ message: string }>({ status: 401, code: "ExpiredAuthenticationToken", envelope: "gateway", message: (p) => p.message }),

  // --- request shape (ARM gateway) ---
  missingApiVersion: entry({ status: 400, code: "MissingApiVersionParameter", envelope: "gateway", message: () => "The api-version query parameter (?api-version=) is required for all requests." }),
  noRegisteredProvider: entry<{ location: string; apiVersion: string; type: string; supported: readonly string[]; locations: readonly string[] }>({
    status: 400, code: "NoRegisteredProviderFound", envelope: "gateway",
    message: (p) => `No registered resource provider found for location '${p.location}' and API version '${p.apiVersion}' for type '${p.type}'. The supported api-versions are '${p.supported.join(", ")}'. The supported locations are '${p.locations.join(", ")}'.`,
  }),
  invalidApiVersion: entry<{ apiVersion: string; supported: readonly string[] }>({
    status: 400, code: "InvalidApiVersionParameter", envelope: "gateway",
    message: (p) => `The api-version '${p.apiVersion}' is invalid. The supported versions are '${p.supported.join(",")}'.`,
  }),
  invalidResourceType: entry<{ type: string; namespace: string; apiVersion: string }>({
    status: 400, code: "InvalidResourceType", envelope: "gateway",
    message: (p) => `The resource type '${p.type}' could not be found in the namespace '${p.namespace}' for api version '${p.apiVersion}'.`,
  }),
  // Not a real sample for an unknown path: ARM answers unknown routes with NotFound-style gateway errors.
  routeNotFound: entry<{ path: string }>({ status: 404, code: "NotFound", envelope: "gateway", message: (p) => `The requested resource '${p.path}' does not exist.` }),
  methodNotAllowed: entry<{ method: string }>({ status: 405, code: "MethodNotAllowed", envelope: "gateway", message: (p) => `The requested resource does not support http method '${p.method}'.` }),
  invalidRequestContent: entry<{ message: string }>({ status: 400, code: "InvalidRequestContent", envelope: "gateway", message: (p) => p.message }),
  invalidRequestUri: entry<{ path: string }>({ status: 400, code: "InvalidRequestUri", envelope: "gateway", message: (p) => `The request URI '${p.path}' is invalid: it is not a valid percent-encoded path.` }),
  invalidJson: entry<{ detail: string }>({
    status: 400, code: "InvalidRequestContent", envelope: "gateway",
    message: (p) => `The request content was invalid and could not be deserialized: '${p.detail}'.`,
  }),
  requestTooLarge: entry<{ limitMb: number }>({ status: 413, code: "RequestEntityTooLarge", envelope: "gateway", message: (p) => `The request content size exceeds the maximum size of ${p.limitMb} MB.` }),
  invalidSubscriptionId: entry<{ subscriptionId: string }>({ status: 400, code: "InvalidSubscriptionId", envelope: "gateway", message: (p) => `The provided subscription identifier '${p.subscriptionId}' is malformed or invalid.` }),
  subscriptionNotFound: entry<{ subscriptionId: string }>({ status: 404, code: "SubscriptionNotFound", envelope: "gateway", message: (p) => `The subscription '${p.subscriptionId}' could not be found.` }),

  // --- resources ---
  resourceGroupNotFound: entry<{ resourceGroup: string }>({ status: 404, code: "ResourceGroupNotFound", envelope: "gateway", message: (p) => `Resource group '${p.resourceGroup}' could not be found.` }),
  resourceNotFound: entry<{ type: string; name: string; resourceGroup: string }>({
    status: 404, code: "ResourceNotFound", envelope: "gateway",
    message: (p) => `The Resource '${p.type}/${p.name}' under resource group '${p.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  }),
  // Real AKS answers a missing agent pool / operation with NotFound from the RP.
  childNotFound: entry<{ what: string }>({ status: 404, code: "NotFound", envelope: "aks", message: (p) => p.what }),
  invalidResourceGroupLocation: entry<{ resourceGroup: string; existing: string; requested: string }>({
    status: 409, code: "InvalidResourceGroupLocation", envelope: "arm",
    message: (p) => `Invalid resource group location '${p.requested}'. The Resource group already exists in location '${p.existing}'.`,
  }),
  resourceGroupBeingDeleted: entry<{ resourceGroup: string }>({
    status: 409, code: "ResourceGroupBeingDeleted", envelope: "arm",
    message: (p) => `The resource group '${p.resourceGroup}' is in deprovisioning state and cannot perform this operation.`,
  }),
  invalidResourceGroupName: entry<{ name: string }>({
    status: 400, code: "InvalidResourceGroupName", envelope: "gateway",
    message: (p) => `Resource group name '${p.name}' is invalid. The name can be up to 90 characters in length and can contain alphanumeric characters, underscores, parentheses, hyphens, and periods but cannot end with a period.`,
  }),
  locationNotAvailable: entry<{ location: string; type: string; locations: readonly string[] }>({
    status: 400, code: "LocationNotAvailableForResourceType", envelope: "gateway",
    message: (p) => `The provided location '${p.location}' is not available for resource type '${p.type}'. List of available regions for the resource type is '${p.locations.join(",")}'.`,
  }),
  invalidResourceLocation: entry<{ name: string; existing: string; requested: string; resourceGroup: string }>({
    status: 409, code: "InvalidResourceLocation", envelope: "arm",
    message: (p) => `The resource '${p.name}' already exists in location '${p.existing}' in resource group '${p.resourceGroup}'. A resource with the same name cannot be created in location '${p.requested}'. Please select a new resource name.`,
  }),
  locationNotAvailableForResourceGroup: entry<{ location: string; locations: readonly string[] }>({
    status: 400, code: "LocationNotAvailableForResourceGroup", envelope: "gateway",
    message: (p) => `The provided location '${p.location}' is not available for resource group. List of available regions is '${p.locations.join(",")}'.`,
  }),
  locationRequired: entry({ status: 400, code: "LocationRequired", envelope: "arm", message: () => "The location property is required for this definition." }),

  // --- conditional requests (AKS use-etags doc: 412 Precondition Failed; both headers / bad If-None-Match: BadRequest) ---
  preconditionFailed: entry<{ given: string; current: string }>({
    status: 412, code: "PreconditionFailed", envelope: "aks",
    message: (p) => `Operation failed because of etag mismatch: if-match '${p.given}' does not match the current etag '${p.current}'.`,
  }),
  preconditionFailedExists: entry({ status: 412, code: "PreconditionFailed", envelope: "aks", message: () => "Operation failed because the resource already exists and if-none-match '*' was specified." }),
  preconditionFailedMissing: entry({ status: 412, code: "PreconditionFailed", envelope: "aks", message: () => "Operation failed because the resource does not exist and if-match was specified." }),
  conditionalHeadersInvalid: entry<{ detail: string }>({ status: 400, code: "BadRequest", envelope: "aks", message: (p) => p.detail }),

  // --- AKS validation ---
  invalidParameter: entry<{ message: string; target: string }>({ status: 400, code: "InvalidParameter", envelope: "aks", message: (p) => p.message }),
  invalidClusterName: entry<{ target: string }>({ status: 400, code: "InvalidParameter", envelope: "aks", message: () => "The value of parameter name is invalid. Please see https://aka.ms/aks-naming-rules for more details." }),
  invalidAgentPoolName: entry<{ target: string }>({ status: 400, code: "InvalidParameter", envelope: "aks", message: () => "The value of parameter agentPoolProfile.name is invalid. Please see https://aka.ms/aks-naming-rules for more details." }),
  invalidNodeCount: entry<{ path: string; count: number; min: number }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `${p.path} was ${p.count}. It must be greater or equal to minCount:${p.min} and less than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.`,
  }),
  k8sVersionNotSupported: entry<{ name: string; version: string }>({
    status: 400, code: "K8sVersionNotSupported", envelope: "aks",
    message: (p) => `Managed cluster ${p.name} is on version ${p.version} which is not supported in this region. ${SUPPORTED_VERSIONS_LINK}`,
  }),
  agentPoolK8sVersionNotSupported: entry<{ version: string }>({
    status: 400, code: "AgentPoolK8sVersionNotSupported", envelope: "aks",
    message: (p) => `Version ${p.version} is not supported in this region. ${SUPPORTED_VERSIONS_LINK}`,
  }),
  upgradeSkipsMinor: entry<{ from: string; to: string; available: readonly string[] }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Upgrading Kubernetes version ${p.from} to ${p.to} is not allowed. Available upgrades: [${p.available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  }),
  downgradeNotAllowed: entry<{ from: string; to: string; available: readonly string[] }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Downgrading Kubernetes version ${p.from} to ${p.to} is not allowed. Available upgrades: [${p.available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  }),
  nodePoolVersionIncompatible: entry<{ pool: string; control: string; poolMinor: number; controlMinor: number }>({
    status: 400, code: "NodePoolMcVersionIncompatible", envelope: "aks",
    message: (p) => `Node pool version ${p.pool} and control plane version ${p.control} is incompatible. Minor version of node pool cannot be more than 3 versions less than control plane's version. Minor version of node pool is ${p.poolMinor} and control plane is ${p.controlMinor}. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).`,
  }),
  notAllAgentPoolOrchestratorVersions: entry({
    status: 400, code: "NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged", envelope: "aks",
    message: () => "Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all specified, they must be stay unchanged or the same with control plane. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api",
  }),
  poolVersionAboveControlPlane: entry<{ pool: string; control: string }>({
    // No real sample found; mirrors the NodePoolMcVersionIncompatible form.
    status: 400, code: "NodePoolMcVersionIncompatible", envelope: "aks",
    message: (p) => `Node pool version ${p.pool} and control plane version ${p.control} is incompatible. Node pool version cannot be greater than control plane version. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).`,
  }),
  systemPoolRequired: entry({
    // No real sample found; the rule (a cluster keeps at least one System pool) is documented by AKS.
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: () => "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details.",
  }),
  cannotDeleteLastSystemPool: entry<{ pool: string }>({
    // No real sample found; mirrors AKS's wording for system pool rules.
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Cannot delete agent pool '${p.pool}': it is the last System mode agent pool of the managed cluster. Please see https://aka.ms/aks/nodepool/mode for more details.`,
  }),

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

  // --- control API ---
  controlBadRequest: entry<{ message: string }>({ status: 400, code: "BadRequest", envelope: "arm", message: (p) => p.message }),
  controlConflict: entry<{ message: string }>({ status: 409, code: "Conflict", envelope: "arm", message: (p) => p.message }),
  controlNotFound: entry<{ message: string }>({ status: 404, code: "NotFound", envelope: "arm", message: (p) => p.message }),
  clockNotManual: entry<{ mode: string }>({ status: 409, code: "ClockNotManual", envelope: "arm", message: (p) => `The clock is in ${p.mode} mode; only a manual clock can be advanced. Start aksemu with --clock manual.` }),
} as const;

export type ErrorKey = keyof typeof ERROR_CATALOG;
type ParamsOf<K extends ErrorKey> = Parameters<(typeof ERROR_CATALOG)[K]["message"]>[0];

/** A typed API error: the only way a handler produces a non-2xx answer. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly envelope: Envelope;
  readonly target: string | undefined;
  readonly key: ErrorKey;
  constructor(key: ErrorKey, message: string, target?: string) {
    const e = ERROR_CATALOG[key];
    super(message);
    this.key = key;
    this.status = e.status;
    this.code = e.code;
    this.envelope = e.envelope;
    this.target = target;
  }
}

export function apiError<K extends ErrorKey>(key: K, ...args: ParamsOf<K> extends Record<string, never> ? [] : [ParamsOf<K>]): ApiError {
  const e = ERROR_CATALOG[key] as Entry<unknown>;
  const params = (args[0] ?? {}) as { target?: string };
  return new ApiError(key, e.message(params), typeof params.target === "string" ? params.target : undefined);
}

/** Renders the wire body for an error (the key order is the one Azure prints). */
export function errorBody(err: ApiError): unknown {
  if (err.envelope === "aks") {
    const body: Record<string, unknown> = { code: err.code, details: null, message: err.message, subcode: "" };
    if (err.target !== undefined) body["target"] = err.target;
    return body;
  }
  const inner: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.target !== undefined) inner["target"] = err.target;
  return { error: inner };
}
