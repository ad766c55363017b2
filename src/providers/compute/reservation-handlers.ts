// Capacity reservation groups and their reservations over HTTP (CapacityReservationGroups_* and
// CapacityReservations_*): a group's PUT is synchronous (201 new, 200 updated); a reservation's PUT
// (201 new, 200 updated) and DELETE (202) are long-running, as the spec declares them (Location,
// Retry-After; Compute's Azure-AsyncOperation too): one step allocates or releases what it holds.
// GET (`$expand=instanceView`) and lists. Rules are in domain/reservations.ts; allocation from
// them in domain/apply-step.ts.
import { errorFactory } from "../../arm/api-error.js";
import { apiError } from "../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { isObject } from "../../arm/json.js";
import { LOCATIONS, normalizeLocation } from "../../arm/locations.js";
import { page } from "../../arm/paging.js";
import type { ProviderDeps, VmSizeCatalog } from "../provider.js";
import { decideGroup, decideGroupDelete, decideReservation, decideReservationDelete, reservationOperation, type ReservationAction, type ReservationGroupRecord, type ReservationRecord } from "./domain/reservations.js";
import { regionZones } from "./domain/skus.js";
import { COMPUTE_ERRORS } from "./errors.js";
import { computeLookups } from "./lookups.js";
import { computeLro } from "./lro.js";
import { allocatedFrom, associatedScaleSets, fleetVmId, getReservation, getReservationGroup, reservationsOf } from "./reservation-repository.js";
import { renderReservation, renderReservationGroup } from "./reservation-wire.js";

const { error: computeError, unwrap } = errorFactory(COMPUTE_ERRORS);
export const GROUPS = "Microsoft.Compute/capacityReservationGroups";
const RESERVATIONS = `${GROUPS}/capacityReservations`;

