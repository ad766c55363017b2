// Log Analytics workspaces, pure: the record, what a PUT or PATCH makes of it (Workspaces.json,
// 2022-10-01 and later), and soft delete: a deleted workspace's name is kept for 14 days, and
// creating it again in the same group and location recovers it (the same customerId), as the
// spec's Workspaces_Delete describes. `force=true` deletes it for good.
import { refusalsOf, type Refusal } from "../../../arm/catalog.js";
import { isObject, type Json } from "../../../arm/json.js";
import type { OI_ERRORS } from "../errors.js";

export const NAMESPACE = "Microsoft.OperationalInsights";
export const WORKSPACES = `${NAMESPACE}/workspaces`;

export type OiRefusal = Refusal<typeof OI_ERRORS>;
const refuse = refusalsOf<typeof OI_ERRORS>();

export type WorkspaceRecord = {
  kind: "logAnalyticsWorkspace";
  /** Lower-cased, as Log Analytics answers it (WorkspacesGet.json). */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  customerId: string;
  sku: { name: string; capacityReservationLevel?: number; lastSkuUpdate: number };
  retentionInDays: number;
  dailyQuotaGb: number;
  publicNetworkAccessForIngestion: string;
  publicNetworkAccessForQuery: string;
  /** The caller's features (WorkspaceFeatures: additional properties allowed). */
  features: Json;
  forceCmkForQuery?: boolean;
  sharedKeys: { primary: string; secondary: string };
  createdAt: number;
  modifiedAt: number;
  eTag?: string;
};

/** What a soft delete keeps of a workspace, for recovery. */
export type DeletedWorkspace = { kind: "deletedWorkspace"; customerId: string; location: string; createdAt: number; sharedKeys: WorkspaceRecord["sharedKeys"]; deletedAt: number };

export const RECOVERY_MS = 14 * 24 * 3600 * 1000;
export const deletedKey = (key: string) => `oiDeletedWorkspace:${key}`;

