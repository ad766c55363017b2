// Azure Policy over HTTP: definitions (built-ins at the tenant, custom ones at a subscription),
// assignments and exemptions at a subscription or resource group. Thin adapters: read the
// subscription's policy, call a decide* function, commit the new state in one meta write, reply.
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { groupKey } from "../../../arm/ids.js";
import { page } from "../../../arm/paging.js";
import type { ProviderDeps } from "../../provider.js";
import { BUILTIN_DEFINITIONS } from "./domain/builtin-definitions.js";
import { decideAssignmentPatch, decideAssignmentPut, decideDefinitionPut, decideExemptionPut, type BadContent, type PolicyRefusal } from "./domain/decide.js";
import { listedAt, parseListFilter, type FilterKind, type ListFilter } from "./domain/lists.js";
import type { Actor, PolicyDefinition, PolicyState } from "./domain/records.js";
import { POLICY_ERRORS } from "./errors.js";
import { builtinDefinition, definitionById, stateOf, stateWrite } from "./repository.js";
import { renderAssignment, renderDefinition, renderExemption } from "./wire.js";

const { error: policyError, unwrap: unwrapCatalog } = errorFactory(POLICY_ERRORS);

/** A decision's record, or its refusal thrown: a malformed body is the front door's invalidJson. */
function unwrap<T extends object>(decided: T | PolicyRefusal): T {
  if ("refused" in decided && decided.refused === "badContent") throw apiError("invalidJson", { detail: (decided as BadContent).detail });
  return unwrapCatalog(decided as T | Exclude<PolicyRefusal, BadContent>) as T;
}

const filterOf = (ctx: RequestContext, allowed: readonly FilterKind[]): ListFilter => {
  const raw = ctx.query.get("$filter");
  const parsed = parseListFilter(raw, allowed);
  if ("unsupported" in parsed) throw policyError("policyInvalidFilter", { filter: raw ?? "", supported: parsed.unsupported });
  return parsed;
};

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

