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
  // 401 with this code and text: hashicorp/go-azure-helpers#51 (audience 'https://graph.windows.net/'),
  // microsoft/azure-tools-for-java#2341 and Azure-Samples/active-directory-dotnetcore-daemon-v2#145.
  invalidAuthenticationTokenAudience: entry<{ audience: string }>({
    status: 401, code: "InvalidAuthenticationTokenAudience", envelope: "gateway",
    message: (p) => `The access token has been obtained for wrong audience or resource '${p.audience}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
  }),
  // 401 with this code and text: Azure/LogicAppsUX#9068 (2026), microsoft/vscode-azureappservice#2095,
  // bradygaster-zz/azure-tools-vscode#44. ARM names its v1 issuers ('https://sts.windows.net/{tid}/')
  // and authority ('https://login.windows.net/{tid}'); aksemu names its own issuer and authority. The
  // control API (no subscription) answers the same text: no real sample exists for it.
  invalidAuthenticationTokenTenant: entry<{ issuer: string; expectedIssuer: string; authority: string }>({
    status: 401, code: "InvalidAuthenticationTokenTenant", envelope: "gateway",
    message: (p) => `The access token is from the wrong issuer '${p.issuer}'. It must match the tenant '${p.expectedIssuer}' associated with this subscription. Please use the authority (URL) '${p.authority}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
  }),

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
  // No real ARM sample for an undecodable path: the code is the one the issue names (InvalidUri, as
  // Azure Storage spells it); the text says what is wrong.
  invalidRequestUri: entry<{ path: string }>({ status: 400, code: "InvalidUri", envelope: "gateway", message: (p) => `The request URI '${p.path}' is invalid: it is not a valid percent-encoded path.` }),
  invalidJson: entry<{ detail: string }>({
    status: 400, code: "InvalidRequestContent", envelope: "gateway",
    message: (p) => `The request content was invalid and could not be deserialized: '${p.detail}'.`,
  }),
  requestTooLarge: entry<{ limitMb: number }>({ status: 413, code: "RequestEntityTooLarge", envelope: "gateway", message: (p) => `The request content size exceeds the maximum size of ${p.limitMb} MB.` }),
  invalidSubscriptionId: entry<{ subscriptionId: string }>({ status: 400, code: "InvalidSubscriptionId", envelope: "gateway", message: (p) => `The provided subscription identifier '${p.subscriptionId}' is malformed or invalid.` }),
  // ARM's gate before any resource provider (dotnet/core#3276, azure-cli#21899; ERROR-TEXTS.md).
  // 409 as Terraform and the Go SDK print it ("StatusCode=409 ... MissingSubscriptionRegistration");
  // the real body also repeats the message in `details` with the namespace as target.
  missingSubscriptionRegistration: entry<{ namespace: string }>({
    status: 409, code: "MissingSubscriptionRegistration", envelope: "gateway",
    message: (p) => `The subscription is not registered to use namespace '${p.namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
  }),
  // Real: Terraform/Go SDK outputs ("Status=409 Code=\"ReadOnlyDisabledSubscription\"" on a group
  // create and on a provider register), ERROR-TEXTS.md.
  readOnlyDisabledSubscription: entry<{ subscriptionId: string }>({
    status: 409, code: "ReadOnlyDisabledSubscription", envelope: "gateway",
    message: (p) => `The subscription '${p.subscriptionId}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`,
  }),
  subscriptionNotFound: entry<{ subscriptionId: string }>({ status: 404, code: "SubscriptionNotFound", envelope: "gateway", message: (p) => `The subscription '${p.subscriptionId}' could not be found.` }),
  // HTTP.sys's text ("HTTP Error 411. The request must be chunked or have a content length."), in
  // ARM's JSON envelope (HTTP.sys itself answers an HTML page).
  lengthRequired: entry({ status: 411, code: "LengthRequired", envelope: "gateway", message: () => "The request must be chunked or have a content length." }),
  // Real: Azure/azure-cli#10143, #13056, #32972 (415, '<null>' when the header is missing).
  unsupportedMediaType: entry<{ contentType: string }>({
    status: 415, code: "UnsupportedMediaType", envelope: "gateway",
    message: (p) => `The content media type '${p.contentType}' is not supported. Only 'application/json' is supported.`,
  }),
  // No JSON sample exists for what HTTP.sys (under ARM) refuses before ARM sees a request: it answers
  // an HTML page, e.g. "Bad Request - Invalid Hostname" / "HTTP Error 400. The request hostname is
  // invalid.". aksemu keeps HTTP.sys's status and sentence in the gateway envelope, code BadRequest.
  badRequest: entry({ status: 400, code: "BadRequest", envelope: "gateway", message: () => "The request is badly formed." }),
  invalidVerb: entry({ status: 400, code: "BadRequest", envelope: "gateway", message: () => "The request verb is invalid." }),
  invalidUrl: entry({ status: 400, code: "BadRequest", envelope: "gateway", message: () => "The request URL is invalid." }),
  invalidHeader: entry({ status: 400, code: "BadRequest", envelope: "gateway", message: () => "The request has an invalid header name or value." }),
  invalidHostname: entry({ status: 400, code: "BadRequest", envelope: "gateway", message: () => "The request hostname is invalid." }),
  // As ARM's HTTP.sys answers it: 400 "HTTP Error 400. The size of the request headers is too long."
  // (an HTML page there; no real JSON sample, so the code is the generic BadRequest).
  headersTooLarge: entry({ status: 400, code: "BadRequest", envelope: "gateway", message: () => "The size of the request headers is too long." }),
  // No real sample: a head or body that did not arrive within the server's time limits.
  requestTimeout: entry({ status: 408, code: "RequestTimeout", envelope: "gateway", message: () => "The request timed out: its headers or body did not arrive in time." }),
  // No real sample: an Expect header other than 100-continue.
  expectationFailed: entry<{ expect: string }>({ status: 417, code: "ExpectationFailed", envelope: "gateway", message: (p) => `The expectation '${p.expect}' given in the Expect header cannot be met.` }),

  // --- resources ---
  resourceGroupNotFound: entry<{ resourceGroup: string }>({ status: 404, code: "ResourceGroupNotFound", envelope: "gateway", message: (p) => `Resource group '${p.resourceGroup}' could not be found.` }),
  resourceNotFound: entry<{ type: string; name: string; resourceGroup: string }>({
    status: 404, code: "ResourceNotFound", envelope: "gateway",
    message: (p) => `The Resource '${p.type}/${p.name}' under resource group '${p.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  }),
  // Real ARM text for a child of a missing parent (MicrosoftDocs error-parent-resource.md).
  parentResourceNotFound: entry<{ parent: string }>({
    status: 404, code: "ParentResourceNotFound", envelope: "arm",
    message: (p) => `Can not perform requested operation on nested resource. Parent resource '${p.parent}' not found.`,
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
