// RS256 JSON Web Tokens with node:crypto only: signing for the emulated Entra ID, verification for the
// emulated ARM front door, which answers 401 with the same codes and texts as real ARM.
import { type KeyObject, sign, verify } from "node:crypto";
import { isObject } from "../arm/json.js";

export type AccessTokenClaims = {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  oid: string;
  sub: string;
  tid: string;
  appid: string;
  azp: string;
  idtyp: "app";
  ver: "2.0";
  scp?: string;
  roles?: string[];
  uti: string;
};

export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; code: "InvalidAuthenticationToken" | "ExpiredAuthenticationToken"; message: string };

// ARM tolerates 5 minutes of clock skew on exp and nbf.
const SKEW_MS = 5 * 60 * 1000;
const INVALID = "The access token is invalid.";
// Real ARM text for a validly signed token without an object id (azure-sdk-for-java#1714).
const NO_OID =
  "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.";

export function signJwt(claims: object, key: { privateKey: KeyObject; kid: string }): string {
  // Header member order as Entra ID writes it.
  const header = encodeJson({ typ: "JWT", alg: "RS256", kid: key.kid });
  const signingInput = `${header}.${encodeJson(claims)}`;
  const signature = sign("sha256", Buffer.from(signingInput), key.privateKey).toString("base64url");
  return `${signingInput}.${signature}`;
}

export function verifyJwt(token: string, opts: { publicKey: KeyObject; issuerPrefix: string; nowMs: number }): VerifyResult {
  const parts = token.split(".");
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) return invalid();
  if (![header, payload, signature].every(isBase64Url)) return invalid();

  // Only RS256: `none` and HMAC algorithms (keyed with our public key) must never be accepted.
  const head = decodeJson(header);
  if (!head || head["alg"] !== "RS256") return invalid();
  if (!signatureMatches(`${header}.${payload}`, signature, opts.publicKey)) return invalid();

  const claims = decodeJson(payload);
  if (!claims || !hasClaimTypes(claims)) return invalid();
  // The tenant in the issuer varies; only the emulator's origin is fixed.
  const prefix = opts.issuerPrefix.replace(/\/+$/, "");
  if (!claims.iss.startsWith(`${prefix}/`)) return invalid();

  const expMs = claims.exp * 1000;
  if (opts.nowMs > expMs + SKEW_MS) {
    return {
      ok: false,
      code: "ExpiredAuthenticationToken",
      message: `The access token expiry UTC time '${formatUtc(expMs)}' is earlier than current UTC time '${formatUtc(opts.nowMs)}'.`,
    };
  }
  if (claims.nbf * 1000 - SKEW_MS > opts.nowMs) return invalid();
  if (typeof claims.oid !== "string" || claims.oid === "") {
    return { ok: false, code: "InvalidAuthenticationToken", message: NO_OID };
  }
  return { ok: true, claims: claims as AccessTokenClaims };
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

type DecodedClaims = Record<string, unknown> & { iss: string; exp: number; nbf: number; oid?: unknown };

function hasClaimTypes(c: Record<string, unknown>): c is DecodedClaims {
  return typeof c["iss"] === "string" && Number.isFinite(c["exp"]) && Number.isFinite(c["nbf"]);
}

function signatureMatches(signingInput: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify("sha256", Buffer.from(signingInput), publicKey, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

function invalid(): VerifyResult {
  return { ok: false, code: "InvalidAuthenticationToken", message: INVALID };
}

function isBase64Url(part: string): boolean {
  return part.length > 0 && /^[A-Za-z0-9_-]+$/.test(part);
}

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
