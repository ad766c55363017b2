// Microsoft.Authorization/roleAssignments over HTTP (RoleAssignments_Get/Create/Delete and the
// lists for a scope, a subscription, a group and a resource): thin adapters around the domain.
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import { page } from "../../../arm/paging.js";
import type { ProviderDeps } from "../../provider.js";
import { decideAssignmentPut, selectAssignments } from "./domain/assignments.js";
import { parseAssignmentFilter } from "./domain/filters.js";
import { assignmentId, assignmentKey, PRINCIPAL_TYPES, type RoleAssignmentRecord } from "./domain/records.js";
import { RBAC_ERRORS } from "./errors.js";
import { requireScope, scopeOf } from "./scope.js";
import { lazyRbacState } from "./state.js";
import { renderAssignment } from "./wire.js";

const { error, unwrap } = errorFactory(RBAC_ERRORS);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ARM's deserializer: a required property missing (Azure/azure-powershell#9339: "Required property 'principalId' not found in JSON"). */
const missing = (name: string, path: string) =>
  apiError("invalidRequestContent", { message: `The request content was invalid and could not be deserialized: 'Required property '${name}' not found in JSON. Path '${path}'.'.` });

const optionalText = (props: Record<string, unknown>, name: string): string | undefined => {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw apiError("invalidRequestContent", { message: `The request content was invalid and could not be deserialized: 'Error converting value to type 'System.String'. Path 'properties.${name}'.'.` });
  return v;
};

export function assignmentHandlers(deps: ProviderDeps) {
  const state = lazyRbacState(deps);
  const tenantOf = (sub: string) => deps.subscriptions().find((s) => s.id.toLowerCase() === sub.toLowerCase())?.tenantId ?? "";

  /** The scope and name of the request; a name that is not a GUID is refused on every verb, as ARM does. */
  const locate = (ctx: RequestContext) => {
    const name = ctx.params["roleAssignmentName"]!;
    if (!GUID.test(name)) throw error("invalidAssignmentName", { name });
    const scope = scopeOf(ctx)!;
    return { name, scope, key: assignmentKey(assignmentId(scope, name)) };
  };

  const get = (ctx: RequestContext): Reply => {
    const { name, key } = locate(ctx);
    const found = deps.store.get<RoleAssignmentRecord>("meta", key);
    if (!found) throw error("assignmentNotFound", { name });
    return { status: 200, body: renderAssignment(found) };
  };

  const put = (ctx: RequestContext): Reply => {
    const { name, scope, key } = locate(ctx);
    const body = ctx.body;
    if (!isObject(body) || !isObject(body["properties"])) throw missing("properties", "");
    const props = body["properties"];
    const roleDefinitionId = optionalText(props, "roleDefinitionId");
    if (roleDefinitionId === undefined) throw missing("roleDefinitionId", "properties");
    const principalId = optionalText(props, "principalId");
    if (principalId === undefined) throw missing("principalId", "properties");
    const givenType = optionalText(props, "principalType");
    const principalType = givenType === undefined ? undefined : PRINCIPAL_TYPES.find((t) => t.toLowerCase() === givenType.toLowerCase());
    if (givenType !== undefined && principalType === undefined) {
      throw apiError("invalidRequestContent", { message: `The request content was invalid and could not be deserialized: 'Error converting value "${givenType}" to type 'PrincipalType'. Path 'properties.principalType'.'.` });
    }
    requireScope(deps.store, scope);
    const subscriptionId = ctx.params["subscriptionId"]!;
    const existing = deps.store.get<RoleAssignmentRecord>("meta", key);
    const sameName = state().named(name);
    const directory = deps.directory?.principals() ?? [];
    const decision = unwrap(
      decideAssignmentPut(
        {
          scope, name, subscriptionId, roleDefinitionId, principalId,
          ...(principalType !== undefined ? { principalType } : {}),
          ...optional("description", optionalText(props, "description")),
          ...optional("condition", optionalText(props, "condition")),
          ...optional("conditionVersion", optionalText(props, "conditionVersion")),
          caller: ctx.principal.objectId, tenantId: tenantOf(subscriptionId), now: ctx.now,
        },
        {
          existing,
          elsewhere: sameName && sameName.id.toLowerCase() !== assignmentId(scope, name).toLowerCase() ? sameName : undefined,
          atScope: state().assignments().filter((a) => a.scope.toLowerCase() === scope.toLowerCase()),
          role: (name) => state().role(name),
          principalKind: (id) => (directory.some((p) => p.objectId.toLowerCase() === id.toLowerCase()) ? "ServicePrincipal" : undefined),
        },
      ),
    );
    state().commit({ meta: [[key, decision.record]] });
    return { status: decision.created ? 201 : 200, body: renderAssignment(decision.record) };
  };

  /** 200 with the assignment it deleted, or 204 when there was none (RoleAssignments_Delete.json). */
  const remove = (ctx: RequestContext): Reply => {
    const { key } = locate(ctx);
    const found = deps.store.get<RoleAssignmentRecord>("meta", key);
    if (!found) return { status: 204 };
    state().commit({ meta: [[key, undefined]] });
    return { status: 200, body: renderAssignment(found) };
  };

  /** Every list (for a scope, a subscription, a group, a resource) is the list at the path's scope. */
  const list = (ctx: RequestContext): Reply => {
    const filter = unwrap(parseAssignmentFilter(ctx.query.get("$filter")));
    const found = selectAssignments(state().assignments(), scopeOf(ctx)!, filter);
    return page(ctx, found, renderAssignment, (token) => error("rbacInvalidSkipToken", { token }));
  };

  return { get, put, remove, list };
}

const optional = <K extends string>(name: K, v: string | undefined) => (v === undefined ? {} : ({ [name]: v } as Record<K, string>));
