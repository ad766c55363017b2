// Leaf certificates for the names proxy mode answers as (management.azure.com, login.microsoftonline.com,
// a cluster's *.azmk8s.io API server), issued by the emulator's CA on first use and kept in memory.
// Clients trust them through the same CA file as the direct endpoint; nothing is written to disk.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { issueServerCertificate, privateKeyPem } from "./certificates.js";
import { issuerOf, type Issuer } from "./x509.js";

export type Leaf = { certPem: string; keyPem: string };

/** The leaf for a DNS name (lowercase), signed by the CA; the same promise for repeated names. */
export type LeafIssuer = (name: string) => Promise<Leaf>;

// A proxy sees a handful of names; the bound only keeps a client inventing names from growing memory.
const MAX_CACHED = 1000;

export function createLeafIssuer(ca: { caCertPem: string; caKeyPem: string }): LeafIssuer {
  const cache = new Map<string, Promise<Leaf>>();
  // One key pair serves every name: generated once, on the first handshake that needs it.
  let signing: { issuer: Issuer; leafPublic: KeyObject; leafKeyPem: string } | undefined;

  const issue = async (name: string): Promise<Leaf> => {
    if (!signing) {
      const leafKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
      signing = { issuer: issuerOf(ca.caCertPem, createPrivateKey(ca.caKeyPem)), leafPublic: createPublicKey(leafKey), leafKeyPem: privateKeyPem(leafKey) };
    }
    const certPem = issueServerCertificate({ name, sans: [{ type: "dns", value: name }], publicKey: signing.leafPublic, issuer: signing.issuer });
    return { certPem, keyPem: signing.leafKeyPem };
  };

  return (name) => {
    const key = name.toLowerCase();
    let leaf = cache.get(key);
    if (!leaf) {
      if (cache.size >= MAX_CACHED) cache.clear();
      leaf = issue(key);
      // A failed issue is not remembered: the next handshake tries again.
      leaf.catch(() => cache.delete(key));
      cache.set(key, leaf);
    }
    return leaf;
  };
}
