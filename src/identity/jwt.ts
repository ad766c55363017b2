// RS256 JSON Web Tokens with node:crypto only: signing for the emulated Entra ID, signature checks for
// the emulated ARM front door (the claims rules, with ARM's codes and texts, are in token-rules.ts).
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
  /** "2.0" from the v2.0 token endpoint, "1.0" from the v1 one (issuer https://sts.windows.net/{tid}/). */
  ver: "1.0" | "2.0";
  scp?: string;
  roles?: string[];
  uti: string;
};

export function signJwt(claims: object, key: { privateKey: KeyObject; kid: string }): string {
  // Header member order as Entra ID writes it.
  const header = encodeJson({ typ: "JWT", alg: "RS256", kid: key.kid });
  const signingInput = `${header}.${encodeJson(claims)}`;
  const signature = sign("sha256", Buffer.from(signingInput), key.privateKey).toString("base64url");
  return `${signingInput}.${signature}`;
}

/**
 * The payload of a token signed with `publicKey`, or undefined: malformed, any alg but RS256 (`none`
 * and HMAC keyed with our public key must never pass), or another key's signature. What the claims
 * must say is token-rules.ts's concern.
 */
export function readSignedJwt(token: string, publicKey: KeyObject): Record<string, unknown> | undefined {
  const parts = token.split(".");
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) return undefined;
  if (![header, payload, signature].every(isBase64Url)) return undefined;
  const head = decodeJson(header);
  if (!head || head["alg"] !== "RS256") return undefined;
  if (!signatureMatches(`${header}.${payload}`, signature, publicKey)) return undefined;
  return decodeJson(payload);
}

function signatureMatches(signingInput: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify("sha256", Buffer.from(signingInput), publicKey, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
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
