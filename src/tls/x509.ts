// X.509 v3 certificates (RFC 5280) for the emulator's CA and its TLS servers, signed with ECDSA P-256
// and SHA-256 through node:crypto. Written by hand on DER (der.ts) rather than with an X.509 library:
// loading one cost 150 ms of a fresh start (issue 12), and these two shapes are all aksemu issues.
// Go (kubectl, helm), OpenSSL (Python's az) and Node accept them: Go needs the SANs, OpenSSL matches
// a leaf's authority key identifier to its CA's subject key identifier.
import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from "node:crypto";
import { isIPv4 } from "node:net";
import { bitString, boolean, elements, explicit, implicit, octetString, oid, sequence, set, time, unsignedInteger, utf8String } from "./der.js";

export type SubjectAltName = { type: "ip" | "dns"; value: string };

/** What signing a certificate in a CA's name takes: its subject as encoded, its key identifier, its key. */
export type Issuer = { name: Buffer; keyId: Buffer; privateKey: KeyObject };

const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));
const EXT = { basicConstraints: "2.5.29.19", keyUsage: "2.5.29.15", extKeyUsage: "2.5.29.37", subjectAltName: "2.5.29.17", subjectKeyId: "2.5.29.14", authorityKeyId: "2.5.29.35" };

/** CN=<commonName>, O=<organization>. */
export function distinguishedName(commonName: string, organization: string): Buffer {
  const attribute = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(attribute("2.5.4.3", commonName), attribute("2.5.4.10", organization));
}

/** A self-signed CA certificate (PEM) that may sign end-entity certificates only (pathLen 0), and the issuer it makes. */
export function selfSignedCa(o: { name: Buffer; privateKey: KeyObject; notBefore: Date; notAfter: Date }): { pem: string; issuer: Issuer } {
  const spki = createPublicKey(o.privateKey).export({ type: "spki", format: "der" });
  const issuer = { name: o.name, keyId: keyIdentifier(spki), privateKey: o.privateKey };
  const pem = certificatePem({ ...o, subject: o.name, spki, issuer }, [
    extension(EXT.basicConstraints, true, sequence(boolean(true), unsignedInteger(Buffer.from([0])))),
    extension(EXT.keyUsage, true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
    extension(EXT.subjectKeyId, false, octetString(issuer.keyId)),
  ]);
  return { pem, issuer };
}

/** A TLS server certificate (PEM) for `sans`, signed by `issuer`. */
export function serverCertificate(o: { name: Buffer; sans: readonly SubjectAltName[]; publicKey: KeyObject; issuer: Issuer; notBefore: Date; notAfter: Date }): string {
  const spki = o.publicKey.export({ type: "spki", format: "der" });
  const names = o.sans.map((s) => (s.type === "dns" ? implicit(2, Buffer.from(s.value, "ascii")) : implicit(7, ipBytes(s.value))));
  return certificatePem({ ...o, subject: o.name, spki }, [
    extension(EXT.basicConstraints, true, sequence()),
    extension(EXT.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
    extension(EXT.extKeyUsage, false, sequence(oid("1.3.6.1.5.5.7.3.1"))), // serverAuth
    extension(EXT.subjectAltName, false, sequence(...names)),
    extension(EXT.subjectKeyId, false, octetString(keyIdentifier(spki))),
    extension(EXT.authorityKeyId, false, sequence(implicit(0, o.issuer.keyId))),
  ]);
}

/** A CA read back from its certificate and key, to sign with: its subject and key identifier exactly as encoded. */
export function issuerOf(caCertPem: string, privateKey: KeyObject): Issuer {
  const [tbs] = elements(elements(pemDer(caCertPem))[0]!.content);
  const fields = elements(tbs!.content);
  const rest = fields[0]!.tag === 0xa0 ? fields.slice(1) : fields; // [0] version
  const [, , , , subject, spki] = rest; // serial, signature, issuer, validity, subject, key
  const extensions = rest.find((f) => f.tag === 0xa3);
  let keyId: Buffer | undefined;
  for (const ext of extensions ? elements(elements(extensions.content)[0]!.content) : []) {
    const [id, ...more] = elements(ext.content);
    if (id!.whole.equals(oid(EXT.subjectKeyId))) keyId = elements(more[more.length - 1]!.content)[0]!.content;
  }
  return { name: subject!.whole, keyId: keyId ?? keyIdentifier(spki!.whole), privateKey };
}

function certificatePem(o: { subject: Buffer; spki: Buffer; issuer: Issuer; notBefore: Date; notAfter: Date }, extensions: Buffer[]): string {
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(serialNumber()),
    ECDSA_WITH_SHA256,
    o.issuer.name,
    sequence(time(o.notBefore), time(o.notAfter)),
    o.subject,
    o.spki,
    explicit(3, sequence(...extensions)),
  );
  const signature = sign("sha256", tbs, o.issuer.privateKey); // DER ECDSA-Sig-Value
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

// RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
function keyIdentifier(spki: Buffer): Buffer {
  const [, key] = elements(elements(spki)[0]!.content);
  return createHash("sha1").update(key!.content.subarray(1)).digest();
}

// Positive, non-zero 128-bit serial: Go rejects negative serials and RFC 5280 asks for at most 20 octets.
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split(".").map(Number));
  // IPv6: expand "::" to the missing groups of zeros.
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, "0"), "hex")));
}

export function pemDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
}
