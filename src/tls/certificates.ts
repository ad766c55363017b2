// The emulator's own certificate authority and HTTPS server certificate, created on first start and kept
// in the data directory. Every client we serve refuses plain HTTP for bearer tokens (core-rest-pipeline,
// @azure/identity's authorityHost check, kubectl drops the token), so HTTPS with a trustable CA is required.
import { X509Certificate, createPrivateKey, randomBytes } from "node:crypto";
import { chmod, link, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type * as X509 from "@peculiar/x509";
import { systemNow } from "../clock/clock.js"; // certificates follow the wall clock: TLS clients check them against it

export type TlsMaterial = {
  caCertPem: string;
  caCertPath: string;
  /** The CA's key, kept in memory so proxy mode can issue leaf certificates for the names it emulates. */
  caKeyPem: string;
  certPem: string;
  keyPem: string;
};

type Generated = { caCertPem: string; caKeyPem: string; serverCertPem: string; serverKeyPem: string };

const FILES = { caCert: "ca.crt", caKey: "ca.key", serverCert: "server.crt", serverKey: "server.key" } as const;
const LOCK_FILE = ".tls.lock";
const LOCK_POLL_MS = 20;
const LOCK_MAX_POLLS = 1500; // 30 s; generation itself takes tens of milliseconds

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
// Apple platforms reject TLS server certificates valid for more than 825 days, even from a user-added CA.
const SERVER_VALIDITY_DAYS = 730;
// Back-date notBefore so a client whose clock is slightly behind ours still accepts a fresh certificate.
const BACKDATE_MS = 60 * 60 * 1000;

// ECDSA P-256: accepted by Node, Go (kubectl, helm) and browsers, and generated in milliseconds.
export const KEY_ALGORITHM: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING_ALGORITHM: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

/**
 * Returns the CA and server certificate stored in `dir`, creating them on first use. Files that are
 * missing, unreadable, mismatched or expired cause all four to be regenerated. Concurrent callers on the
 * same directory are serialised by a lock file, so the four files on disk always belong together.
 */
export async function ensureCertificates(dir: string): Promise<TlsMaterial> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700);

  const existing = await readValid(dir);
  if (existing) return existing;

  return withLock(dir, async () => {
    // Another process may have finished generating while we waited for the lock.
    const fresh = await readValid(dir);
    if (fresh) return fresh;
    const generated = await generate();
    await writeAll(dir, generated);
    return toMaterial(dir, generated);
  });
}

function toMaterial(dir: string, g: Generated): TlsMaterial {
  return {
    caCertPem: g.caCertPem,
    caCertPath: join(dir, FILES.caCert),
    caKeyPem: g.caKeyPem,
    // Leaf only, as mkcert serves: the CA is a root every client must already trust, and an untrusted
    // client then fails with "unable to verify the first certificate" (UNABLE_TO_VERIFY_LEAF_SIGNATURE),
    // the error the Azure SDK experiments recorded (CLIENTS.md 1.3).
    certPem: g.serverCertPem,
    keyPem: g.serverKeyPem,
  };
}

async function readValid(dir: string): Promise<TlsMaterial | undefined> {
  let g: Generated;
  try {
    const [caCertPem, caKeyPem, serverCertPem, serverKeyPem] = await Promise.all([
      readFile(join(dir, FILES.caCert), "utf8"),
      readFile(join(dir, FILES.caKey), "utf8"),
      readFile(join(dir, FILES.serverCert), "utf8"),
      readFile(join(dir, FILES.serverKey), "utf8"),
    ]);
    g = { caCertPem, caKeyPem, serverCertPem, serverKeyPem };
  } catch {
    return undefined;
  }
  return isConsistent(g) ? toMaterial(dir, g) : undefined;
}

function isConsistent(g: Generated): boolean {
  try {
    const ca = new X509Certificate(g.caCertPem);
    const leaf = new X509Certificate(g.serverCertPem);
    const now = systemNow();
    return (
      ca.ca &&
      ca.checkPrivateKey(createPrivateKey(g.caKeyPem)) &&
      leaf.checkPrivateKey(createPrivateKey(g.serverKeyPem)) &&
      leaf.checkIssued(ca) &&
      leaf.verify(ca.publicKey) &&
      Date.parse(ca.validTo) > now &&
      Date.parse(leaf.validTo) > now
    );
  } catch {
    return false;
  }
}

