// Service principals beyond the default one, added through POST /_aksemu/principals. Each gets an
// object id (the `oid` of its tokens) and a client secret for the client-credentials flow.
import { randomBytes } from "node:crypto";
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import type { Principal } from "../identity/entra.js";
import { GUID } from "../arm/ids.js";
import type { Engine } from "../engine/engine.js";
import type { Store } from "../store/store.js";

const KEY_PREFIX = "principal/";

/** The meta write that keeps a principal (POST /_aksemu/principals, or a scenario that adds one). */
export const principalWrite = (p: Principal): readonly [string, Principal & { kind: "principal" }] => [`${KEY_PREFIX}${p.clientId.toLowerCase()}`, { kind: "principal", ...p }];

export function storedPrincipals(store: Store): Principal[] {
  const out: Principal[] = [];
  for (const v of store.values<Principal & { kind?: string }>("meta")) if (v && (v as { kind?: string }).kind === "principal") out.push(v);
  return out;
}

export function principalHandlers(deps: { store: Store; engine: Engine; defaultPrincipal: Principal; tenantId: string; newId: () => string }) {
  const { store } = deps;
  const all = () => [deps.defaultPrincipal, ...storedPrincipals(store)];
  const view = (p: Principal, withSecret: boolean) => ({
    objectId: p.objectId,
    clientId: p.clientId,
    ...(withSecret ? { clientSecret: p.clientSecret } : {}),
    displayName: p.displayName,
    tenantId: deps.tenantId,
  });

  const list = (): Reply => ({ status: 200, body: { value: all().map((p) => view(p, false)) } });

  const create = (ctx: RequestContext): Reply => {
    const body = ctx.body ?? {};
    if (!isObject(body)) throw apiError("controlBadRequest", { message: "The body must be a JSON object." });
    for (const k of ["clientId", "clientSecret", "displayName"]) {
      if (body[k] !== undefined && (typeof body[k] !== "string" || body[k] === "")) throw apiError("controlBadRequest", { message: `'${k}' must be a non-empty string.` });
    }
    const clientId = (body["clientId"] as string | undefined) ?? deps.newId();
    if (!GUID.test(clientId)) throw apiError("controlBadRequest", { message: `'clientId' must be a GUID, got '${clientId}'.` });
    if (all().some((p) => p.clientId.toLowerCase() === clientId.toLowerCase())) {
      throw apiError("controlConflict", { message: `A principal with client id '${clientId}' already exists.` });
    }
    const principal: Principal & { kind: "principal" } = {
      kind: "principal",
      objectId: deps.newId(),
      clientId,
      clientSecret: (body["clientSecret"] as string | undefined) ?? newSecret(),
      displayName: (body["displayName"] as string | undefined) ?? `aksemu principal ${clientId.slice(0, 8)}`,
    };
    deps.engine.commit({ meta: [[`${KEY_PREFIX}${clientId.toLowerCase()}`, principal]] });
    return { status: 201, body: view(principal, true) };
  };

  const remove = (ctx: RequestContext): Reply => {
    const clientId = ctx.params["clientId"] ?? "";
    if (clientId.toLowerCase() === deps.defaultPrincipal.clientId.toLowerCase()) {
      throw apiError("controlBadRequest", { message: "The default principal cannot be deleted." });
    }
    const key = `${KEY_PREFIX}${clientId.toLowerCase()}`;
    if (!store.get("meta", key)) throw apiError("controlNotFound", { message: `No principal with client id '${clientId}'.` });
    deps.engine.commit({ meta: [[key, undefined]] });
    return { status: 204 };
  };

  return { all, list, create, remove };
}

/**
 * A client secret as Entra ID makes them: letters, digits and `~._-`, never starting with `-`, which
 * `az login -p <secret>` would read as an option ("argument --password/-p: expected one argument").
 */
function newSecret(): string {
  for (;;) {
    const secret = randomBytes(24).toString("base64url");
    if (!secret.startsWith("-")) return secret;
  }
}