export function reservationHandlers(deps: ProviderDeps, catalog: () => VmSizeCatalog) {
  const { store, engine } = deps;
  const { sub, requireGroup } = computeLookups(store);
  const { asyncHeaders } = computeLro(deps.clock);
  const skipToken = (raw: string) => computeError("computeInvalidSkipToken", { skipToken: raw });
  const expanded = (ctx: RequestContext) => (ctx.query.get("$expand") ?? "").toLowerCase().includes("instanceview");
  const groupId = (ctx: RequestContext, rg: string) => `/subscriptions/${sub(ctx)}/resourceGroups/${rg}/providers/${GROUPS}/${ctx.params["capacityReservationGroupName"]!}`;

  /** The VMs associated with a group and those allocated from each of its reservations. */
  const usageOf = (ctx: RequestContext, g: ReservationGroupRecord) => {
    const sets = associatedScaleSets(store, sub(ctx), g.id);
    return { associated: sets.flatMap((s) => s.instances.map((i) => fleetVmId(s, i.instanceId))), allocated: allocatedFrom(sets) };
  };
  const renderGroup = (ctx: RequestContext, g: ReservationGroupRecord, instanceView: boolean) => {
    const { associated, allocated } = usageOf(ctx, g);
    return renderReservationGroup(g, reservationsOf(store, g.id.toLowerCase()), associated, allocated, { instanceView });
  };
  const groupOf = (ctx: RequestContext, parent: boolean): ReservationGroupRecord => {
    const rg = requireGroup(ctx);
    const g = getReservationGroup(store, groupId(ctx, rg).toLowerCase());
    const name = ctx.params["capacityReservationGroupName"]!;
    if (!g) throw parent ? apiError("parentResourceNotFound", { parent: name }) : apiError("resourceNotFound", { type: GROUPS, name, resourceGroup: rg });
    return g;
  };
  /** A PUT body's location: required, served, and the existing resource's. */
  const bodyLocation = (ctx: RequestContext, type: string, existing: { location: string; name: string } | undefined, rg: string) => {
    if (!isObject(ctx.body)) throw computeError("computeRequiredParameter", { name: "parameters", target: "parameters" });
    const raw = ctx.body["location"];
    if (typeof raw !== "string" || raw.trim() === "") throw apiError("locationRequired");
    const location = normalizeLocation(raw);
    if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailable", { location: raw, type, locations: LOCATIONS });
    if (existing && existing.location.toLowerCase() !== location) throw apiError("invalidResourceLocation", { name: existing.name, existing: existing.location, requested: location, resourceGroup: rg });
    return { body: ctx.body, location };
  };

  const listGroups = (ctx: RequestContext): Reply => {
    const rg = requireGroup(ctx);
    const groups = store.group<ReservationGroupRecord>("resources", `/subscriptions/${sub(ctx)}/resourcegroups/${rg}`.toLowerCase()).filter((r) => r.kind === "capacityReservationGroup");
    return page(ctx, groups.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase())), (g) => renderGroup(ctx, g, false), skipToken);
  };
  const getGroup = (ctx: RequestContext): Reply => ({ status: 200, body: renderGroup(ctx, groupOf(ctx, false), expanded(ctx)) });
  const putGroup = (ctx: RequestContext): Reply => {
    const rg = requireGroup(ctx);
    const id = groupId(ctx, rg);
    const existing = getReservationGroup(store, id.toLowerCase());
    const { body, location } = bodyLocation(ctx, GROUPS, existing, rg);
    const parts = { subscriptionId: sub(ctx), resourceGroup: rg, name: ctx.params["capacityReservationGroupName"]! };
    const next = unwrap(decideGroup({ body, id, parts, location, regionZones: regionZones(catalog(), location), existing, now: ctx.now }));
    engine.commit({ resources: [[id.toLowerCase(), next]] });
    return { status: existing ? 200 : 201, body: renderGroup(ctx, getReservationGroup(store, id.toLowerCase())!, false) };
  };
  const deleteGroup = (ctx: RequestContext): Reply => {
    const rg = requireGroup(ctx);
    const g = getReservationGroup(store, groupId(ctx, rg).toLowerCase());
    if (!g) return { status: 204 };
    const refusal = decideGroupDelete(g, reservationsOf(store, g.id.toLowerCase()).length, usageOf(ctx, g).associated.length);
    if (refusal) unwrap(refusal);
    engine.commit({ resources: [[g.id.toLowerCase(), undefined]] });
    return { status: 200 };
  };

  const reservationId = (g: ReservationGroupRecord, ctx: RequestContext) => `${g.id}/capacityReservations/${ctx.params["capacityReservationName"]!}`;
  const allocatedIn = (ctx: RequestContext, g: ReservationGroupRecord, key: string) => usageOf(ctx, g).allocated.get(key) ?? [];
  const listReservations = (ctx: RequestContext): Reply => {
    const g = groupOf(ctx, true);
    const { allocated } = usageOf(ctx, g);
    return page(ctx, reservationsOf(store, g.id.toLowerCase()), (r) => renderReservation(r, allocated.get(r.id.toLowerCase()) ?? [], { instanceView: false }), skipToken);
  };
  const getReservationReply = (ctx: RequestContext): Reply => {
    const g = groupOf(ctx, true);
    const key = reservationId(g, ctx).toLowerCase();
    const r = getReservation(store, key);
    if (!r) throw apiError("resourceNotFound", { type: RESERVATIONS, name: `${g.name}/${ctx.params["capacityReservationName"]!}`, resourceGroup: g.resourceGroup });
    return { status: 200, body: renderReservation(r, allocatedIn(ctx, g, key), { instanceView: expanded(ctx) }) };
  };
  const putReservation = (ctx: RequestContext): Reply => {
    const g = groupOf(ctx, true);
    const id = reservationId(g, ctx);
    const existing = getReservation(store, id.toLowerCase());
    const { body, location } = bodyLocation(ctx, RESERVATIONS, existing, g.resourceGroup);
    const canonicalSize = (raw: string) => catalog().sizes.find((s) => s.toLowerCase() === raw.toLowerCase());
    const allocated = allocatedIn(ctx, g, id.toLowerCase());
    const next = unwrap(decideReservation({ body, id, name: ctx.params["capacityReservationName"]!, group: g, location, canonicalSize, existing, allocated: allocated.length, now: ctx.now }));
    const op = start(next, { type: "allocateReservation" }, ctx, existing ? "UpdateCapacityReservation" : "CreateCapacityReservation");
    engine.commit({ resources: [[id.toLowerCase(), next]], operations: [op] });
    return { status: existing ? 200 : 201, headers: asyncHeaders(ctx, op), body: renderReservation(getReservation(store, id.toLowerCase())!, allocated, { instanceView: false }) };
  };
  const start = (r: ReservationRecord, action: ReservationAction, ctx: RequestContext, operationType: string) =>
    reservationOperation({ id: deps.newId(), reservation: r, subscriptionId: sub(ctx), action, now: ctx.now, operationType });
  const deleteReservation = (ctx: RequestContext): Reply => {
    const g = groupOf(ctx, true);
    const key = reservationId(g, ctx).toLowerCase();
    const r = getReservation(store, key);
    if (!r) return { status: 204 };
    const refusal = decideReservationDelete(r, allocatedIn(ctx, g, key).length);
    if (refusal) unwrap(refusal);
    // Deleting gives back what it holds when its step runs; meanwhile it still holds it.
    const deleting: ReservationRecord = { ...r, provisioningState: "Deleting" };
    const op = start(deleting, { type: "releaseReservation" }, ctx, "DeleteCapacityReservation");
    engine.commit({ resources: [[key, deleting]], operations: [op] });
    return { status: 202, headers: asyncHeaders(ctx, op) };
  };

  /** A reservation by id, as a GET answers it (the result a client polling Location reads). */
  const renderById = (id: string) => {
    const r = getReservation(store, id.toLowerCase());
    if (!r) return undefined;
    const sets = associatedScaleSets(store, r.id.split("/")[2]!, r.groupId);
    return renderReservation(r, allocatedFrom(sets).get(r.id.toLowerCase()) ?? [], { instanceView: false });
  };

  return { listGroups, getGroup, putGroup, deleteGroup, listReservations, getReservation: getReservationReply, putReservation, deleteReservation, renderById };
}
