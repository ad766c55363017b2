// One RSA signing key for the token tests, and times written as ISO strings.
import { createPublicKey } from "node:crypto";
import { generateSigningKey } from "../../../src/identity/signing-key.js";

export const ORIGIN = "https://127.0.0.1:8443";
export const signingKey = generateSigningKey();
export const key = { privateKey: signingKey.privateKey, kid: signingKey.publicJwk.kid };
export const publicKey = createPublicKey(signingKey.privateKey);

export const at = (iso: string): number => Date.parse(iso);
export const seconds = (iso: string): number => at(iso) / 1000;
