// Private clusters (apiServerAccessProfile.enablePrivateCluster), pure: the private DNS zone mode
// ("system", the default: AKS's own zone `{guid}.privatelink.{region}.azmk8s.io` in the node
// resource group; "none"; or the resource id of the user's zone, named as AKS allows), the
// private FQDN `{dnsPrefix}-{hash}.{zone}`, and the steps a plan hands Microsoft.Network's private
// DNS (data; AKS imports none of its code): create what is missing of the zone, its link to the
// cluster's vnet and the API server's A record (every cluster PUT: AKS's private DNS reconciler),
// check they are there (an agent pool operation), delete them with the cluster.
import type { OperationError, OperationRecord, Step } from "../../../engine/operations.js";
import type { ClusterDnsSpec, PrivateDnsAction } from "../../privatedns/public.js";
import { isObject } from "../../../arm/json.js";
import { refuse, type AksRefusal } from "../errors.js";
import { clusterNetworkSpec, subnetOf } from "./node-network.js";
import { nodeGroupId, type NodeHost } from "./node-resources.js";
import { POLICY_DENIED, policyDeniedNodeResource } from "./policy-failure.js";
import type { ClusterRecord, Json, PoolRecord } from "./records.js";

/** The name private DNS's steps carry (its Provider.operationsName). */
export const PRIVATE_DNS = "Microsoft.Network/privateDnsZones";

export type PrivateAccess = { mode: "system" | "none" | "custom"; zoneId?: string; publicFqdn: boolean };

const profileOf = (spec: Json): Json => (isObject(spec["apiServerAccessProfile"]) ? spec["apiServerAccessProfile"] : {});
const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : undefined);

/** A private cluster's access, or undefined for a public one. */
export function privateAccessOf(spec: Json): PrivateAccess | undefined {
  const p = profileOf(spec);
  if (p["enablePrivateCluster"] !== true) return undefined;
  const zone = typeof p["privateDNSZone"] === "string" ? p["privateDNSZone"].trim() : "system";
  const mode = zone.toLowerCase() === "none" ? "none" : zone.toLowerCase() === "system" || zone === "" ? "system" : "custom";
  return { mode, ...(mode === "custom" ? { zoneId: zone } : {}), publicFqdn: mode === "none" || p["enablePrivateClusterPublicFQDN"] !== false };
}

/** AKS's defaults for a private cluster: privateDNSZone "system", the public FQDN on. */
export function withPrivateDefaults(spec: Json): Json {
  const p = profileOf(spec);
  if (p["enablePrivateCluster"] !== true) return spec;
  return { ...spec, apiServerAccessProfile: { privateDNSZone: "system", enablePrivateClusterPublicFQDN: true, ...p } };
}

const ZONE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;

/** The zone names AKS accepts for a custom private DNS zone in `region` (the list its error prints). */
export const allowedZoneNames = (region: string) => [`private.${region}.azmk8s.io`, `privatelink.${region}.azmk8s.io`, `[a-zA-Z0-9-]{1,32}.private.${region}.azmk8s.io`, `[a-zA-Z0-9-]{1,32}.privatelink.${region}.azmk8s.io`];