async function generate(): Promise<Generated> {
  const x509 = await loadX509();
  const crypto = globalThis.crypto;
  const now = systemNow();
  const notBefore = new Date(now - BACKDATE_MS);

  const caKeys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: "CN=aksemu local CA, O=aksemu",
      notBefore,
      notAfter: new Date(now + CA_VALIDITY_DAYS * DAY_MS),
      keys: caKeys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const serverKeys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
  // Go (kubectl, helm) ignores the CN and needs SANs: "x509: certificate relies on legacy Common Name field".
  const server = await issueServerCertificate({
    name: "localhost",
    sans: [
      { type: "ip", value: "127.0.0.1" },
      { type: "ip", value: "::1" },
      { type: "dns", value: "localhost" },
    ],
    publicKey: serverKeys.publicKey,
    ca: { subject: ca.subject, privateKey: caKeys.privateKey, publicKey: caKeys.publicKey },
  });

  return {
    caCertPem: ca.toString("pem") + "\n",
    caKeyPem: await privateKeyPem(caKeys.privateKey),
    serverCertPem: server,
    serverKeyPem: await privateKeyPem(serverKeys.privateKey),
  };
}

/** A TLS server certificate (PEM) for `sans`, signed by the CA: the direct endpoint's, and proxy mode's leaves. */
export async function issueServerCertificate(o: {
  name: string;
  sans: { type: "ip" | "dns"; value: string }[];
  publicKey: CryptoKey;
  ca: { subject: string; privateKey: CryptoKey; publicKey: CryptoKey };
}): Promise<string> {
  const x509 = await loadX509();
  const crypto = globalThis.crypto;
  const now = systemNow();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${o.name}, O=aksemu`,
      issuer: o.ca.subject,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + SERVER_VALIDITY_DAYS * DAY_MS),
      publicKey: o.publicKey,
      signingKey: o.ca.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(o.sans),
        await x509.SubjectKeyIdentifierExtension.create(o.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(o.ca.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return `${cert.toString("pem")}\n`;
}

// Positive, non-zero 128-bit serial: Go rejects negative serials and RFC 5280 asks for at most 20 octets.
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString("hex");
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey("pkcs8", key)).toString("base64");
  return `-----BEGIN PRIVATE KEY-----\n${der.replace(/.{1,64}/g, "$&\n")}-----END PRIVATE KEY-----\n`;
}

// @peculiar/x509 2.x resolves its algorithms through tsyringe, which throws at load time unless a
// Reflect metadata polyfill is installed ("tsyringe requires a reflect polyfill"); 1.x bundled
// reflect-metadata. The few functions tsyringe calls are provided here, only when no polyfill is present,
// and the library is loaded afterwards, hence the dynamic import.
let x509Module: Promise<typeof X509> | undefined;

export function loadX509(): Promise<typeof X509> {
  installReflectMetadata();
  x509Module ??= import("@peculiar/x509");
  return x509Module;
}

function installReflectMetadata(): void {
  if (typeof (Reflect as { getMetadata?: unknown }).getMetadata === "function") return;
  const store = new WeakMap<object, Map<unknown, unknown>>();
  const defineMetadata = (key: unknown, value: unknown, target: object): void => {
    const entries = store.get(target) ?? new Map<unknown, unknown>();
    entries.set(key, value);
    store.set(target, entries);
  };
  const getOwnMetadata = (key: unknown, target: object): unknown => store.get(target)?.get(key);
  const getMetadata = (key: unknown, target: object): unknown => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const entries = store.get(t);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  const metadata = (key: unknown, value: unknown) => (target: object): void => defineMetadata(key, value, target);
  Object.assign(Reflect, { defineMetadata, getOwnMetadata, getMetadata, metadata });
}

async function writeAll(dir: string, g: Generated): Promise<void> {
  // Each file is written under a private name and renamed into place, so a reader never sees half a file.
  const writes: [string, string, number][] = [
    [FILES.caKey, g.caKeyPem, 0o600],
    [FILES.serverKey, g.serverKeyPem, 0o600],
    [FILES.serverCert, g.serverCertPem, 0o644],
    [FILES.caCert, g.caCertPem, 0o644],
  ];
  for (const [name, content, mode] of writes) {
    const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString("hex")}`);
    await writeFile(tmp, content, { mode });
    await chmod(tmp, mode);
    await rename(tmp, join(dir, name));
  }
}

async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = join(dir, LOCK_FILE);
  for (let poll = 0; ; poll++) {
    if (await tryLock(lockPath)) break;
    if (await holderIsGone(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (poll >= LOCK_MAX_POLLS) {
      throw new Error(`Timed out waiting for ${lockPath}; remove it if no aksemu process is creating certificates.`);
    }
    await sleep(LOCK_POLL_MS);
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

// The lock holds the owner's pid. It is written under a private name and hard-linked into place, which
// fails atomically if the lock exists, so the lock file is never observed empty.
async function tryLock(lockPath: string): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(6).toString("hex")}`;
  const handle = await open(tmp, "wx", 0o600);
  try {
    await handle.writeFile(String(process.pid));
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

// A lock left behind by a process that died mid-generation must not block later starts forever.
async function holderIsGone(lockPath: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number.parseInt(await readFile(lockPath, "utf8"), 10);
  } catch {
    return false; // released between our attempt and this read: just retry
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
