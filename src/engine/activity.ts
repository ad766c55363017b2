// The activity log's model, pure and provider-neutral: the Administrative events ARM writes for a
// write request (Started, then Accepted when it starts an operation, Succeeded when it is done at
// once, Failed when it is refused) and for the end of every operation a request started
// (Succeeded, Failed or Canceled, the error JSON in properties.statusMessage). Providers only name
// their requests (ActivityDescriber); engine/activity-log.ts writes the events in the transaction
// of the change that causes them; Microsoft.Insights serves them as EventData.
import { isActive, type OperationRecord } from "./operations.js";

/** A write request as the activity log names it (the provider whose route served it says). */
export type ActivityDescription = {
  subscriptionId: string;
  /** operationName.value, e.g. "Microsoft.ContainerService/managedClusters/write". */
  operation: string;
  /** operationName.localizedValue, e.g. "Create or Update Managed Cluster". */
  operationDisplay: string;
  /** The resource the request is about, in the caller's casing. */
  resourceId: string;
  /** resourceType.value, e.g. "Microsoft.ContainerService/managedClusters". */
  resourceType: string;
  /** resourceProviderName.value, e.g. "Microsoft.ContainerService". */
  resourceProvider: string;
  /**
   * ARM answers the request at once even though it starts an operation (a provider registration
   * answers 200 while it moves): Started and Succeeded, and nothing when the operation ends.
   */
  synchronous?: boolean;
};

export type ActivityRequest = { method: string; path: string };

/** How a provider names its write requests; undefined: the request is not logged. */
export type ActivityDescriber = (request: ActivityRequest) => ActivityDescription | undefined;

/**
 * The write request being served, as the front door understood it. The engine notes on it what it
 * has logged, so a request that commits twice (or commits, then is refused) is logged once.
 */
export type RequestAudit = ActivityRequest & {
  /** The namespace of the route that served it: whose describer names it. */
  namespace: string;
  /** x-ms-correlation-request-id as the front door echoes it (the request id when the client sent none). */
  correlationId: string;
  clientRequestId?: string;
  clientIpAddress?: string;
  /** The token's oid: ARM writes a service principal's object id as `caller`. */
  caller: string;
  /** The token's appid and tid. */
  appId: string;
  tenantId: string;
  logged?: boolean;
  /** The request's description once asked (null: its provider logs nothing). */
  described?: ActivityDescription | null;
};

/** What an operation keeps of the request that started it, for the event of its end. */
export type ActivityOrigin = Omit<ActivityDescription, "synchronous"> &
  Pick<RequestAudit, "method" | "correlationId" | "clientRequestId" | "clientIpAddress" | "caller" | "appId" | "tenantId">;

/** An operation started by a logged request carries its origin (stored with the operation). */
export type LoggedOperation = OperationRecord & { activity?: ActivityOrigin };

export type ActivityStatus = "Started" | "Accepted" | "Succeeded" | "Failed" | "Canceled";
export type ActivityLevel = "Informational" | "Warning" | "Error";
export type LocalizableString = { value: string; localizedValue: string };

/** One stored event (collection "events", key `key`, listed by subscription). */
export type ActivityEvent = ActivityOrigin & {
  /** Sortable: eventTimestamp then a sequence number (see eventKey). */
  key: string;
  seq: number;
  /** eventTimestamp, virtual ms. */
  at: number;
  eventDataId: string;
  /** The operation's id (shared by a request's events and its operation's end), or the request's own. */
  operationId: string;
  eventName: "BeginRequest" | "EndRequest";
  status: ActivityStatus;
  /** The HTTP status of the answer the event records; absent on Started and on an operation's end. */
  subStatus?: LocalizableString;
  level: ActivityLevel;
  properties: Record<string, string>;
};

/** An event before the log gives it an id, a sequence number and a key. */
export type EventDraft = Omit<ActivityEvent, "key" | "seq" | "eventDataId">;

export const isWrite = (method: string): boolean => method === "PUT" || method === "PATCH" || method === "DELETE" || method === "POST";

/** Store key of an event: eventTimestamp and sequence, zero-padded, so keys sort in time order. */
export const eventKey = (at: number, seq: number): string => `${String(Math.max(0, Math.trunc(at))).padStart(15, "0")}.${String(seq).padStart(10, "0")}`;
export const EVENT_KEY = /^\d{15}\.\d{10}$/;
export const keyTime = (key: string): number => Number(key.slice(0, 15));
export const keySeq = (key: string): number => Number(key.slice(16));