export function policyHandlers(deps: ProviderDeps) {
  const { store, engine } = deps;
  const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;
  const actor = (ctx: RequestContext): Actor => ({ objectId: ctx.principal.objectId, at: ctx.now });
  const commit = (state: PolicyState) => engine.commit({ meta: [stateWrite(state)] });
  const listed = <T>(ctx: RequestContext, items: readonly T[], render: (t: T) => unknown) => page(ctx, items, render, (token) => policyError("policyInvalidSkipToken", { token }));

  /** The scope of an assignment or exemption route, in the caller's casing; a group must exist. */
  const scopeOf = (ctx: RequestContext): string => {
    const { resourceGroupName: rg, resourceProviderNamespace: ns, resourceType: type, resourceName: name } = ctx.params;
    if (rg === undefined) return `/subscriptions/${sub(ctx)}`;
    if (!store.get("resources", groupKey(sub(ctx), rg))) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
    const group = `/subscriptions/${sub(ctx)}/resourceGroups/${rg}`;
    return ns === undefined ? group : `${group}/providers/${ns}/${type!}/${name!}`;
  };

  // --- definitions ---
  const definitionFilter = (ctx: RequestContext) => {
    const f = filterOf(ctx, ["policyType", "category", "atExactScope"]);
    return (d: PolicyDefinition) =>
      (f.policyType === undefined || d.properties.policyType.toLowerCase() === f.policyType.toLowerCase()) &&
      (f.category === undefined || String(d.properties.metadata?.["category"] ?? "").toLowerCase() === f.category.toLowerCase()) &&
      (f.scope !== "atExactScope" || d.properties.policyType === "Custom");
  };

  const putDefinition = (ctx: RequestContext): Reply => {
    const state = stateOf(store, sub(ctx));
    const name = ctx.params["policyDefinitionName"]!;
    const existing = state.definitions[name.toLowerCase()];
    const d = unwrap(decideDefinitionPut({ subscriptionId: sub(ctx), name, body: ctx.body, existing, actor: actor(ctx) }));
    commit({ ...state, definitions: { ...state.definitions, [name.toLowerCase()]: d } });
    // PolicyDefinitions_CreateOrUpdate answers 201 for a create and an update alike (az's recordings).
    return { status: 201, body: renderDefinition(d) };
  };
  const getDefinition = (ctx: RequestContext): Reply => {
    const name = ctx.params["policyDefinitionName"]!;
    const d = stateOf(store, sub(ctx)).definitions[name.toLowerCase()];
    // A built-in is read at the tenant (PolicyDefinitions_GetBuiltIn): az falls back to it on this 404.
    if (!d) throw policyError("definitionNotFound", { name });
    return { status: 200, body: renderDefinition(d) };
  };
  const deleteDefinition = (ctx: RequestContext): Reply => {
    const state = stateOf(store, sub(ctx));
    const key = ctx.params["policyDefinitionName"]!.toLowerCase();
    if (!state.definitions[key]) return { status: 204 };
    commit({ ...state, definitions: without(state.definitions, key) });
    return { status: 200 };
  };
  const listDefinitions = (ctx: RequestContext): Reply => {
    const keep = definitionFilter(ctx);
    const custom = Object.values(stateOf(store, sub(ctx)).definitions).sort((a, b) => a.name.localeCompare(b.name));
    return listed(ctx, [...BUILTIN_DEFINITIONS, ...custom].filter(keep), renderDefinition);
  };
  const getBuiltIn = (ctx: RequestContext): Reply => {
    const name = ctx.params["policyDefinitionName"]!;
    const d = builtinDefinition(name);
    if (!d) throw policyError("definitionNotFound", { name });
    return { status: 200, body: renderDefinition(d) };
  };
  const listBuiltIn = (ctx: RequestContext): Reply => listed(ctx, BUILTIN_DEFINITIONS.filter(definitionFilter(ctx)), renderDefinition);

  // --- assignments ---
  const assignmentKey = (scope: string, name: string) => `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`.toLowerCase();

  const putAssignment = (ctx: RequestContext): Reply => {
    const scope = scopeOf(ctx);
    const name = ctx.params["policyAssignmentName"]!;
    const state = stateOf(store, sub(ctx));
    const key = assignmentKey(scope, name);
    const a = unwrap(decideAssignmentPut({ scope, name, body: ctx.body, existing: state.assignments[key], definition: (id) => definitionById(store, id), actor: actor(ctx), instanceId: deps.newId() }));
    commit({ ...state, assignments: { ...state.assignments, [key]: a } });
    // PolicyAssignments_Create answers 201 only (the spec; @azure/arm-policy accepts nothing else).
    return { status: 201, body: renderAssignment(a) };
  };
  const findAssignment = (ctx: RequestContext) => {
    const name = ctx.params["policyAssignmentName"]!;
    const a = stateOf(store, sub(ctx)).assignments[assignmentKey(scopeOf(ctx), name)];
    if (!a) throw policyError("assignmentNotFound", { name });
    return a;
  };
  const getAssignment = (ctx: RequestContext): Reply => ({ status: 200, body: renderAssignment(findAssignment(ctx)) });
  const patchAssignment = (ctx: RequestContext): Reply => {
    const existing = findAssignment(ctx);
    const a = unwrap(decideAssignmentPatch(existing, ctx.body));
    const state = stateOf(store, sub(ctx));
    commit({ ...state, assignments: { ...state.assignments, [existing.id.toLowerCase()]: a } });
    return { status: 200, body: renderAssignment(a) };
  };
  const deleteAssignment = (ctx: RequestContext): Reply => {
    const state = stateOf(store, sub(ctx));
    const key = assignmentKey(scopeOf(ctx), ctx.params["policyAssignmentName"]!);
    const a = state.assignments[key];
    if (!a) return { status: 204 };
    commit({ ...state, assignments: without(state.assignments, key) });
    // PolicyAssignments_Delete answers 200 with the deleted assignment (deletePolicyAssignment.json).
    return { status: 200, body: renderAssignment(a) };
  };
  const listAssignments = (ctx: RequestContext): Reply => {
    const scope = scopeOf(ctx);
    const f = filterOf(ctx, ["atScope", "atExactScope", "policyDefinitionId"]);
    const found = Object.values(stateOf(store, sub(ctx)).assignments)
      .filter((a) => listedAt(a.properties.scope, scope, f) && (f.policyDefinitionId === undefined || a.properties.policyDefinitionId.toLowerCase() === f.policyDefinitionId.toLowerCase()))
      .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
    return listed(ctx, found, renderAssignment);
  };

  // --- exemptions ---
  const exemptionKey = (scope: string, name: string) => `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}`.toLowerCase();

  const putExemption = (ctx: RequestContext): Reply => {
    const scope = scopeOf(ctx);
    const name = ctx.params["policyExemptionName"]!;
    const state = stateOf(store, sub(ctx));
    const key = exemptionKey(scope, name);
    const existing = state.exemptions[key];
    const assignment = (id: string) => {
      const owner = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
      return owner === undefined ? undefined : stateOf(store, owner).assignments[id.toLowerCase()];
    };
    const e = unwrap(decideExemptionPut({ scope, name, body: ctx.body, existing, assignment, actor: actor(ctx) }));
    commit({ ...state, exemptions: { ...state.exemptions, [key]: e } });
    return { status: existing ? 200 : 201, body: renderExemption(e) };
  };
  const getExemption = (ctx: RequestContext): Reply => {
    const name = ctx.params["policyExemptionName"]!;
    const e = stateOf(store, sub(ctx)).exemptions[exemptionKey(scopeOf(ctx), name)];
    if (!e) throw policyError("exemptionNotFound", { name });
    return { status: 200, body: renderExemption(e) };
  };
  const deleteExemption = (ctx: RequestContext): Reply => {
    const state = stateOf(store, sub(ctx));
    const key = exemptionKey(scopeOf(ctx), ctx.params["policyExemptionName"]!);
    if (!state.exemptions[key]) return { status: 204 };
    commit({ ...state, exemptions: without(state.exemptions, key) });
    return { status: 200 };
  };
  const listExemptions = (ctx: RequestContext): Reply => {
    const scope = scopeOf(ctx);
    const f = filterOf(ctx, ["atScope", "atExactScope", "excludeExpired", "policyAssignmentId"]);
    const found = Object.values(stateOf(store, sub(ctx)).exemptions)
      .filter((e) => listedAt(e.scope, scope, f))
      .filter((e) => f.policyAssignmentId === undefined || e.properties.policyAssignmentId.toLowerCase() === f.policyAssignmentId.toLowerCase())
      .filter((e) => !f.excludeExpired || e.properties.expiresOn === undefined || Date.parse(e.properties.expiresOn) > ctx.now)
      .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
    return listed(ctx, found, renderExemption);
  };

  return {
    putDefinition, getDefinition, deleteDefinition, listDefinitions, getBuiltIn, listBuiltIn,
    putAssignment, getAssignment, patchAssignment, deleteAssignment, listAssignments,
    putExemption, getExemption, deleteExemption, listExemptions,
  };
}
