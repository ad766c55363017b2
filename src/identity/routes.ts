// The emulated Entra ID's anonymous endpoints, as routes of the one router: OpenID configuration,
// the token endpoint (client credentials) and the JWKS. Token lifetimes follow the wall clock.
import type { KeyObject } from "node:crypto";
import { header } from "../arm/http.js";
import type { Route } from "../arm/router.js";
import { systemNow } from "../clock/clock.js";
import { instanceDiscovery, openIdConfigurationV1 } from "./entra-discovery.js";
import { CLOUD_SHELL_TOKEN_PATH, cloudShellToken } from "./cloud-shell.js";
import { handleTokenRequest, jwks, openIdConfiguration, type Principal } from "./entra.js";

export type EntraDeps = {
  signingKey: { privateKey: KeyObject; kid: string; publicJwk: JsonWebKey };
  principals: () => Principal[];
  newId: () => string;
  /** Cloud Shell's signed-in identity and its tenant (PUT /_aksemu/cloud-shell), if any. */
  cloudShell?: () => { identity: Principal | undefined; tenant: string };
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
    ...([2, 1] as const).map((version): Route => ({
      method: "POST",
      pattern: version === 2 ? "/{tenant}/oauth2/v2.0/token" : "/{tenant}/oauth2/token",
      apiVersions: none,
      auth: "none",
      body: "raw",
      summary: version === 2 ? "client-credentials tokens (RS256 JWT, any scope)" : "v1 client-credentials tokens (`resource`; issuer sts.windows.net)",
      handler: (ctx) => {
        const form = new URLSearchParams(ctx.rawBody);
        const result = handleTokenRequest({ version, form, tenant: ctx.params["tenant"]!, origin: ctx.origin, principals: deps.principals(), nowMs: systemNow(), key: { privateKey: deps.signingKey.privateKey, kid: deps.signingKey.kid }, newId: deps.newId });
        return { status: result.status, body: result.body, headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" } };
      },
    })),
    {
      method: "POST",
      pattern: CLOUD_SHELL_TOKEN_PATH,
      apiVersions: none,
      auth: "none",
      body: "raw",
      summary: "Cloud Shell's managed identity endpoint (`MSI_ENDPOINT`, `aksemu env --cloud-shell`): `resource=...` with `Metadata: true`; 400 without an identity or for an audience Cloud Shell does not serve",
      handler: (ctx) => {
        const shell = deps.cloudShell?.() ?? { identity: undefined, tenant: "" };
        const answer = cloudShellToken({ form: new URLSearchParams(ctx.rawBody), metadata: header(ctx, "metadata"), identity: shell.identity, tenant: shell.tenant, nowMs: systemNow(), key: { privateKey: deps.signingKey.privateKey, kid: deps.signingKey.kid }, newId: deps.newId });
        return { status: answer.status, body: answer.body };
      },
    },
    {
      method: "GET",
      pattern: "/{tenant}/.well-known/openid-configuration",
      apiVersions: none,
      auth: "none",
      summary: "Entra ID v1 discovery",
      handler: (ctx) => ({ status: 200, body: openIdConfigurationV1({ origin: ctx.origin, tenant: ctx.params["tenant"]! }) }),
    },
    {
      method: "GET",
      pattern: "/{tenant}/discovery/instance",
      apiVersions: none,
      auth: "none",
      summary: "MSAL's instance discovery (reached through proxy mode as login.microsoftonline.com)",
      handler: (ctx) => ({ status: 200, body: instanceDiscovery({ origin: ctx.origin, authorizationEndpoint: ctx.query.get("authorization_endpoint") }) }),
    },
    {
      method: "GET",
      pattern: "/{tenant}/discovery/keys",
      apiVersions: none,
      auth: "none",
      summary: "JWKS (v1 path)",
      handler: () => ({ status: 200, body: jwks([deps.signingKey.publicJwk]) }),
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
