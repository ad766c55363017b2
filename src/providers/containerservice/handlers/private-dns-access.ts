// A private cluster with a custom private DNS zone: the cluster's control-plane identity must be
// able to read and write the zone, else AKS refuses the PUT with CustomPrivateDNSZoneMissingPermissionError
// (ERROR-TEXTS.md §12), checked through ARM's RBAC (ProviderDeps.access). The identity judged:
// - a user-assigned identity (identity.type UserAssigned): its principal id as the cluster shows it
//   (wire/identities.ts, derived from the identity's resource id);
// - a service principal (servicePrincipalProfile.clientId other than "msi"): the directory's
//   principal of that client id;
// - a system-assigned identity: it only exists once the cluster does, so aksemu judges the
//   subscription's default principal in its place (AKS's docs ask for a user-assigned identity or
//   a service principal with a custom zone).
import { errorFactory } from "../../../arm/api-error.js";
import type { Principal, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import type { ProviderDeps } from "../../provider.js";
import { privateAccessOf } from "../domain/private-cluster.js";
import type { ClusterRecord } from "../domain/records.js";
import { AKS_ERRORS } from "../errors.js";
import { userAssignedIdentityIds } from "../wire/identities.js";

const { error } = errorFactory(AKS_ERRORS);

const ACTIONS = ["Microsoft.Network/privateDnsZones/read", "Microsoft.Network/privateDnsZones/write"];

/** The principal ARM's RBAC judges the cluster's control plane by. */
export function controlPlanePrincipal(deps: Pick<ProviderDeps, "directory">, c: Pick<ClusterRecord, "envelope" | "spec">, tenantId: string): Principal {
  const identity = isObject(c.envelope["identity"]) ? c.envelope["identity"] : {};
  const uais = isObject(identity["userAssignedIdentities"]) ? Object.keys(identity["userAssignedIdentities"]) : [];
  if (String(identity["type"]).toLowerCase() === "userassigned" && uais.length > 0) {
    const ids = userAssignedIdentityIds(uais[0]!);
    return { objectId: ids.principalId, clientId: ids.clientId, tenantId };
  }
  const sp = isObject(c.spec["servicePrincipalProfile"]) ? c.spec["servicePrincipalProfile"]["clientId"] : undefined;
  if (typeof sp === "string" && sp.toLowerCase() !== "msi") {
    const known = deps.directory?.principals().find((p) => p.clientId.toLowerCase() === sp.toLowerCase());
    return { objectId: known?.objectId ?? sp, clientId: sp, tenantId };
  }
  const owner = deps.directory?.owner();
  return { objectId: owner?.objectId ?? "", clientId: owner?.clientId ?? "", tenantId };
}

/** Throws CustomPrivateDNSZoneMissingPermissionError when the cluster (as the PUT leaves it) names a zone its identity may not read or write. */
export function requirePrivateZoneAccess(deps: Pick<ProviderDeps, "access" | "directory">, ctx: RequestContext, c: Pick<ClusterRecord, "envelope" | "spec">): void {
  const access = privateAccessOf(c.spec);
  if (!deps.access || access?.mode !== "custom") return;
  const principal = controlPlanePrincipal(deps, c, ctx.principal.tenantId);
  for (const action of ACTIONS) if (!deps.access.allows(principal, action, access.zoneId!)) throw error("customPrivateDnsZoneMissingPermission", { zoneId: access.zoneId!, action });
}
