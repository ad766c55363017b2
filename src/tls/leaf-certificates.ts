// Leaf certificates for the names proxy mode answers as (management.azure.com, login.microsoftonline.com,
// a cluster's *.azmk8s.io API server), issued by the emulator's CA on first use and kept in memory.
// Clients trust them through the same CA file as the direct endpoint; nothing is written to disk.
import { issueServerCertificate, KEY_ALGORITHM, loadX509, privateKeyPem } from "./certificates.js";

export type Leaf = { certPem: string; keyPem: string };

/** The leaf for a DNS name (lowercase), signed by the CA; the same promise for repeated names. */
export type LeafIssuer = (name: string) => Promise<Leaf>;

// A proxy sees a handful of names; the bound only keeps a client inventing names from growing memory.
const MAX_CACHED = 1000;

export function createLeafIssuer(ca: { caCertPem: string; caKeyPem: string }): LeafIssuer {
  const cache = new Map<string, Promise<Leaf>>();
  // One key pair serves every name: generated once, on the first handshake that needs it.
  let signing: Promise<{ caKey: CryptoKey; caPublic: CryptoKey; caSubject: string; leafKeys: CryptoKeyPair; leafKeyPem: string }> | undefined;

  const prepare = async () => {
    const x509 = await loadX509();
    const subtle = globalThis.crypto.subtle;
    const caCert = new x509.X509Certificate(ca.caCertPem);
    const caKey = await subtle.importKey("pkcs8", pemBody(ca.caKeyPem), KEY_ALGORITHM, false, ["sign"]);
    const caPublic = await caCert.publicKey.export(KEY_ALGORITHM, ["verify"], globalThis.crypto);
    const leafKeys = await subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
    return { caKey, caPublic, caSubject: caCert.subject, leafKeys, leafKeyPem: await privateKeyPem(leafKeys.privateKey) };
  };

  const issue = async (name: string): Promise<Leaf> => {
    signing ??= prepare();
    const s = await signing;
    const certPem = await issueServerCertificate({ name, sans: [{ type: "dns", value: name }], publicKey: s.leafKeys.publicKey, ca: { subject: s.caSubject, privateKey: s.caKey, publicKey: s.caPublic } });
    return { certPem, keyPem: s.leafKeyPem };
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

function pemBody(pem: string): ArrayBuffer {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}
