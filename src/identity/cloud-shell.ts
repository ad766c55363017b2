// Azure Cloud Shell's managed identity endpoint (MSI_ENDPOINT, http://localhost:50342/oauth2/token
// in a real Cloud Shell), the token source of every az command run there (seed 003, cause 4). az
// 2.45 (msrestazure's get_msi_token) POSTs the form `resource=<audience>` with `Metadata: true`; on a
// 4xx, requests' HTTPError carries a Response without `.status`, so az prints "Failed to connect to
// MSI. Please make sure MSI is configured correctly.\nGet Token request returned: <Response [400]>".
// Cloud Shell answers 400 for an audience it does not serve (Azure/CloudShell#351, #477 give the
// body) and, in aksemu, when no identity is configured (PUT /_aksemu/cloud-shell). Pure.
import type { KeyObject } from "node:crypto";
import type { Principal } from "./entra.js";
import { V1_ISSUER } from "./entra.js";
import { signJwt } from "./jwt.js";

/** The audiences Cloud Shell's endpoint serves, in its own order (Azure/CloudShell#351, 2023). */
export const CLOUD_SHELL_AUDIENCES = [
  "https://management.core.windows.net/", "https://management.azure.com/", "https://graph.windows.net/", "https://vault.azure.net",
  "https://datalake.azure.net/", "https://outlook.office365.com/", "https://graph.microsoft.com/", "https://batch.core.windows.net/",
  "https://analysis.windows.net/powerbi/api", "https://storage.azure.com/", "https://rest.media.azure.net", "https://api.loganalytics.io",
  "https://ossrdbms-aad.database.windows.net", "https://www.yammer.com", "https://digitaltwins.azure.net", "0b07f429-9f4b-4714-9392-cc5e8e80c8b0",
  "822c8694-ad95-4735-9c55-256f7db2f9b4", "https://dev.azuresynapse.net", "https://database.windows.net", "https://quantum.microsoft.com",
] as const;

/** AKS's Microsoft Entra ID server application, the audience `az aks command invoke` asks for on an Entra ID cluster (az 2.45, acs/custom.py). */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The path aksemu serves the endpoint on (anonymous, as Cloud Shell's local one is). */
export const CLOUD_SHELL_TOKEN_PATH = "/_aksemu/cloud-shell/oauth2/token";

export type CloudShellError = { error: { code: string; message: string } };
export type CloudShellToken = { access_token: string; refresh_token: string; expires_in: string; expires_on: string; not_before: string; resource: string; token_type: "Bearer" };
export type CloudShellAnswer = { status: 200; body: CloudShellToken } | { status: 400; body: CloudShellError };

/** Trailing slashes do not matter to Cloud Shell's audience check (`https://vault.azure.net/` is served). */
const served = (resource: string) => CLOUD_SHELL_AUDIENCES.some((a) => a.replace(/\/+$/, "").toLowerCase() === resource.replace(/\/+$/, "").toLowerCase());

const fail = (code: string, message: string): CloudShellAnswer => ({ status: 400, body: { error: { code, message } } });

/**
 * One token request. `identity` is the signed-in Cloud Shell user (a principal of the emulator's
 * directory), or undefined when none is configured. Checks in Cloud Shell's order: the Metadata
 * header, the resource, the identity.
 */
export function cloudShellToken(opts: {
  form: URLSearchParams;
  metadata: string | undefined;
  identity: Principal | undefined;
  tenant: string;
  nowMs: number;
  key: { privateKey: KeyObject; kid: string };
  newId: () => string;
  ttlSeconds?: number;
}): CloudShellAnswer {
  if (opts.metadata?.toLowerCase() !== "true") return fail("BadRequest", "Required metadata header not specified");
  const resource = opts.form.get("resource") ?? "";
  if (resource === "") return fail("BadRequest", "Required query variable 'resource' is missing");
  if (!served(resource)) return fail("AudienceNotSupported", `Audience ${resource} is not a supported MSI token audience. Supported audiences: ${CLOUD_SHELL_AUDIENCES.join(",")}`);
  // aksemu's own text: a Cloud Shell with nobody signed in (no sample of the real one is known).
  if (!opts.identity) return fail("IdentityNotConfigured", "No identity is configured for this Cloud Shell: PUT /_aksemu/cloud-shell {\"clientId\": \"<principal>\"}.");
  const p = opts.identity;
  const ttl = opts.ttlSeconds ?? 3600;
  const iat = Math.floor(opts.nowMs / 1000);
  const claims = {
    aud: resource,
    iss: V1_ISSUER(opts.tenant),
    iat,
    nbf: iat,
    exp: iat + ttl,
    appid: p.clientId,
    azp: p.clientId,
    idtyp: "app",
    oid: p.objectId,
    sub: p.objectId,
    tid: opts.tenant,
    // az's login_in_cloud_shell names the account after unique_name.
    unique_name: p.displayName,
    uti: opts.newId(),
    ver: "1.0",
  };
  const token = signJwt(claims, opts.key);
  return { status: 200, body: { access_token: token, refresh_token: "", expires_in: String(ttl), expires_on: String(iat + ttl), not_before: String(iat), resource, token_type: "Bearer" } };
}
