import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { type Server, createServer } from "node:https";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type TlsMaterial, ensureCertificates } from "../../src/tls/certificates.js";

const FILES = ["ca.crt", "ca.key", "server.crt", "server.key"] as const;

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aksemu-tls-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return join(dir, "data");
}

async function readAll(dir: string): Promise<string[]> {
  return Promise.all(FILES.map((f) => readFile(join(dir, f), "utf8")));
}

function assertConsistent(m: TlsMaterial): void {
  const ca = new X509Certificate(m.caCertPem);
  const leaf = new X509Certificate(m.certPem);
  assert.ok(leaf.checkIssued(ca));
  assert.ok(leaf.verify(ca.publicKey));
}

async function listen(material: TlsMaterial, host: string): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: material.certPem, key: material.keyPem }, (_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function get(options: https.RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get({ ...options, agent: false, path: "/" }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

test("generates the CA and server certificate once, then reuses the same bytes", async (t) => {
  const dir = await tempDir(t);
  const first = await ensureCertificates(dir);
  const filesAfterFirst = await readAll(dir);
  const second = await ensureCertificates(dir);
  assert.deepEqual(second, first);
  assert.deepEqual(await readAll(dir), filesAfterFirst);
  assert.equal(first.caCertPath, join(dir, "ca.crt"));
  assert.equal(await readFile(first.caCertPath, "utf8"), first.caCertPem);
  assertConsistent(first);
});

test("directory is 0700 and private keys are 0600", async (t) => {
  const dir = await tempDir(t);
  await ensureCertificates(dir);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.equal((await stat(join(dir, "ca.key"))).mode & 0o777, 0o600);
  assert.equal((await stat(join(dir, "server.key"))).mode & 0o777, 0o600);
});

test("CA and server certificate carry the extensions Go and Node require", async (t) => {
  const m = await ensureCertificates(await tempDir(t));
  const ca = new X509Certificate(m.caCertPem);
  const leaf = new X509Certificate(m.certPem);

  assert.ok(ca.ca);
  assert.match(ca.subject, /CN=aksemu local CA/);
  assert.ok(!leaf.ca);
  assert.deepEqual(leaf.keyUsage, ["1.3.6.1.5.5.7.3.1"]); // Node reports the EKU here: serverAuth
  const sans = (leaf.subjectAltName ?? "").split(", ");
  assert.ok(sans.includes("IP Address:127.0.0.1"), leaf.subjectAltName);
  assert.ok(sans.includes("IP Address:0:0:0:0:0:0:0:1"), leaf.subjectAltName);
  assert.ok(sans.includes("DNS:localhost"), leaf.subjectAltName);
  assert.equal(leaf.checkIP("127.0.0.1"), "127.0.0.1");
  assert.equal(leaf.checkHost("localhost"), "localhost");

  const years = (c: X509Certificate): number => (Date.parse(c.validTo) - Date.parse(c.validFrom)) / (365 * 86_400_000);
  assert.ok(years(ca) > 9.9 && years(ca) < 10.1, `CA validity ${years(ca)}`);
  assert.ok(years(leaf) > 1.9 && years(leaf) <= 825 / 365, `server validity ${years(leaf)}`);
  assert.ok(leaf.verify(ca.publicKey));
});

test("a TLS client that trusts the CA connects by IP and by name; one that does not is refused", async (t) => {
  const m = await ensureCertificates(await tempDir(t));
  const { server, port } = await listen(m, "127.0.0.1");
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  assert.equal(await get({ host: "127.0.0.1", port, ca: m.caCertPem }), "ok");
  assert.equal(await get({ host: "127.0.0.1", port, ca: m.caCertPem, servername: "localhost" }), "ok");
  await assert.rejects(get({ host: "127.0.0.1", port }), (error: NodeJS.ErrnoException) => {
    assert.equal(error.code, "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    return true;
  });
  await assert.rejects(get({ host: "127.0.0.1", port, ca: m.caCertPem, servername: "example.com" }), /altnames/);
});

test("a TLS client connects over IPv6 loopback", async (t) => {
  const m = await ensureCertificates(await tempDir(t));
  let listening: { server: Server; port: number };
  try {
    listening = await listen(m, "::1");
  } catch {
    t.skip("no IPv6 loopback on this machine");
    return;
  }
  const { server, port } = listening;
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  assert.equal(await get({ host: "::1", port, ca: m.caCertPem }), "ok");
});

test("partial or corrupt files cause all four to be regenerated", async (t) => {
  const dir = await tempDir(t);
  const original = await ensureCertificates(dir);

  await rm(join(dir, "server.key"));
  const afterMissing = await ensureCertificates(dir);
  assert.notEqual(afterMissing.caCertPem, original.caCertPem);
  assertConsistent(afterMissing);

  await writeFile(join(dir, "ca.crt"), "not a certificate");
  const afterCorrupt = await ensureCertificates(dir);
  assert.notEqual(afterCorrupt.caCertPem, afterMissing.caCertPem);
  assertConsistent(afterCorrupt);

  // A server key from another generation is as bad as a missing one.
  const stale = afterCorrupt.keyPem;
  await rm(join(dir, "ca.key"));
  const regenerated = await ensureCertificates(dir);
  await writeFile(join(dir, "server.key"), stale);
  const repaired = await ensureCertificates(dir);
  assert.notEqual(repaired.caCertPem, regenerated.caCertPem);
  assertConsistent(repaired);
  assert.deepEqual(await readAll(dir), [repaired.caCertPem, await readFile(join(dir, "ca.key"), "utf8"), repaired.certPem, repaired.keyPem]);
});

test("a lock left by a process that died does not block generation", async (t) => {
  const dir = await tempDir(t);
  await mkdir(dir, { recursive: true });
  const child = spawn(process.execPath, ["-e", ""]);
  const deadPid = child.pid;
  await once(child, "exit");
  await writeFile(join(dir, ".tls.lock"), String(deadPid));
  assertConsistent(await ensureCertificates(dir));
});

test("concurrent calls in one process agree on a single set of files", async (t) => {
  const dir = await tempDir(t);
  const results = await Promise.all(Array.from({ length: 8 }, () => ensureCertificates(dir)));
  for (const r of results) assert.deepEqual(r, results[0]);
  const [caCert, , serverCert, serverKey] = await readAll(dir);
  assert.deepEqual([caCert, serverCert, serverKey], [results[0]?.caCertPem, results[0]?.certPem, results[0]?.keyPem]);
});

test("concurrent processes on one directory leave four consistent files", async (t) => {
  const dir = await tempDir(t);
  const run = promisify(execFile);
  const script = join(import.meta.dirname, "..", "support", "prepare-tls.ts");
  await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, ["--import", "tsx", script, dir])));
  const m = await ensureCertificates(dir);
  assertConsistent(m);
  const [caCert, caKey, serverCert, serverKey] = await readAll(dir);
  assert.deepEqual([caCert, serverCert, serverKey], [m.caCertPem, m.certPem, m.keyPem]);
  assert.ok(new X509Certificate(m.caCertPem).checkPrivateKey(createPrivateKey(caKey ?? "")));
});
