// Private DNS's "Key Azure resources unavailable" scenarios (seed 002's common causes, "Private DNS
// Zone InternalOperationError"), on its own records, each a change made out of band: a private
// cluster's zone deleted (a "system" zone, with its link and records, as a user deleting it from the
// node resource group does; for a custom zone, the user's own, its A record), and the cluster's vnet
// linked to a second zone of the same name (the CreateOrUpdateVirtualNetworkLinkFailed article).
import { badRequest, RECONCILE, type Scenario, type ScenarioCluster } from "../scenario.js";
import { keyOf, type LinkRecord, type ZoneRecord } from "./domain/records.js";
import { recordName } from "./domain/names.js";
import { getOf, getRecord } from "./repository.js";

const SEED = { section: "Common causes", symptom: "Private DNS Zone InternalOperationError", cause: "Key Azure resources unavailable" } as const;

const needsPrivate = (scenario: string, c: ScenarioCluster) =>
  badRequest(`'${scenario}' needs a private cluster with a private DNS zone (apiServerAccessProfile.enablePrivateCluster, privateDNSZone 'system' or a zone's id): managed cluster '${c.name}' has none.`);

export const OVERLAP_LINK = "aksemu-overlapping-link";

const zoneMissing: Scenario = {
  name: "private-dns-zone-missing",
  scope: "cluster",
  rank: 93,
  seed: SEED,
  sets: "the private cluster's DNS deleted out of band: its \"system\" zone {guid}.privatelink.{region}.azmk8s.io in the node resource group with its virtual network link and A record; with a custom zone (the user's), the API server's A record in it",
  sees: { where: "the next agent pool operation (az aks nodepool scale, upgrade, add) fails at its first step, before any node changes; the pool is Failed (a cluster PUT runs AKS's private DNS reconciler, which recreates what is missing: a custom zone that is gone fails it too)", code: "InternalOperationError" },
  remedy: [
    `${RECONCILE}: AKS recreates its "system" zone, the link and the A record (and a custom zone's A record); the pool's change is carried out with it`,
    "a custom zone that was deleted: create it again (az network private-dns zone create -g <zone group> -n <zone>), then reconcile",
  ],
  apply(read, t) {
    const c = t.cluster!;
    const dns = c.privateDns;
    if (!dns) return needsPrivate("private-dns-zone-missing", c);
    const zoneKey = keyOf(dns.zoneId);
    const record = keyOf(`${dns.zoneId}/A/${recordName(dns.recordName)}`);
    const gone = dns.managed ? [...read.group<{ id: string }>("resources", zoneKey).map((r) => keyOf(r.id)).filter((k) => getRecord(read, k)), ...(getOf(read, zoneKey, "privateDnsZone") ? [zoneKey] : [])] : getRecord(read, record) ? [record] : [];
    return { change: { resources: gone.map((k) => [k, undefined] as [string, undefined]) }, applied: dns.managed ? { deletedZone: dns.zoneId } : { deletedRecord: `${dns.zoneId}/A/${recordName(dns.recordName)}` } };
  },
};

const linkOverlap: Scenario = {
  name: "private-dns-link-overlap",
  scope: "cluster",
  rank: 94,
  seed: SEED,
  sets: `AKS's virtual network link of the private cluster's zone deleted, and the cluster's vnet linked (link ${OVERLAP_LINK}) to another zone of the same name in the cluster's resource group, as a hub zone or a copy made by hand is`,
  sees: { where: "the next reconcile (AKS links its zone to the vnet again) fails; the cluster is Failed", code: "CreateOrUpdateVirtualNetworkLinkFailed" },
  remedy: [`delete the overlapping link: az network private-dns link vnet delete -g <cluster group> -z <zone> -n ${OVERLAP_LINK} (Debian's az 2.45: az rest --method delete)`, `then ${RECONCILE}`],
  apply(read, t) {
    const c = t.cluster!;
    const dns = c.privateDns;
    if (!dns) return needsPrivate("private-dns-link-overlap", c);
    const zoneName = dns.zoneId.slice(dns.zoneId.lastIndexOf("/") + 1);
    const own = getOf(read, keyOf(dns.zoneId), "privateDnsZone");
    if (own && own.resourceGroup.toLowerCase() === c.resourceGroup.toLowerCase()) return badRequest(`'private-dns-link-overlap' needs the cluster's zone outside its resource group '${c.resourceGroup}'.`);
    const sub = t.subscriptionId;
    const zoneId = `/subscriptions/${sub}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Network/privateDnsZones/${zoneName}`;
    const zone: ZoneRecord = { kind: "privateDnsZone", id: zoneId, subscriptionId: sub, resourceGroup: c.resourceGroup, name: zoneName, location: "global", tags: {}, provisioningState: "Succeeded" };
    const link: LinkRecord = { kind: "virtualNetworkLink", id: `${zoneId}/virtualNetworkLinks/${OVERLAP_LINK}`, subscriptionId: sub, resourceGroup: c.resourceGroup, name: OVERLAP_LINK, zoneName, location: "global", tags: {}, virtualNetworkId: dns.virtualNetworkId, registrationEnabled: false, provisioningState: "Succeeded" };
    const aksLink = keyOf(`${dns.zoneId}/virtualNetworkLinks/${dns.linkName}`);
    return {
      change: { resources: [[keyOf(zone.id), zone], [keyOf(link.id), link], ...(getRecord(read, aksLink) ? [[aksLink, undefined] as [string, undefined]] : [])] },
      applied: { overlappingZone: zoneId, overlappingLink: link.id, deletedLink: `${dns.zoneId}/virtualNetworkLinks/${dns.linkName}` },
    };
  },
};

export const PRIVATE_DNS_SCENARIOS: readonly Scenario[] = [zoneMissing, linkOverlap];
