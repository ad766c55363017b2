// The front door's errors (ARM gateway, generic resource errors, conditional requests, control
// API) as data. Providers keep their own catalogs (`providers/<p>/errors.ts`); docs list them all.
// Texts are real AKS/ARM texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte;
// where no real sample exists the entry says so and mirrors the nearest real form.
import { errorFactory } from "./api-error.js";
import { entry } from "./catalog.js";

export const ARM_ERRORS = {
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
  resourceGroupBeingDeleted: entry<{ resourceGroup: string }>({
    status: 409, code: "ResourceGroupBeingDeleted", envelope: "arm",
    message: (p) => `The resource group '${p.resourceGroup}' is in deprovisioning state and cannot perform this operation.`,
  }),
  locationNotAvailable: entry<{ location: string; type: string; locations: readonly string[] }>({
    status: 400, code: "LocationNotAvailableForResourceType", envelope: "gateway",
    message: (p) => `The provided location '${p.location}' is not available for resource type '${p.type}'. List of available regions for the resource type is '${p.locations.join(",")}'.`,
  }),
  invalidResourceLocation: entry<{ name: string; existing: string; requested: string; resourceGroup: string }>({
    status: 409, code: "InvalidResourceLocation", envelope: "arm",
    message: (p) => `The resource '${p.name}' already exists in location '${p.existing}' in resource group '${p.resourceGroup}'. A resource with the same name cannot be created in location '${p.requested}'. Please select a new resource name.`,
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

  // --- control API ---
  controlBadRequest: entry<{ message: string }>({ status: 400, code: "BadRequest", envelope: "arm", message: (p) => p.message }),
  controlConflict: entry<{ message: string }>({ status: 409, code: "Conflict", envelope: "arm", message: (p) => p.message }),
  controlNotFound: entry<{ message: string }>({ status: 404, code: "NotFound", envelope: "arm", message: (p) => p.message }),
  clockNotManual: entry<{ mode: string }>({ status: 409, code: "ClockNotManual", envelope: "arm", message: (p) => `The clock is in ${p.mode} mode; only a manual clock can be advanced. Start aksemu with --clock manual.` }),
} as const;

export const { error: apiError } = errorFactory(ARM_ERRORS);
