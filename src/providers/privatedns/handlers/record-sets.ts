// Record sets of a private DNS zone over HTTP (RecordSets_*): synchronous PUT (201 new, 200
// updated), PATCH, GET, DELETE (200; 204 when absent), lists by type and of ALL types
// (`$top`, `$recordsetnamesuffix`). Every zone has its SOA record set `@`: read-only here (a PUT of
// it answers it unchanged; aksemu does not model SOA timers).
import { checkConditions } from "../../../arm/conditions.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import type { ProviderDeps } from "../../provider.js";
import { recordName } from "../domain/names.js";
import { keyOf, type RecordSetRecord, type RecordType, type ZoneRecord } from "../domain/records.js";
import { decideRecordSetPut } from "../domain/zones.js";
import { getOf, recordSetsOf } from "../repository.js";
import { etagOf, renderRecordSet, renderSoa } from "../wire.js";
import { apiError } from "../../../arm/error-catalog.js";
import { dnsError, dnsPage, requireGroup, sub, unwrap, zoneIdFor } from "./common.js";

export function recordSetHandlers(deps: ProviderDeps) {
  const { store, engine } = deps;
  const zoneOf = (ctx: RequestContext, opts: { forWrite: boolean }): ZoneRecord => {
    requireGroup(deps, ctx, opts);
    const zone = getOf(store, keyOf(zoneIdFor(ctx)), "privateDnsZone");
    if (!zone) throw apiError("parentResourceNotFound", { parent: ctx.params["privateZoneName"]! });
    return zone;
  };
  const name = (ctx: RequestContext) => ctx.params["relativeRecordSetName"]!;
  const keyIn = (zone: ZoneRecord, type: RecordType, ctx: RequestContext) => keyOf(`${zone.id}/${type}/${recordName(name(ctx))}`);
  const notFound = (zone: ZoneRecord, ctx: RequestContext) => dnsError("recordSetNotFound", { name: name(ctx), resourceGroup: zone.resourceGroup, subscriptionId: sub(ctx) });
  const isApex = (ctx: RequestContext) => name(ctx) === "@";
  const withSuffix = (ctx: RequestContext, sets: readonly RecordSetRecord[]) => {
    const suffix = ctx.query.get("$recordsetnamesuffix");
    return suffix ? sets.filter((r) => r.name.endsWith(`.${suffix.toLowerCase()}`)) : sets;
  };

  return (type: RecordType) => {
    const get = (ctx: RequestContext): Reply => {
      const zone = zoneOf(ctx, { forWrite: false });
      if (type === "SOA") {
        if (!isApex(ctx)) throw notFound(zone, ctx);
        return { status: 200, body: renderSoa(zone) };
      }
      const r = getOf(store, keyIn(zone, type, ctx), "privateDnsRecordSet");
      if (!r) throw notFound(zone, ctx);
      return { status: 200, body: renderRecordSet(r) };
    };

    const list = (ctx: RequestContext): Reply => {
      const zone = zoneOf(ctx, { forWrite: false });
      if (type === "SOA") return dnsPage(ctx, [zone], renderSoa);
      return dnsPage(ctx, withSuffix(ctx, recordSetsOf(store, zone).filter((r) => r.recordType === type)), renderRecordSet);
    };

    const write = (ctx: RequestContext, patch: boolean): Reply => {
      const zone = zoneOf(ctx, { forWrite: true });
      if (type === "SOA") {
        if (!isApex(ctx)) throw dnsError("soaNotCreatable");
        return { status: 200, body: renderSoa(zone) };
      }
      const key = keyIn(zone, type, ctx);
      const existing = getOf(store, key, "privateDnsRecordSet");
      if (patch && !existing) throw notFound(zone, ctx);
      checkConditions(ctx, existing ? etagOf(existing) : undefined, { allowIfNoneMatch: !patch });
      const record = unwrap(decideRecordSetPut({ zone, type, name: name(ctx), body: isObject(ctx.body) ? ctx.body : {}, existing }));
      engine.commit({ resources: [[key, record]] });
      return { status: existing ? 200 : 201, body: renderRecordSet(getOf(store, key, "privateDnsRecordSet")!) };
    };

    const remove = (ctx: RequestContext): Reply => {
      const zone = zoneOf(ctx, { forWrite: false });
      if (type === "SOA") throw dnsError("soaNotDeletable");
      const key = keyIn(zone, type, ctx);
      const existing = getOf(store, key, "privateDnsRecordSet");
      if (!existing) return { status: 204 };
      checkConditions(ctx, etagOf(existing), { allowIfNoneMatch: false });
      engine.commit({ resources: [[key, undefined]] });
      return { status: 200 };
    };

    return { get, list, put: (ctx: RequestContext) => write(ctx, false), patch: (ctx: RequestContext) => write(ctx, true), remove };
  };
}

/** RecordSets_List: the SOA first, then every record set by type and name. */
export function allRecordSets(deps: ProviderDeps) {
  return (ctx: RequestContext): Reply => {
    requireGroup(deps, ctx, { forWrite: false });
    const zone = getOf(deps.store, keyOf(zoneIdFor(ctx)), "privateDnsZone");
    if (!zone) throw apiError("parentResourceNotFound", { parent: ctx.params["privateZoneName"]! });
    const suffix = ctx.query.get("$recordsetnamesuffix");
    const sets = recordSetsOf(deps.store, zone)
      .filter((r) => !suffix || r.name.endsWith(`.${suffix.toLowerCase()}`))
      .sort((a, b) => (a.recordType === b.recordType ? (a.name < b.name ? -1 : 1) : a.recordType < b.recordType ? -1 : 1));
    return dnsPage(ctx, [zone as ZoneRecord | RecordSetRecord, ...sets], (r) => (r.kind === "privateDnsZone" ? renderSoa(r) : renderRecordSet(r)));
  };
}
