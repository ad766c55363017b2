// A stored activity log event as ARM's EventData (monitor/2015-04-01 activityLogs_API.json and
// its GetActivityLogsFiltered.json example), and $select, pure.
import type { ActivityEvent } from "../../../engine/activity.js";
import { resourceGroupOf } from "./filter.js";
import { armTimestamp, ticks } from "./timestamps.js";

/** EventData's properties, in the order the emulator writes them (the example's, then the rest). */
export const EVENT_DATA_FIELDS = [
  "authorization",
  "caller",
  "channels",
  "claims",
  "correlationId",
  "description",
  "eventDataId",
  "eventName",
  "category",
  "eventTimestamp",
  "httpRequest",
  "id",
  "level",
  "resourceGroupName",
  "resourceProviderName",
  "resourceId",
  "resourceType",
  "operationId",
  "operationName",
  "properties",
  "status",
  "subStatus",
  "submissionTimestamp",
  "subscriptionId",
  "tenantId",
] as const;

const BY_LOWER: ReadonlyMap<string, string> = new Map(EVENT_DATA_FIELDS.map((f) => [f.toLowerCase(), f]));

/** $select: comma-separated names (az joins them with " , "), case-insensitive; unknown names are left out; none: every property. */
export function parseSelect(raw: string | null): readonly string[] | undefined {
  if (raw === null) return undefined;
  const names = raw.split(",").flatMap((n) => BY_LOWER.get(n.trim().toLowerCase()) ?? []);
  return names.length > 0 ? names : undefined;
}

const localizable = (value: string, localizedValue = value) => ({ value, localizedValue });

/** The claims of the token the request carried, as far as the emulator knows them. */
function claims(e: ActivityEvent): Record<string, string> {
  return {
    aud: "https://management.azure.com/",
    iss: `https://sts.windows.net/${e.tenantId}/`,
    appid: e.appId,
    "http://schemas.microsoft.com/identity/claims/objectidentifier": e.caller,
    "http://schemas.microsoft.com/identity/claims/tenantid": e.tenantId,
  };
}

export function eventData(e: ActivityEvent): Record<string, unknown> {
  const rg = resourceGroupOf(e.resourceId);
  const data: Record<string, unknown> = {
    authorization: { action: e.operation, scope: e.resourceId },
    caller: e.caller,
    channels: "Operation",
    claims: claims(e),
    correlationId: e.correlationId,
    description: "",
    eventDataId: e.eventDataId,
    eventName: localizable(e.eventName, e.eventName === "BeginRequest" ? "Begin request" : "End request"),
    category: localizable("Administrative"),
    eventTimestamp: armTimestamp(e.at),
    httpRequest: { ...(e.clientRequestId !== undefined ? { clientRequestId: e.clientRequestId } : {}), ...(e.clientIpAddress !== undefined ? { clientIpAddress: e.clientIpAddress } : {}), method: e.method },
    id: `${e.resourceId}/events/${e.eventDataId}/ticks/${ticks(e.at)}`,
    level: e.level,
    ...(rg !== undefined ? { resourceGroupName: rg } : {}),
    resourceProviderName: localizable(e.resourceProvider),
    resourceId: e.resourceId,
    resourceType: localizable(e.resourceType),
    operationId: e.operationId,
    operationName: localizable(e.operation, e.operationDisplay),
    properties: e.properties,
    status: localizable(e.status),
    subStatus: e.subStatus ?? localizable(""),
    submissionTimestamp: armTimestamp(e.at),
    subscriptionId: e.subscriptionId,
    tenantId: e.tenantId,
  };
  return data;
}

/** Only the selected properties, in EventData's order. */
export function selected(data: Record<string, unknown>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => select.includes(k)));
}
