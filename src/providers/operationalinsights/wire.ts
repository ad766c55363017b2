// Workspace records -> wire JSON, in the shape of WorkspacesGet.json (2026-03-01) and of what
// Log Analytics answers az: the id lower-cased, dates in RFC 1123 ("Wed, 08 Dec 2021 09:27:18
// GMT"), the service's default features, the daily cap and when it resets (the next UTC midnight).
import type { Json } from "../../arm/json.js";
import { WORKSPACES, type WorkspaceRecord } from "./domain/workspaces.js";

const rfc1123 = (ms: number) => new Date(ms).toUTCString();
const DAY = 24 * 3600 * 1000;

export function renderWorkspace(w: WorkspaceRecord, now: number): Json {
  return {
    properties: {
      customerId: w.customerId,
      provisioningState: "Succeeded",
      sku: { name: w.sku.name.toLowerCase() === "pergb2018" ? "PerGB2018" : w.sku.name, ...(w.sku.capacityReservationLevel !== undefined ? { capacityReservationLevel: w.sku.capacityReservationLevel } : {}), lastSkuUpdate: rfc1123(w.sku.lastSkuUpdate) },
      retentionInDays: w.retentionInDays,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true, ...w.features },
      workspaceCapping: { dailyQuotaGb: w.dailyQuotaGb, quotaNextResetTime: rfc1123((Math.floor(now / DAY) + 1) * DAY), dataIngestionStatus: "RespectQuota" },
      publicNetworkAccessForIngestion: w.publicNetworkAccessForIngestion,
      publicNetworkAccessForQuery: w.publicNetworkAccessForQuery,
      ...(w.forceCmkForQuery !== undefined ? { forceCmkForQuery: w.forceCmkForQuery } : {}),
      createdDate: rfc1123(w.createdAt),
      modifiedDate: rfc1123(w.modifiedAt),
    },
    id: w.id,
    name: w.name,
    type: WORKSPACES,
    location: w.location,
    tags: w.tags,
    ...(w.eTag ? { etag: `"${w.eTag}"` } : {}),
  };
}

/** SharedKeys_GetSharedKeys (WorkspacesGetSharedKeys.json). */
export const renderSharedKeys = (w: WorkspaceRecord): Json => ({ primarySharedKey: w.sharedKeys.primary, secondarySharedKey: w.sharedKeys.secondary });
