// Bearer tokens on every non-anonymous route: RS256 JWTs from the emulator's own Entra ID, checked
// as ARM checks them (identity/token-rules.ts): signature, issuer, lifetime, audience, and the
// tenant a path needs (its subscription's; the emulator's own on the control API).
import type { KeyObject } from "node:crypto";
import { errorFactory } from "../arm/api-error.js";
import { apiError, ARM_ERRORS } from "../arm/error-catalog.js";
import type { Principal } from "../arm/http.js";
import { systemNow } from "../clock/clock.js";
import { readSignedJwt, type AccessTokenClaims } from "../identity/jwt.js";
import { armContext, checkClaims, checkTenant, invalidToken, SKEW_MS, type IssuerForm } from "../identity/token-rules.js";

/**
 * Who sent the request, or an ARM 401. `path` (the request's, as sent) says which tenant the token
 * must belong to: `/subscriptions/{id}/...` that subscription's, `/_aksemu/...` the emulator's.
 */
export type Authenticate = (authorization: string | undefined, origin: string, path?: string) => Principal;

export type AuthenticatorOptions = {
  publicKey: KeyObject;
  /** The emulator's own tenant: the control API's. */
  tenantId: string;
  subscriptions: () => readonly { id: string; tenantId: string }[];
};

type Verified = { claims: AccessTokenClaims; origin: string; issuers: readonly IssuerForm[]; principal: Principal };

const { unwrap } = errorFactory(ARM_ERRORS);

export function createAuthenticator(opts: AuthenticatorOptions): Authenticate {
  // Verified tokens are cached: verification is the costliest step of a GET, and a client reuses
  // one token for an hour. Issuer and audience depend on the origin, so an entry holds for the
  // origin it was verified under. Expiry is still checked, and the tenant compared, on every request.
  const cache = new Map<string, Verified>();

  /** The tenant a path's token must come from, if any (tenant-level ARM routes need none). */
  function tenantOf(path: string): string | undefined {
    const m = /^\/+subscriptions\/+([^/]+)/i.exec(path);
    if (m) {
      const id = decodeSegment(m[1]!).toLowerCase();
      // An unknown subscription is the front door's SubscriptionNotFound (or --loose), not a 401.
      return opts.subscriptions().find((s) => s.id.toLowerCase() === id)?.tenantId;
    }
    return /^\/+_aksemu(\/|$)/i.test(path) ? opts.tenantId : undefined;
  }

  // Token lifetimes follow the wall clock, not virtual time: clients (MSAL) cache a token for
  // expires_in real seconds, and a fast or manual virtual clock must not expire it under them.
  return (header, origin, path) => {
    const wallNow = systemNow();
    if (header === undefined) throw apiError("authorizationHeaderMissing");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw apiError("authorizationHeaderInvalid");
    const token = m[1]!;
    let hit = cache.get(token);
    if (hit && (hit.origin !== origin || hit.claims.exp * 1000 + SKEW_MS < wallNow)) hit = undefined;
    if (!hit) {
      const payload = readSignedJwt(token, opts.publicKey);
      const ctx = armContext(origin, wallNow);
      const { claims } = unwrap(payload === undefined ? invalidToken() : checkClaims(payload, ctx));
      hit = { claims, origin, issuers: ctx.issuers, principal: { objectId: claims.oid, clientId: claims.appid, tenantId: claims.tid } };
      if (cache.size > 10_000) cache.clear();
      cache.set(token, hit);
    }
    const tenant = path === undefined ? undefined : tenantOf(path);
    if (tenant !== undefined) unwrap(checkTenant(hit.claims, { tenant, issuers: hit.issuers }));
    return hit.principal;
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
