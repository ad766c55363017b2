// The HTTPS server's certificate per TLS server name: the emulator's own (localhost, its IPs, no SNI)
// by default, and a CA-issued leaf for each public name proxy mode emulates, so a client that kept
// its default endpoint verifies the name it dialled.
import { createSecureContext, type SecureContext } from "node:tls";
import type { LeafIssuer } from "../tls/leaf-certificates.js";
import { isEmulatedHost } from "./emulated-hosts.js";

/**
 * The servers ask for no client certificates, so their TLS contexts need no trust store. Without a
 * `ca`, Node builds its root store (its ~140 bundled CAs) for the first context: about 21 ms of a
 * cold start on a machine without NODE_EXTRA_CA_CERTS (with it, Node builds the store as it starts).
 */
export const NO_TRUST_STORE: { readonly ca: string[] } = { ca: [] };

export type SniCallback = (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void) => void;

export function sniCallback(issueLeaf: LeafIssuer, log: (line: string) => void): SniCallback {
  const contexts = new Map<string, SecureContext>();
  return (servername, cb) => {
    const name = servername.toLowerCase();
    if (!isEmulatedHost(name)) return cb(null);
    const known = contexts.get(name);
    if (known) return cb(null, known);
    issueLeaf(name).then(
      (leaf) => {
        const ctx = createSecureContext({ cert: leaf.certPem, key: leaf.keyPem, ...NO_TRUST_STORE });
        if (contexts.size >= 1000) contexts.clear();
        contexts.set(name, ctx);
        cb(null, ctx);
      },
      (err: unknown) => {
        log(`aksemu: could not issue a certificate for ${name}: ${(err as Error).stack ?? String(err)}`);
        cb(err as Error);
      },
    );
  };
}
