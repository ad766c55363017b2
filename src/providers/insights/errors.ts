// Microsoft.Insights' errors as data. Its 2015-04-01 spec's ErrorResponse is a bare
// `{"code","message"}` (no "error" wrapper), as the Insights RP answers (Azure/azure-rest-api-specs#1924
// quotes one). Texts are real where a sample was found; otherwise the entry says so.
import { entry } from "../../arm/catalog.js";

export const INSIGHTS_ERRORS = {
  // Real: MicrosoftDocs/feedback#319 (2018), ActivityLogs_List without $filter answered `"Code":
  // "BadRequest", "Message": "$filter searching parameters invalid` followed by the reporter's own
  // full stop (an ideographic "。", a zh-TW page was open), so the final "." is ours. Also used
  // where no real text was found: a filter without `eventTimestamp ge`, a clause outside the
  // grammar (`eventTimestamp eq`, `resourceGroupName ge`, a repeated name), a bad timestamp.
  activityFilterInvalid: entry({ status: 400, code: "BadRequest", envelope: "bare", message: () => "$filter searching parameters invalid." }),
  // Real: Azure/azure-sdk-for-python#12907's title quotes ARM's answer to a filter whose first name
  // was `$filter=eventTimestamp` (the client repeated the parameter's name inside its value):
  // "$filter=eventTimestamp is not supported." The form `<name> is not supported.` is used for
  // any name outside the grammar; the issue does not show the code (BadRequest, as #319).
  activityFilterUnsupported: entry<{ field: string }>({ status: 400, code: "BadRequest", envelope: "bare", message: (p) => `${p.field} is not supported.` }),
  // No real sample for a $skiptoken the service did not issue; the form of the $filter texts.
  activitySkipTokenInvalid: entry<{ token: string }>({ status: 400, code: "BadRequest", envelope: "bare", message: (p) => `$skiptoken '${p.token}' is invalid.` }),
} as const;
