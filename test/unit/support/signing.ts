// One RSA signing key for the token tests, and times written as ISO strings.
import { createPublicKey } from "node:crypto";
import { generateSigningKey } from "../../../src/identity/signing-key.js";

export const ORIGIN = "https://127.0.0.1:8443";
export const signingKey = generateSigningKey();
export const key = { privateKey: signingKey.privateKey, kid: signingKey.publicJwk.kid };
export const publicKey = createPublicKey(signingKey.privateKey);

export const at = (iso: string): number => Date.parse(iso);
export const seconds = (iso: string): number => at(iso) / 1000;

/** The claims of an app token the emulator issues under ORIGIN, valid 08:00-09:00Z on 2026-06-15. */
export function tokenClaims(o: { tenant: string; aud: string }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: o.aud,
    iss: `${ORIGIN}/${o.tenant}/v2.0`,
    iat: seconds("2026-06-15T08:00:00Z"),
    nbf: seconds("2026-06-15T08:00:00Z"),
    exp: seconds("2026-06-15T09:00:00Z"),
    oid: "11111111-1111-1111-1111-111111111111",
    sub: "11111111-1111-1111-1111-111111111111",
    tid: o.tenant,
    appid: "client-id-1",
    azp: "client-id-1",
    idtyp: "app",
    ver: "2.0",
    uti: "uti-1",
    ...overrides,
  };
}
