// Management locks' errors as data: ARM's own texts (locks are served by ARM itself), with their
// sources; where none was found the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

export const LOCK_ERRORS = {
  // ERROR-TEXTS.md §7 (Azure/apiops#606, terraform-provider-azurerm#17478): a delete refused by a
  // lock, 409. The write form for PUT/PATCH and POST actions under a ReadOnly lock: a storage
  // account's listKeys (turbot steampipe-plugin-azure, a Go SDK error quoted in its source), a role
  // assignment (an az session quoted in a lab script), Microsoft Learn's AZ-500 lab 03. The scope is
  // the one acted on as the caller spelled it; the locked scopes are those of the locks, as created.
  // Several locked scopes: no sample; each is quoted, joined by ", " (inference).
  scopeLocked: entry<{ scope: string; operation: "delete" | "write"; locked: readonly string[] }>({
    status: 409, code: "ScopeLocked", envelope: "gateway",
    message: (p) => `The scope '${p.scope}' cannot perform ${p.operation} operation because following scope(s) are locked: '${p.locked.join("', '")}'. Please remove the lock and try again.`,
  }),
  // The lock body is read by ARM's deserializer (Newtonsoft): Azure/azure-sdk-for-net#2542 shows
  // InvalidRequestContent "The request content was invalid and could not be deserialized: 'Could not
  // find member 'level' on object of type 'ManagementLockDefinition'. Path 'level', line 2, position
  // 11.'." for a lock body without `properties`. No sample for an unknown level or a missing one:
  // Newtonsoft's own wordings, without the line and position (inference).
  lockLevelInvalid: entry<{ value: string }>({
    status: 400, code: "InvalidRequestContent", envelope: "arm",
    message: (p) => `The request content was invalid and could not be deserialized: 'Error converting value "${p.value}" to type 'LockLevel'. Path 'properties.level'.'.`,
  }),
  lockPropertyMissing: entry<{ property: string; path: string }>({
    status: 400, code: "InvalidRequestContent", envelope: "arm",
    message: (p) => `The request content was invalid and could not be deserialized: 'Required property '${p.property}' not found in JSON. Path '${p.path}'.'.`,
  }),
  // No real sample of a missing lock's GET (404): ARM's "could not be found" form, as for groups.
  lockNotFound: entry<{ name: string }>({ status: 404, code: "LockNotFound", envelope: "arm", message: (p) => `The lock '${p.name}' could not be found.` }),
  // Real (MicrosoftDocs/azure-docs#22411, 401): a lock with owners, deleted by another application.
  lockOwnedByApplication: entry<{ name: string; owners: readonly string[] }>({
    status: 401, code: "UnauthorizedApplicationId", envelope: "arm",
    message: (p) => `The management lock '${p.name}' is owned by system application(s) '${p.owners.join(",")}'. Please see https://aka.ms/arm-lock for detail.`,
  }),
  // No real sample of the lists' unsupported $filter or a foreign $skipToken: ARM's query-string form.
  lockFilterInvalid: entry<{ filter: string }>({
    status: 400, code: "InvalidFilterInQueryString", envelope: "arm",
    message: (p) => `Invalid $filter '${p.filter}' specified in the query string: management lock lists take 'atScope()' only.`,
  }),
  lockSkipTokenInvalid: entry<{ token: string }>({ status: 400, code: "InvalidSkipTokenInQueryString", envelope: "arm", message: (p) => `Invalid $skipToken '${p.token}' specified in the query string for a management lock list.` }),
} as const;
