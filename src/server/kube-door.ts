// The door to the clusters' Kubernetes APIs, beside ARM's front door on the same HTTPS server:
//   - proxy mode: a request whose Host is a cluster's API server name ({dnsPrefix}-{hash}.hcp.
//     {region}.azmk8s.io, reached through a CONNECT tunnel) is that cluster's API;
//   - direct: https://127.0.0.1:{port}/_aksemu/kubernetes/{fqdn}/... (a kubeconfig server URL may
//     carry a path).
// It finds the cluster (through the provider that keeps clusters), checks the kubeconfig's bearer
// token, and answers in Kubernetes' own terms (Status errors, JSON lines for watches). Through proxy
// mode, a stopped cluster's name does not resolve (proxy.ts refuses the tunnel as a failed lookup,
// as real AKS's DNS record goes); a request that still arrives (the direct form, or a kept-alive
// tunnel) is the apiserver's 503 ServiceUnavailable, and a name no cluster has is its 404.
import type { KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { systemNow } from "../clock/clock.js";
import { readSignedJwt } from "../identity/jwt.js";
import { KUBE_AUDIENCE } from "../identity/kube-tokens.js";
import { SKEW_MS } from "../identity/token-rules.js";
import type { KubeApi } from "../kube/api.js";
import type { KubeClusterFacts, KubeClusters } from "../kube/clusters.js";
import { KubeError, NO_RESOURCE, statusBody, UNAUTHORIZED } from "../kube/status.js";
import { isClusterHost } from "./emulated-hosts.js";

export const DIRECT_PREFIX = "/_aksemu/kubernetes/";

export type KubeDoorOptions = {
  api: KubeApi;
  clusters: KubeClusters;
  publicKey: KeyObject;
  /** Applies every engine step due now, so node states follow virtual time. */
  catchUp: () => void;
  log: (line: string) => void;
};

type Aimed = { fqdn: string; path: string; query: URLSearchParams };

/** Whether a request is for a cluster's API, and which: by Host (proxy mode) or by the direct prefix. */
export function kubeTarget(req: IncomingMessage): Aimed | undefined {
  const raw = req.url ?? "/";
  if (!raw.startsWith("/")) return undefined;
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  const q = raw.indexOf("?");
  const pathname = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  if (isClusterHost(host)) return { fqdn: host, path: pathname, query };
  if (!pathname.startsWith(DIRECT_PREFIX)) return undefined;
  const rest = pathname.slice(DIRECT_PREFIX.length);
  const slash = rest.indexOf("/");
  const fqdn = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
  return { fqdn, path: slash < 0 ? "/" : rest.slice(slash), query };
}

const WATCH_POLL_MS = 1000;

export function createKubeDoor(o: KubeDoorOptions) {
  // Verified tokens (signature and audience), kept like ARM's; expiry is checked on every request.
  const verified = new Map<string, { exp: number; uti: unknown }>();

  function authenticate(req: IncomingMessage, cluster: KubeClusterFacts): void {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!m) throw UNAUTHORIZED();
    let hit = verified.get(m[1]!);
    if (!hit) {
      const claims = readSignedJwt(m[1]!, o.publicKey);
      if (!claims || claims["aud"] !== KUBE_AUDIENCE || typeof claims["exp"] !== "number") throw UNAUTHORIZED();
      hit = { exp: claims["exp"], uti: claims["uti"] };
      if (verified.size > 10_000) verified.clear();
      verified.set(m[1]!, hit);
    }
    if (hit.exp * 1000 + SKEW_MS < systemNow() || !cluster.admits({ uti: hit.uti })) throw UNAUTHORIZED();
  }

  function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
    const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
    res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload), "Cache-Control": "no-cache, private" });
    res.end(payload);
  }

  return function handle(req: IncomingMessage, res: ServerResponse, target: Aimed, rawBody: string, tooLarge = false): void {
    try {
      o.catchUp();
      const cluster = o.clusters.find(target.fqdn);
      if (!cluster) throw NO_RESOURCE();
      if (!cluster.reachable) throw new KubeError(503, "ServiceUnavailable", "the server is currently unable to handle the request");
      authenticate(req, cluster);
      if (tooLarge) throw new KubeError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
      const method = (req.method ?? "GET").toUpperCase();
      const reply = o.api.serve(cluster, {
        method: method === "HEAD" ? "GET" : method,
        path: target.path,
        query: target.query,
        accept: req.headers.accept ?? "",
        contentType: req.headers["content-type"] ?? "",
        body: rawBody,
        userAgent: req.headers["user-agent"] ?? "",
      });
      if (reply.watch) {
        const watch = reply.watch;
        res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
        let open = true;
        let unsubscribe = () => {};
        const stop = (destroy = false) => {
          if (!open) return;
          open = false;
          unsubscribe();
          clearInterval(poll);
          clearTimeout(timer);
          if (destroy) res.destroy();
          else res.end();
        };
        // Nodes follow the provider's operations: look again while someone watches.
        const poll: NodeJS.Timeout = setInterval(() => {
          o.catchUp();
          const again = o.clusters.find(target.fqdn);
          if (!again || !again.reachable) return stop(true);
          o.api.stateOf(again);
        }, WATCH_POLL_MS);
        poll.unref();
        const timer: NodeJS.Timeout = setTimeout(stop, watch.timeoutMs);
        timer.unref();
        unsubscribe = watch.start((line) => void (open && res.write(line)), () => queueMicrotask(() => stop()));
        res.on("close", () => stop());
        return;
      }
      if (method === "HEAD") {
        res.writeHead(reply.status, { "Content-Type": reply.contentType ?? "application/json" });
        res.end();
        return;
      }
      if (reply.text !== undefined) send(res, reply.status, reply.text, reply.contentType ?? "text/plain");
      else send(res, reply.status, reply.body, reply.contentType ?? "application/json");
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof KubeError) return send(res, err.code, statusBody(err));
      o.log(`aksemu: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      send(res, 500, statusBody(new KubeError(500, "InternalError", "Internal error occurred: see the emulator's log")));
    }
  };
}