export function isAllowedZoneName(name: string, region: string): boolean {
  const r = region.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^([a-zA-Z0-9-]{1,32}\\.)?(private|privatelink)\\.${r}\\.azmk8s\\.io$`, "i").test(name);
}

const TARGET = "apiServerAccessProfile.privateDNSZone";

/**
 * apiServerAccessProfile as AKS judges it: privateDNSZone is "system", "none" or a private DNS
 * zone's resource id with a name AKS allows; enablePrivateCluster and privateDNSZone are fixed at
 * creation.
 */
export function validatePrivateCluster(given: Json, region: string, stored?: Json): AksRefusal | undefined {
  const p = profileOf(given);
  const zone = p["privateDNSZone"];
  if (zone !== undefined && p["enablePrivateCluster"] === true) {
    const z = typeof zone === "string" ? zone.trim() : "";
    const m = ZONE_ID.exec(z);
    if (!["system", "none"].includes(z.toLowerCase()) && !(m && isAllowedZoneName(m[1]!, region))) return refuse("invalidPrivateDnsZone", { value: String(zone), allowed: allowedZoneNames(region), target: TARGET });
  }
  if (!stored) return undefined;
  const before = profileOf(stored);
  if (given["apiServerAccessProfile"] === undefined) return undefined;
  if ((before["enablePrivateCluster"] === true) !== (p["enablePrivateCluster"] === true)) return refuse("propertyChangeNotAllowed", { target: "apiServerAccessProfile.enablePrivateCluster" });
  if (before["enablePrivateCluster"] === true && zone !== undefined && lower(zone) !== lower(before["privateDNSZone"] ?? "system")) return refuse("propertyChangeNotAllowed", { target: TARGET });
  return undefined;
}

/** FNV-1a over a string: the cluster's stable GUID for its system zone. */
function guidFrom(seed: string): string {
  const hex = [2166136261, 84696351, 3735928559, 305419896]
    .map((basis) => {
      let h = basis >>> 0;
      for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
      return h.toString(16).padStart(8, "0");
    })
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Named = Pick<ClusterRecord, "id" | "subscriptionId" | "resourceGroup" | "name" | "location" | "spec" | "uid">;

/** The zone's id (system: AKS's own in the node resource group) of a private cluster with a zone. */
export function privateZoneId(c: Named): string | undefined {
  const access = privateAccessOf(c.spec);
  if (!access || access.mode === "none") return undefined;
  if (access.mode === "custom") return access.zoneId!;
  const nodeRg = String(c.spec["nodeResourceGroup"] ?? `MC_${c.resourceGroup}_${c.name}_${c.location}`);
  return `/subscriptions/${c.subscriptionId}/resourceGroups/${nodeRg}/providers/Microsoft.Network/privateDnsZones/${guidFrom(`${c.id.toLowerCase()}#${c.uid}`)}.privatelink.${c.location}.azmk8s.io`;
}

/** The API server's A record name: `{dnsPrefix}-{hash}`, as the public FQDN's first label. */
export const apiServerRecordName = (c: Named) => `${String(c.spec["dnsPrefix"] ?? c.spec["fqdnSubdomain"] ?? c.name)}-${c.uid.slice(0, 8)}`.toLowerCase();

/** `{dnsPrefix}-{hash}.{zone}`: the private FQDN (system: `.{guid}.privatelink.{region}.azmk8s.io`). */
export function privateFqdn(c: Named): string | undefined {
  const zone = privateZoneId(c);
  return zone ? `${apiServerRecordName(c)}.${zone.slice(zone.lastIndexOf("/") + 1)}`.toLowerCase() : undefined;
}

/** The cluster's private DNS as the step hands it over: the zone, the A record, the link to the nodes' vnet. */
export function clusterDnsSpec(c: Named, host: NodeHost, pools: readonly Pick<PoolRecord, "spec">[]): ClusterDnsSpec | undefined {
  const zoneId = privateZoneId(c);
  if (!zoneId) return undefined;
  const own = pools.map(subnetOf).find((s): s is string => s !== undefined);
  // AKS's managed network (Network's aks-vnet-<digits>/aks-subnet, network/domain/cluster-network.ts names them so).
  const managedVnet = `${nodeGroupId(host)}/providers/Microsoft.Network/virtualNetworks/aks-vnet-${clusterNetworkSpec(host, pools).digits}`;
  const subnetId = own ?? `${managedVnet}/subnets/aks-subnet`;
  return {
    zoneId,
    managed: privateAccessOf(c.spec)!.mode === "system",
    recordName: apiServerRecordName(c),
    subnetId,
    virtualNetworkId: subnetId.replace(/\/subnets\/[^/]+$/i, ""),
    // Modelled: no sample of the link's name was found; a stable GUID-shaped name per cluster.
    linkName: guidFrom(`${c.id.toLowerCase()}#${c.uid}#link`),
    tags: { "aks-managed-cluster-name": c.name, "aks-managed-cluster-rg": c.resourceGroup },
  };
}

const dnsStep = (dns: ClusterDnsSpec, name: string, durationMs: number, action: PrivateDnsAction): Step<PrivateDnsAction> => ({ name, durationMs, action, provider: PRIVATE_DNS, target: dns.zoneId.toLowerCase() });

