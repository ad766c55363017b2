// The scope an RBAC route acts at, read from the request path (everything before the last
// `/providers/Microsoft.Authorization/`), and ARM's check that a scope to assign at exists.
import { apiError } from "../../../arm/error-catalog.js";
import type { RequestContext } from "../../../arm/http.js";
import type { Reader } from "../../../store/store.js";

/** The scope in the caller's casing, or undefined at the tenant (`/providers/Microsoft.Authorization/...`). */
export function scopeOf(ctx: Pick<RequestContext, "path">): string | undefined {
  const at = ctx.path.toLowerCase().lastIndexOf("/providers/microsoft.authorization/");
  // The SDKs build `/{scope}/providers/...` from a scope that starts with "/": "//" is one separator.
  const scope = at < 0 ? "" : ctx.path.slice(0, at).replace(/\/{2,}/g, "/").replace(/\/+$/, "");
  return scope === "" ? undefined : scope;
}

/**
 * A group or resource scope must exist to be assigned at: ARM answers as for a read of it
 * (ResourceGroupNotFound; ResourceNotFound with the resource's type and name).
 */
export function requireScope(read: Reader, scope: string): void {
  const segments = scope.split("/").filter(Boolean);
  if (segments.length < 4 || segments[2]!.toLowerCase() !== "resourcegroups") return;
  const group = segments[3]!;
  if (!read.get("resources", `/subscriptions/${segments[1]}/resourcegroups/${group}`.toLowerCase())) throw apiError("resourceGroupNotFound", { resourceGroup: group });
  if (segments.length < 8) return;
  if (read.get("resources", scope.toLowerCase())) return;
  const rest = segments.slice(6);
  const type = [segments[5]!, ...rest.filter((_, i) => i % 2 === 0)].join("/");
  const name = rest.filter((_, i) => i % 2 === 1).join("/");
  throw apiError("resourceNotFound", { type, name, resourceGroup: group });
}
