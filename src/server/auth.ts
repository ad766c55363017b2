// Bearer tokens on every non-anonymous route: RS256 JWTs from the emulator's own Entra ID.
import type { KeyObject } from "node:crypto";
import { apiError } from "../arm/error-catalog.js";
import type { Principal } from "../arm/http.js";
import { systemNow } from "../clock/clock.js";
import { verifyJwt, type AccessTokenClaims } from "../identity/jwt.js";

export type Authenticate = (authorization: string | undefined, origin: string) => Principal;

export function createAuthenticator(opts: { publicKey: KeyObject }): Authenticate {
  // Verified tokens are cached: verification is the costliest step of a GET, and a client reuses
  // one token for an hour. Expiry is still checked on every request.
  const cache = new Map<string, AccessTokenClaims>();

  // Token lifetimes follow the wall clock, not virtual time: clients (MSAL) cache a token for
  // expires_in real seconds, and a fast or manual virtual clock must not expire it under them.
  return (header, origin) => {
    const wallNow = systemNow();
    if (header === undefined) throw apiError("authorizationHeaderMissing");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw apiError("authorizationHeaderInvalid");
    const token = m[1]!;
    let claims = cache.get(token);
    if (claims && claims.exp * 1000 + 5 * 60_000 < wallNow) claims = undefined;
    if (!claims) {
      const result = verifyJwt(token, { publicKey: opts.publicKey, issuerPrefix: origin, nowMs: wallNow });
      if (!result.ok) {
        throw apiError(result.code === "ExpiredAuthenticationToken" ? "expiredAuthenticationToken" : "invalidAuthenticationToken", { message: result.message });
      }
      claims = result.claims;
      if (cache.size > 10_000) cache.clear();
      cache.set(token, claims);
    }
    return { objectId: claims.oid, clientId: claims.appid, tenantId: claims.tid };
  };
}
