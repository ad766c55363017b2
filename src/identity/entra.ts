// The subset of Microsoft Entra ID (login.microsoftonline.com, v2.0 endpoints) that ClientSecretCredential
// needs: OpenID discovery, the client-credentials token grant and the signing keys. Pure builders; the
// HTTP adapter routes to them.
import { type KeyObject, createHash, timingSafeEqual } from "node:crypto";
import { type AccessTokenClaims, signJwt } from "./jwt.js";

export type Principal = { objectId: string; clientId: string; clientSecret: string; displayName: string };

export type TokenErrorBody = {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri?: string;
};

type V2TokenBody = { token_type: "Bearer"; expires_in: number; ext_expires_in: number; access_token: string };
// The v1 endpoint writes its numbers as strings and names the resource.
type V1TokenBody = { token_type: "Bearer"; expires_in: string; ext_expires_in: string; expires_on: string; not_before: string; resource: string; access_token: string };

export type TokenRequestResult =
  | { ok: true; status: 200; body: V2TokenBody | V1TokenBody }
  | { ok: false; status: 400 | 401; body: TokenErrorBody };

const DEFAULT_TTL_SECONDS = 3600;
const DEFAULT_AUDIENCE = "https://management.azure.com/";

/** `GET /{tenant}/v2.0/.well-known/openid-configuration`, member order and values as Entra ID returns them. */
export function openIdConfiguration(opts: { origin: string; tenant: string }): object {
  const base = `${opts.origin.replace(/\/+$/, "")}/${opts.tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    // @azure/identity fails with endpoints_resolution_error when jwks_uri is absent (CLIENTS.md 1.5).
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: issuerFor(opts),
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host",
      "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash",
      "c_hash", "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/** `GET /{tenant}/discovery/v2.0/keys`. */
export function jwks(keys: readonly JsonWebKey[]): { keys: JsonWebKey[] } {
  return { keys: [...keys] };
}

/**
 * `POST /{tenant}/oauth2/v2.0/token` (version 2, the default: `scope`) or `POST /{tenant}/oauth2/token`
 * (version 1, older tools and msrestazure: `resource`), with `grant_type=client_credentials` and a
 * client secret in the form.
 */
export function handleTokenRequest(opts: {
  version?: 1 | 2;
  form: URLSearchParams;
  tenant: string;
  origin: string;
  principals: readonly Principal[];
  nowMs: number;
  key: { privateKey: KeyObject; kid: string };
  newId: () => string;
  ttlSeconds?: number;
}): TokenRequestResult {
  const { form, tenant } = opts;
  const fail = (status: 400 | 401, error: string, code: number, text: string): TokenRequestResult =>
    ({ ok: false, status, body: errorBody({ error, code, text, nowMs: opts.nowMs, newId: opts.newId, form }) });

  const grantType = nonEmpty(form.get("grant_type"));
  if (grantType === undefined) return fail(400, "invalid_request", 900144, missingParameter("grant_type"));
  if (grantType !== "client_credentials") {
    return fail(400, "unsupported_grant_type", 70003, `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`);
  }
  const clientId = nonEmpty(form.get("client_id"));
  if (clientId === undefined) return fail(400, "invalid_request", 900144, missingParameter("client_id"));
  const v1 = opts.version === 1;
  const scope = nonEmpty(form.get(v1 ? "resource" : "scope"));
  if (scope === undefined) return fail(400, "invalid_request", 900144, missingParameter(v1 ? "resource" : "scope"));

  const principal = opts.principals.find((p) => p.clientId.toLowerCase() === clientId.toLowerCase());
  if (!principal) {
    // Real Entra ID answers an unknown client in the client-credentials grant with unauthorized_client.
    return fail(
      400,
      "unauthorized_client",
      700016,
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = form.get("client_secret");
  if (secret === null || secret === "") {
    return fail(401, "invalid_client", 7000218, "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!secretsEqual(secret, principal.clientSecret)) {
    return fail(
      401,
      "invalid_client",
      7000215,
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${principal.clientId}'.`,
    );
  }

  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const iat = Math.floor(opts.nowMs / 1000);
  const claims: AccessTokenClaims = {
    aud: v1 ? scope : audienceOf(scope),
    iss: v1 ? V1_ISSUER(tenant) : issuerFor(opts),
    iat,
    nbf: iat,
    exp: iat + ttl,
    appid: principal.clientId,
    azp: principal.clientId,
    idtyp: "app",
    oid: principal.objectId,
    sub: principal.objectId,
    tid: tenant,
    uti: opts.newId(),
    ver: v1 ? "1.0" : "2.0",
  };
  const accessToken = signJwt(claims, opts.key);
  if (v1) {
    const body: V1TokenBody = { token_type: "Bearer", expires_in: String(ttl), ext_expires_in: String(ttl), expires_on: String(iat + ttl), not_before: String(iat), resource: scope, access_token: accessToken };
    return { ok: true, status: 200, body };
  }
  return { ok: true, status: 200, body: { token_type: "Bearer", expires_in: ttl, ext_expires_in: ttl, access_token: accessToken } };
}

/** The v1 endpoint's issuer, whatever name the client used: Entra ID's own. */
export const V1_ISSUER = (tenant: string) => `https://sts.windows.net/${tenant}/`;

function issuerFor(opts: { origin: string; tenant: string }): string {
  return `${opts.origin.replace(/\/+$/, "")}/${opts.tenant}/v2.0`;
}

// Entra ID maps `<resource>/.default` to the resource by removing "/.default" (why az CLI asks for
// "https://management.core.windows.net//.default"). Any resource is accepted: the emulator hosts them all.
function audienceOf(scope: string): string {
  const scopes = scope.split(/\s+/).filter((s) => s !== "");
  const first = scopes.find((s) => s.endsWith("/.default")) ?? scopes[0] ?? "";
  const resource = first.endsWith("/.default") ? first.slice(0, -"/.default".length) : first;
  return resource === "" ? DEFAULT_AUDIENCE : resource;
}

function missingParameter(name: string): string {
  return `AADSTS900144: The request body must contain the following parameter: '${name}'.`;
}

// Entra ID appends the trace, correlation id and time to every description, separated by CRLF, and
// echoes the client's `client-request-id` (MSAL sends it in the form) as correlation_id.
function errorBody(o: { error: string; code: number; text: string; nowMs: number; newId: () => string; form: URLSearchParams }): TokenErrorBody {
  const timestamp = formatTimestamp(o.nowMs);
  const traceId = o.newId();
  const correlationId = nonEmpty(o.form.get("client-request-id")) ?? o.newId();
  return {
    error: o.error,
    error_description: `${o.text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [o.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${o.code}`,
  };
}

/** `2026-11-22 03:10:11Z` */
function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** A form field's value unless absent or blank (kept as sent: secrets are not trimmed). */
const nonEmpty = (value: string | null): string | undefined => (value === null || value.trim() === "" ? undefined : value);

// Compare digests so the time taken does not reveal how much of the secret matched.
function secretsEqual(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