/** AKS's private DNS reconciler: what is missing of the zone, its link and the A record is created. */
export const ensureDnsStep = (dns: ClusterDnsSpec): Step<PrivateDnsAction> => dnsStep(dns, "Reconciling private DNS zone and virtual network link", 5000, { type: "ensureClusterDns", dns });
/** An agent pool operation reads the zone and the A record first (its nodes resolve the API server through them). */
export const verifyDnsStep = (dns: ClusterDnsSpec): Step<PrivateDnsAction> => dnsStep(dns, "Checking private DNS zone", 0, { type: "verifyClusterDns", dns });
export const deleteDnsStep = (dns: ClusterDnsSpec): Step<PrivateDnsAction> => dnsStep(dns, "Deleting private DNS zone records", 3000, { type: "deleteClusterDns", dns });

/** A delete plan with the cluster's private DNS going before its network (deleteClusterNetwork). */
export function withDnsDelete<S extends Step>(steps: S[], dns: ClusterDnsSpec | undefined): (S | Step<PrivateDnsAction>)[] {
  if (!dns) return steps;
  const at = steps.findIndex((s) => s.action.type === "deleteClusterNetwork");
  const i = at < 0 ? steps.length : at;
  return [...steps.slice(0, i), deleteDnsStep(dns), ...steps.slice(i)];
}

/** A cluster PUT's plan with the DNS reconciled right after the cluster's network (its vnet is linked), or first when the plan has no network step. */
export function withDnsAfterNetwork<S extends Step>(steps: S[], dns: ClusterDnsSpec | undefined): (S | Step<PrivateDnsAction>)[] {
  if (!dns) return steps;
  const at = steps.findIndex((s) => s.action.type === "ensureClusterNetwork");
  return [...steps.slice(0, at + 1), ensureDnsStep(dns), ...steps.slice(at + 1)];
}

// Real (ERROR-TEXTS.md §12, the CreateOrUpdateVirtualNetworkLinkFailed troubleshooting article):
// its lines are "Code: CreateOrUpdateVirtualNetworkLinkFailed - SubCode: BadRequest", "Message:
// Reconcile private dns failed", "Details: Create or update virtual network link failed. ...", and
// Azure DNS's own message; joined here with " Details: " and " Message: " (the joins are modelled).
const RECONCILE_FAILED = "Reconcile private dns failed";

/**
 * A failed private DNS step as AKS's operation reports it: an overlapping link as
 * CreateOrUpdateVirtualNetworkLinkFailed (real text); a zone or A record that is gone as
 * InternalOperationError (seed 002's "Private DNS Zone InternalOperationError": no sample of its
 * text exists, ERROR-TEXTS.md §12 says NOT FOUND; modelled on the real form above, naming what is
 * missing and quoting Azure DNS's 404); a policy denial as for AKS's other node resources.
 */
export function privateDnsStepFailure(failed: { step: Step; error: OperationError; op: OperationRecord }): OperationError {
  const { error } = failed;
  if (error.code === POLICY_DENIED) return policyDeniedNodeResource(failed);
  const action = failed.step.action as PrivateDnsAction;
  if (action.type !== "ensureClusterDns" && action.type !== "verifyClusterDns") return error;
  const dns = action.dns;
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/.*\/privateDnsZones\/([^/]+)$/i.exec(dns.zoneId)!;
  const where = `Subscription: ${m[1]}; resource group: ${m[2]}; private dns zone: ${m[3]}`;
  if (error.code === "BadRequest") {
    const details = `Create or update virtual network link failed. ${where}; virtual network link: ${dns.linkName}.`;
    return { code: "CreateOrUpdateVirtualNetworkLinkFailed", message: `${RECONCILE_FAILED}. Details: ${details} Message: ${error.message}`, details: [{ code: error.code, message: error.message }] };
  }
  const what = error.code === "ResourceNotFound" ? `Get private dns zone failed. ${where}.` : `Get private dns record set failed. ${where}; record set: A/${dns.recordName}.`;
  return { code: "InternalOperationError", message: `${RECONCILE_FAILED}. Details: ${what} Message: ${error.message}`, details: [{ code: error.code, message: error.message }] };
}
