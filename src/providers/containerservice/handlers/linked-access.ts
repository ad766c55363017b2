// ARM's linked access checks on AKS writes: a cluster or pool PUT that references another
// provider's resource needs the caller's permission there too, checked before AKS takes the
// request (403 LinkedAuthorizationFailed, ERROR-TEXTS.md §12): joining each pool's vnetSubnetID,
// reading the shared keys of the monitoring addon's Log Analytics workspace. RBAC answers through
// ProviderDeps.access (Microsoft.Authorization, from the provider list); without it all is allowed.
import type { RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import type { ProviderDeps } from "../../provider.js";
import { monitoringWorkspace } from "../domain/monitoring.js";
import type { Json } from "../domain/records.js";

const JOIN_SUBNET = "Microsoft.Network/virtualNetworks/subnets/join/action";
const READ_WORKSPACE_KEYS = "Microsoft.OperationalInsights/workspaces/sharedkeys/read";

const subnetOf = (pool: unknown): string[] => {
  const id = isObject(pool) ? pool["vnetSubnetID"] : undefined;
  return typeof id === "string" && id.trim() !== "" ? [id.trim()] : [];
};

/** The linked resources a managed cluster's properties name: its pools' subnets, the monitoring workspace. */
export function clusterLinks(properties: unknown): { action: string; scope: string }[] {
  if (!isObject(properties)) return [];
  const pools = Array.isArray(properties["agentPoolProfiles"]) ? properties["agentPoolProfiles"] : [];
  const workspace = monitoringWorkspace(properties as Json);
  return [...pools.flatMap(subnetOf).map((scope) => ({ action: JOIN_SUBNET, scope })), ...(workspace ? [{ action: READ_WORKSPACE_KEYS, scope: workspace }] : [])];
}

/** The linked resources an agent pool's properties name: its subnet. */
export const poolLinks = (properties: unknown): { action: string; scope: string }[] => subnetOf(properties).map((scope) => ({ action: JOIN_SUBNET, scope }));

/** Throws LinkedAuthorizationFailed for the first linked resource the caller may not use. */
export function requireLinkedAccess(deps: Pick<ProviderDeps, "access">, ctx: RequestContext, action: string, links: readonly { action: string; scope: string }[]): void {
  if (!deps.access) return;
  const request = { action, scope: ctx.path };
  for (const link of links) {
    const refusal = deps.access.linked(ctx.principal, request, link);
    if (refusal) throw refusal;
  }
}
