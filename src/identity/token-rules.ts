// The rules ARM applies to a validly signed access token, as pure functions of its claims: once per
// token, the issuer (one of the emulator's names), lifetime, audience and object id; per request,
// the tenant (the subscription's, or the emulator's own on its control API). Signatures are checked
// in jwt.ts; the wiring (cache, which tenant a path needs, errors) is server/auth.ts.
// Refusals are data: keys of the front door's catalog (arm/error-catalog.ts) and their parameters.
import type { ARM_ERRORS } from "../arm/error-catalog.js";
import type { Refusal } from "../arm/catalog.js";
import type { AccessTokenClaims } from "./jwt.js";

type AuthErrors = Pick<typeof ARM_ERRORS, "invalidAuthenticationToken" | "expiredAuthenticationToken" | "invalidAuthenticationTokenAudience" | "invalidAuthenticationTokenTenant">;
export type TokenRefusal = Refusal<AuthErrors>;

/** ARM tolerates 5 minutes of clock skew on exp and nbf. */
export const SKEW_MS = 5 * 60 * 1000;

/** ARM's own audiences, in the order its InvalidAuthenticationTokenAudience text lists them. */
export const ARM_AUDIENCES: readonly string[] = [
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
  "https://management.azure.com/",
  "https://management.azure.com",
];

/** One name under which the emulator issues tokens: the issuer for a tenant, and the authority that issues it. */
export type IssuerForm = { issuer: (tenant: string) => string; authority: (tenant: string) => string };

/** Entra ID's public names, which proxy mode answers as (the v1 issuer host sts.windows.net too). */
export const ENTRA_HOSTS: readonly string[] = ["login.microsoftonline.com", "login.windows.net"];

const v2Form = (origin: string): IssuerForm => {
  const base = origin.replace(/\/+$/, "");
  return { issuer: (tenant) => `${base}/${tenant}/v2.0`, authority: (tenant) => `${base}/${tenant}` };
};

/**
 * The issuers whose tokens the emulator accepts: itself under any name it answers to. The token
 * endpoint writes `${origin}/{tid}/v2.0` for the origin the client used, so a token obtained from
 * login.microsoftonline.com (proxy mode) or from 127.0.0.1 works on management.azure.com, localhost
 * or any other of those names: first the request's own origin, then `aliases` (the emulator's other
 * direct origins), then Entra ID's v2 names, then the v1 issuer `https://sts.windows.net/{tid}/`
 * (authority `https://login.windows.net/{tid}`, as ARM names it).
 */
export function emulatorIssuers(origin: string, aliases: readonly string[] = []): IssuerForm[] {
  return [
    v2Form(origin),
    ...aliases.map(v2Form),
    ...ENTRA_HOSTS.map((host) => v2Form(`https://${host}`)),
    { issuer: (tenant) => `https://sts.windows.net/${tenant}/`, authority: (tenant) => `https://login.windows.net/${tenant}` },
  ];
}

/**
 * Audiences accepted on ARM routes and the control API: ARM's own, and the emulator's origin with
 * or without a trailing slash (old AutoRest SDKs given only `endpoint` ask for `<endpoint>/.default`,
 * shared/design/CLIENTS.md 1.2). The Kubernetes audience (kube-tokens.ts) is not among them.
 */
export function armAudiences(origin: string): string[] {
  const base = origin.replace(/\/+$/, "");
  return [...ARM_AUDIENCES, base, `${base}/`];
}

export type ClaimsContext = { issuers: readonly IssuerForm[]; audiences: readonly string[]; nowMs: number };

// Real ARM texts (shared/design/ERROR-TEXTS.md §13).
const INVALID = "The access token is invalid.";
// For a validly signed token without an object id (azure-sdk-for-java#1714).
const NO_OID =
  "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.";

/** A token that is not one at all (malformed, unknown or `none` alg, another key's signature). */
export const invalidToken = (): TokenRefusal => ({ refused: "invalidAuthenticationToken", params: { message: INVALID } });

/**
 * The claims of a validly signed token, checked in ARM's order of concern: shape, issuer, lifetime
 * (`exp` and `nbf` required, 5 minutes of skew each way), audience, object id.
 */
export function checkClaims(claims: Record<string, unknown>, ctx: ClaimsContext): { claims: AccessTokenClaims } | TokenRefusal {
  const { iss, tid, aud, exp, nbf } = claims;
  if (typeof iss !== "string" || typeof tid !== "string" || tid === "" || typeof aud !== "string") return invalidToken();
  if (typeof exp !== "number" || !Number.isFinite(exp) || typeof nbf !== "number" || !Number.isFinite(nbf)) return invalidToken();
  // The issuer must name the token's own tenant under one of the emulator's names.
  if (!ctx.issuers.some((form) => form.issuer(tid) === iss)) return invalidToken();
  const expMs = exp * 1000;
  if (ctx.nowMs > expMs + SKEW_MS) {
    return {
      refused: "expiredAuthenticationToken",
      params: { message: `The access token expiry UTC time '${formatUtc(expMs)}' is earlier than current UTC time '${formatUtc(ctx.nowMs)}'.` },
    };
  }
  if (nbf * 1000 - SKEW_MS > ctx.nowMs) return invalidToken();
  // ARM compares audiences exactly (a trailing slash matters).
  if (!ctx.audiences.includes(aud)) return { refused: "invalidAuthenticationTokenAudience", params: { audience: aud } };
  if (typeof claims["oid"] !== "string" || claims["oid"] === "") return { refused: "invalidAuthenticationToken", params: { message: NO_OID } };
  return { claims: claims as AccessTokenClaims };
}

/** The context of the ARM rules for a request that reached the emulator under `origin`. */
export function armContext(origin: string, nowMs: number, aliases: readonly string[] = []): ClaimsContext {
  return { issuers: emulatorIssuers(origin, aliases), audiences: armAudiences(origin), nowMs };
}

/**
 * Per request: the token's tenant must be `tenant` (a subscription's, or the emulator's own on the
 * control API). Tenant ids compare case-insensitively (GUIDs). The refusal names the token's issuer,
 * the issuer that tenant's tokens carry and the authority to ask, in the issuer form the token used.
 */
export function checkTenant(claims: Pick<AccessTokenClaims, "iss" | "tid">, ctx: { tenant: string; issuers: readonly IssuerForm[] }): TokenRefusal | undefined {
  if (claims.tid.toLowerCase() === ctx.tenant.toLowerCase()) return undefined;
  const form = ctx.issuers.find((f) => f.issuer(claims.tid) === claims.iss) ?? ctx.issuers[0];
  if (!form) return invalidToken();
  return { refused: "invalidAuthenticationTokenTenant", params: { issuer: claims.iss, expectedIssuer: form.issuer(ctx.tenant), authority: form.authority(ctx.tenant) } };
}

/** `6/15/2026 8:22:51 AM`: the .NET invariant-culture format ARM uses in ExpiredAuthenticationToken. */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  const hour24 = d.getUTCHours();
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const pad = (n: number): string => String(n).padStart(2, "0");
  const time = `${hour12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hour24 < 12 ? "AM" : "PM"}`;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${time}`;
}
