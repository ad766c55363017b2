// Private DNS's detector (providers/detector.ts): a private cluster's DNS (seed 002's "Private DNS
// Zone InternalOperationError", under "Key Azure resources unavailable"): Critical when an operation
// failed on it (InternalOperationError "Reconcile private dns failed", CreateOrUpdateVirtualNetworkLinkFailed)
// or a PUT was refused for the custom zone's permission (CustomPrivateDNSZoneMissingPermissionError);
// Warning while nothing has failed yet but the zone or the A record is gone (the next operation
// will fail), or once it is back but the failure was not reconciled.
import { currentFailures, errorCodes, failedEventsWith, eventError, isoTime, operationEvidence, reconcileCommand, type Detector, type Finding } from "../detector.js";
import { recordName } from "./domain/names.js";
import { keyOf } from "./domain/records.js";
import { getOf, linksOf } from "./repository.js";

const SEED = { symptom: "Private DNS Zone InternalOperationError", text: "Key Azure resources unavailable" };
const DNS_CODES = ["InternalOperationError", "CreateOrUpdateVirtualNetworkLinkFailed"];
const PERMISSION = "CustomPrivateDNSZoneMissingPermissionError";

export const PRIVATE_DNS_DETECTORS: readonly Detector[] = [
  {
    id: "private-dns-zone",
    name: "Private Cluster: Private DNS Zone",
    category: "Cluster Issues",
    description: "Checks a private cluster's private DNS zone, its virtual network link and the API server's A record, and for operations that failed on them (seed 002's \"Private DNS Zone InternalOperationError\", CreateOrUpdateVirtualNetworkLinkFailed, CustomPrivateDNSZoneMissingPermissionError).",
    rank: 93,
    healthy: "The cluster is not private, or its private DNS zone, link and A record are in place.",
    evaluate(input) {
      const c = input.cluster;
      const findings: Finding[] = [];
      const refused = failedEventsWith(input, [PERMISSION]);
      if (refused.length > 0) {
        const last = refused[refused.length - 1]!;
        const zone = /custom private dns zone (\S+)\. /.exec(eventError(last)?.message ?? "")?.[1] ?? "<zone id>";
        findings.push({
          status: "Critical",
          message: `A write on the cluster was refused ${refused.length} time(s): its identity may not read and write the custom private DNS zone '${zone}'.`,
          cause: SEED,
          remedy: {
            title: "Let the cluster's identity read and write the zone (Private DNS Zone Contributor in Azure), then retry",
            text: "AKS needs its control-plane identity (a user-assigned identity or a service principal) to read and write a custom private DNS zone.",
            commands: [`az role assignment create --assignee-object-id <the identity's principal id> --assignee-principal-type ServicePrincipal --role Contributor --scope ${zone}   (or a custom role with Microsoft.Network/privateDnsZones/*; aksemu has no "Private DNS Zone Contributor" built-in)`],
          },
          evidence: [["Zone", zone], ["Error code", PERMISSION], ["Error message", eventError(last)?.message ?? ""], ["Last refused at", isoTime(last.at)]],
        });
      }
      const props = c.properties;
      const access = (props["apiServerAccessProfile"] ?? {}) as Record<string, unknown>;
      const fqdn = typeof props["privateFQDN"] === "string" ? props["privateFQDN"] : undefined;
      if (access["enablePrivateCluster"] !== true || fqdn === undefined) return findings;
      const custom = typeof access["privateDNSZone"] === "string" && access["privateDNSZone"].startsWith("/") ? access["privateDNSZone"] : undefined;
      const zoneName = fqdn.slice(fqdn.indexOf(".") + 1);
      const zoneId = custom ?? `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}/providers/Microsoft.Network/privateDnsZones/${zoneName}`;
      const record = recordName(fqdn.slice(0, fqdn.indexOf(".")));
      const zone = getOf(input.read, keyOf(zoneId), "privateDnsZone");
      const hasRecord = getOf(input.read, keyOf(`${zoneId}/A/${record}`), "privateDnsRecordSet") !== undefined;
      const failure = currentFailures(input).find((f) => errorCodes(f.error).some((code) => DNS_CODES.includes(code)) && /private dns/i.test(f.error.message));
      const healthy = zone !== undefined && hasRecord;
      if (healthy && !failure) return findings;
      const overlap = failure && errorCodes(failure.error).includes("CreateOrUpdateVirtualNetworkLinkFailed");
      const commands = overlap
        ? ["az network private-dns link vnet list -g <group> -z <zone>   (find the link of the same vnet to the overlapping zone named in the error)", "az network private-dns link vnet delete -g <group> -z <zone> -n <link>", reconcileCommand(c.id)]
        : custom && zone === undefined
          ? [`az network private-dns zone create -g ${custom.split("/")[4]} -n ${zoneName}`, reconcileCommand(c.id)]
          : [reconcileCommand(c.id)];
      findings.push({
        status: healthy || !failure ? "Warning" : "Critical",
        message: healthy
          ? `The private DNS zone '${zoneName}' and its A record are in place, but the cluster's last operation failed on them: reconcile.`
          : failure
            ? `${failure.op.operationType} failed: ${overlap ? `the cluster's vnet is linked to a zone overlapping '${zoneName}'` : `the private DNS zone '${zoneName}' ${zone ? `has no A record '${record}'` : "does not exist"}`}.`
            : `The private DNS zone '${zoneName}' ${zone ? `has no A record '${record}'` : "does not exist"}: the cluster's next operation will fail with InternalOperationError.`,
        cause: SEED,
        remedy: {
          title: overlap ? "Remove the overlapping link, then reconcile" : "Reconcile the cluster (AKS recreates its own zone, link and record)",
          text: overlap
            ? "A virtual network cannot be linked to two zones with overlapping namespaces: delete the other link of the cluster's vnet, then reconcile."
            : custom
              ? "Recreate the custom zone (or its A record) if it was deleted, then reconcile the cluster."
              : "Reconcile the cluster: AKS recreates its private DNS zone, the link to the cluster's vnet and the API server's A record.",
          commands,
        },
        evidence: [
          ["Zone", zoneId],
          ["Zone state", zone ? `exists (${linksOf(input.read, zone).length} virtual network link(s))` : "not found"],
          ["A record", `${record}: ${hasRecord ? "exists" : "not found"}`],
          ["Private FQDN", fqdn],
          ...(failure ? operationEvidence(failure.op, failure.error) : []),
          ["Checked at", isoTime(input.now)],
        ],
      });
      return findings;
    },
  },
];
