// Proxy mode: an HTTP CONNECT proxy (HTTPS_PROXY=http://127.0.0.1:<proxy port>) in front of the
// emulator. A tunnel to a host aksemu emulates (emulated-hosts.ts) on port 443 is handed to the
// emulator's own HTTPS server, which terminates TLS with a leaf for that name (SNI) and serves the
// same application, so clients keep their default endpoints. Every other tunnel, and any request
// that is not a CONNECT, is refused at once (403): telemetry and link checks must fail fast, never
// hang, and nothing leaves the machine.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { EMULATED_HOSTS_TEXT, isEmulatedHost } from "./emulated-hosts.js";

export type ProxyOptions = {
  /** The emulator's HTTPS server: a tunnel's socket becomes one of its connections. */
  https: Server;
  log: (line: string) => void;
  /**
   * Whether a cluster's API server name resolves now (the cluster exists, is not stopped and is not
   * private: a private cluster's names resolve only inside its vnet). A
   * tunnel to one that does not is refused as a failed DNS lookup, which Go clients (kubectl) print
   * as "Unable to connect to the server: dial tcp: lookup {name}: no such host", as against real AKS.
   */
  resolves?: (host: string) => boolean;
};

// host:port, the host a DNS name or a bracketed IPv6 literal (RFC 9110 §9.3.6).
const CONNECT_TARGET = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

function plain(status: number, reason: string, text: string): string {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`;
}

const refusal = (target: string) =>
  `aksemu proxy: ${target} is not a host aksemu emulates; only HTTPS tunnels (CONNECT host:443) to ${EMULATED_HOSTS_TEXT} are served. Add other hosts to NO_PROXY.\n`;

export function createProxy(o: ProxyOptions): { server: Server; close(): Promise<void> } {
  const sockets = new Set<Duplex>();
  const server = createServer({ requireHostHeader: false });

  const track = (socket: Duplex) => {
    if (sockets.has(socket)) return;
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // A client that resets mid-tunnel must not take the process down.
    socket.on("error", () => socket.destroy());
  };
  server.on("connection", track);

  server.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = req.url ?? "";
    const m = CONNECT_TARGET.exec(target);
    if (!m || !isEmulatedHost(m[1]!) || m[2] !== "443") {
      o.log(`aksemu proxy: refused CONNECT ${JSON.stringify(target).slice(0, 300)} (not an emulated host)`);
      socket.end(plain(403, "Forbidden", refusal(target.slice(0, 300))));
      return;
    }
    if (o.resolves && !o.resolves(m[1]!)) {
      o.log(`aksemu proxy: refused CONNECT ${target} (no running cluster has this API server name)`);
      socket.end(plain(502, `dial tcp: lookup ${m[1]!.toLowerCase()}: no such host`, `aksemu proxy: ${m[1]!}: no running cluster has this API server name\n`));
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) socket.unshift(head);
    // The HTTPS server takes it from here: TLS with the SNI name's leaf, then the front door.
    o.https.emit("connection", socket as Socket);
  });

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    o.log(`aksemu proxy: refused ${String(req.method)} ${JSON.stringify(req.url ?? "").slice(0, 300)} (only CONNECT is served)`);
    const text = refusal(req.headers.host ?? req.url ?? "");
    res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text), Connection: "close" });
    res.end(text);
  });

  server.on("clientError", (_err: Error, socket: Duplex) => {
    if (socket.writable) socket.end(plain(400, "Bad Request", "aksemu proxy: malformed request\n"));
    else socket.destroy();
  });

  return {
    server,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
