// Microsoft.Network's private DNS route table: zones, their virtual network links and record sets
// (one route set per record type of the spec's RecordType enum, and ALL), and the operation
// status and result URLs. Data: the front door and the docs read it.
import type { Handler } from "../../arm/http.js";
import type { Route } from "../../arm/router.js";
import { versionsOf, type Provider, type ProviderDeps } from "../provider.js";
import { RECORD_TYPES } from "./domain/records.js";
import { linkHandlers } from "./handlers/links.js";
import { operationHandlers } from "./handlers/operations.js";
import { allRecordSets, recordSetHandlers } from "./handlers/record-sets.js";
import { zoneHandlers } from "./handlers/zones.js";
import { getRecord, linksOf, recordSetsOf } from "./repository.js";
import { renderLink, renderZone } from "./wire.js";

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const N = "/providers/Microsoft.Network";
const ZONE = `${RG}${N}/privateDnsZones/{privateZoneName}`;

export function privateDnsRoutes(p: Pick<Provider, "namespace" | "types" | "unsupportedApiVersion">, deps: ProviderDeps): Route[] {
  const z = zoneHandlers(deps);
  const l = linkHandlers(deps);
  const rs = recordSetHandlers(deps);
  const ops = operationHandlers(deps, (key) => {
    const r = getRecord(deps.store, key);
    return r?.kind === "privateDnsZone" ? renderZone(r, linksOf(deps.store, r), recordSetsOf(deps.store, r).length) : r?.kind === "virtualNetworkLink" ? renderLink(r) : undefined;
  });
  const r = (method: string, pattern: string, type: string, handler: Handler): Route => ({ method, pattern, apiVersions: versionsOf(p, type), handler });
  return [
    r("GET", `${SUB}${N}/privateDnsZones`, "privateDnsZones", z.listAll),
    r("GET", `${RG}${N}/privateDnsZones`, "privateDnsZones", z.list),
    r("GET", ZONE, "privateDnsZones", z.get),
    r("PUT", ZONE, "privateDnsZones", z.put),
    r("PATCH", ZONE, "privateDnsZones", z.patch),
    r("DELETE", ZONE, "privateDnsZones", z.remove),
    r("GET", `${ZONE}/virtualNetworkLinks`, "privateDnsZones/virtualNetworkLinks", l.list),
    ...(["GET", "PUT", "PATCH", "DELETE"] as const).map((m) => r(m, `${ZONE}/virtualNetworkLinks/{virtualNetworkLinkName}`, "privateDnsZones/virtualNetworkLinks", { GET: l.get, PUT: l.put, PATCH: l.patch, DELETE: l.remove }[m])),
    r("GET", `${ZONE}/ALL`, "privateDnsZones/ALL", allRecordSets(deps)),
    ...RECORD_TYPES.flatMap((t) => {
      const h = rs(t);
      const type = `privateDnsZones/${t}`;
      return [
        r("GET", `${ZONE}/${t}`, type, h.list),
        ...(["GET", "PUT", "PATCH", "DELETE"] as const).map((m) => r(m, `${ZONE}/${t}/{relativeRecordSetName}`, type, { GET: h.get, PUT: h.put, PATCH: h.patch, DELETE: h.remove }[m])),
      ];
    }),
    r("GET", `${RG}${N}/privateDnsOperationStatuses/{operationId}`, "privateDnsOperationStatuses", ops.status),
    r("GET", `${RG}${N}/privateDnsOperationResults/{operationId}`, "privateDnsOperationResults", ops.result),
  ];
}
