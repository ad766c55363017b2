// What MSAL and older clients ask Entra ID before a token: instance discovery (which names are one
// cloud) and the v1 OpenID configuration. Pure builders; identity/routes.ts serves them.
import { ENTRA_HOSTS } from "./token-rules.js";
import { V1_ISSUER } from "./entra.js";

// Entra ID's public cloud, as its instance discovery lists it.
const PUBLIC_CLOUD = {
  preferred_network: "login.microsoftonline.com",
  preferred_cache: "login.windows.net",
  aliases: ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"],
};

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…`: MSAL calls it for an
 * authority it does not know (through proxy mode it reaches the emulator). The tenant discovery
 * endpoint names the authority's own host and tenant, and that host is listed as a cloud of its own
 * when it is not one of Entra ID's names, so MSAL validates it.
 */
export function instanceDiscovery(opts: { origin: string; authorizationEndpoint: string | null }): object {
  let host = new URL(opts.origin).host;
  let tenant = "common";
  if (opts.authorizationEndpoint) {
    try {
      const u = new URL(opts.authorizationEndpoint);
      host = u.host;
      tenant = u.pathname.split("/").filter((s) => s !== "")[0] ?? tenant;
    } catch {
      // Not a URL: answer for the name the client used.
    }
  }
  const known = PUBLIC_CLOUD.aliases.includes(host.toLowerCase()) || ENTRA_HOSTS.includes(host.toLowerCase());
  return {
    tenant_discovery_endpoint: `https://${host}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [PUBLIC_CLOUD, ...(known ? [] : [{ preferred_network: host, preferred_cache: host, aliases: [host] }])],
  };
}

/** `GET /{tenant}/.well-known/openid-configuration`: the v1 endpoints (token with `resource`). */
export function openIdConfigurationV1(opts: { origin: string; tenant: string }): object {
  const origin = opts.origin.replace(/\/+$/, "");
  const base = `${origin}/${opts.tenant}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${origin}/common/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid"],
    issuer: V1_ISSUER(opts.tenant),
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    end_session_endpoint: `${base}/oauth2/logout`,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  };
}
