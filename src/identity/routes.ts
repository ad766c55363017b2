// The emulated Entra ID's anonymous endpoints, as routes of the one router: OpenID configuration,
// the token endpoint (client credentials) and the JWKS. Token lifetimes follow the wall clock.
import type { KeyObject } from "node:crypto";
import type { Route } from "../arm/router.js";
import { systemNow } from "../clock/clock.js";
import { handleTokenRequest, jwks, openIdConfiguration, type Principal } from "./entra.js";

export type EntraDeps = {
  signingKey: { privateKey: KeyObject; kid: string; publicJwk: JsonWebKey };
  principals: () => Principal[];
  newId: () => string;
};

export function entraRoutes(deps: EntraDeps): Route[] {
  const none = { kind: "none" } as const;
  return [
    {
      method: "GET",
      pattern: "/{tenant}/v2.0/.well-known/openid-configuration",
      apiVersions: none,
      auth: "none",
      summary: "Entra ID discovery for `@azure/identity` (use `disableInstanceDiscovery: true`)",
      handler: (ctx) => ({ status: 200, body: openIdConfiguration({ origin: ctx.origin, tenant: ctx.params["tenant"]! }) }),
    },
    {
      method: "POST",
      pattern: "/{tenant}/oauth2/v2.0/token",
      apiVersions: none,
      auth: "none",
      body: "raw",
      summary: "client-credentials tokens (RS256 JWT, any scope)",
      handler: (ctx) => {
        const form = new URLSearchParams(ctx.rawBody);
        const result = handleTokenRequest({ form, tenant: ctx.params["tenant"]!, origin: ctx.origin, principals: deps.principals(), nowMs: systemNow(), key: { privateKey: deps.signingKey.privateKey, kid: deps.signingKey.kid }, newId: deps.newId });
        return { status: result.status, body: result.body, headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" } };
      },
    },
    {
      method: "GET",
      pattern: "/{tenant}/discovery/v2.0/keys",
      apiVersions: none,
      auth: "none",
      summary: "JWKS",
      handler: () => ({ status: 200, body: jwks([deps.signingKey.publicJwk]) }),
    },
  ];
}