// .NET's HttpStatusCode names (properties.statusCode, subStatus.value) and the spec's wording of
// subStatus.localizedValue ("Created (HTTP Status Code: 201)", GetActivityLogsFiltered.json).
const HTTP_STATUS: Readonly<Record<number, readonly [string, string]>> = {
  200: ["OK", "OK"],
  201: ["Created", "Created"],
  202: ["Accepted", "Accepted"],
  204: ["NoContent", "No Content"],
  400: ["BadRequest", "Bad Request"],
  401: ["Unauthorized", "Unauthorized"],
  403: ["Forbidden", "Forbidden"],
  404: ["NotFound", "Not Found"],
  405: ["MethodNotAllowed", "Method Not Allowed"],
  409: ["Conflict", "Conflict"],
  412: ["PreconditionFailed", "Precondition Failed"],
  413: ["RequestEntityTooLarge", "Request Entity Too Large"],
  415: ["UnsupportedMediaType", "Unsupported Media Type"],
  429: ["TooManyRequests", "Too Many Requests"],
  500: ["InternalServerError", "Internal Server Error"],
  503: ["ServiceUnavailable", "Service Unavailable"],
  504: ["GatewayTimeout", "Gateway Timeout"],
};

const statusName = (http: number): string => HTTP_STATUS[http]?.[0] ?? String(http);

export function httpSubStatus(http: number): LocalizableString {
  const [value, text] = HTTP_STATUS[http] ?? [String(http), String(http)];
  return { value, localizedValue: `${text} (HTTP Status Code: ${http})` };
}

/** The answer to a write that starts an operation: 201 when it creates its resource, 200 for another PUT, else 202. */
export const acceptedStatus = (method: string, created: boolean): number => (method === "PUT" ? (created ? 201 : 200) : 202);
/** The answer to a write done at once: 201 when a PUT creates its resource, else 200. */
export const doneStatus = (method: string, created: boolean): number => (method === "PUT" && created ? 201 : 200);

export function originOf(request: RequestAudit, d: ActivityDescription): ActivityOrigin {
  const { synchronous: _sync, ...description } = d;
  return {
    ...description,
    method: request.method,
    correlationId: request.correlationId,
    ...(request.clientRequestId !== undefined ? { clientRequestId: request.clientRequestId } : {}),
    ...(request.clientIpAddress !== undefined ? { clientIpAddress: request.clientIpAddress } : {}),
    caller: request.caller,
    appId: request.appId,
    tenantId: request.tenantId,
  };
}

// Properties of every Administrative event: the docs' samples (activity-log-schema.md) carry the
// category, the entity (the resource) and the operation as `message`.
const baseProperties = (o: ActivityOrigin): Record<string, string> => ({ eventCategory: "Administrative", entity: o.resourceId, message: o.operation });

export type RequestAnswer = { status: "Accepted" | "Succeeded"; http: number } | { status: "Failed"; http: number; body: unknown };

/** A write request's two events: Started (BeginRequest), then how it was answered (EndRequest). */
export function requestEvents(o: ActivityOrigin, at: number, operationId: string, answer: RequestAnswer): EventDraft[] {
  const started: EventDraft = { ...o, at, operationId, eventName: "BeginRequest", status: "Started", level: "Informational", properties: baseProperties(o) };
  const properties = { ...baseProperties(o), statusCode: statusName(answer.http), ...(answer.status === "Failed" ? { statusMessage: JSON.stringify(answer.body) } : {}) };
  const ended: EventDraft = { ...o, at, operationId, eventName: "EndRequest", status: answer.status, subStatus: httpSubStatus(answer.http), level: answer.status === "Failed" ? "Error" : "Informational", properties };
  return [started, ended];
}

/**
 * The event of an operation's end: Succeeded, Failed or Canceled; a failure's (or a cancellation's)
 * error as the operation status JSON ({"status","error"}) in properties.statusMessage. Undefined
 * while the operation runs.
 */
export function operationEndEvent(o: ActivityOrigin, op: OperationRecord): EventDraft | undefined {
  if (isActive(op)) return undefined;
  const failed = op.status === "Failed" || op.status === "Canceled";
  const properties = { ...baseProperties(o), ...(failed ? { statusMessage: JSON.stringify({ status: op.status, ...(op.error ? { error: op.error } : {}) }) } : { statusCode: statusName(200) }) };
  return { ...o, at: op.endTime ?? op.startTime, operationId: op.id, eventName: "EndRequest", status: op.status as ActivityStatus, level: op.status === "Failed" ? "Error" : "Informational", properties };
}
