// The emulator's own certificate authority and HTTPS server certificate, created on first start and kept
// in the data directory. Every client we serve refuses plain HTTP for bearer tokens (core-rest-pipeline,
// @azure/identity's authorityHost check, kubectl drops the token), so HTTPS with a trustable CA is required.
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
// node:fs/promises through node:fs's getter: loaded when first used, not as the bin starts (issue 12: 1.5 ms).
import { readFileSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { systemNow } from "../clock/clock.js"; // certificates follow the wall clock: TLS clients check them against it
import { distinguishedName, selfSignedCa, serverCertificate, type Issuer, type SubjectAltName } from "./x509.js";

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

// ECDSA P-256 (x509.ts): accepted by Node, Go (kubectl, helm) and browsers, and generated in milliseconds.

/**
 * Returns the CA and server certificate stored in `dir`, creating them on first use. Files that are
 * missing, unreadable, mismatched or expired cause all four to be regenerated. Concurrent callers on the
 * same directory are serialised by a lock file, so the four files on disk always belong together.
 */
export async function ensureCertificates(dir: string): Promise<TlsMaterial> {
  const existing = readValid(dir);
  if (existing) return existing;

  const created = await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await fsp.chmod(dir, 0o700);
  return withLock(dir, async () => {
    // Another process may have finished generating while we waited for the lock.
    const fresh = readValid(dir);
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

/**
 * The four files, read synchronously: a start on an existing data dir reads them before anything
 * else can run, and four small reads cost less than the thread pool's round trips for each open,
 * read and close (issue 12: about 3 ms of a cold start).
 */
function readValid(dir: string): TlsMaterial | undefined {
  let g: Generated;
  try {
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    g = { caCertPem: read(FILES.caCert), caKeyPem: read(FILES.caKey), serverCertPem: read(FILES.serverCert), serverKeyPem: read(FILES.serverKey) };
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
  const now = systemNow();
  const notBefore = new Date(now - BACKDATE_MS);
  const caKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const name = distinguishedName("aksemu local CA", "aksemu");
  const ca = selfSignedCa({ name, privateKey: caKey, notBefore, notAfter: new Date(now + CA_VALIDITY_DAYS * DAY_MS) });
  const serverKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  // Go (kubectl, helm) ignores the CN and needs SANs: "x509: certificate relies on legacy Common Name field".
  const serverCertPem = issueServerCertificate({
    name: "localhost",
    sans: [
      { type: "ip", value: "127.0.0.1" },
      { type: "ip", value: "::1" },
      { type: "dns", value: "localhost" },
    ],
    publicKey: createPublicKey(serverKey),
    issuer: ca.issuer,
  });
  return { caCertPem: ca.pem, caKeyPem: privateKeyPem(caKey), serverCertPem, serverKeyPem: privateKeyPem(serverKey) };
}

/** A TLS server certificate (PEM) for `sans`, signed by the CA: the direct endpoint's, and proxy mode's leaves. */
export function issueServerCertificate(o: { name: string; sans: SubjectAltName[]; publicKey: KeyObject; issuer: Issuer }): string {
  const now = systemNow();
  return serverCertificate({ ...o, name: distinguishedName(o.name, "aksemu"), notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + SERVER_VALIDITY_DAYS * DAY_MS) });
}

export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
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
    await fsp.writeFile(tmp, content, { mode });
    await fsp.chmod(tmp, mode);
    await fsp.rename(tmp, join(dir, name));
  }
}

async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = join(dir, LOCK_FILE);
  for (let poll = 0; ; poll++) {
    if (await tryLock(lockPath)) break;
    if (await holderIsGone(lockPath)) {
      await fsp.rm(lockPath, { force: true });
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
    await fsp.rm(lockPath, { force: true });
  }
}

// The lock holds the owner's pid. It is written under a private name and hard-linked into place, which
// fails atomically if the lock exists, so the lock file is never observed empty.
async function tryLock(lockPath: string): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(6).toString("hex")}`;
  const handle = await fsp.open(tmp, "wx", 0o600);
  try {
    await handle.writeFile(String(process.pid));
  } finally {
    await handle.close();
  }
  try {
    await fsp.link(tmp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

// A lock left behind by a process that died mid-generation must not block later starts forever.
async function holderIsGone(lockPath: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number.parseInt(await fsp.readFile(lockPath, "utf8"), 10);
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