const SKUS = ["Free", "Standard", "Premium", "PerNode", "PerGB2018", "Standalone", "CapacityReservation", "LACluster"];
const ACCESS = ["Enabled", "Disabled"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/;

export type WorkspaceInput = {
  /** The body (PUT: the workspace; PATCH: the changes), tags already checked. */
  body: Json;
  patch: boolean;
  id: string;
  parts: { subscriptionId: string; resourceGroup: string; name: string };
  location: string;
  existing: WorkspaceRecord | undefined;
  deleted: DeletedWorkspace | undefined;
  now: number;
  /** Fresh values the service makes up: a customerId, a pair of keys, the id a refusal quotes. */
  fresh: { customerId: string; sharedKeys: WorkspaceRecord["sharedKeys"]; operationId: string };
};

const oneOf = (v: unknown, values: readonly string[]) => (typeof v === "string" ? values.find((x) => x.toLowerCase() === v.toLowerCase()) : undefined);

export function checkWorkspaceName(name: string, operationId: string): OiRefusal | undefined {
  if (name.length < 4 || name.length > 63) return refuse("workspaceNameLength", { operationId });
  return NAME.test(name) ? undefined : refuse("invalidWorkspaceName", { operationId });
}

/** The workspace a PUT (or PATCH) leaves, or why not. A recovered workspace keeps its customerId and keys. */
export function decideWorkspace(input: WorkspaceInput): WorkspaceRecord | OiRefusal {
  const { body, existing, now, fresh } = input;
  const operationId = fresh.operationId;
  const bad = (path: string, why: string) => refuse("invalidWorkspaceProperty", { path, why, operationId });
  const nameRefusal = checkWorkspaceName(input.parts.name, operationId);
  if (nameRefusal) return nameRefusal;
  const props = body["properties"] ?? {};
  if (!isObject(props)) return bad("properties", "it must be an object.");
  const given: Json = props;

  let sku = existing?.sku;
  if (given["sku"] !== undefined) {
    const raw = given["sku"];
    const name = isObject(raw) ? oneOf(raw["name"], SKUS) : undefined;
    if (!name) return bad("properties.sku.name", `it must be one of ${SKUS.join(", ")}.`);
    const level = isObject(raw) ? raw["capacityReservationLevel"] : undefined;
    if (level !== undefined && (!Number.isInteger(level) || name !== "CapacityReservation")) return bad("properties.sku.capacityReservationLevel", "it is an integer (100, 200, ..., 5000) for the CapacityReservation sku only.");
    sku = { name, ...(level !== undefined ? { capacityReservationLevel: level as number } : {}), lastSkuUpdate: sku?.name === name ? sku.lastSkuUpdate : now };
  }
  const retention = given["retentionInDays"];
  if (retention !== undefined && retention !== null && (!Number.isInteger(retention) || (retention as number) < 7 || (retention as number) > 730)) return bad("properties.retentionInDays", "it must be a whole number of days from 7 to 730.");
  const capping = given["workspaceCapping"];
  if (capping !== undefined && (!isObject(capping) || (capping["dailyQuotaGb"] !== undefined && typeof capping["dailyQuotaGb"] !== "number"))) return bad("properties.workspaceCapping.dailyQuotaGb", "it must be a number (-1: no cap).");
  for (const k of ["publicNetworkAccessForIngestion", "publicNetworkAccessForQuery"]) {
    if (given[k] !== undefined && !oneOf(given[k], ACCESS)) return bad(`properties.${k}`, "it must be Enabled or Disabled.");
  }
  if (given["features"] !== undefined && !isObject(given["features"])) return bad("properties.features", "it must be an object.");
  if (given["forceCmkForQuery"] !== undefined && typeof given["forceCmkForQuery"] !== "boolean") return bad("properties.forceCmkForQuery", "it must be true or false.");

  // A workspace deleted less than 14 days ago in this location comes back as it was.
  const recovered = !existing && input.deleted && input.deleted.location === input.location && now - input.deleted.deletedAt < RECOVERY_MS ? input.deleted : undefined;
  // A field the request leaves out keeps its value (a new workspace: the service's default).
  const set = <T>(k: string, current: T, parse: (v: unknown) => T): T => (given[k] !== undefined && given[k] !== null ? parse(given[k]) : current);
  const cmk = given["forceCmkForQuery"] ?? existing?.forceCmkForQuery;
  return {
    kind: "logAnalyticsWorkspace",
    id: input.id.toLowerCase(),
    name: existing?.name ?? input.parts.name,
    subscriptionId: input.parts.subscriptionId,
    resourceGroup: existing?.resourceGroup ?? input.parts.resourceGroup,
    location: input.location,
    tags: isObject(body["tags"]) ? (body["tags"] as Record<string, string>) : input.patch && existing ? existing.tags : {},
    customerId: existing?.customerId ?? recovered?.customerId ?? fresh.customerId,
    sku: sku ?? { name: "PerGB2018", lastSkuUpdate: now },
    retentionInDays: set("retentionInDays", existing?.retentionInDays ?? 30, (v) => v as number),
    dailyQuotaGb: isObject(capping) && typeof capping["dailyQuotaGb"] === "number" ? capping["dailyQuotaGb"] : (existing?.dailyQuotaGb ?? -1),
    publicNetworkAccessForIngestion: set("publicNetworkAccessForIngestion", existing?.publicNetworkAccessForIngestion ?? "Enabled", (v) => oneOf(v, ACCESS)!),
    publicNetworkAccessForQuery: set("publicNetworkAccessForQuery", existing?.publicNetworkAccessForQuery ?? "Enabled", (v) => oneOf(v, ACCESS)!),
    features: set("features", existing?.features ?? {}, (v) => v as Json),
    ...(typeof cmk === "boolean" ? { forceCmkForQuery: cmk } : {}),
    sharedKeys: existing?.sharedKeys ?? recovered?.sharedKeys ?? fresh.sharedKeys,
    createdAt: existing?.createdAt ?? recovered?.createdAt ?? now,
    modifiedAt: now,
  };
}

/** What a DELETE keeps (nothing with `force`). */
export const softDeleted = (w: WorkspaceRecord, now: number): DeletedWorkspace => ({ kind: "deletedWorkspace", customerId: w.customerId, location: w.location, createdAt: w.createdAt, sharedKeys: w.sharedKeys, deletedAt: now });

const ID = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.operationalinsights\/workspaces\/([^/]+)$/i;

/** A workspace's ARM id, parsed (any casing), or undefined. */
export function parseWorkspaceId(id: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m = ID.exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! } : undefined;
}
