// Microsoft.Authorization/roleDefinitions over HTTP (RoleDefinitions_Get/CreateOrUpdate/Delete/List,
// at a scope or at the tenant): the built-ins and the custom roles, thin adapters around the domain.
import { errorFactory } from "../../../arm/api-error.js";
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { isObject } from "../../../arm/json.js";
import { page } from "../../../arm/paging.js";
import type { ProviderDeps } from "../../provider.js";
import { decideDefinitionDelete, decideDefinitionPut, selectDefinitions } from "./domain/definitions.js";
import { parseDefinitionFilter } from "./domain/filters.js";
import { definitionKey, type Permission } from "./domain/records.js";
import { RBAC_ERRORS } from "./errors.js";
import { scopeOf } from "./scope.js";
import { lazyRbacState } from "./state.js";
import { renderDefinition } from "./wire.js";

const { error, unwrap } = errorFactory(RBAC_ERRORS);

const invalid = (path: string, what: string) =>
  apiError("invalidRequestContent", { message: `The request content was invalid and could not be deserialized: '${what} Path '${path}'.'.` });

function strings(v: unknown, path: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalid(path, "Error converting value to type 'System.Collections.Generic.List`1[System.String]'.");
  return v as string[];
}

function permissionsOf(v: unknown): Permission[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid("properties.permissions", "Error converting value to type 'Permission[]'.");
  return v.map((p, i) => {
    if (!isObject(p)) throw invalid(`properties.permissions[${i}]`, "Error converting value to type 'Permission'.");
    const at = (k: string) => strings(p[k], `properties.permissions[${i}].${k}`);
    return { actions: at("actions"), notActions: at("notActions"), dataActions: at("dataActions"), notDataActions: at("notDataActions") };
  });
}

export function definitionHandlers(deps: ProviderDeps) {
  const state = lazyRbacState(deps);
  const subOf = (ctx: RequestContext) => ctx.params["subscriptionId"];

  const get = (ctx: RequestContext): Reply => {
    const name = ctx.params["roleDefinitionId"]!;
    const role = state().role(name);
    if (!role) throw error("roleDefinitionNotFound", { name });
    return { status: 200, body: renderDefinition(role, subOf(ctx)) };
  };

  /** 201 for a create and an update alike (RoleDefinitions_CreateOrUpdate). */
  const put = (ctx: RequestContext): Reply => {
    const name = ctx.params["roleDefinitionId"]!;
    const body = ctx.body;
    if (!isObject(body) || !isObject(body["properties"])) throw invalid("", "Required property 'properties' not found in JSON.");
    const props = body["properties"];
    if (props["roleName"] !== undefined && typeof props["roleName"] !== "string") throw invalid("properties.roleName", "Error converting value to type 'System.String'.");
    if (props["description"] !== undefined && props["description"] !== null && typeof props["description"] !== "string") throw invalid("properties.description", "Error converting value to type 'System.String'.");
    const existing = state().custom().find((r) => r.name === name.toLowerCase());
    const decision = unwrap(
      decideDefinitionPut(
        {
          name,
          roleName: (props["roleName"] as string | undefined) ?? "",
          description: (props["description"] as string | undefined) ?? "",
          permissions: permissionsOf(props["permissions"]),
          assignableScopes: strings(props["assignableScopes"], "properties.assignableScopes"),
          caller: ctx.principal.objectId,
          now: ctx.now,
        },
        { existing, custom: state().custom() },
      ),
    );
    state().commit({ meta: [[definitionKey(name), decision.record]] });
    return { status: 201, body: renderDefinition(decision.record, subOf(ctx)) };
  };

  /** 200 with the role it deleted; 204 when there was none. */
  const remove = (ctx: RequestContext): Reply => {
    const name = ctx.params["roleDefinitionId"]!;
    const refusal = decideDefinitionDelete(name, state().assignments());
    if (refusal) unwrap(refusal);
    const found = state().custom().find((r) => r.name === name.toLowerCase());
    if (!found) return { status: 204 };
    state().commit({ meta: [[definitionKey(name), undefined]] });
    return { status: 200, body: renderDefinition(found, subOf(ctx)) };
  };

  const list = (ctx: RequestContext): Reply => {
    const filter = unwrap(parseDefinitionFilter(ctx.query.get("$filter")));
    const found = selectDefinitions(state().custom(), scopeOf(ctx), filter);
    return page(ctx, found, (r) => renderDefinition(r, subOf(ctx)), (token) => error("rbacInvalidSkipToken", { token }));
  };

  return { get, put, remove, list };
}
