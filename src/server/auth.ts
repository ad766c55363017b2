// Bearer tokens on every non-anonymous route: RS256 JWTs from the emulator's own Entra ID, checked
// as ARM checks them (identity/token-rules.ts): signature, issuer, lifetime, audience; the front
// door asks for the tenant its route needs (a subscription's, or the emulator's on the control API).
import type { KeyObject } from "node:crypto";
import { errorFactory } from "../arm/api-error.js";
import { apiError, ARM_ERRORS } from "../arm/error-catalog.js";
import type { Principal } from "../arm/http.js";
import { systemNow } from "../clock/clock.js";
import { readSignedJwt, type AccessTokenClaims } from "../identity/jwt.js";
import { armContext, checkClaims, checkTenant, invalidToken, SKEW_MS } from "../identity/token-rules.js";

/** A verified caller; `requireTenant` refuses it unless its token belongs to `tenant`. */
export type Caller = { principal: Principal; requireTenant(tenant: string): void };

/** Who sent the request, or an ARM 401 (signature, issuer, lifetime and audience, checked once per token). */
export type Authenticate = (authorization: string | undefined, origin: string) => Caller;

export type AuthenticatorOptions = {
  publicKey: KeyObject;
  /** The emulator's direct origins (localhost, 127.0.0.1, ... at its port): a token issued under one is good under another. */
  aliases?: () => readonly string[];
};

const { unwrap } = errorFactory(ARM_ERRORS);

export function createAuthenticator(opts: AuthenticatorOptions): Authenticate {
  // Verified tokens are cached: verification is the costliest step of a GET, and a client reuses
  // one token for an hour. Issuer and audience depend on the origin, so an entry holds for the
  // origin it was verified under. Expiry is still checked on every request.
  const cache = new Map<string, Caller & { claims: AccessTokenClaims; origin: string }>();

  // Token lifetimes follow the wall clock, not virtual time: clients (MSAL) cache a token for
  // expires_in real seconds, and a fast or manual virtual clock must not expire it under them.
  return (header, origin) => {
    const wallNow = systemNow();
    if (header === undefined) throw apiError("authorizationHeaderMissing");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw apiError("authorizationHeaderInvalid");
    const token = m[1]!;
    let hit = cache.get(token);
    if (hit && (hit.origin !== origin || hit.claims.exp * 1000 + SKEW_MS < wallNow)) hit = undefined;
    if (!hit) {
      const payload = readSignedJwt(token, opts.publicKey);
      const ctx = armContext(origin, wallNow, opts.aliases?.() ?? []);
      const { claims } = unwrap(payload === undefined ? invalidToken() : checkClaims(payload, ctx));
      hit = {
        claims,
        origin,
        principal: { objectId: claims.oid, clientId: claims.appid, tenantId: claims.tid },
        requireTenant: (tenant) => unwrap(checkTenant(claims, { tenant, issuers: ctx.issuers })),
      };
      if (cache.size > 10_000) cache.clear();
      cache.set(token, hit);
    }
    return hit;
  };
}
