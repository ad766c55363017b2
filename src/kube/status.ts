// Kubernetes `Status` objects: every refusal of the Kubernetes API is one, with the apiserver's
// reason, code and message wording (k8s.io/apimachinery/pkg/api/errors), so kubectl prints what it
// prints against a real cluster ("Error from server (NotFound): configmaps "x" not found").

export type StatusCause = { reason: string; message: string; field?: string };

export type StatusDetails = { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };

/** A refusal: thrown by the API's handlers, rendered by the door as a Status body with `code`. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }
}

export function statusBody(err: KubeError): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: err.message, reason: err.reason, ...(err.details ? { details: err.details } : {}), code: err.code };
}

export const successStatus = (code: number, details?: StatusDetails): Record<string, unknown> => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", ...(details ? { details } : {}), code });

/** "pods", "deployments.apps": a resource as the apiserver's messages name it. */
export const qualified = (group: string, resource: string) => (group === "" ? resource : `${resource}.${group}`);

const detailsOf = (group: string, resource: string, name: string): StatusDetails => ({ name, ...(group ? { group } : {}), kind: resource });

export const notFound = (group: string, resource: string, name: string) => new KubeError(404, "NotFound", `${qualified(group, resource)} "${name}" not found`, detailsOf(group, resource, name));

export const alreadyExists = (group: string, resource: string, name: string) => new KubeError(409, "AlreadyExists", `${qualified(group, resource)} "${name}" already exists`, detailsOf(group, resource, name));

export const conflict = (group: string, resource: string, name: string) =>
  new KubeError(409, "Conflict", `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, detailsOf(group, resource, name));

/** 422 Invalid: `Kind[.group] "name" is invalid: field: text` (several causes in brackets). */
export function invalid(group: string, kind: string, name: string, causes: readonly StatusCause[]): KubeError {
  const texts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const list = texts.length === 1 ? texts[0]! : `[${texts.join(", ")}]`;
  return new KubeError(422, "Invalid", `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${list}`, { name, ...(group ? { group } : {}), kind, causes: causes.map((c) => ({ ...c })) });
}

export const badRequest = (message: string) => new KubeError(400, "BadRequest", message);

export const forbidden = (group: string, resource: string, name: string, why: string) => new KubeError(403, "Forbidden", `${qualified(group, resource)} "${name}" is forbidden: ${why}`, detailsOf(group, resource, name));

export const UNAUTHORIZED = () => new KubeError(401, "Unauthorized", "Unauthorized");

/** The apiserver's answer for a path it serves nothing at. */
export const NO_RESOURCE = () => new KubeError(404, "NotFound", "the server could not find the requested resource", {});

export const methodNotAllowed = () => new KubeError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});

export const PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/strategic-merge-patch+json"] as const;

export const unsupportedMediaType = (accepted: readonly string[] = PATCH_TYPES) =>
  new KubeError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`, {});

/** 429 from the eviction subresource (CLIENTS.md §2.6): kubectl prints the message and retries. */
export const disruptionBudget = (causeMessage: string) =>
  new KubeError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", { causes: [{ reason: "DisruptionBudget", message: causeMessage }] });

/** 410 for a watch or list from a resourceVersion the server no longer keeps. */
export const expired = (asked: string, oldest: number) => new KubeError(410, "Expired", `too old resource version: ${asked} (${oldest})`);
